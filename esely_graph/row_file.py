"""The kept results' bytes (CSV and TSV) in one file beside their state, appended to, never rewritten in place.

The named queries' kept results (``catalogue.py``) are 300 MB of CSV at 3,200 towns (and their TSV, from which
``kept_answer`` answers ``query``), and an update changes one town's part of them. Held inside the state file, every
update read and wrote all of it (≈ 2.5 s); here a segment of the state holds ``[offset, length]`` into a file of rows
instead of the bytes themselves: an update appends the changed towns' new segments and writes the small state, and a
result is read back as slices of the file.

The file is ``rows-<generation>.bin`` in the state's folder; the state keeps its name and how long it was when the state
was written. Bytes past that length (appended by a run stopped before its state was written) are cut off before the
next append; a file shorter than that, or missing, makes the state unusable (``open`` gives None: run whole). When
the live bytes are less than half the file, the live segments are copied into the next generation's file.
"""

from __future__ import annotations

import mmap
from pathlib import Path

SLACK = 64 << 20  # bytes of dead segments a file may carry beyond its live bytes before it is compacted
FIELDS = (3, 6, 7)  # where a segment (``segments.segment``) holds bytes: its report CSV, TSV and plain CSV


class RowFile:
    """The rows file of a state folder: ``part(ref)`` reads a segment's bytes, ``keep(kept)`` appends the new ones."""

    def __init__(self, folder: Path, name: str | None, size: int):
        self.folder, self.name, self.size = Path(folder), name, size
        self._map = None

    @classmethod
    def open(cls, folder: Path, state: dict) -> "RowFile | None":
        """The rows file ``state`` names, or None when it is missing or shorter than the state says."""
        name, size = state.get("rows_file"), state.get("rows_size")
        if not isinstance(name, str) or not isinstance(size, int):
            return None
        try:
            if (Path(folder) / name).stat().st_size < size:
                return None
        except OSError:
            return None
        return cls(folder, name, size)

    @classmethod
    def fresh(cls, folder: Path) -> "RowFile":
        """A new, empty generation (a whole run): the files of earlier ones go once the state names this one."""
        gens = [int(p.stem.partition("-")[2]) for p in Path(folder).glob("rows-*.bin")
                if p.stem.partition("-")[2].isdigit()]
        return cls(folder, f"rows-{max(gens, default=0) + 1}.bin", 0)

    def _mapped(self):
        if self._map is None:
            with open(self.folder / self.name, "rb") as f:
                self._map = mmap.mmap(f.fileno(), 0, access=mmap.ACCESS_READ) if self.size else b""
        return self._map

    def part(self, ref) -> bytes:
        """A segment's bytes: ``ref`` as kept (``[offset, length]``) or still the bytes of a segment made this run."""
        if isinstance(ref, (bytes, bytearray)):
            return bytes(ref)
        offset, length = ref
        return self._mapped()[offset:offset + length]

    def spans(self, refs: list) -> list:
        """``refs`` (as ``part`` takes them) as parts one after another: bytes made this run, or ``Span``s of the file,
        a run of adjacent places as one (the segments of a whole run lie in the file in their order; an update moves
        only the changed towns'). A span holds the file's map: it stays readable after the file is replaced."""
        parts, start, end = [], None, None
        for ref in refs:
            if isinstance(ref, (bytes, bytearray)):
                if start is not None:
                    parts.append(Span(self._mapped(), start, end - start))
                start = None
                parts.append(bytes(ref))
            elif start is not None and ref[0] == end:
                end += ref[1]
            else:
                if start is not None:
                    parts.append(Span(self._mapped(), start, end - start))
                start, end = ref[0], ref[0] + ref[1]
        if start is not None:
            parts.append(Span(self._mapped(), start, end - start))
        return parts

    def joined(self, refs: list) -> bytes:
        """The bytes of ``refs`` one after another (``spans``)."""
        return b"".join(bytes(p) for p in self.spans(refs))

    def keep(self, segments) -> dict:
        """Append the segments' new bytes (at ``FIELDS``: bytes → ``[offset, length]``; None stays None), compacting
        into the next generation when the file is mostly dead segments; what the state must record (``rows_file``,
        ``rows_size``)."""
        segments = list(segments)
        live, fresh = 0, []
        for i in FIELDS:  # field by field: a result's CSV, and its TSV, lie in one run of the file (``spans``)
            for s in segments:  # a plain loop: 200,000 segments at 3,200 towns, on every update
                ref = s[i]
                if ref.__class__ is list:
                    live += ref[1]
                elif ref is not None:
                    fresh.append((s, i))
                    live += len(ref)
        if self.size and self.size + sum(len(s[i]) for s, i in fresh) > 2 * live + SLACK:
            fresh = [(s, i) for i in FIELDS for s in segments if s[i] is not None]
            for s, i in fresh:  # every live segment into the next generation
                s[i] = self.part(s[i])
            self.close()
            nxt = RowFile.fresh(self.folder)
            self.name, self.size = nxt.name, 0
        self.close()  # what is past ``size`` is cut off below (a result's spans read only below it)
        self.folder.mkdir(parents=True, exist_ok=True)
        path = self.folder / self.name
        with open(path, "r+b" if path.exists() else "wb") as f:
            f.seek(self.size)
            f.truncate()
            for s, i in fresh:
                data = s[i]
                s[i] = [self.size, len(data)]
                f.write(data)
                self.size += len(data)
        return {"rows_file": self.name, "rows_size": self.size}

    def forget_others(self) -> None:
        """Remove the other generations' files (once the state naming this one is written)."""
        for p in self.folder.glob("rows-*.bin"):
            if p.name != self.name:
                p.unlink(missing_ok=True)

    def close(self) -> None:
        """Let go of the file's map (closed when no ``Span`` holds it any more)."""
        self._map = None


class Span:
    """Bytes of a rows file, read when asked: ``bytes(span)``, or ``write_to(file)`` without a copy of its own."""
    __slots__ = ("map", "offset", "length")

    def __init__(self, map_, offset: int, length: int):
        self.map, self.offset, self.length = map_, offset, length

    def __bytes__(self) -> bytes:
        return self.map[self.offset:self.offset + self.length]

    def write_to(self, f) -> None:
        with memoryview(self.map) as view:
            f.write(view[self.offset:self.offset + self.length])


def write_parts(f, parts) -> None:
    """Parts as ``spans`` gives them (bytes, or ``Span``s written without a copy of their own) into the file ``f``."""
    for p in parts:
        if isinstance(p, Span):
            p.write_to(f)
        else:
            f.write(p)
