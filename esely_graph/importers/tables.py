"""Tables with their row numbers and places, and their header mapped by meaning.

The file is read by ``esely_graph.readers`` whatever its format (CSV/TSV text,
Word, Excel, PDF); every table it holds is considered and the one whose header
row maps best to the kind's column meanings (``resources/headers.toml``) is
the table. Each row keeps its sequential number (the ``line`` of records and
IRIs) and its place in words (``sheet 'Intézkedések' row 7``).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from ..errors import SourceError
from ..readers import Row, read_prose, read_tables
from ..records import Cell, TableDocument
from ..text import clean_cell, fold
from .headers import ColumnSpec, header_hits, kind_headers, map_cells

Line = Row  # what the importers have always called a row
HEADER_SEARCH_ROWS = 60  # a header lower than this in its table is not looked for


def read_lines(path: Path, display: str, encoding: str | None = None) -> list[Line]:
    """A prose document as numbered lines (text, Markdown, Word or PDF)."""
    return read_prose(path, display, encoding).tables[0].rows


def prose_places(lines: list[Line]) -> dict[int, str]:
    """Row number -> place in words, for ``ProseDocument.places``."""
    return {ln.number: ln.place for ln in lines if ln.place}


@dataclass
class OpenTable:
    lines: list[Line]  # the table's rows, repeated header rows removed
    pos: int  # index of the header row in ``lines``
    cols: dict[str, int]  # column key -> cell index
    extras: dict[int, str]  # cell index -> header text of a column no meaning fits
    doc: TableDocument

    def __iter__(self):  # lines, pos, cols, doc = open_table(...)
        return iter((self.lines, self.pos, self.cols, self.doc))


def _best_header(tables, specs, min_hits):
    """(table, header index) of the row that reads most like the header, over every table."""
    best = None
    for table in tables:
        hits = [header_hits(r.cells, specs) for r in table.rows[:HEADER_SEARCH_ROWS]]
        top = max(hits, default=0)
        if top < min_hits:
            continue
        first = next(i for i, n in enumerate(hits) if n >= min_hits)
        if best is None or top > best[0]:
            best = (top, table, first)
    return (best[1], best[2]) if best else (None, None)


def open_table(path: Path, display: str, kind: str, encoding: str | None = None) -> OpenTable:
    """Read a table file of a kind: its rows, header position, column map and a TableDocument
    with the header, title, places, and rows skipped.

    The title is the first text row above the header (else the first line of the text above a Word
    or PDF table); further title lines are kept as notes;
    a row of bare template letters (A B C …) above the header is skipped and listed, and so is a
    header row repeated below the header (a table over pages).
    """
    spec = kind_headers(kind)
    source = read_tables(path, display, encoding)
    table, pos = _best_header(source.tables, spec.columns, spec.min_hits)
    if not source.tables and source.format == "pdf":
        raise SourceError(display, 1, None, "no table drawn with ruling lines in this PDF; tables without lines are "
                          "not read (use the Word or Excel original) (a PDF-ben nincs vonalas táblázat)")
    if table is None:
        expected = "; ".join(s.meaning for s in spec.columns if s.required)
        where = f"{len(source.tables)} table(s) of the {source.format} file" if source.format != "text" else "the file"
        raise SourceError(display, 1, 1, f"no header row found in {where}; expected a row with columns {expected} "
                          "(nem található fejléc)")
    header = table.rows[pos]
    hmap = map_cells(header.cells, spec.columns)
    if hmap.missing:
        _refuse(display, header, hmap, spec.columns)
    doc = TableDocument(header=_header_cells(header, hmap), format=source.format, table=table.name)
    for line in table.rows[:pos]:
        text = clean_cell(line.raw)
        if re.fullmatch(r"(?:[A-L]\s*){6,}", text):
            doc.skipped.append((line.number, "row of template column letters"))
        elif text and doc.title is None:
            doc.title = text
        elif text:
            doc.notes.append(Cell(text, "title", [line.number]))
    for text in (clean_cell(c) for c in table.caption):
        if doc.title is None:
            doc.title = text
        elif text:
            doc.notes.append(Cell(text, "title", []))
    head = _signature(header.cells)
    lines = table.rows[: pos + 1]
    for line in table.rows[pos + 1:]:
        if line.has_text and _same_signature(line.cells, head):
            doc.skipped.append((line.number, "header row repeated (table over pages)"))
        else:
            lines.append(line)
    doc.places = {ln.number: ln.place for ln in table.rows if ln.place}
    return OpenTable(lines, pos, hmap.columns, hmap.extras, doc)


def _signature(cells: list[str]) -> list[str]:
    return [fold(clean_cell(c)) for c in cells if clean_cell(c)]


def _same_signature(cells: list[str], head: list[str]) -> bool:
    """``_signature(cells) == head``, folding only a row with as many cells with text as the header."""
    texts = [t for t in (clean_cell(c) for c in cells) if t]
    return len(texts) == len(head) and [fold(t) for t in texts] == head


def _header_cells(line: Line, hmap) -> list[tuple[str, str]]:
    """(column key, header text) in source order, for keeping the header in the graph."""
    cells = line.cells
    named = [(i, key, clean_cell(cells[i])) for key, i in hmap.columns.items()]
    named += [(i, "extra", text) for i, text in hmap.extras.items()]
    return [(key, text) for _, key, text in sorted(named)]


def _refuse(display: str, header: Line, hmap, specs: tuple[ColumnSpec, ...]) -> None:
    """A header lacking a required meaning: name the headers nothing fits and what they could mean."""
    could = "; ".join(s.meaning for s in hmap.missing)
    hint = " (ismeretlen vagy hiányzó oszlop a fejlécben; a town's new wording goes in esely_graph/resources/headers.toml)"
    if hmap.extras:
        unknown = ", ".join(f"'{text}' (column {i + 1})" for i, text in sorted(hmap.extras.items()))
        message = (f"unknown column header {unknown} in the header row ({header.place}); "
                   f"it could mean: {could}{hint}")
        raise SourceError(display, header.number, min(hmap.extras) + 1, message)
    raise SourceError(display, header.number, None,
                      f"header row ({header.place}) lacks column(s): {could}{hint}")


def extra_cells(line: Line, extras: dict[int, str]) -> list[tuple[str, str, object | None]]:
    """(header text, cell text, typed value) for the row's cells under columns no meaning fits."""
    cells = line.cells
    out = []
    for i, head in sorted(extras.items()):
        if i < len(cells) and clean_cell(cells[i]):
            out.append((head, clean_cell(cells[i]), line.value(i)))
    return out
