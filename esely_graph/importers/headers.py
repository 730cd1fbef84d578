"""Column headers mapped by meaning, from the wordings in ``resources/headers.toml``.

Matching ignores case and accents; the columns of a kind are tried in the
order the file lists them. A header no wording matches is matched loosely
(rapidfuzz, for typos such as ``Felelös`` or ``Határidö``); a header still
unmatched is an extra column, kept with its text.
"""

from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass
from functools import cache

from rapidfuzz import fuzz

from ..layout import RESOURCES
from ..text import clean_cell, fold

FUZZY_SCORE = 88  # rapidfuzz partial ratio a loose match needs
FUZZY_MAX_LEN = 80  # longer cells are text, not headers


@dataclass(frozen=True)
class ColumnSpec:
    key: str  # our name for the column (e.g. "A", "owner")
    meaning: str  # what the column holds, for messages
    wordings: tuple[str, ...]  # as written in headers.toml
    required: bool = True

    @property
    def patterns(self) -> tuple[re.Pattern, ...]:
        return wording_patterns(self.wordings)

    def matches(self, folded: str) -> bool:
        return any(p.search(folded) for p in self.patterns)

    def resembles(self, folded: str) -> float:
        """How closely (0–100) the header resembles one of the wordings, for typos."""
        words = [fold(w).replace("*", "") for w in self.wordings if len(w.replace("*", "")) >= 5]
        return max((fuzz.partial_ratio(w, folded) for w in words), default=0.0)


@dataclass(frozen=True)
class KindHeaders:
    kind: str
    min_hits: int
    columns: tuple[ColumnSpec, ...]


@cache
def wording_patterns(wordings: tuple[str, ...]) -> tuple[re.Pattern, ...]:
    out = []
    for wording in wordings:
        parts = []
        for word in fold(wording).split():
            prefix = word.endswith("*")
            word = re.escape(word.rstrip("*"))
            parts.append(word + (r"\w*" if prefix else r"(?!\w)"))
        out.append(re.compile(_WORD_START + r"\W+".join(parts)))
    return tuple(out)


@cache
def kind_headers(kind: str) -> KindHeaders:
    data = tomllib.loads((RESOURCES / "headers.toml").read_text(encoding="utf-8"))
    spec = data[kind]
    columns = tuple(ColumnSpec(c["key"], c["meaning"], tuple(c["wordings"]), c.get("required", True))
                    for c in spec["column"])
    return KindHeaders(kind, spec["min_hits"], columns)


def table_kinds() -> tuple[str, ...]:
    data = tomllib.loads((RESOURCES / "headers.toml").read_text(encoding="utf-8"))
    return tuple(data)


_WORD_START = r"(?<!\w)"  # every wording pattern begins so (wording_patterns)


@cache
def any_wording(specs: tuple[ColumnSpec, ...]) -> re.Pattern:
    """One pattern that matches where any wording of any of ``specs`` does: the word-start test once,
    before the alternatives (in front of each, it makes the search some 20 times slower)."""
    rest = [p.pattern[len(_WORD_START):] for s in specs for p in s.patterns]
    assert all(p.pattern.startswith(_WORD_START) for s in specs for p in s.patterns)
    return re.compile(_WORD_START + "(?:" + "|".join(rest) + ")") if rest else re.compile(r"(?!)")


def header_hits(cells: list[str], specs: tuple[ColumnSpec, ...]) -> int:
    """How many cells of a row read as one of the kind's headers (exact wordings only)."""
    hits = 0
    search = any_wording(specs).search
    for raw in cells:
        if not raw:
            continue
        text = fold(clean_cell(raw))
        if text and len(text) <= 200 and search(text):
            hits += 1
    return hits


@dataclass
class HeaderMap:
    columns: dict[str, int]  # column key -> cell index
    extras: dict[int, str]  # cell index -> header text of a column no meaning fits
    missing: list[ColumnSpec]  # required meanings no header gave


def map_cells(cells: list[str], specs: tuple[ColumnSpec, ...]) -> HeaderMap:
    """Each header cell to the first meaning whose wording it contains; loosely when none does."""
    columns: dict[str, int] = {}
    extras: dict[int, str] = {}
    for idx, raw in enumerate(cells):
        text = fold(clean_cell(raw))
        if not text:
            continue
        spec = next((s for s in specs if s.key not in columns and s.matches(text)), None)
        if spec is None and len(text) <= FUZZY_MAX_LEN:
            scored = [(s.resembles(text), -n, s) for n, s in enumerate(specs) if s.key not in columns]
            best = max(scored, key=lambda t: (t[0], t[1]), default=None)
            if best is not None and best[0] >= FUZZY_SCORE:
                spec = best[2]
        if spec is None:
            extras[idx] = clean_cell(raw)
        else:
            columns[spec.key] = idx
    missing = [s for s in specs if s.required and s.key not in columns]
    return HeaderMap(columns, extras, missing)
