"""Reading tables with their line numbers, and mapping headers by meaning.

Tables come tab-separated (text extracted from Word/PDF) or as CSV the way
Hungarian Excel saves it: ``;``-separated, quoted cells that may span lines,
often Windows-1250 (set ``encoding = "cp1250"`` in sources.toml) or UTF-8 with
a BOM. Each row keeps the 1-based line it starts on.
"""

from __future__ import annotations

import csv
import io
import re
from dataclasses import dataclass
from pathlib import Path

from ..errors import SourceError
from ..text import clean_cell, fold


@dataclass(frozen=True)
class Line:
    number: int  # 1-based, as an editor counts
    raw: str
    split: tuple[str, ...] | None = None  # the cells of a CSV record; None: tab-separated raw

    @property
    def cells(self) -> list[str]:
        return list(self.split) if self.split is not None else self.raw.split("\t")

    @property
    def blank(self) -> bool:
        return not self.raw.strip()

    @property
    def has_text(self) -> bool:
        return bool(re.search(r"\w", self.raw))


def read_lines(path: Path, display: str, encoding: str = "utf-8") -> list[Line]:
    """Read a text file into numbered lines, failing clearly on bad bytes or an empty file."""
    try:
        data = path.read_bytes()
    except FileNotFoundError:
        raise SourceError(display, None, None, "file not found") from None
    if not data.strip():
        raise SourceError(display, 1, 1, "file is empty; expected a table with a header row")
    try:
        text = data.decode("utf-8-sig" if encoding.lower() in ("utf-8", "utf8") else encoding)
    except UnicodeDecodeError as exc:
        before = data[: exc.start]
        line = before.count(b"\n") + 1
        col = exc.start - (before.rfind(b"\n") + 1) + 1
        raise SourceError(display, line, col,
                          f"byte 0x{data[exc.start]:02x} is not {encoding}; expected {encoding} text "
                          f"(re-save the file as UTF-8, or set encoding = \"cp1250\" in sources.toml)") from None
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    return [Line(i, raw) for i, raw in enumerate(text.split("\n"), 1)]


def read_table_lines(path: Path, display: str, encoding: str = "utf-8") -> list[Line]:
    """Numbered rows of a table file: tab-separated as it is, or CSV (``;`` or ``,``) parsed with quotes."""
    lines = read_lines(path, display, encoding)
    sample = [ln.raw for ln in lines if ln.raw.strip()][:20]
    if any("\t" in raw for raw in sample):
        return lines
    delimiter = ";" if any(";" in raw for raw in sample) else ("," if any("," in raw for raw in sample) else None)
    if delimiter is None:
        return lines
    text = "\n".join(ln.raw for ln in lines)
    reader = csv.reader(io.StringIO(text), delimiter=delimiter)
    out, start = [], 1
    try:
        for record in reader:
            out.append(Line(start, " ".join(record), tuple(record)))
            start = reader.line_num + 1
    except csv.Error as exc:
        raise SourceError(display, reader.line_num, None, f"not valid CSV: {exc}") from None
    return out


@dataclass(frozen=True)
class ColumnSpec:
    key: str  # our name for the column (e.g. "A", "owner")
    pattern: str  # regex on the folded header text
    required: bool = True


def map_header(line: Line, specs: list[ColumnSpec], display: str) -> dict[str, int]:
    """Map each header cell to a column key by the meaning of its text, not its position."""
    mapping: dict[str, int] = {}
    for idx, raw in enumerate(line.cells):
        text = fold(clean_cell(raw))
        if not text:
            continue
        for spec in specs:
            if spec.key not in mapping and re.search(spec.pattern, text):
                mapping[spec.key] = idx
                break
        else:
            known = ", ".join(s.key for s in specs)
            raise SourceError(display, line.number, idx + 1,
                              f"unknown column header '{clean_cell(raw)}'; expected headers meaning: {known}")
    missing = [s.key for s in specs if s.required and s.key not in mapping]
    if missing:
        raise SourceError(display, line.number, None, f"header row lacks column(s) {', '.join(missing)}")
    return mapping


def header_cells(line: Line, mapping: dict[str, int]) -> list[tuple[str, str]]:
    """(column key, header text) in source order, for keeping the header in the graph."""
    cells = line.cells
    return [(key, clean_cell(cells[i])) for key, i in sorted(mapping.items(), key=lambda kv: kv[1])]


def find_header(lines: list[Line], specs: list[ColumnSpec], display: str, min_hits: int) -> tuple[int, dict[str, int]]:
    """Find the header row: the first line where at least ``min_hits`` cells look like headers."""
    for pos, line in enumerate(lines):
        cells = [fold(clean_cell(c)) for c in line.cells]
        hits = sum(1 for c in cells if c and any(re.search(s.pattern, c) for s in specs))
        if hits >= min_hits:
            return pos, map_header(line, specs, display)
    expected = "; ".join(f"{s.key} (/{s.pattern}/)" for s in specs if s.required)
    raise SourceError(display, 1, 1, f"no header row found; expected a row with columns {expected}")


def open_table(path: Path, display: str, specs: list[ColumnSpec], min_hits: int, encoding: str = "utf-8"):
    """Read a table file: (lines, header position, column map, TableDocument with header and title).

    The title is the first text line above the header; a row of bare template letters (A B C …)
    above the header is skipped and listed.
    """
    from ..records import TableDocument

    lines = read_table_lines(path, display, encoding)
    pos, cols = find_header(lines, specs, display, min_hits)
    doc = TableDocument(header=header_cells(lines[pos], cols))
    for line in lines[:pos]:
        text = clean_cell(line.raw)
        if re.fullmatch(r"(?:[A-L]\s*){6,}", text):
            doc.skipped.append((line.number, "row of template column letters"))
        elif text and doc.title is None:
            doc.title = text
    return lines, pos, cols, doc
