"""Read every corpus table in every format with the importers, and check it cell by cell.

Run ``python -m tests.corpus.score`` (or ``python tests/corpus/score.py``) from the project root for a
table of how many corpus cells each format reads correctly; the tests assert the same checks.

A cell is read correctly when its text (spaces collapsed) is in the record it belongs to — the header
under its meaning, a section label, the measure (by code, worked out here from the definition) under
the cell's column, the problem or opportunity — and that record's rows all have a place.
"""

from __future__ import annotations

import re
import sys
from collections import Counter
from pathlib import Path

from .model import RepeatedHeader, Section, TableDef, Town, text

FORMAT_PLACES = {"docx": r"table \d+ row \d+", "xlsx": r"sheet '[^']+' row \d+", "pdf": r"page \d+ row \d+",
                 "csv": r"line \d+"}


def norm(s: str) -> str:
    return re.sub(r"\s+", " ", s).strip()


def import_table(t: TableDef, path: Path, encoding: str | None = None):
    from esely_graph.importers import hep_action_plan, hep_conclusions
    from esely_graph.importers.context import ImportContext
    from esely_graph.layout import resource
    from esely_graph.normalise.names import Gazetteer
    from esely_graph.normalise.target_groups import TargetGroupMatcher

    ctx = ImportContext(TargetGroupMatcher.from_file(resource("ontology") / "target-groups.ttl"), Gazetteer([]))
    read = {"hep-action-plan": hep_action_plan.read, "hep-conclusions": hep_conclusions.read}[t.kind]
    return read(path, path.name, ctx, encoding)


def expected_codes(t: TableDef) -> list[str | None]:
    """The measure code each data row belongs to, worked out from the definition (None: not a data row)."""
    out, section, code = [], None, None
    for row in t.rows:
        if isinstance(row, Section):
            section = re.match(r"([0-9]+|[IVXLC]+)\.", row.label).group(1)
            out.append(None)
        elif isinstance(row, RepeatedHeader):
            out.append(None)
        else:
            number = text(row[t.keys.index("number")]).rstrip(".")
            if number:
                code = number if "/" in number else f"{section}/{number}"
            out.append(code)
    return out


def check_cells(t: TableDef, doc, fmt: str) -> list[tuple[str, bool, str]]:
    """(cell text, read correctly, where) for every non-empty cell of the definition's table."""
    places = doc.places
    pattern = re.compile(FORMAT_PLACES[fmt])

    def placed(lines) -> bool:
        return bool(lines) and all(pattern.fullmatch(places.get(n, "")) for n in lines)

    results = []
    header = {norm(h): k for k, h in doc.header}
    for key, head in zip(t.keys, t.header):
        results.append((head, header.get(norm(head)) == key, "header"))
    sections = {norm(s.label): s for s in doc.sections}
    measures = {m.code: m for m in doc.measures}
    problem = None
    for row, code in zip(t.rows, expected_codes(t) if t.kind == "hep-action-plan" else [None] * len(t.rows)):
        if isinstance(row, RepeatedHeader):
            continue
        if isinstance(row, Section):
            s = sections.get(norm(row.label))
            results.append((row.label, s is not None and bool(pattern.fullmatch(places.get(s.line, ""))), "section"))
            continue
        if t.kind == "hep-conclusions":
            group, ptext, otext = (norm(text(row[t.keys.index(k)])) for k in ("group", "problem", "opportunity"))
            if group:
                s = sections.get(group)
                results.append((group, s is not None and bool(pattern.fullmatch(places.get(s.line, ""))), "group"))
            if ptext:
                problem = next((p for p in doc.problems if ptext in norm(p.text.text)), None)
                results.append((ptext, problem is not None and placed(problem.text.lines), "problem"))
            if otext:
                opp = next((o for o in (problem.opportunities if problem else []) if otext in norm(o.text.text)), None)
                results.append((otext, opp is not None and placed(opp.text.lines), "opportunity"))
            continue
        m = measures.get(code)
        for key, head, cell in zip(t.keys, t.header, row):
            value = norm(text(cell))
            if not value:
                continue
            if m is None:
                results.append((value, False, f"measure {code} missing"))
            elif key == "number":
                results.append((value, placed(m.lines), key))
            elif key == "A":
                results.append((value, value in norm(m.title.text) and placed(m.title.lines), key))
            elif key == "extra":
                ok = any(c.column == head and value in norm(c.text) and placed(c.lines) for c in m.extra)
                results.append((value, ok, key))
            else:
                c = m.cells.get(key)
                results.append((value, c is not None and value in norm(c.text) and placed(c.lines), key))
    return results


def golden(t: TableDef, doc) -> list:
    """What the records say, in the golden values' shape, for comparing with the hand-written ones."""
    from .model import MeasureGold, ProblemGold

    if t.kind == "hep-action-plan":
        def cell(m, k):
            return norm(m.cells[k].text) if k in m.cells else ""
        return [MeasureGold(m.code, norm(m.title.text), cell(m, "G"), cell(m, "H"), cell(m, "J"), cell(m, "I"))
                for m in doc.measures]
    return [ProblemGold(norm(p.section.label), norm(p.text.text), tuple(norm(o.text.text) for o in p.opportunities))
            for p in doc.problems]


def check_prose(lines: list[str], path: Path) -> list[tuple[str, bool, str]]:
    """(paragraph, read, where) for every paragraph of a prose definition: its text is in the lines read,
    in order, and every line read has a place."""
    from esely_graph.readers import read_prose

    rows = read_prose(path, path.name).tables[0].rows
    got = norm(" ".join(r.raw.replace("**", "") for r in rows if r.raw.strip()))
    placed = all(r.place for r in rows)
    out, at = [], 0
    for para in lines:
        found = got.find(norm(para), at)
        out.append((para, found >= 0 and placed, "paragraph"))
        at = found + len(norm(para)) if found >= 0 else at
    return out


def score(towns: list[Town], folder: Path) -> Counter:
    from .writers import FORMATS, write, write_prose

    counts: Counter = Counter()
    for town in towns:
        for fmt in ("txt", "docx", "pdf"):
            path = write_prose(town.resolution, fmt, folder / f"{town.name}-hatarozat.{fmt}")
            for _, ok, _ in check_prose(town.resolution, path):
                counts[(fmt, "resolution lines", "read")] += 1
                counts[(fmt, "resolution lines", "ok")] += ok
        for t in town.tables:
            for fmt in FORMATS:
                doc = import_table(t, write(t, fmt, folder))
                for _, ok, _ in check_cells(t, doc, fmt):
                    counts[(fmt, t.kind, "read")] += 1
                    counts[(fmt, t.kind, "ok")] += ok
    return counts


def main() -> int:
    import tempfile

    from .kisvaros import KISVAROS
    from .toparti import TOPARTI

    with tempfile.TemporaryDirectory() as tmp:
        counts = score([KISVAROS, TOPARTI], Path(tmp))
    print(f"{'format':<6} {'kind':<16} {'cells':>5} {'read correctly':>15}   (resolution lines: paragraphs)")
    bad = 0
    for fmt, kind in sorted({(f, k) for f, k, _ in counts}):
        total, ok = counts[(fmt, kind, "read")], counts[(fmt, kind, "ok")]
        bad += total - ok
        print(f"{fmt:<6} {kind:<16} {total:>5} {ok:>15}")
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main())
