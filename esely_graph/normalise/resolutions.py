"""Council resolution numbers inside free text.

``215/2023. (VII.13.) számú határozata`` -> number 215, year 2023, date 2023-07-13.
A draft resolution whose number is not yet assigned (``/2018. (XI.22.)``) is
returned with ``number=None``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date

from .dates import ROMAN

_REF = re.compile(
    r"(?<![\d/])(?P<num>\d{1,4})?\s*/\s*(?P<year>(?:19|20)\d{2})\.?\s*"
    r"\(\s*(?P<month>[IVX]{1,4})\.\s*(?P<day>\d{1,2})\.?\s*\)"
)


@dataclass(frozen=True)
class ResolutionRef:
    number: int | None
    year: int
    date: date
    text: str  # as written

    @property
    def local_id(self) -> str:
        """The identifier as Hungarian practice writes it: ``215/2023. (VII. 13.)``."""
        roman = {v: k for k, v in ROMAN.items()}[self.date.month]
        num = str(self.number) if self.number is not None else ""
        return f"{num}/{self.year}. ({roman}. {self.date.day}.)"

    @property
    def key(self) -> str:
        """Stable IRI segment: ``2023-215`` (``2018-draft-1122`` when unnumbered)."""
        if self.number is None:
            return f"{self.year}-draft-{self.date:%m%d}"
        return f"{self.year}-{self.number}"


def find_resolution_refs(text: str) -> list[ResolutionRef]:
    out: list[ResolutionRef] = []
    for m in _REF.finditer(text):
        month = ROMAN.get(m.group("month"))
        if month is None:
            continue
        year = int(m.group("year"))
        try:
            when = date(year, month, int(m.group("day")))
        except ValueError:
            continue
        num = m.group("num")
        out.append(ResolutionRef(int(num) if num else None, year, when, m.group(0).strip()))
    return out


# What follows a resolution's own number in its heading or first sentence: "határozata", "sz. KT határozat",
# "Kt. hat.", "számú határozatot hozta" — not a citation ("határozatát módosítja", "határozatával").
_HEADING_TAIL = re.compile(
    r"^\s*(?:sz(?:ámú|\.)?\s*)?(?:(?:KT|Kt\.?|Kgy\.?|kt\.?|képviselő-testületi|közgyűlési|bizottsági|polgármesteri|"
    r"önkormányzati|testületi)\s*)?(?:határozata?\b|hat\.|határozatot\s+hoz|h\.)",
    re.IGNORECASE)
_NUMBER_ONLY = re.compile(r"(?<![\d/])(?P<num>\d{1,4})\s*/\s*(?P<year>(?:19|20)\d{2})\.?")
_LONG_DATE = re.compile(r"(?P<year>(?:19|20)\d{2})\.\s*(?P<month>[a-záéíóöőúüű]+)\s+(?P<day>\d{1,2})\.?", re.IGNORECASE)


def heading_ref(text: str) -> ResolutionRef | None:
    """The resolution's own number and date where a heading or first sentence gives them."""
    for ref in find_resolution_refs(text):
        end = text.find(ref.text) + len(ref.text)
        if _HEADING_TAIL.match(text[end:end + 60]):
            return ref
    return None


def heading_number(text: str) -> tuple[str, int] | None:
    """A number with a year but no date (``112/2023. sz. határozat``): (number, year), or None."""
    for m in _NUMBER_ONLY.finditer(text):
        if _HEADING_TAIL.match(text[m.end():m.end() + 60]):
            return m.group("num"), int(m.group("year"))
    return None


def long_date(text: str) -> date | None:
    """``2023. szeptember 28.`` / ``2023. szeptember 28-i ülésén`` -> date, or None."""
    from .dates import MONTHS
    from ..text import fold

    for m in _LONG_DATE.finditer(text):
        month = MONTHS.get(fold(m.group("month")))
        if month is None:
            continue
        try:
            return date(int(m.group("year")), month, int(m.group("day")))
        except ValueError:
            continue
    return None


def ref_from(number: str | None, when: date, text: str) -> ResolutionRef:
    """A reference built from a number and a date written apart (``112/2023. sz.`` … ``2023. szeptember 28.``)."""
    return ResolutionRef(int(number) if number else None, when.year, when, text)
