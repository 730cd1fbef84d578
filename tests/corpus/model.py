"""The shapes a corpus table is defined in, and the hand-written golden values it must give."""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(frozen=True)
class Typed:
    """A cell Excel stores as a number or a date; every other format writes its text."""

    text: str
    value: object


@dataclass(frozen=True)
class Section:
    """A section row: one cell merged across the whole table."""

    label: str


@dataclass(frozen=True)
class RepeatedHeader:
    """The header row again, as a clerk pasted it in (Word, CSV); the PDF repeats it on each page itself."""


Cell = str | Typed
Row = Section | RepeatedHeader | list[Cell]


def text(cell: Cell) -> str:
    return cell.text if isinstance(cell, Typed) else cell


@dataclass(frozen=True)
class MeasureGold:
    code: str
    title: str
    owners: str  # G as the cell reads, spaces collapsed
    deadline: str  # H
    amount: str  # J
    indicator: str  # I ("" = the cell is empty)


@dataclass(frozen=True)
class ProblemGold:
    group: str
    problem: str
    opportunities: tuple[str, ...]


@dataclass
class TableDef:
    kind: str  # "hep-action-plan" or "hep-conclusions"
    name: str  # file stem
    sheet: str  # Excel sheet name
    title_rows: list[str]
    header: list[str]
    keys: list[str]  # what each header column means (hand-written): "number", "A" … "L", "extra", "group" …
    rows: list[Row]
    letters: list[str] = field(default_factory=list)  # a row of template letters under the header
    merge_down: set[int] = field(default_factory=set)  # columns whose empty cells continue a vertical merge
    measures: list[MeasureGold] = field(default_factory=list)
    problems: list[ProblemGold] = field(default_factory=list)


@dataclass
class Town:
    name: str
    tables: list[TableDef]
    resolution: list[str]  # a council resolution as published: one paragraph per item
