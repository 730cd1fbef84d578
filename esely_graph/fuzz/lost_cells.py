"""Nothing lost: every non-empty cell (tables) or line (prose) of a source is in its document's graph.

A cell counts as present when its cleaned text is a substring of a literal of the graph (continuation
rows are joined to the cell above, so their text sits inside the joined literal), or when its line
is listed in the document's notes as skipped with a reason.
"""

from __future__ import annotations

import re
from pathlib import Path

from rdflib import Literal

from ..readers import read_prose, read_tables
from ..text import clean_cell

TABLE_KINDS = {"hep-conclusions", "hep-action-plan", "strategy-action-plan"}
_MD = re.compile(r"\*\*|__")


def _norm(text: str) -> str:
    return re.sub(r"\s+", " ", text).strip()


def lost_cells(dg, path: Path, meta) -> list[str]:
    """``file:line:column: text`` of every source cell the graph of ``dg`` does not contain."""
    literals = [str(o) for o in dg.g.objects() if isinstance(o, Literal)]
    blob = _norm("\n".join(literals))
    skipped = {int(m.group(1)) for n in literals for m in [re.match(r"line (\d+) skipped: ", n)] if m}
    if meta.kind in TABLE_KINDS:
        source = read_tables(path, path.name, meta.encoding)
        chosen = getattr(dg.records, "table", None)
        tables = [t for t in source.tables if chosen is None or t.name == chosen] or source.tables
        rows = [r for t in tables for r in t.rows]
    else:
        rows = [r for t in read_prose(path, path.name, meta.encoding).tables for r in t.rows]
    missing = []
    for row in rows:
        if row.number in skipped:
            continue
        if meta.kind in TABLE_KINDS:
            parts = [(c, clean_cell(cell)) for c, cell in enumerate(row.cells, 1)]
        else:
            parts = [(1, _norm(_MD.sub("", row.raw)))]
        for col, text in parts:
            if any(ch.isalnum() for ch in text) and _norm(text) not in blob:
                missing.append(f"{path.name}:{row.place or row.number}:{col}: {text[:60]}")
    return missing
