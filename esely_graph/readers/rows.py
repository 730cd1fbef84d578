"""The one shape every reader gives: numbered rows of cells, each with a place a person can find.

A ``Row`` is what the importers call a line: ``number`` is a sequential row
number (the line of a text file, the row of a sheet, the n-th row read from a
Word or PDF table) used in IRIs, ``place`` says where it is in words
(``line 12``, ``sheet 'Intézkedések' row 7``, ``table 2 row 5``, ``page 3 row 4``).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field


@dataclass(frozen=True)
class Row:
    number: int  # 1-based, sequential within the document
    raw: str  # the row as text (cells joined by spaces), or the prose line
    split: tuple[str, ...] | None = None  # the cells; None: tab-separated raw
    place: str = ""  # "line 12", "sheet 'X' row 7", "table 2 row 5", "page 3 row 4"
    values: tuple[object, ...] | None = None  # typed cell values (numbers, dates) where the format has them

    @property
    def cells(self) -> list[str]:
        return list(self.split) if self.split is not None else self.raw.split("\t")

    @property
    def blank(self) -> bool:
        return not self.raw.strip()

    @property
    def has_text(self) -> bool:
        return bool(re.search(r"\w", self.raw))

    def value(self, index: int) -> object | None:
        """The typed value of a cell (a number or date), when the format stored one."""
        if self.values is None or index >= len(self.values):
            return None
        return self.values[index]


def cell_row(number: int, cells: list[str], place: str, values: list[object] | None = None) -> Row:
    """A table row from its cells."""
    return Row(number, " ".join(c for c in cells if c), tuple(cells), place,
               tuple(values) if values is not None and any(v is not None for v in values) else None)


@dataclass
class Table:
    """One table of a document: its rows, where it is, and the text just above it."""

    name: str  # "line", "sheet 'Intézkedések'", "table 2", "pages 1–3"
    rows: list[Row] = field(default_factory=list)
    caption: list[str] = field(default_factory=list)  # text above a Word or PDF table (title lines)


@dataclass
class Source:
    """What a reader found in one file."""

    format: str  # "text", "docx", "xlsx", "pdf"
    tables: list[Table] = field(default_factory=list)
    encoding: str | None = None  # the text encoding used, for text files
