"""A shared file cut again where it changed, not whole.

When one town publishes a new plan the build splices its blocks into the files every town adds to (``build.merged``):
a links file of 100 MB at 3,200 towns differs from its last version in one stretch. The site keeps a hard link to
each file as it was last cut (``Last``: no bytes copied; the build writes a changed file as a new inode, so the link
keeps the old bytes) and, with the old cut (``inputs.cut_file``), finds the bytes both versions begin and end with
(``graph_units.changed_stretch``, as the store's sync does): the blocks before and after keep their towns (and move
by the difference in length). One town's blocks lie in several places of such a file (the links file: its links,
then its measures), so the stretch between can be most of it. There the run of old blocks the new stretch has byte
for byte around the old stretch's middle block (``graph_units.shared_run``: every other town's blocks between the
two places, found by comparing bytes a chunk at a time) moves whole, as the blocks after the stretch do; of the
blocks around it, one whose bytes the old stretch has keeps its towns, and only the others are read and their towns
found. A town is hashed again only when its blocks in the stretch are not the same blocks in the same order. The
result equals ``cut_file`` of the new bytes (``tests/test_site_recut.py`` checks random edits).
"""

from __future__ import annotations

import os
from bisect import bisect_left
from pathlib import Path

from ..fsutil import link_into
from ..graph_units import BLOCK_END as END
from ..graph_units import changed_stretch, long_literal, shared_run
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
    prefixes = prefixes_of(head)
    if prefixes is None:
        return None
    # one town's change to a file of two sections (the links file's links, then its measures) makes a stretch of
    # most of it, 160,000 blocks at 3,200 towns: the run of other towns' blocks between moves whole, unread
    run = shared_run(old, data, p, q, q_old)
    mid_new, mid_old = ((run[0], run[1]), (run[2], run[2] + run[1] - run[0])) if run else ((p, p), (p, p))
    sides = ((p, mid_new[0]), (mid_new[1], q))  # the new stretch's bytes outside the run
    if any(not cuttable(data[a:b]) or long_literal(data, a, b) for a, b in sides):
        return None  # (the run is old bytes, which were cut)
    shift = mid_new[0] - mid_old[0]
    old_index = {}  # an old block outside the run (its bytes: a subject has one block) -> where it began
    for a, b in ((p, mid_old[0]), (mid_old[1], q_old)):
        for at, _, text in _split(old, a, b):
            old_index[text] = at

    def inside(rs: list, a: int, b: int) -> list:
        """The ranges of ``rs`` (sorted) that begin in [a, b)."""
        return rs[bisect_left(rs, (a,)):bisect_left(rs, (b,))]

    owner_of: dict[int, list] = {}  # an old block outside the run -> its towns, in the old cut's order of towns
    for town, rs in cut["ranges"].items():
        for a, _ in inside(rs, p, mid_old[0]) + inside(rs, mid_old[1], q_old):
            owner_of.setdefault(a, []).append(town)
    old_national = {a for a, _ in cut["national"] if p <= a < q_old}
    fresh: dict[str, list] = {}  # a town -> its new blocks before the run, and after it
    source: dict[str, list] = {}  # a town -> the old block each of them is (None: new)
    national_new: tuple = ([], [])  # the new national blocks before the run, and after it
    for side, (first, last) in enumerate(sides):
        for at, stop, text in _split(data, first, last):
            was = old_index.get(text)
            if was is not None:  # the same block: the same towns
                targets, national, src = owner_of.get(was, ()), was in old_national, was
            else:
                subject = block_subject(data, at, stop, prefixes)
                if subject is None:
                    return None
                targets = owners(subject)
                national, src = not targets or subject in programme_towns, None
            for town in targets:
                fresh.setdefault(town, ([], []))[side].append((at, stop))
                source.setdefault(town, ([], []))[side].append(src)
            if national:
                national_new[side].append((at, stop))

    def moved(rs: list, new: tuple = ([], [])) -> list:
        """A share's blocks: those before the stretch, its new ones before the run, the run's (moved), its new ones
        after the run, those after the stretch (moved)."""
        run = [(a + shift, b + shift) for a, b in inside(rs, *mid_old)] if shift else inside(rs, *mid_old)
        after = [(a + delta, b + delta) for a, b in rs[bisect_left(rs, (q_old,)):]] if delta \
            else rs[bisect_left(rs, (q_old,)):]
        return rs[:bisect_left(rs, (p,))] + new[0] + run + new[1] + after

    ranges, digests = {}, dict(cut["digests"])
    for town in [*cut["ranges"], *(t for t in fresh if t not in cut["ranges"])]:
        rs_old = cut["ranges"].get(town, [])
        rs = moved(rs_old, fresh.get(town, ([], [])))
        if rs:
            ranges[town] = rs
        src = source.get(town, ([], []))
        if src[0] != [a for a, _ in inside(rs_old, p, mid_old[0])] \
                or src[1] != [a for a, _ in inside(rs_old, mid_old[1], q_old)]:  # not the same blocks in order
            if rs:
                digests[town] = block_digest([head, *(data[a:b] for a, b in rs)])
            else:
                digests.pop(town, None)
    return {"head": head, "ranges": ranges, "digests": digests, "empty": cut["empty"],
            "national": moved(cut["national"], national_new)}


def _split(buf: bytes, a: int, b: int) -> list[tuple[int, int, bytes]]:
    """(start, end, bytes without its END) of each block of ``buf[a:b]`` (whole blocks)."""
    out, E = [], len(END)
    for text in buf[a:b].split(END)[:-1]:
        out.append((a, a + len(text) + E, text))
        a += len(text) + E
    return out


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
