"""A shared file cut again where it changed, not whole.

When one town publishes a new plan the build splices its blocks into the files every town adds to (``build.merged``):
a links file of 100 MB at 3,200 towns differs from its last version in one stretch. The site keeps a hard link to
each file as it was last cut (``Last``: no bytes copied; the build writes a changed file as a new inode, so the link
keeps the old bytes) and, with the old cut (``inputs.cut_file``), finds the bytes both versions begin and end with
(``graph_units.changed_stretch``, as the store's sync does): the blocks before and after keep their towns (and move
by the difference in length). One town's blocks lie all over such a file (sorted by class and references first), so
the stretch between can be most of it: there a block whose subject and bytes the old stretch has keeps its towns,
and only the others are read and their towns found; a town is hashed again only when its blocks in the stretch are
not the same blocks in the same order. The result equals ``cut_file`` of the new bytes (``tests/test_site_recut.py`` checks random edits).
"""

from __future__ import annotations

import os
from bisect import bisect_left
from pathlib import Path

from ..fsutil import link_into
from ..graph_units import BLOCK_END as END
from ..graph_units import changed_stretch, long_literal
from .blocks import block_subject, cuttable, prefixes_of
from .blocks import digest as block_digest

def recut(old: bytes, data: bytes, cut: dict, owners, programme_towns) -> dict | None:
    """``cut`` (``cut_file`` of ``old``) made the cut of ``data``; None when that cannot be done so (another
    PREFIX head, a changed stretch not in the form ``blocks`` cuts), and the caller cuts the file whole."""
    head = cut["head"]
    if not data.startswith(head) or not old.startswith(head) or not data.endswith(END) \
            or data.startswith(b"PREFIX ", len(head)):  # another PREFIX head
        return None
    p, q, q_old = changed_stretch(old, data, len(head))
    delta = len(data) - len(old)
    middle = data[p:q]
    if not cuttable(middle) or long_literal(middle):
        return None
    prefixes = prefixes_of(head)
    if prefixes is None:
        return None
    old_at = {}  # the old stretch's blocks by subject as written (a subject has one block in a file)
    at = p
    while at < q_old:
        stop = old.find(END, at) + len(END)
        old_at[old[at + 1:old.find(b"\n", at + 1)]] = (at, stop)
        at = stop
    owner_of: dict[int, list] = {}  # an old block in the stretch -> its towns, in the old cut's order of towns
    old_mid: dict[str, list] = {}  # a town -> its old blocks in the stretch
    for town, rs in cut["ranges"].items():
        i = bisect_left(rs, (p,))
        while i < len(rs) and rs[i][0] < q_old:
            owner_of.setdefault(rs[i][0], []).append(town)
            old_mid.setdefault(town, []).append(rs[i][0])
            i += 1
    old_national = {a for a, _ in cut["national"] if p <= a < q_old}
    fresh: dict[str, list] = {}
    source: dict[str, list] = {}  # a town -> the old block each of its new blocks in the stretch is (None: new)
    national_new = []
    at = p
    while at < q:
        stop = data.find(END, at) + len(END)
        was = old_at.get(data[at + 1:data.find(b"\n", at + 1)])
        if was is not None and old[was[0]:was[1]] == data[at:stop]:  # the same block: the same towns
            targets, national, src = owner_of.get(was[0], ()), was[0] in old_national, was[0]
        else:
            subject = block_subject(data, at, stop, prefixes)
            if subject is None:
                return None
            targets = owners(subject)
            national, src = not targets or subject in programme_towns, None
        for town in targets:
            fresh.setdefault(town, []).append((at, stop))
            source.setdefault(town, []).append(src)
        if national:
            national_new.append((at, stop))
        at = stop

    def moved(rs: list) -> tuple[list, list]:
        """A share's blocks before the changed stretch, and those after it (moved)."""
        before = [r for r in rs if r[1] <= p]
        after = [(a + delta, b + delta) for a, b in rs if a >= q_old] if delta else [r for r in rs if r[0] >= q_old]
        return before, after

    ranges, digests = {}, dict(cut["digests"])
    for town in [*cut["ranges"], *(t for t in fresh if t not in cut["ranges"])]:
        before, after = moved(cut["ranges"].get(town, []))
        rs = before + fresh.get(town, []) + after
        if rs:
            ranges[town] = rs
        if source.get(town, []) != old_mid.get(town, []):  # not the same blocks in the same order
            if rs:
                digests[town] = block_digest([head, *(data[a:b] for a, b in rs)])
            else:
                digests.pop(town, None)
    before, after = moved(cut["national"])
    return {"head": head, "ranges": ranges, "digests": digests, "empty": cut["empty"],
            "national": before + national_new + after}


class Last:
    """The shared files as last cut: hard links in ``folder`` (beside the site, not in it), each known by the
    (inode, size, modification time) recorded in its cut as ``stamp``."""

    def __init__(self, folder: Path | None):
        self.folder = folder

    @staticmethod
    def stamp(path: Path) -> list[int]:
        st = os.stat(path)
        return [st.st_ino, st.st_size, st.st_mtime_ns]

    def old(self, name: str, cut: dict | None) -> bytes | None:
        """The bytes ``cut`` was made from, when the link to them is still that file."""
        if self.folder is None or not cut or "stamp" not in cut:
            return None
        path = self.folder / name
        try:
            if self.stamp(path) != cut["stamp"]:
                return None
            return path.read_bytes()
        except OSError:
            return None

    def kept(self, path: Path, cut: dict) -> dict:
        """``cut`` of the file at ``path`` with its ``stamp``, the file linked in as the next run's old version
        unless the link is that file already (a link that cannot be made only costs a whole cut next time)."""
        if self.folder is None:
            return cut
        stamp = self.stamp(path)
        try:
            if cut.get("stamp") == stamp and self.stamp(self.folder / path.name) == stamp:
                return cut
        except OSError:
            pass
        if not link_into(path, self.folder):
            return {k: v for k, v in cut.items() if k != "stamp"}
        return {**cut, "stamp": stamp}
