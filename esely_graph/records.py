"""Plain records passed from importers to the build step. No rdflib here.

Every value carries where it came from: the source lines and the column; a
document maps each line (row number) to its place in words (``places``).
"""

from __future__ import annotations

from dataclasses import dataclass, field

from .text import join_continuation


@dataclass
class Cell:
    text: str
    column: str  # template letter or our column key
    lines: list[int]
    flags: list[tuple[str, str]] = field(default_factory=list)  # (flag name, note)
    value: object | None = None  # the typed value (number, date) where the format stored one

    def extend(self, text: str, line: int) -> None:
        self.text = join_continuation(self.text, text)
        if line not in self.lines:
            self.lines.append(line)


@dataclass
class Section:
    order: int
    label: str
    line: int
    code: str | None = None  # "0", "I", … when the heading is numbered
    target_groups: list[str] = field(default_factory=list)  # concept IRIs


@dataclass
class Opportunity:
    text: Cell


@dataclass
class Problem:
    text: Cell
    section: Section
    opportunities: list[Opportunity] = field(default_factory=list)
    flags: list[tuple[str, str]] = field(default_factory=list)
    extra: list[Cell] = field(default_factory=list)  # cells under columns no meaning fits; column = header text

    @property
    def line(self) -> int:
        return self.text.lines[0]


@dataclass
class Item:
    """A measure or a sub-task: a titled row with column cells."""

    code: str
    title: Cell | None
    cells: dict[str, Cell] = field(default_factory=dict)
    lines: list[int] = field(default_factory=list)
    flags: list[tuple[str, str]] = field(default_factory=list)
    extra: list[Cell] = field(default_factory=list)  # cells under columns no meaning fits; column = header text

    def put(self, key: str, text: str, line: int, value: object | None = None) -> None:
        """Set a column, or join it to what an earlier row of this item gave."""
        if not text:
            return
        if key in self.cells:
            cell = self.cells[key]
            if cell.text == text:
                return
            cell.extend(text, line)
            cell.value = None  # a joined cell is text
        else:
            self.cells[key] = Cell(text, key, [line], value=value)
        if line not in self.lines:
            self.lines.append(line)


@dataclass
class Measure(Item):
    section: Section | None = None
    subtasks: list[Item] = field(default_factory=list)
    hep: bool = False  # a HEP action-plan measure, bound by the template


@dataclass
class TableDocument:
    """What a table importer found in one file."""

    title: str | None = None
    header: list[tuple[str, str]] = field(default_factory=list)  # (column key, header text)
    sections: list[Section] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)
    measures: list[Measure] = field(default_factory=list)
    notes: list[Cell] = field(default_factory=list)  # footnotes
    skipped: list[tuple[int, str]] = field(default_factory=list)  # (line, why) for lines with no data
    places: dict[int, str] = field(default_factory=dict)  # line -> "sheet 'X' row 7", "page 3 row 4", "line 12"
    format: str | None = None  # "text", "docx", "xlsx", "pdf"
    table: str | None = None  # which table of the file: "sheet 'Intézkedések'", "table 2", "pages 1–3"


@dataclass
class ResolutionPoint:
    number: str  # as written, without its punctuation: "1", "IV", "a"
    text: Cell
    goals: list[Cell] = field(default_factory=list)
    deadline: Cell | None = None
    owner: Cell | None = None
    points: list["ResolutionPoint"] = field(default_factory=list)  # a), b) under 1.


@dataclass
class Resolution:
    """One resolution of a published text: its heading, body, points, owner and deadline lines."""

    heading: Cell | None = None  # the line that gives the number and date
    ref: object | None = None  # normalise.resolutions.ResolutionRef, or None when no number/date was found
    title: Cell | None = None
    enacting: Cell | None = None  # "… Képviselő-testülete úgy dönt, hogy"
    emergency: Cell | None = None  # the sentence citing the emergency powers the mayor acts under
    points: list[ResolutionPoint] = field(default_factory=list)
    owner: Cell | None = None
    deadline: Cell | None = None
    paragraphs: list[Cell] = field(default_factory=list)  # other text of the resolution, kept
    flags: list[tuple[str, str]] = field(default_factory=list)


@dataclass
class ProseDocument:
    """What a prose importer (resolution, proposal) found in one file."""

    heading: Cell | None = None  # the resolution number line, or the proposal subject
    title: Cell | None = None
    resolution_text: Cell | None = None  # "482/2021. (VII. 22.)" as written
    body: Cell | None = None  # council or assembly
    committee: Cell | None = None
    submitter: Cell | None = None  # "Előterjesztő: Kovácsné Tóth Mária polgármester"
    case_number: Cell | None = None
    meeting_date: Cell | None = None
    dated: Cell | None = None
    prepared_by: list[Cell] = field(default_factory=list)
    points: list[ResolutionPoint] = field(default_factory=list)
    owner: Cell | None = None
    deadline: Cell | None = None
    workshop_groups: list[Cell] = field(default_factory=list)
    paragraphs: list[Cell] = field(default_factory=list)
    draft_resolution: Cell | None = None
    adopted_by_reference: list[Cell] = field(default_factory=list)  # sentences saying a resolution adopted something
    resolutions: list[Resolution] = field(default_factory=list)  # a resolution text: each resolution it holds
    flags: list[tuple[str, str]] = field(default_factory=list)  # what the importer could not find (flag, note)
    lines: list[tuple[int, str]] = field(default_factory=list)  # every non-empty line, kept on its source row
    places: dict[int, str] = field(default_factory=dict)  # line -> "paragraph 3", "page 2 line 5", "line 12"
