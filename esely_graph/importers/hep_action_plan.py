"""Importer for HEP action-plan summary tables (kind ``hep-action-plan``).

Columns are mapped by the meaning of their headers (``resources/headers.toml``)
to the template letters A–L (2/2012. EMMI rendelet; the 24/2021. BM rendelet
template lacks L), plus an optional measure-number column; E, K and L are
optional too. A column no meaning fits is kept: its cells go to the measure's
``extra`` cells with their header. The row of bare letters under the header is
skipped.

Rules, each from a real quirk:
- a row with text only in its first cell is a section (target group) row,
  e.g. ``0. Településszintű probléma`` or ``I. A mélyszegénységben élők …``;
- a row with an empty number and an empty title (A) continues the measure
  above across a page break: each of its cells is joined to the same column;
- the measure code is ``<section number>/<measure number>`` (``I/2``); a number
  cell that already holds both (``I/2.``) is the code.
"""

from __future__ import annotations

import re
from pathlib import Path

from ..errors import SourceError
from ..records import Cell, Measure, Section, TableDocument
from ..text import clean_cell
from .context import ImportContext
from .tables import extra_cells, open_table

KIND = "hep-action-plan"  # column wordings: resources/headers.toml
LETTERS = "ABCDEFGHIJKL"


def _section_code(label: str) -> str | None:
    m = re.match(r"^\s*([0-9]+|[IVXLC]+)\s*\.", label)
    return m.group(1) if m else None


def _code(section: Section, number: str) -> str:
    """``<section>/<number>``; a number written with its section (``I/1.``) is taken as it stands."""
    number = number.strip().rstrip(".").strip()
    m = re.fullmatch(r"([0-9]+|[IVXLC]+)\s*/\s*([0-9]+)", number)
    if m:
        return f"{m.group(1)}/{m.group(2)}"
    return f"{section.code or section.order}/{number}"


def read(path: Path, display: str, ctx: ImportContext, encoding: str | None = None) -> TableDocument:
    table = open_table(path, display, KIND, encoding)
    lines, pos, cols, doc = table
    width = max([*cols.values(), *table.extras]) + 1
    section: Section | None = None
    measure: Measure | None = None
    for line in lines[pos + 1:]:
        if line.blank or not line.has_text:
            continue
        raw = line.cells
        cells = [clean_cell(c) for c in raw]
        if len(cells) > width and any(cells[width:]):
            raise SourceError(display, line.number, width + 1, f"unexpected text beyond the {width} header columns")
        cells += [""] * (width - len(cells))
        if all(len(c) <= 1 for c in cells) and sum(1 for c in cells if c in LETTERS and c) >= 6:
            doc.skipped.append((line.number, "row of template column letters"))
            continue
        filled = [i for i, c in enumerate(cells) if c]
        if filled == [0] or (len(filled) == 1 and filled[0] == cols.get("number", cols["A"])):
            label = cells[filled[0]]
            groups = ctx.target_groups.match(label)
            section = Section(len(doc.sections) + 1, label, line.number, _section_code(label), [str(g) for g in groups])
            doc.sections.append(section)
            continue
        number = cells[cols["number"]] if "number" in cols else ""
        title = cells[cols["A"]]
        if not number and not title:
            if measure is None:
                raise SourceError(display, line.number, 1, "continuation row before any measure; expected a measure number or title (column A)")
            _fill(measure, cols, table.extras, cells, line)
            continue
        if section is None:
            raise SourceError(display, line.number, 1, "measure before any section row; expected a target-group section row first")
        if not title:
            raise SourceError(display, line.number, cols["A"] + 1, "measure without a title; expected the measure's title in column A")
        if not number:
            number = str(sum(1 for m in doc.measures if m.section is section) + 1)
        elif not re.fullmatch(r"(?:[0-9]+|[IVXLC]+)(?:\s*/\s*[0-9]+)?\.?\)?", number.strip()):
            raise SourceError(display, line.number, cols["number"] + 1,
                              f"'{number[:60]}' in the number column is no measure number; expected 1, 2, … or I/1 "
                              "(are this row's cells shifted against the header?)")
        code = _code(section, number)
        if any(m.code == code for m in doc.measures):
            raise SourceError(display, line.number, (cols.get("number", 0)) + 1, f"measure number {code} appears twice")
        measure = Measure(code=code, title=Cell(title, "A", [line.number]), lines=[line.number], section=section, hep=True)
        _fill(measure, cols, table.extras, cells, line)
        doc.measures.append(measure)
    return doc


def _fill(measure: Measure, cols: dict[str, int], extras: dict[int, str], cells: list[str], line) -> None:
    """Put a row's cells into the measure: template columns by key, other columns as extra cells."""
    for key, idx in cols.items():
        if key not in ("number", "A"):
            measure.put(key, cells[idx], line.number, line.value(idx))
    for head, text, value in extra_cells(line, extras):
        measure.extra.append(Cell(text, head, [line.number], value=value))
        if line.number not in measure.lines:
            measure.lines.append(line.number)
