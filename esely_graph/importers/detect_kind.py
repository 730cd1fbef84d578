"""Tell a source document's kind from its content: a table by how its header maps, prose by its words.

``detect_kind(path)`` gives one of the manifest kinds, or None when nothing fits.
A table kind fits when some row of some table of the file maps to every required
column meaning of that kind (``resources/headers.toml``); of several, the one
whose header maps the most columns wins. Otherwise the text is read as prose and
the words of ``resources/kinds.toml`` decide (a resolution also needs a
resolution number such as ``112/2023. (IX. 28.)``).
"""

from __future__ import annotations

import re
import tomllib
from pathlib import Path

from ..errors import SourceError
from ..layout import RESOURCES
from ..readers import read_prose, read_tables
from ..text import fold
from .headers import wording_patterns, header_hits, kind_headers, map_cells, table_kinds

_RESOLUTION_NUMBER = re.compile(r"\b\d{1,4}\s*/\s*(?:19|20)\d{2}\.?\s*\(")


def detect_kind(path: Path, display: str | None = None) -> str | None:
    display = display or str(path)
    kind = _table_kind(path, display)
    return kind if kind is not None else _prose_kind(path, display)


def _table_kind(path: Path, display: str) -> str | None:
    try:
        source = read_tables(path, display)
    except SourceError:
        return None
    best: tuple[float, str] | None = None
    for kind in table_kinds():
        spec = kind_headers(kind)
        for table in source.tables:
            for row in table.rows[:60]:
                if header_hits(row.cells, spec.columns) < spec.min_hits:
                    continue
                hmap = map_cells(row.cells, spec.columns)
                if hmap.missing:
                    continue
                score = len(hmap.columns) / len(spec.columns)
                if best is None or score > best[0]:
                    best = (score, kind)
    return best[1] if best else None


def _prose_kind(path: Path, display: str) -> str | None:
    try:
        lines = read_prose(path, display).tables[0].rows
    except SourceError:
        return None
    text = fold(" ".join(ln.raw.replace("**", "") for ln in lines[:200]))
    words = tomllib.loads((RESOURCES / "kinds.toml").read_text(encoding="utf-8"))
    for kind, spec in words.items():
        if any(p.search(text) for p in wording_patterns(tuple(spec["words"]))):
            if kind != "council-resolution" or _RESOLUTION_NUMBER.search(text):
                return kind
    return None
