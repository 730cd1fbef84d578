"""Named-query tables for people: Hungarian headings from the query headers, links on every row.

A query's header names its columns (``# columns:``) and, for the site, says them in Hungarian and English
(``# columns-hu:``, ``# columns-en:``) and answers its question in Hungarian (``# answers-hu:``). A column
``X_iri`` holds the IRI that column ``X`` links to; ``measure``/``item`` link the row's code and title.
"""

from __future__ import annotations

import csv
import io
import re
from dataclasses import dataclass, field

from ..queries import NamedQuery, spreadsheet_cell, term_value
from .fmt import ISO_DATE, amount_text, code_key, date_text, percent_text
from .messages import COLUMNS, VALUES, pick

ITEM_COLUMNS = ("measure", "item")
HIDDEN_COLUMNS = {"as_of", "node", "target"}
VALUE_COLUMNS = {"basis", "vat_included", "kind", "strength", "origin", "missing", "statutory", "draft"}
CODE_LIST_COLUMNS = {"codes", "where"}


def header_lines(q: NamedQuery) -> dict[str, str]:
    out = {}
    for line in q.text.splitlines():
        if not line.startswith("#"):
            break
        m = re.match(r"#\s*([\w-]+):\s*(.*)$", line)
        if m:
            out[m.group(1)] = m.group(2).strip()
    return out


def column_names(q: NamedQuery, lang: str) -> dict[str, str]:
    """``# columns-hu: document=Dokumentum, code=Kód`` -> {column: heading}; a column the header does not name
    gets the catalogue's word for it (COLUMNS), never the query variable."""
    named = {}
    for part in header_lines(q).get(f"columns-{lang}", "").split(","):
        key, _, heading = part.partition("=")
        if heading.strip():
            named[key.strip()] = heading.strip()
    return {c: named.get(c) or pick(COLUMNS.get(c, ("Érték", "Value")), lang) for c in q.columns}


@dataclass
class Cell:
    text: str  # what a reader sees (and the CSV holds)
    href: str | None = None  # IRI of the entity it links to
    sort: str | None = None
    iso: str | None = None
    links: list = field(default_factory=list)  # [(text, iri)] for a list of linked codes
    data: bool = False  # a source text in Hungarian


@dataclass
class Table:
    name: str
    columns: list[tuple[str, str]]  # (column key, heading)
    rows: list[list[Cell]]
    items: list[str | None]  # the row's item IRI
    docs: list[str | None]  # the row's document IRI
    raw: list[dict] = field(default_factory=list)

    def subset(self, keep) -> Table:
        """The rows ``keep(raw row, item, document)`` accepts."""
        idx = [i for i in range(len(self.rows)) if keep(self.raw[i], self.items[i], self.docs[i])]
        return Table(self.name, self.columns, [self.rows[i] for i in idx], [self.items[i] for i in idx],
                     [self.docs[i] for i in idx], [self.raw[i] for i in idx])

    def csv(self) -> str:
        buf = io.StringIO()
        w = csv.writer(buf, lineterminator="\r\n")
        w.writerow([h for _, h in self.columns])
        for row in self.rows:
            w.writerow([spreadsheet_cell(c.text) for c in row])
        return "\ufeff" + buf.getvalue()


def as_records(names: list[str], rows: list[dict]) -> list[dict]:
    return [{n: term_value(r[n]) for n in names} for r in rows]


def link_column(names: list[str], col: str) -> str | None:
    if f"{col}_iri" in names:
        return f"{col}_iri"
    if col in ("code", "title", "problem" if "problem_iri" not in names else "", "opportunity"
               if "opportunity_iri" not in names else ""):
        return next((c for c in ITEM_COLUMNS if c in names), None)
    return None


def is_iri_column(c: str) -> bool:
    return c.endswith("_iri") or c in ITEM_COLUMNS or c in HIDDEN_COLUMNS


class Cells:
    """Turns raw query values into cells, knowing the site's entities."""

    def __init__(self, ents: dict, lang: str):
        self.ents, self.lang = ents, lang
        self.docs = {e.code_id: e for e in ents.values() if e.kind == "document" and getattr(e, "code_id", None)}
        self.by_code = {}
        for e in ents.values():
            if e.code and e.document in ents:
                self.by_code[(getattr(ents[e.document], "code_id", None), e.code)] = e

    def make(self, col: str, value: str, link_iri: str | None) -> Cell:
        lang = self.lang
        if col == "document" and value in self.docs:
            d = self.docs[value]
            return Cell(d.short.get(lang) or d.label(lang), href=d.iri)
        if col in CODE_LIST_COLUMNS and value:
            return self.code_list(value)
        if value and col.endswith("_huf"):
            return Cell(amount_text(value, lang), sort=f"{float(value):020.2f}")
        if value and col.startswith("share"):
            return Cell(percent_text(value, lang), sort=f"{float(value):08.4f}")
        if value and ISO_DATE.match(value):
            return Cell(date_text(value, lang), iso=value, sort=value)
        if col in VALUE_COLUMNS and value in VALUES:
            return Cell(VALUES[value][0 if lang == "hu" else 1], href=link_iri)
        if col == "code":
            return Cell(value, href=link_iri, sort=sortable_code(value))
        if re.fullmatch(r"-?\d+(\.\d+)?", value or ""):
            return Cell(value, href=link_iri, sort=f"{float(value):020.4f}")
        return Cell(value, href=link_iri, data=True)

    def code_list(self, value: str) -> Cell:
        links = []
        for part in re.split(r";\s*|\s+(?=[\w-]+:)", value):
            doc, _, code = part.partition(":")
            d = self.docs.get(doc)
            target = self.by_code.get((doc, code))
            name = (d.short.get(self.lang) if d else doc)
            if code.startswith("line "):
                code = f"{code[5:]}. sor" if self.lang == "hu" else code
            links.append((f"{name}: {code}", target.iri if target else (d.iri if d else None)))
        return Cell("; ".join(t for t, _ in links), links=links, data=True)


def sortable_code(code: str) -> str:
    _, parts = code_key(code)
    return ".".join(f"{a}{b:05d}{c}" for a, b, c in parts)


def build_table(q: NamedQuery, raw: list[dict], ents: dict, lang: str, owners) -> Table:
    """``owners(iri)`` lists an item's owners; an owner column is added where the query has none."""
    cells = Cells(ents, lang)
    names = list(q.columns)
    heads = column_names(q, lang)
    shown = [c for c in names if not is_iri_column(c)]
    item_col = next((c for c in ITEM_COLUMNS if c in names), None) or next(
        (c for c in names if c.endswith("_iri")), None)
    add_owner = item_col in ITEM_COLUMNS and not {"owner", "owners"} & set(names)
    columns = [(c, heads.get(c, c)) for c in shown]
    if add_owner:
        columns.append(("owner", "Felelős" if lang == "hu" else "Owner"))
    rows, items, docs = [], [], []
    for r in raw:
        row = []
        for c in shown:
            link = link_column(names, c)
            iri = r.get(link) if link else None
            row.append(cells.make(c, r.get(c, ""), iri if iri in ents else None))
        item = r.get(item_col) if item_col else None
        if add_owner:
            os_ = owners(item) if item else []
            row.append(Cell("; ".join(ents[o].label(lang) for o in os_), links=[(ents[o].label(lang), o) for o in os_],
                            data=True))
        rows.append(row)
        items.append(item if item in ents else None)
        doc = cells.docs.get(r.get("document"))
        docs.append(doc.iri if doc else (ents[item].document if item in ents else None))
    order = list(range(len(rows)))
    if "code" in shown and "days_overdue" not in shown:
        order.sort(key=lambda i: (docs[i] or "", code_key(rows[i][shown.index("code")].text)))
    return Table(q.name, columns, [rows[i] for i in order], [items[i] for i in order], [docs[i] for i in order],
                 [raw[i] for i in order])
