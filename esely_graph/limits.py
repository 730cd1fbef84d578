"""Limits on what one source document may hold, so that a hostile or broken file is refused
quickly with file:place and the limit, never read in a long silent crawl.

Generous defaults (a real HEP IT has a few hundred rows and cells of a few thousand characters);
each can be changed in the environment, e.g. ``ESELY_MAX_CELL_CHARS=100000``.
"""

from __future__ import annotations

import dataclasses
import os
from dataclasses import dataclass
from pathlib import Path

from .errors import SourceError
from .records import Cell


def _env(name: str, default: int) -> int:
    try:
        return int(os.environ.get(f"ESELY_{name}", default))
    except ValueError:
        return default


@dataclass(frozen=True)
class Limits:
    file_bytes: int = _env("MAX_FILE_BYTES", 50_000_000)     # 50 MB: Word/PDF plans with images stay below
    line_chars: int = _env("MAX_LINE_CHARS", 200_000)        # one text line / CSV record
    cell_chars: int = _env("MAX_CELL_CHARS", 20_000)         # one table cell or prose paragraph
    rows: int = _env("MAX_ROWS", 20_000)                     # rows (lines) per table document


LIMITS = Limits()


def check_file(path: Path, display: str, limits: Limits = LIMITS) -> None:
    """Size and (for text) line length, before any parsing."""
    try:
        size = path.stat().st_size
    except FileNotFoundError:
        raise SourceError(display, None, None, "file not found") from None
    if size > limits.file_bytes:
        raise SourceError(display, None, None, f"file is {size:,} bytes; the limit is {limits.file_bytes:,} "
                                               f"(ESELY_MAX_FILE_BYTES)")
    with path.open("rb") as fh:
        head = fh.read(8)
        if head.startswith((b"PK\x03\x04", b"%PDF")):
            return  # containers: their cells are checked after reading
        fh.seek(0)
        for number, line in enumerate(fh, 1):
            if len(line) > limits.line_chars:
                raise SourceError(display, number, None, f"line is {len(line):,} bytes long; the limit is "
                                                         f"{limits.line_chars:,} (ESELY_MAX_LINE_CHARS)")
            if number > limits.rows * 4:
                raise SourceError(display, number, None, f"more than {limits.rows * 4:,} lines; the limit is "
                                                         f"{limits.rows:,} rows (ESELY_MAX_ROWS)")


def check_records(records, display: str, limits: Limits = LIMITS) -> None:
    """Every cell the importer produced within the cell limit; rows within the row limit."""
    lines: set[int] = set()
    for cell in _cells(records):
        lines.update(cell.lines)
        if len(cell.text) > limits.cell_chars:
            raise SourceError(display, cell.lines[0] if cell.lines else None, None,
                              f"cell ({cell.column}) is {len(cell.text):,} characters; the limit is "
                              f"{limits.cell_chars:,} (ESELY_MAX_CELL_CHARS)")
    if len(lines) > limits.rows:
        raise SourceError(display, None, None, f"{len(lines):,} rows; the limit is {limits.rows:,} (ESELY_MAX_ROWS)")


def _cells(obj, seen=None):
    """Every Cell inside a record tree (dataclasses, lists, dicts)."""
    if seen is None:
        seen = set()
    if id(obj) in seen:
        return
    seen.add(id(obj))
    if isinstance(obj, Cell):
        yield obj
    elif dataclasses.is_dataclass(obj) and not isinstance(obj, type):
        for f in dataclasses.fields(obj):
            yield from _cells(getattr(obj, f.name), seen)
    elif isinstance(obj, (list, tuple)):
        for x in obj:
            yield from _cells(x, seen)
    elif isinstance(obj, dict):
        for x in obj.values():
            yield from _cells(x, seen)
