"""A file merged from chunks (links.ttl, organisations.ttl, …), updated where its chunks changed.

``output.merge_chunks`` writes the union of disjoint ``FlatChunk``s: PREFIX lines, then every subject
block sorted by (class or not, references, IRI). A block's place depends on the whole file, so one town's
blocks lie all over it, but a block's text is its chunk's alone. ``MergedFile`` keeps, beside the cache,
the last file's index: each block's sort key, its group (town) and its offset, each group's chunk key,
PREFIX lines and references to other groups' subjects, and the file's inode, size and time. When one
group changed, the new file is the old one with that group's blocks cut out, its new blocks put in at
their sorted places, and the blocks whose reference count it changed moved: the old bytes are copied
in runs, no other chunk is read. Any doubt (no index, the file not the one indexed — moved, edited,
another ``--out`` — a group without a key) and every chunk is merged as before.
``tests/test_build_merged.py`` checks the spliced bytes against ``merge_chunks`` after random changes.
"""

from __future__ import annotations

from bisect import bisect_left
from collections import Counter
from pathlib import Path

from .cache import file_stamp
from .memo import _load, _save
from .output import FlatChunk


class _Keys:
    """The old blocks' sort keys, as a sequence for ``bisect``."""

    def __init__(self, first, refs, subjects):
        self.first, self.refs, self.subjects = first, refs, subjects

    def __len__(self):
        return len(self.subjects)

    def __getitem__(self, i):
        return self.first[i], self.refs[i], self.subjects[i]


def _stamp(path: Path) -> tuple[int, int, int] | None:
    """The file's inode, size and modification time, as the document cache stamps its Turtle (``cache.file_stamp``);
    None when it is gone. Not its change time: the store's sync and the site keep a hard link to the file as they last
    read it (``fsutil.link_into``), which changes that time and nothing else."""
    try:
        return file_stamp(path)
    except OSError:
        return None


def _header(groups: dict) -> bytes:
    prefixes: dict[str, str] = {}
    for _, _, own, _ in groups.values():
        for prefix, ns in own.items():
            if prefixes.setdefault(prefix, ns) != ns:
                raise ValueError(f"prefix {prefix}: bound to {prefixes[prefix]} and {ns}")
    return b"".join(f"PREFIX {prefix}: <{ns}>\n".encode("utf-8", "replace") for prefix, ns in sorted(prefixes.items()))


class MergedFile:
    """``unchanged(group, key)`` before loading a group's chunk, ``add`` each group, then ``finish``;
    ``save()`` once the file is in place. Without ``state_file`` every chunk is merged."""

    def __init__(self, previous: Path | None, state_file: Path | None):
        self.previous, self.state_file = previous, state_file
        st = _load(state_file) if state_file is not None and previous is not None else {}
        self.state = st if st and st.get("stamp") == _stamp(previous) else None
        self.parts: dict[str, tuple[str | None, FlatChunk | None, int]] = {}
        self.new_state: dict | None = None

    def unchanged(self, group: str, key: str | None) -> int | None:
        """The group's triple count when its chunk under ``key`` is the one in the last file, else None."""
        if key is None or self.state is None:
            return None
        old = self.state["groups"].get(group)
        return old[1] if old is not None and old[0] == key else None

    def add(self, group: str, key: str | None, chunk: FlatChunk | None, triples: int) -> None:
        """A group's chunk (None: unchanged, as ``unchanged`` said)."""
        self.parts[group] = (key, chunk, triples)

    def finish(self) -> tuple[bytes, int]:
        """The merged file and its triple count."""
        if self.state is not None and self.parts.keys() == self.state["groups"].keys() \
                and all(c is None for _, c, _ in self.parts.values()):
            # no group changed: the last file and its index as they are (one town's new plan leaves the
            # organisations and strategies files alone; their indexes, 24 and 7 MB, were spliced and written again)
            self.new_state = None
            return Path(self.previous).read_bytes(), sum(n for _, _, n in self.parts.values())
        if self.state is None:
            data, state = self._merge()
        else:
            data, state = self._splice()
        self.new_state = state
        return data, sum(n for _, _, n in self.parts.values())

    def save(self) -> None:
        """Keep the index for the next build, with the status of the file now in place."""
        if self.state_file is None or self.new_state is None:
            return
        self.new_state["stamp"] = _stamp(self.previous)
        if self.new_state["stamp"] is not None:
            _save(self.state_file, self.new_state)

    def _groups(self) -> dict:
        """Group -> (key, triples, PREFIX bindings, references to other groups' subjects)."""
        old = self.state["groups"] if self.state else {}
        return {g: (key, n, dict(c.prefixes), dict(c.foreign)) if c is not None else old[g]
                for g, (key, c, n) in self.parts.items()}

    def _merge(self) -> tuple[bytes, dict]:
        groups = self._groups()
        totals: Counter = Counter()
        for _, _, _, foreign in groups.values():
            totals.update(foreign)
        counts = totals.get
        blocks = [(not top, n + counts(s, 0) if not top else 0, s, text, g)
                  for g, (_, c, _) in self.parts.items() for top, n, s, text in c.blocks]
        blocks.sort(key=lambda b: b[:3])
        subjects = [b[2] for b in blocks]
        if len(set(subjects)) != len(subjects):
            raise ValueError("a subject is in two chunks")
        header = _header(groups)
        offsets, at = [], 0
        for b in blocks:
            offsets.append(at)
            at += len(b[3])
        state = {"groups": groups, "totals": {s: n for s, n in totals.items() if n}, "header": len(header),
                 "first": [b[0] for b in blocks], "refs": [b[1] for b in blocks], "subjects": subjects,
                 "owners": [b[4] for b in blocks], "offsets": offsets}
        return header + b"".join(b[3] for b in blocks), state

    def _splice(self) -> tuple[bytes, dict]:
        old = self.state
        data = Path(self.previous).read_bytes()
        body = memoryview(data)[old["header"]:]
        groups = self._groups()
        changed = {g for g, (_, c, _) in self.parts.items() if c is not None}
        gone = (changed | (old["groups"].keys() - groups.keys())) & old["groups"].keys()
        delta: Counter = Counter()
        for g in gone:
            delta.subtract(old["groups"][g][3])
        for g in changed:
            delta.update(self.parts[g][1].foreign)
        delta = {s: d for s, d in delta.items() if d}
        totals = dict(old["totals"])
        for s, d in delta.items():
            n = totals.get(s, 0) + d
            if n:
                totals[s] = n
            else:
                totals.pop(s, None)
        first, refs, subjects, owners, offsets = old["first"], old["refs"], old["subjects"], old["owners"], old["offsets"]
        size = len(subjects)

        def end(i: int) -> int:
            return offsets[i + 1] if i + 1 < size else len(body)

        removed = {i for i, o in enumerate(owners) if o in gone}
        where = {s: i for i, s in enumerate(subjects)}
        inserts = []  # (sort key, text, group)
        for s, d in delta.items():  # another group's block whose references changed: moved
            i = where.get(s)
            if i is not None and i not in removed and first[i]:
                removed.add(i)
                inserts.append(((True, refs[i] + d, s), body[offsets[i]:end(i)], owners[i]))
        for g in sorted(changed):
            for top, n, s, text in self.parts[g][1].blocks:
                i = where.get(s)
                if i is not None and owners[i] not in gone:
                    raise ValueError("a subject is in two chunks")
                inserts.append(((not top, n + totals.get(s, 0) if not top else 0, s), text, g))
        inserts.sort(key=lambda x: x[0])
        if any(a[0][2] == b[0][2] for a, b in zip(inserts, inserts[1:])):
            raise ValueError("a subject is in two chunks")
        view = _Keys(first, refs, subjects)
        at = [bisect_left(view, key) for key, _, _ in inserts]
        pieces: list = []
        nf, nr, ns, no, noff = [], [], [], [], []
        pos = 0

        def run(a: int, b: int) -> None:
            nonlocal pos
            if a >= b:
                return
            pieces.append(body[offsets[a]:end(b - 1)])
            shift = pos - offsets[a]
            noff.extend([x + shift for x in offsets[a:b]])
            nf.extend(first[a:b]), nr.extend(refs[a:b]), ns.extend(subjects[a:b]), no.extend(owners[a:b])
            pos += end(b - 1) - offsets[a]

        cur, k = 0, 0
        for c in sorted(removed | set(at)):
            run(cur, c)
            while k < len(inserts) and at[k] == c:
                (f, r, s), text, g = inserts[k]
                pieces.append(text)
                nf.append(f), nr.append(r), ns.append(s), no.append(g), noff.append(pos)
                pos += len(text)
                k += 1
            cur = c + 1 if c in removed else c
        run(cur, size)
        header = _header(groups)
        state = {"groups": groups, "totals": totals, "header": len(header), "first": nf, "refs": nr,
                 "subjects": ns, "owners": no, "offsets": noff}
        return header + b"".join(pieces), state
