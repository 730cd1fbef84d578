"""Importer for council proposals with a draft resolution (kind ``council-proposal``).

Reads the submitting committee, the body and meeting date (``2018. november
22-i ülésére``), the subject (``Tárgy:``), who prepared it, the case number
(``Ügyszám:``), resolutions cited in the text (``126/2018. (VI.21.)
határozatával fogadta el …``), the workshop groups listed after
``műhelycsoport``, the draft resolution (``HATÁROZAT-TERVEZET``), its owner
(``Felelős:``) and deadline (``Határidő:``), and the date it was signed.
"""

from __future__ import annotations

import re
from pathlib import Path

from ..normalise.dates import MONTHS
from ..normalise.phrases import says
from ..normalise.resolutions import find_resolution_refs
from ..records import Cell, ProseDocument
from ..text import fold
from .context import ImportContext
from .council_resolution import read_resolutions
from .prose import paragraphs
from .tables import Line, prose_places, read_lines

_DATE = re.compile(r"(\d{4})\.\s*([a-záéíóöőúüű]+)\s+(\d{1,2})\.?(?:-(?:[aáeé]n|i))?", re.IGNORECASE)


def read(path: Path, display: str, ctx: ImportContext, encoding: str = "utf-8") -> ProseDocument:
    lines = read_lines(path, display, encoding)
    doc = ProseDocument(lines=[(ln.number, re.sub(r"\*\*", "", ln.raw).strip()) for ln in lines if not ln.blank])
    doc.places = prose_places(lines)
    paras = paragraphs(_label_breaks(lines))
    in_groups = False
    in_draft = False
    for para in paras:
        text = para.text
        cell = Cell(text, "paragraph", list(para.lines))
        if in_groups and para.text.startswith("- "):
            doc.workshop_groups.append(Cell(text[2:].strip(), "műhelycsoport", list(para.lines)))
            continue
        in_groups = False
        if re.search(r"műhelycsoport", text) and text.rstrip().endswith(":"):
            in_groups = True
            doc.paragraphs.append(cell)
            continue
        if len(text) < 40 and says("draft_section", text):
            in_draft = True
            continue
        if text.startswith("Előterjesztő:") and doc.submitter is None:
            doc.submitter = Cell(text.split(":", 1)[1].strip(), "Előterjesztő", list(para.lines))
            continue
        if doc.title is None and not in_draft and re.match(r"(?:Javaslat|Előterjesztés)\s+(?:a|az)\s", text) and len(text) < 300:
            doc.title = Cell(text, "Tárgy", list(para.lines))  # "Javaslat a … elfogadására": the subject, unlabelled
            continue
        if doc.committee is None and re.search(r"Bizottság\b", text) and para.bold:
            doc.committee = cell
            continue
        if doc.meeting_date is None and re.search(r"ülésére", text) and _DATE.search(text):
            doc.meeting_date = cell
            continue
        if text.startswith("Tárgy:") and doc.title is None:
            doc.title = Cell(text.split(":", 1)[1].strip(), "Tárgy", list(para.lines))
            continue
        if text.startswith("Az előterjesztést készítette:"):
            for n, piece in zip(para.lines, _prepared_by(lines, para.lines)):
                doc.prepared_by.append(Cell(piece, "készítette", [n]))
            continue
        if text.startswith("Ügyszám:"):
            doc.case_number = Cell(text.split(":", 1)[1].strip().rstrip("."), "Ügyszám", list(para.lines))
            continue
        if in_draft and find_resolution_refs(text) and doc.draft_resolution is None:
            doc.draft_resolution = cell
            continue
        if text.startswith("Felelős:"):
            doc.owner = Cell(text.split(":", 1)[1].strip(), "Felelős", list(para.lines))
            continue
        if text.startswith("Határidő:"):
            doc.deadline = Cell(text.split(":", 1)[1].strip(), "Határidő", list(para.lines))
            continue
        if re.match(r"^[A-ZÁÉÍÓÖŐÚÜŰ][a-záéíóöőúüű]+,\s*\d{4}\.", text) and _DATE.search(text):
            doc.dated = cell
            continue
        if not in_draft and find_resolution_refs(text) and re.search(r"fogadta el|elfogad", text):
            doc.adopted_by_reference.append(cell)
        if len(text) > 80:
            doc.paragraphs.append(cell)
        elif in_draft and re.search(r"elfogad|megtárgyalta", text):
            doc.paragraphs.append(cell)
    if doc.title is None:
        doc.flags.append(("Unreadable", "no 'Tárgy:' line found (the proposal's subject); the text is kept"))
    if doc.meeting_date is None:
        doc.flags.append(("Unreadable", "no meeting date found (e.g. '2018. november 22-i ülésére'); the text is kept"))
    start = next((i for i, ln in enumerate(lines)
                  if len(_clean(ln.raw)) < 40 and says("draft_section", _clean(ln.raw))), None)
    if start is not None:
        doc.resolutions = [r for r in read_resolutions(lines[start + 1:])
                           if r.ref is not None or r.points or r.owner or r.deadline]
    return doc


_LABEL = re.compile(r"^\s*(?:\*\*)?[A-ZÁÉÍÓÖŐÚÜŰ][\w ]{2,40}:")


def _label_breaks(lines: list[Line]) -> list[Line]:
    """A ``Label: value`` line (Tárgy:, Előterjesztő:, Ügyszám: …) starts a paragraph of its own."""
    out: list[Line] = []
    for ln in lines:
        if out and not out[-1].blank and _LABEL.match(ln.raw):
            out.append(Line(ln.number, ""))
        out.append(ln)
    return out


def _clean(raw: str) -> str:
    return " ".join(re.sub(r"\*\*|__", "", raw).split())


def _prepared_by(lines, numbers):
    """The 'készítette' paragraph, one preparer per source line."""
    by_number = {ln.number: ln.raw for ln in lines}
    out = []
    for n in numbers:
        raw = by_number[n]
        out.append(raw.split(":", 1)[1].strip() if ":" in raw else raw.strip())
    return out


def parse_hu_date(text: str):
    """``2018. november 22-én`` -> date, or None."""
    import datetime as dt

    m = _DATE.search(text)
    if not m:
        return None
    month = MONTHS.get(fold(m.group(2)))
    if month is None:
        return None
    try:
        return dt.date(int(m.group(1)), month, int(m.group(3)))
    except ValueError:
        return None
