"""Importer for council resolution texts (kind ``council-resolution``), as towns publish them.

Reads lines (Markdown or plain text; a prose reader for .docx/.pdf hands the same lines) into one
or more resolutions, each with:

- its number and date wherever they stand: a heading (``**482/2021.(VII. 22.) sz. KT határozat**``,
  ``Kisváros Község Önkormányzata Képviselő-testületének 112/2023. (IX. 28.) határozata``, ``Kt. hat.``)
  or the first sentence (``… az alábbi 112/2023. (IX. 28.) számú határozatot hozta:``); a number whose
  date is written apart (``112/2023. sz. határozat`` … ``2023. szeptember 28-i ülésén``);
- its title, the enacting sentence (``… úgy dönt, hogy``), an emergency clause (the mayor acting for
  the council, Kat. tv. 46. § (4)), other paragraphs;
- numbered points in the forms towns write (``1.``, ``1.)``, ``1./``, ``- 1.)``, ``I.``, ``a)``), a point's
  nested bullets (goals it sets), sub-points under points;
- ``Felelős:`` and ``Határidő:`` lines (a colon or a tab), per point when they stand between points,
  else for the whole resolution (``2. pont esetében: …`` gives a point its own deadline).

A text whose number or date cannot be found imports with a flag and every line kept; it does not stop
the build. Point numbers stay text: no digit string is converted to an int (issue #16).
"""

from __future__ import annotations

import re
from pathlib import Path

from ..normalise.phrases import says
from ..normalise.resolutions import heading_number, heading_ref, long_date, ref_from
from ..records import Cell, ProseDocument, Resolution, ResolutionPoint
from .context import ImportContext
from .tables import Line, prose_places, read_lines

_MD = re.compile(r"\*\*|__|^#+\s*")
_MARK = re.compile(r"^\s*(?:[-–•*]\s*)?(?P<num>\d{1,3}|[IVXLC]{1,6}|[a-z])(?P<p>\.\)|\./|\)|\.(?=\s))\s*(?P<text>\S.*)$")
_ROMAN = re.compile(r"[IVXLC]+")
_FIELD = re.compile(r"^\s*(?:[-–•]\s*)?(?P<label>(?:a\s+végrehajtásért\s+)?felelős(?:ök)?|határidő(?:k)?)\s*(?::|\t)\s*(?P<value>.*)$",
                    re.IGNORECASE)
_BULLET = re.compile(r"^\s*[-–•]\s+(?P<text>\S.*)$")
_PER_POINT = re.compile(r"(?<![\w.])(\d{1,3}|[IVX]{1,5}|[a-z])\.?\)?\s*pont(?:ja|jai)?\s*(?:esetében|tekintetében|vonatkozásában)?:\s*([^;]+)")
_GENITIVE = re.compile(r"(?:^|\b\w+(?:nek|nak)\s*)$", re.IGNORECASE)
_TITLE = re.compile(r"^(?:[a-záéíóöőúüű„\"]|Tárgy\b)|(?:ról|ről)\.?$")


def read(path: Path, display: str, ctx: ImportContext, encoding: str = "utf-8") -> ProseDocument:
    lines = read_lines(path, display, encoding)
    doc = ProseDocument(lines=[(ln.number, _clean(ln.raw)) for ln in lines if not ln.blank])
    doc.places = prose_places(lines)
    doc.resolutions = read_resolutions(lines)
    return doc


def _clean(raw: str) -> str:
    return " ".join(_MD.sub("", raw).split())


def read_resolutions(lines: list[Line]) -> list[Resolution]:
    """Every resolution in the lines, in order (at least one: a text with no heading is one, flagged)."""
    out: list[Resolution] = []
    cur: Resolution | None = None
    point: ResolutionPoint | None = None
    stack: list[tuple[int, ResolutionPoint]] = []  # (level, point) along the last branch
    levels: dict[str, int] = {}  # point style -> level, in order of first use
    seen = 0  # points read so far in this resolution
    fields: list[tuple[str, Cell, ResolutionPoint | None, int]] = []  # (label, value, point before it, points so far)
    last: Cell | None = None  # what a continuation line extends
    blank = False
    numbers: dict[int, tuple[str, int]] = {}

    def finish() -> None:
        if cur is not None:
            _settle(cur, fields, numbers.get(id(cur)), seen)
            fields.clear()

    for ln in lines:
        raw = _MD.sub("", ln.raw)
        text = " ".join(raw.split())
        if not text:
            blank = True
            continue
        field_m = _FIELD.match(raw)
        mark = None if field_m else _MARK.match(raw)
        ref = heading_ref(text) if not (field_m or mark) else None
        num = heading_number(text) if not (field_m or mark or ref) else None
        if (ref or num) and (cur is None or (cur.heading is None and not cur.points) or _heading_form(text)):
            if cur is not None and cur.heading is None and not cur.points:
                before = cur.paragraphs + ([cur.title] if cur.title else [])  # a heading over several lines
                cur.heading = Cell(" ".join([c.text for c in before] + [text]),
                                   "heading", sorted({n for c in before for n in c.lines} | {ln.number}))
                cur.paragraphs, cur.title = [], None
            else:
                lead = None  # the body's name on the line just above the number belongs to the heading
                if cur is not None and not blank and cur.paragraphs and last is cur.paragraphs[-1] and len(last.text) < 150:
                    lead = cur.paragraphs.pop()
                finish()
                cur = Resolution(heading=Cell(f"{lead.text} {text}" if lead else text, "heading",
                                              [*(lead.lines if lead else []), ln.number]))
                out.append(cur)
                point, stack, levels, seen = None, [], {}, 0
            cur.ref = ref
            if num:
                numbers[id(cur)] = num
            last, blank = cur.heading, False
            continue
        if cur is None:
            cur = Resolution()
            out.append(cur)
        if field_m:
            label = "Határidő" if field_m.group("label").lower().startswith("határidő") else "Felelős"
            cell = Cell(field_m.group("value").strip(), label, [ln.number])
            fields.append((label, cell, stack[0][1] if stack else None, seen))  # a point's lines: its top point
            last, blank = cell, False
            continue
        if mark:
            num_text = mark.group("num")
            style = "letter" if num_text.islower() else "roman" if _ROMAN.fullmatch(num_text) else "arabic"
            level = levels.setdefault(style, len(levels))
            while stack and stack[-1][0] >= level:
                stack.pop()
            point = ResolutionPoint(num_text, Cell(mark.group("text").strip(), f"point {num_text}", [ln.number]))
            (stack[-1][1].points if stack else cur.points).append(point)
            stack.append((level, point))
            seen += 1
            last, blank = point.text, False
            continue
        bullet = _BULLET.match(raw)
        if bullet and point is not None:
            goal = Cell(bullet.group("text").strip(), f"point {point.number}", [ln.number])
            point.goals.append(goal)
            last, blank = goal, False
            continue
        if last is not None and not blank and last is not cur.heading:
            if last.column in ("Felelős", "Határidő"):
                if raw[:1] in ("\t", " "):  # a field's value continued on an indented line
                    last.text = f"{last.text}\n{text}" if last.column == "Felelős" else f"{last.text} {text}"
                    last.lines.append(ln.number)
                    continue
            else:
                last.extend(text, ln.number)
                continue
        cell = Cell(text, "paragraph", [ln.number])
        if cur.heading is not None and cur.title is None and not cur.points and cur.enacting is None \
                and _TITLE.search(text) and not says("enacting", text) and not says("emergency", text) and len(text) < 400:
            cur.title = last = Cell(text, "title", [ln.number])
        elif says("emergency", text) and cur.emergency is None:
            cur.emergency = last = cell
            if says("enacting", text) and cur.enacting is None:
                cur.enacting = cell
        elif says("enacting", text) and cur.enacting is None and not cur.points:
            cur.enacting = last = cell
        else:
            cur.paragraphs.append(cell)
            last = cell
        blank = False
    finish()
    if not out:
        out.append(Resolution(flags=[("NoResolutionNumber", "no resolution number or date found in the text")]))
    return out


def _heading_form(text: str) -> bool:
    """After points, a line starts a new resolution only when its number stands at the start or after
    a body's name in the genitive (``…Képviselő-testületének 113/2023. (IX. 28.) határozata``)."""
    m = re.search(r"(?<![\d/])\d{0,4}\s*/\s*(?:19|20)\d{2}", text)
    return m is not None and not text[:1].islower() and bool(_GENITIVE.search(text[:m.start()]))


def _settle(res: Resolution, fields, num: tuple[str, int] | None, total: int) -> None:
    """Number and date found apart; Felelős/Határidő lines to points or to the whole resolution."""
    if res.ref is None and num is not None:
        texts = [c.text for c in [res.heading, res.title, res.enacting, *res.paragraphs] if c is not None]
        when = next((d for d in map(long_date, texts) if d is not None), None)
        if when is not None:
            res.ref = ref_from(num[0], when, f"{num[0]}/{num[1]}.")
        else:
            res.flags.append(("NoResolutionDate", f"number {num[0]}/{num[1]} found, but no date"))
    elif res.ref is None:
        res.flags.append(("NoResolutionNumber", "no resolution number or date found in the text"))
    # per point when a Felelős/Határidő line stands before a later point; else for the whole resolution
    per_point = any(p is not None and count < total for _, _, p, count in fields)
    for label, cell, p, count in fields:
        target = p if (per_point and p is not None) else None
        holder = target if target is not None else res
        attr = "owner" if label == "Felelős" else "deadline"
        before = getattr(holder, attr)
        if before is None:
            setattr(holder, attr, cell)
        else:  # a second line for the same point or resolution: joined, nothing dropped
            before.text = f"{before.text}\n{cell.text}" if attr == "owner" else f"{before.text}; {cell.text}"
            before.lines.extend(n for n in cell.lines if n not in before.lines)
        if target is not None or attr == "owner":
            continue
        for num_text, when in _PER_POINT.findall(cell.text):
            for q in _all_points(res.points):
                if q.number == num_text and q.deadline is None:
                    q.deadline = Cell(when.strip().rstrip("."), "Határidő", list(cell.lines))


def _all_points(points: list[ResolutionPoint]) -> list[ResolutionPoint]:
    out = []
    for p in points:
        out.append(p)
        out.extend(_all_points(p.points))
    return out
