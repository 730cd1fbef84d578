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
