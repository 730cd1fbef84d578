"""Deadlines, starts and periods written the Hungarian way -> an interval.

``parse_period(text)`` never guesses: what it cannot read comes back with
``start`` and ``end`` unset and the flag ``unreadable`` (plus a reason), and the
caller keeps the original text.
"""

from __future__ import annotations

import calendar
import re
from dataclasses import dataclass
from datetime import date

from ..text import clean_cell, fold

MONTHS = {
    "januar": 1, "februar": 2, "marcius": 3, "aprilis": 4, "majus": 5, "junius": 6,
    "julius": 7, "augusztus": 8, "szeptember": 9, "oktober": 10, "november": 11,
    "december": 12,
}
ORDINALS = {"elso": 1, "masodik": 2, "harmadik": 3, "negyedik": 4}
ROMAN = {"I": 1, "II": 2, "III": 3, "IV": 4, "V": 5, "VI": 6, "VII": 7, "VIII": 8,
         "IX": 9, "X": 10, "XI": 11, "XII": 12}

# flags
UNREADABLE = "unreadable"
OPEN_ENDED = "open-ended"
RECURRING = "recurring"
IMMEDIATE = "immediate"

# granularities (names of OWL-Time / esely unit types)
DAY, MONTH, QUARTER, HALF_YEAR, YEAR, YEAR_END = "day", "month", "quarter", "half-year", "year", "year-end"


@dataclass(frozen=True)
class Period:
    """A parsed period: interval [start, end] (inclusive days) or flags."""

    original: str
    start: date | None = None
    end: date | None = None
    granularity: str | None = None
    flags: tuple[str, ...] = ()
    recurrence: str | None = None  # xsd:duration, e.g. P6M
    milestone: "Period | None" = None
    problem: str | None = None

    @property
    def readable(self) -> bool:
        return UNREADABLE not in self.flags


def _month_end(y: int, m: int) -> date:
    return date(y, m, calendar.monthrange(y, m)[1])


def _interval(y: int, first_month: int, months: int) -> tuple[date, date]:
    last = first_month + months - 1
    return date(y, first_month, 1), _month_end(y, last)


_NUM = r"(?:(\d)\.?|(elso|masodik|harmadik|negyedik))"
_YEAR = r"(\d{4})\.?"
_PATTERNS: list[tuple[re.Pattern[str], str]] = [
    (re.compile(rf"^{_YEAR}\s*{_NUM}\s*negyedev\.?$"), QUARTER),
    (re.compile(rf"^{_YEAR}\s*{_NUM}\s*felev\.?$"), HALF_YEAR),
    (re.compile(rf"^{_YEAR}\s*(?:ev\s+)?vege\.?$"), YEAR_END),
    (re.compile(rf"^{_YEAR}\s*([a-z]+)\s*(\d{{1,2}})\.?$"), DAY),
    (re.compile(rf"^{_YEAR}\s*([a-z]+)\.?$"), MONTH),
    (re.compile(r"^(\d{4})\.?$"), YEAR),
    (re.compile(r"^(\d{4})-(\d{2})-(\d{2})$"), "iso"),
]


def _ordinal(digit: str | None, word: str | None) -> int:
    return int(digit) if digit else ORDINALS[word]


def _parse_simple(folded: str, original: str) -> Period | None:
    for pattern, kind in _PATTERNS:
        m = pattern.match(folded)
        if not m:
            continue
        y = int(m.group(1))
        try:
            if kind == QUARTER:
                q = _ordinal(m.group(2), m.group(3))
                if not 1 <= q <= 4:
                    return None
                s, e = _interval(y, 3 * q - 2, 3)
            elif kind == HALF_YEAR:
                h = _ordinal(m.group(2), m.group(3))
                if not 1 <= h <= 2:
                    return None
                s, e = _interval(y, 6 * h - 5, 6)
            elif kind == YEAR_END:
                s = e = date(y, 12, 31)
            elif kind == DAY:
                month = MONTHS.get(m.group(2))
                if month is None:
                    return None
                s = e = date(y, month, int(m.group(3)))
            elif kind == MONTH:
                month = MONTHS.get(m.group(2))
                if month is None:
                    return None
                s, e = _interval(y, month, 1)
            elif kind == YEAR:
                s, e = date(y, 1, 1), date(y, 12, 31)
            else:  # iso
                s = e = date(y, int(m.group(2)), int(m.group(3)))
                kind = DAY
        except ValueError:  # 2024 február 30
            return None
        return Period(original, s, e, kind)
    return None


def parse_period(text: str) -> Period:
    """Parse a deadline/start cell. See the module doc and tests for the spellings."""
    original = clean_cell(text)
    folded = fold(original).strip()
    folded = re.sub(r"\s+", " ", folded)
    if not folded:
        return Period(original, flags=(UNREADABLE,), problem="empty")
    simple = _parse_simple(folded, original)
    if simple:
        return simple
    if folded in ("folyamatos", "folyamatosan"):
        return Period(original, flags=(OPEN_ENDED,))
    m = re.match(r"^folyamatos\s*\((.*)\)$", folded)
    if m:
        inner = m.group(1)
        inner = inner.split(":", 1)[1].strip() if ":" in inner else inner
        milestone = _parse_simple(inner.strip(), inner.strip())
        return Period(original, flags=(OPEN_ENDED,), milestone=milestone,
                      problem=None if milestone else "milestone in brackets not readable")
    if folded in ("azonnal", "azonnali"):
        return Period(original, flags=(IMMEDIATE,))
    m = re.match(r"^minden (felev|negyedev|ev|honap)(?:ben|ben|ben)?", folded)
    if m or folded in ("evente", "felevente", "negyedevente", "havonta"):
        unit = m.group(1) if m else folded
        duration = {"felev": "P6M", "felevente": "P6M", "negyedev": "P3M",
                    "negyedevente": "P3M", "ev": "P1Y", "evente": "P1Y",
                    "honap": "P1M", "havonta": "P1M"}[unit]
        return Period(original, flags=(RECURRING,), recurrence=duration)
    if re.match(r"^evente\b", folded):
        return Period(original, flags=(RECURRING,), recurrence="P1Y",
                      problem="recurring yearly, tied to an event")
    return Period(original, flags=(UNREADABLE,), problem="not a date, period or known term")
