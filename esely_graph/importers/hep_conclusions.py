"""Importer for HEP situation-analysis conclusions tables (kind ``hep-conclusions``).

Columns (by meaning, ``resources/headers.toml``): target group (Terület /
Célcsoport), identified problems (Beazonosított problémák), development
opportunities (Fejlesztési lehetőségek). Without a target-group column, a
section row (one cell across the table) naming a target group starts a group.

Rules, each from a real quirk:
- a row whose target-group cell is empty continues the group above; a row
  whose problem cell is empty too adds another opportunity to the problem above;
- a page break is a blank line; a row right after it whose first text starts
  lower-case continues the cell above (also mid-sentence or mid-name);
- a row whose group cell is no known target-group heading, with its last cell
  empty, is shifted one column left: its problem stands in the group column
  (flagged ``TitleInGroupColumn``);
- ``<p>`` tags are stripped;
- a column no meaning fits is kept: its cells go to the problem's ``extra`` cells.
"""

from __future__ import annotations

from pathlib import Path

from ..errors import SourceError
from ..records import Cell, Opportunity, Problem, Section, TableDocument
from ..text import clean_cell, starts_lower
from .context import ImportContext
from .tables import extra_cells, open_table

KIND = "hep-conclusions"  # column wordings: resources/headers.toml


def _section_row(raw: list[str], ctx: ImportContext) -> bool:
    """A row with text in its first cell only, naming a target group (a section row merged across)."""
    filled = [i for i, c in enumerate(raw) if clean_cell(c)]
    return filled == [0] and bool(ctx.target_groups.match(clean_cell(raw[0])))


def read(path: Path, display: str, ctx: ImportContext, encoding: str | None = None) -> TableDocument:
    table = open_table(path, display, KIND, encoding)
    lines, pos, cols, doc = table
    section: Section | None = None
    problem: Problem | None = None
    after_break = False
    for line in lines[pos + 1:]:
        if line.blank or not line.has_text:
            after_break = True
            if not line.blank:
                doc.skipped.append((line.number, "no text"))
            continue
        raw = line.cells
        width = max([*cols.values(), *table.extras]) + 1
        extra = [i for i, c in enumerate(raw) if i >= width and clean_cell(c)]
        if extra:
            raise SourceError(display, line.number, extra[0] + 1,
                              f"unexpected text beyond the {width} columns of the header")
        cell = {k: clean_cell(raw[i]) if i < len(raw) else "" for k, i in cols.items()}
        extras = [Cell(text, head, [line.number], value=value) for head, text, value in extra_cells(line, table.extras)]
        group, ptext, otext = cell.get("group", ""), cell["problem"], cell["opportunity"]
        if "group" not in cols and _section_row(raw, ctx):
            group, ptext, otext = clean_cell(raw[0]), "", ""
        first = ptext or otext
        if after_break and not group and first and starts_lower(first) and problem is not None:
            if ptext:
                problem.text.extend(ptext, line.number)
            if otext:
                if problem.opportunities and not ptext:
                    problem.opportunities[-1].text.extend(otext, line.number)
                else:
                    problem.opportunities.append(Opportunity(Cell(otext, "opportunity", [line.number])))
            problem.extra.extend(extras)
            after_break = False
            continue
        after_break = False
        shifted = False
        if group:
            groups = ctx.target_groups.match(group)
            if groups:
                section = Section(len(doc.sections) + 1, group, line.number, None, [str(g) for g in groups])
                doc.sections.append(section)
            elif ptext and not otext and section is not None:
                shifted = True
                ptext, otext = group, ptext
            else:
                raise SourceError(display, line.number, cols.get("group", 0) + 1,
                                  f"'{group}' is not a target-group heading this project knows; "
                                  "expected one matching esely_graph/normalise/target-group-headings.toml")
        if section is None:
            raise SourceError(display, line.number, cols.get("group", 0) + 1, "row before any target group; expected a target-group cell")
        if ptext:
            col = "group" if shifted else "problem"
            problem = Problem(Cell(ptext, col, [line.number]), section)
            if shifted:
                problem.flags.append(("TitleInGroupColumn",
                                      "problem stood in the target-group column, opportunity in the problem column"))
            doc.problems.append(problem)
            if otext:
                problem.opportunities.append(Opportunity(Cell(otext, "problem" if shifted else "opportunity", [line.number])))
        elif otext:
            if problem is None:
                raise SourceError(display, line.number, cols["opportunity"] + 1, "opportunity before any problem")
            problem.opportunities.append(Opportunity(Cell(otext, "opportunity", [line.number])))
        if extras:
            if problem is None:
                doc.notes.extend(extras)
            else:
                problem.extra.extend(extras)
    return doc
