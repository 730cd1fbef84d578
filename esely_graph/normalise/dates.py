"""Deadlines, starts and periods written the Hungarian way -> an interval.

``parse_period(text)`` never guesses: what it cannot read comes back with no interval and the flag
``unreadable`` (plus a reason); the caller keeps the original text. Nothing depends on today's date.
The cell arrives cleaned by its importer and is not cleaned again (cleaning twice strips a typed
``&lt;b&gt;``). Spellings: see tests/test_dates.py. School years (``2025/2026. tanév``) run from
1 September to 31 August, as the Public Education Act defines a tanév; ``2025. tanév vége`` is
31 August of the school year ending in 2025. Event-based deadlines (``a költségvetési rendelet
elfogadásakor``) are kept as text and flagged, with no interval.
"""

from __future__ import annotations

import calendar
import re
from dataclasses import dataclass, replace
from datetime import date

from ..text import fold

MONTHS = {
    "januar": 1, "februar": 2, "marcius": 3, "aprilis": 4, "majus": 5, "junius": 6,
    "julius": 7, "augusztus": 8, "szeptember": 9, "oktober": 10, "november": 11,
    "december": 12,
}
ORDINALS = {"elso": 1, "masodik": 2, "harmadik": 3, "negyedik": 4}
ROMAN = {"I": 1, "II": 2, "III": 3, "IV": 4, "V": 5, "VI": 6, "VII": 7, "VIII": 8,
         "IX": 9, "X": 10, "XI": 11, "XII": 12}  # months of resolution dates; I–IV also quarters

# flags
UNREADABLE = "unreadable"
OPEN_ENDED = "open-ended"
RECURRING = "recurring"
IMMEDIATE = "immediate"
EVENT_BASED = "event-based"  # tied to an event (a decision, a call for proposals): no date
RANGE = "range"  # the cell gives a span from … to …
YEAR_FROM_CONTEXT = "year-from-context"  # the cell names no year; the caller supplied one

# granularities (names of OWL-Time / esely unit types)
DAY, MONTH, QUARTER, HALF_YEAR, YEAR, YEAR_END = "day", "month", "quarter", "half-year", "year", "year-end"
WEEK, SCHOOL_YEAR, SCHOOL_YEAR_END = "week", "school-year", "school-year-end"


@dataclass(frozen=True)
class Period:
    """A parsed period: interval [start, end] (inclusive days) or flags; open-ended "from …" has no end."""

    original: str
    start: date | None = None
    end: date | None = None
    granularity: str | None = None
    flags: tuple[str, ...] = ()
    recurrence: str | None = None  # xsd:duration, e.g. P6M
    milestone: "Period | None" = None
    problem: str | None = None
    recurring_on: str | None = None  # the day or month a yearly deadline recurs on: --03-31 or --09

    @property
    def readable(self) -> bool:
        return UNREADABLE not in self.flags


def _month_end(y: int, m: int) -> date:
    return date(y, m, calendar.monthrange(y, m)[1])


def _interval(y: int, first_month: int, months: int) -> tuple[date, date]:
    return date(y, first_month, 1), _month_end(y, first_month + months - 1)


_TAG = re.compile(r"</?(?:p|b|i|u|br|strong|em|span)\b[^>]*>", re.IGNORECASE)
_NUM = r"(?:(\d)\.?|(elso|masodik|harmadik|negyedik)|(iv|i{1,3})(?:\.|(?=[\s-])))"
_YEAR = r"(\d{4})\.?"
_MONTH = r"(" + "|".join(MONTHS) + r")"
_PART = r"(negyedev|n\.\s?ev|felev)(?:eben|e)?"
_PATTERNS: list[tuple[re.Pattern[str], str]] = [
    (re.compile(rf"^{_YEAR}\s*{_NUM}\s*{_PART}$"), "part"),
    (re.compile(rf"^{_YEAR}\s*(?:ev\s+)?vege$"), YEAR_END),
    (re.compile(rf"^{_YEAR}\s*{_MONTH}\s*(\d{{1,2}})\.?$"), DAY),
    (re.compile(rf"^{_YEAR}\s*{_MONTH}(?:ban|ben)?$"), MONTH),
    (re.compile(r"^(\d{4})(?:\.?\s*evben|\.?\s*ev|-?ben|-?ban|\.)?$"), YEAR),
    (re.compile(r"^(\d{4})(?:-(\d{1,2})-|\.\s*(\d{1,2})\.\s*|/(\d{1,2})/)(\d{1,2})(?:[ t]00:00(?::00)?)?$"), "numeric"),
    (re.compile(r"^(\d{4})\s*[/-]\s*(\d{2}|\d{4})\.?\s*(?:-?[aoe]s\s*)?tanev(\s*vege)?$"), SCHOOL_YEAR),
    (re.compile(r"^(\d{4})\.?\s*(?:-?[aoe]s\s*)?tanev\s*vege$"), SCHOOL_YEAR_END),
]
_PARTS_RANGE = re.compile(rf"^{_YEAR}\s*{_NUM}\s*-\s*{_NUM}\s*{_PART}$")  # 2026. I–IV. negyedév
_NO_YEAR = re.compile(rf"^(?:{_NUM}\s*{_PART}|{_MONTH}\s*(\d{{1,2}})\.?|{_MONTH})$")


def _ordinal(digit: str | None, word: str | None, roman: str | None) -> int:
    if digit:
        return int(digit)
    return ORDINALS[word] if word else ROMAN[roman.upper()]


def _part(y: int, n: int, part: str) -> tuple[date, date, str] | None:
    if part == "felev":
        return (*_interval(y, 6 * n - 5, 6), HALF_YEAR) if 1 <= n <= 2 else None
    return (*_interval(y, 3 * n - 2, 3), QUARTER) if 1 <= n <= 4 else None


def _simple(folded: str, original: str) -> Period | None:
    """One point or period with its year written; None when it is not one."""
    for pattern, kind in _PATTERNS:
        m = pattern.match(folded)
        if not m:
            continue
        y = int(m.group(1))
        try:
            if kind == "part":
                n = _ordinal(m.group(2), m.group(3), m.group(4))
                got = _part(y, n, "felev" if m.group(5) == "felev" else "negyedev")
                if got is None:
                    return None
                s, e, kind = got
            elif kind == YEAR_END:
                s = e = date(y, 12, 31)
            elif kind == DAY:
                s = e = date(y, MONTHS[m.group(2)], int(m.group(3)))
            elif kind == MONTH:
                s, e = _interval(y, MONTHS[m.group(2)], 1)
            elif kind == YEAR:
                s, e = date(y, 1, 1), date(y, 12, 31)
            elif kind == "numeric":
                s = e = date(y, int(m.group(2) or m.group(3) or m.group(4)), int(m.group(5)))
                kind = DAY
            elif kind == SCHOOL_YEAR:
                second = int(m.group(2)) if len(m.group(2)) == 4 else y // 100 * 100 + int(m.group(2))
                if second != y + 1:
                    return None
                s, e = date(y, 9, 1), date(second, 8, 31)
                if m.group(3):
                    s, kind = e, SCHOOL_YEAR_END
            else:  # SCHOOL_YEAR_END: the school year ending in y
                s = e = date(y, 8, 31)
        except ValueError:  # 2024 február 30, 2027.13.01.
            return None
        return Period(original, s, e, kind)
    return None


def _without_suffix(folded: str, original: str) -> Period | None:
    """``2025. december 31-ig``, ``2024 végéig``, ``2025-ig``: by that time, the same period."""
    found = _simple(folded, original)
    if found or not folded.endswith("ig"):
        return found
    for cut in ("ig", "eig", "jeig", "aig"):
        if folded.endswith(cut):
            found = _simple(folded[: -len(cut)].rstrip(" .-"), original)
            if found:
                return found
    return None


def _from(folded: str, original: str) -> Period | None:
    """``2024. szeptember 1-jétől``, ``2025-től``: begins then, no end written (open-ended)."""
    for cut in ("jetol", "etol", "atol", "tol"):
        if folded.endswith(cut):
            found = _simple(folded[: -len(cut)].rstrip(" .-"), original)
            if found:
                return Period(original, found.start, None, found.granularity, flags=(OPEN_ENDED,),
                              problem="begins then; no end written")
    return None


def _range(folded: str, original: str) -> Period | None:
    """``2023-2027``, ``2024-től 2027-ig``; the right side may leave out the left side's year
    (``2024. szeptember – december``, ``2026. I–IV. negyedév``): the same year, never the next."""
    parts = _PARTS_RANGE.match(folded)
    if parts:
        y, kind = int(parts.group(1)), "felev" if parts.group(8) == "felev" else "negyedev"
        a, b = (_part(y, _ordinal(*parts.group(*g)), kind) for g in ((2, 3, 4), (5, 6, 7)))
        if a and b and a[0] <= b[1]:
            return Period(original, a[0], b[1], a[2], flags=(RANGE,))
    for pattern in (r"^(.+?)-?t[oe]l\s+(.+)$", r"^(.+?)\s*-\s*(.+)$"):
        m = re.match(pattern, folded)
        left = _without_suffix(m.group(1), original) if m else None
        right = _without_suffix(m.group(2), original) if m else None
        if left and not right and _NO_YEAR.match(m.group(2)):
            right = _without_year(m.group(2), original, left.start.year)
        if left and right:
            break
    else:
        return None
    if right.end < left.start:
        return Period(original, flags=(UNREADABLE,), problem="the range ends before it begins")
    gran = left.granularity if left.granularity == right.granularity else right.granularity
    return Period(original, left.start, right.end, gran, flags=(RANGE,))


# recurring terms -> (xsd:duration, granularity)
_EVERY = {
    "evente": ("P1Y", YEAR), "minden ev": ("P1Y", YEAR), "minden evben": ("P1Y", YEAR),
    "ketevente": ("P2Y", YEAR), "tanevente": ("P1Y", SCHOOL_YEAR), "minden tanevben": ("P1Y", SCHOOL_YEAR),
    "felevente": ("P6M", HALF_YEAR), "minden felevben": ("P6M", HALF_YEAR),
    "negyedevente": ("P3M", QUARTER), "minden negyedevben": ("P3M", QUARTER),
    "havonta": ("P1M", MONTH), "minden honapban": ("P1M", MONTH),
    "hetente": ("P1W", WEEK), "minden heten": ("P1W", WEEK),
}
_RECURRING = re.compile(r"^(" + "|".join(sorted(_EVERY, key=len, reverse=True)) + r")\b[\s,:;]*(.*)$")
# an event the deadline hangs on: "elfogadásakor", "…-t követően", "a pályázat megjelenése"
_EVENT = re.compile(
    r"\w(?:a|e)kor\b|\bkovetoen\b|\butan\b|fuggvenyeben|\beseten\b|elfogadas|megjelen|felulvizsgal|"
    r"hatalyba\s*lep|megkot|kiiras|jovahagy|megalakul|lezar|beerkez|dontes")


def _recurring(folded: str, original: str) -> Period | None:
    m = _RECURRING.match(folded)
    if not m:
        return None
    duration, gran = _EVERY[m.group(1)]
    rest = m.group(2).rstrip(" .")
    if not rest:
        return Period(original, granularity=gran, flags=(RECURRING,), recurrence=duration)
    day = re.fullmatch(rf"{_MONTH}\s*(\d{{1,2}})?\.?(?:-?(?:ig|eig|jeig))?|{_MONTH}(?:ban|ben)", rest)
    if day and duration == "P1Y" and gran == YEAR:
        month = MONTHS[day.group(1) or day.group(3)]
        if day.group(2):
            if not 1 <= int(day.group(2)) <= calendar.monthrange(2024, month)[1]:
                return None
            return Period(original, granularity=DAY, flags=(RECURRING,), recurrence=duration,
                          recurring_on=f"--{month:02d}-{int(day.group(2)):02d}")
        return Period(original, granularity=MONTH, flags=(RECURRING,), recurrence=duration,
                      recurring_on=f"--{month:02d}")
    if _EVENT.search(rest):
        return Period(original, granularity=gran, flags=(RECURRING, EVENT_BASED), recurrence=duration,
                      problem="recurring, tied to an event")
    return Period(original, flags=(RECURRING,), problem="recurring; what follows the recurring term was not read")


def _open_ended(folded: str, original: str) -> Period | None:
    m = re.match(r"^folyamatos(?:an)?\b[\s,;:]*(.*)$", folded)
    if not m:
        return None
    rest = m.group(1).strip(" .")
    if not rest:
        return Period(original, flags=(OPEN_ENDED,))
    inner = re.fullmatch(r"\((.*)\)", rest)
    if inner:
        text = inner.group(1)
        text = text.split(":", 1)[1].strip() if ":" in text else text.strip()
        spelled = _as_written(original, text)
        milestone = _without_suffix(text, spelled)
        return Period(original, flags=(OPEN_ENDED,), milestone=milestone,
                      problem=None if milestone else "milestone in brackets not readable")
    again = _recurring(rest, original)
    if again and again.recurrence:
        return replace(again, flags=(OPEN_ENDED, *again.flags))
    return Period(original, flags=(OPEN_ENDED,), problem="open-ended; what follows was not read")


def _as_written(original: str, folded_part: str) -> str:
    """The span of the original text whose folded form is ``folded_part`` (folding keeps lengths)."""
    folded = fold(original)
    at = folded.find(folded_part)
    if at < 0 or len(folded) != len(original):
        return folded_part
    return original[at:at + len(folded_part)]


def _without_year(folded: str, original: str, year: int | None) -> Period | None:
    m = _NO_YEAR.match(folded)
    if not m:
        return None
    if year is None:
        return Period(original, flags=(UNREADABLE,), problem="no year written")
    found = _without_suffix(f"{year}. {folded}", original)
    if found is None:
        return None
    return replace(found, flags=(YEAR_FROM_CONTEXT,), problem=f"no year written; {year} taken from context")


def parse_period(text: str, *, year: int | None = None) -> Period:
    """Parse a deadline/start cell. ``year``: the year to use when the cell names none (e.g. the
    start cell beside an end cell); without it such a cell is flagged. See the module doc."""
    original = re.sub(r"\s+", " ", text).strip()
    folded = re.sub(r"\s+", " ", fold(_TAG.sub(" ", original))).strip()
    folded = re.sub(r"[\u2013\u2014\u2012]", "-", folded).rstrip(" .,;")
    if not folded:
        return Period(original, flags=(UNREADABLE,), problem="empty")
    for reader in (_without_suffix, _range, _from, _open_ended, _recurring):
        found = reader(folded, original)
        if found:
            return found
    if folded in ("azonnal", "azonnali"):
        return Period(original, flags=(IMMEDIATE,))
    found = _without_year(folded, original, year)
    if found:
        return found
    if _EVENT.search(folded):
        return Period(original, flags=(EVENT_BASED,), problem="tied to an event; no date written")
    return Period(original, flags=(UNREADABLE,), problem="not a date, period or known term")
