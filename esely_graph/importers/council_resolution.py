"""Importer for council resolution texts (kind ``council-resolution``).

Reads the resolution number line (``**482/2021.(VII. 22.) sz. KT határozat**``),
its bold title, the numbered points (``- 1.) …``) with their nested bullets
(strategic goals set by that point), ``Felelős:`` (owner) and ``Határidő:``
(deadlines, per point where written as ``2. pont esetében: …``).
"""

from __future__ import annotations

import re
from pathlib import Path

from ..errors import SourceError
from ..normalise.resolutions import find_resolution_refs
from ..records import Cell, ProseDocument, ResolutionPoint
from .context import ImportContext
from .prose import indent, paragraphs
from .tables import read_lines

_POINT = re.compile(r"^\s*-\s*(\d+)\.?\)\s*(.*)$")


def read(path: Path, display: str, ctx: ImportContext, encoding: str = "utf-8") -> ProseDocument:
    lines = read_lines(path, display, encoding)
    doc = ProseDocument(lines=[(ln.number, re.sub(r"\*\*", "", ln.raw).strip()) for ln in lines if not ln.blank])
    paras = paragraphs(lines)
    for para in paras:
        refs = find_resolution_refs(para.text)
        if refs and para.bold and doc.heading is None:
            doc.heading = Cell(para.text, "heading", list(para.lines))
            doc.resolution_text = Cell(refs[0].text, "heading", list(para.lines))
            continue
        if doc.heading is not None and doc.title is None and para.bold:
            doc.title = Cell(para.text, "title", list(para.lines))
            continue
        if re.search(r"úgy dönt|határozatot hozta", para.text):
            doc.body = Cell(para.text, "body", list(para.lines))
            continue
    if doc.heading is None:
        raise SourceError(display, 1, 1, "no resolution number found; expected a bold line such as "
                          "'**482/2021. (VII. 22.) sz. KT határozat**'")
    point: ResolutionPoint | None = None
    for ln in lines:
        m = _POINT.match(ln.raw)
        if m and indent(ln.raw) == 0:
            point = ResolutionPoint(int(m.group(1)), Cell(m.group(2).strip(), f"point {m.group(1)}", [ln.number]))
            doc.points.append(point)
        elif re.match(r"^\s+-\s", ln.raw) and point is not None:
            point.goals.append(Cell(ln.raw.strip()[1:].strip(), f"point {point.number}", [ln.number]))
        elif ln.raw.startswith("Felelős:"):
            doc.owner = Cell(ln.raw.split(":", 1)[1].strip(), "Felelős", [ln.number])
        elif ln.raw.startswith("Határidő:"):
            text = ln.raw.split(":", 1)[1].strip()
            doc.deadline = Cell(text, "Határidő", [ln.number])
            for num, when in re.findall(r"(\d+)\.\s*pont(?:ja)? esetében:\s*([^;]+)", text):
                for p in doc.points:
                    if p.number == int(num):
                        p.deadline = Cell(when.strip().rstrip("."), "Határidő", [ln.number])
    if not doc.points:
        raise SourceError(display, None, None, "no numbered points found; expected lines such as '- 1.) jóváhagyja …'")
    return doc
