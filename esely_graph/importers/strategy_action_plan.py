"""Importer for sector-strategy action plans with sub-tasks (kind ``strategy-action-plan``).

Columns (by meaning): measure (Intézkedés), sub-tasks (Alfeladatok), owner
(Felelős szervezeti egység), start (Elkezdési idő), end (Lehetséges befejezési
határidő), budget source (Költségvetési forrás helye), budget amount (Pénzügyi
fedezet összege).

Rules, each from a real quirk:
- a row with text only in its first cell is a section row (``<b>Kultúra</b>``,
  bare ``Oktatás``) — unless the rows after it are sub-tasks with no measure
  title, in which case it is that measure's title (``Nők esélyeinek megteremtése``);
- a row with no measure title adds a sub-task to the measure above; a row whose
  measure or sub-task text starts lower-case continues that text (page break,
  ``Zsendülő Tanoda kapacitásainak`` + ``bővítése``); the other cells of a
  continued sub-task row are joined to the sub-task's (conflicts flagged);
- ragged rows with fewer cells than the header, whose second cell names an
  owner, lack the sub-task column: owner, start, end and budget sit one column
  to the left (flagged ``RaggedRow``);
- an owner in the empty sub-task column, a date in the budget-source column,
  and a budget sentence in the end-date column are moved to their columns
  (flagged ``ShiftedCell``);
- footnote rows (``*: …``) become notes of the document; lines with no letter
  or digit (``|``) are skipped and listed.
"""

from __future__ import annotations

import re
from pathlib import Path

from ..errors import SourceError
from ..normalise.dates import parse_period
from ..records import Cell, Item, Measure, Section, TableDocument
from ..text import clean_cell, is_bold, starts_lower
from .context import ImportContext
from .tables import open_table

KIND = "strategy-action-plan"  # column wordings: resources/headers.toml
ROW_KEYS = ("owner", "start", "end", "source", "amount")
BUDGET_WORDS = re.compile(r"költségvetés|fedezet|forrás|finansz", re.IGNORECASE)


def _data_rows(lines, start):
    return [ln for ln in lines[start:] if ln.has_text]


def read(path: Path, display: str, ctx: ImportContext, encoding: str | None = None) -> TableDocument:
    lines, pos, cols, doc = open_table(path, display, KIND, encoding)
    width = len(cols)
    order = sorted(cols, key=cols.get)
    ragged_order = [k for k in order if k != "subtask"]
    section: Section | None = None
    measure: Measure | None = None
    current: Item | None = None  # the measure or sub-task the last row filled
    rows = _data_rows(lines, pos + 1)
    for n, line in enumerate(rows):
        raw = line.cells
        cells = [clean_cell(c) for c in raw]
        if len(cells) == 1 and cells[0].startswith("*"):
            doc.notes.append(Cell(cells[0], "footnote", [line.number]))
            continue
        if not any(re.search(r"\w", c) for c in cells):
            doc.skipped.append((line.number, "no letter or digit"))
            continue
        if len(cells) > width and any(cells[width:]):
            raise SourceError(display, line.number, width + 1, f"unexpected text beyond the {width} header columns")
        filled = [i for i, c in enumerate(cells) if c]
        if filled == [cols["measure"]]:
            nxt = rows[n + 1].cells if n + 1 < len(rows) else []
            nxt = [clean_cell(c) for c in nxt]
            next_is_subtask = len(nxt) == width and not nxt[cols["measure"]] and nxt[cols["subtask"]]
            if not is_bold(raw[cols["measure"]]) and next_is_subtask and section is not None:
                measure = _new_measure(doc, section, cells[cols["measure"]], line.number)
                measure.flags.append(("MeasureWithoutCells",
                                      "row has only a title; read as a measure because the rows below are its sub-tasks"))
                current = measure
            else:
                section = Section(len(doc.sections) + 1, cells[cols["measure"]], line.number)
                doc.sections.append(section)
                measure = current = None
            continue
        flags: list[tuple[str, str]] = []
        if len(cells) < width:
            second = cells[1] if len(cells) > 1 else ""
            if second and ctx.names_owners_only(second):
                keys = ragged_order
                flags.append(("RaggedRow", f"{len(cells)} cells instead of {width}: the sub-task column is missing"))
            else:
                raise SourceError(display, line.number, len(cells),
                                  f"row has {len(cells)} cells; expected {width}, or fewer with the sub-task "
                                  "column missing and an owner in the second cell")
            v = {k: cells[i] if i < len(cells) else "" for i, k in enumerate(keys)}
            v.setdefault("subtask", "")
        else:
            v = {k: cells[i] if i < len(cells) else "" for k, i in cols.items()}
        _fix_shifted(v, ctx, flags)
        if v["measure"] and starts_lower(v["measure"]) and measure is not None:
            measure.title.extend(v["measure"], line.number)
            v["measure"] = ""
            if not any(v[k] for k in ("subtask", *ROW_KEYS)):
                continue
        if v["measure"]:
            if section is None:
                raise SourceError(display, line.number, cols["measure"] + 1, "measure before any section row")
            measure = _new_measure(doc, section, v["measure"], line.number)
            current = _new_subtask(measure, v["subtask"], line.number) if v["subtask"] else measure
            current.flags.extend(flags)
            _fill(current, v, line.number)
            continue
        if measure is None:
            raise SourceError(display, line.number, cols["measure"] + 1, "sub-task before any measure")
        if v["subtask"] and starts_lower(v["subtask"]) and measure.subtasks:
            current = measure.subtasks[-1]
            current.title.extend(v["subtask"], line.number)
            for key in ROW_KEYS:
                old = current.cells.get(key)
                if old and v[key] and old.text != v[key]:
                    current.flags.append(("ContinuationConflict",
                                          f"line {line.number} continues the sub-task and gives another {key}: "
                                          f"'{old.text}' / '{v[key]}'"))
            _fill(current, v, line.number)
            current.flags.extend(flags)
            continue
        if v["subtask"]:
            current = _new_subtask(measure, v["subtask"], line.number)
            current.flags.extend(flags)
        elif current is None:
            current = measure
        _fill(current, v, line.number)
    return doc


def _new_measure(doc: TableDocument, section: Section, title: str, line: int) -> Measure:
    number = sum(1 for m in doc.measures if m.section is section) + 1
    m = Measure(code=f"{section.order}/{number}", title=Cell(title, "measure", [line]), lines=[line], section=section)
    doc.measures.append(m)
    return m


def _new_subtask(measure: Measure, text: str, line: int) -> Item:
    st = Item(code=f"{measure.code}.{len(measure.subtasks) + 1}", title=Cell(text, "subtask", [line]), lines=[line])
    measure.subtasks.append(st)
    return st


def _fill(item: Item, v: dict[str, str], line: int) -> None:
    if line not in item.lines:
        item.lines.append(line)
    for key in ROW_KEYS:
        item.put(key, v[key], line)


def _fix_shifted(v: dict[str, str], ctx: ImportContext, flags: list[tuple[str, str]]) -> None:
    """Move cells that stand one column off back to the column their content belongs to."""
    if not v["owner"] and v["subtask"] and ctx.names_owners_only(v["subtask"]):
        v["owner"], v["subtask"] = v["subtask"], ""
        flags.append(("ShiftedCell", "owner stood in the sub-task column"))
    if not v["start"] and not v["end"] and v["source"] and parse_period(v["source"]).readable:
        v["end"], v["source"], v["amount"] = v["source"], v["amount"], ""
        flags.append(("ShiftedCell", "end date stood in the budget-source column, budget source in the amount column"))
    if (v["end"] and not v["source"] and not parse_period(v["end"]).readable
            and BUDGET_WORDS.search(v["end"])):
        v["source"], v["end"] = v["end"], ""
        flags.append(("ShiftedCell", "budget sentence stood in the end-date column"))
