"""Every shape fails on a bad example and passes on the good one, asserted exactly:
source shape, constraint component and focus node of every result.

The good graph is tests/fixtures/shapes/good.ttl (plus the real ontology and target groups);
each bad example in tests/fixtures/shapes/bad/ is a SPARQL update of it, named for its fault,
whose '# expect:' lines list the results it must produce (and nothing else). Each example is run
twice: by plain pySHACL with all shapes over the whole graph (the reference), and by esely-graph's
validate with its default engine (the shapes compiled into SPARQL on Oxigraph): both must give
exactly the expected results; and esely-graph's two engines (fast and pySHACL per unit) must give the
same findings, field by field (tests/test_validate_engines.py). Deadlines are judged as of conftest.AS_OF.
"""

import re
from pathlib import Path

import pytest
from pyshacl import validate
from rdflib import Graph, URIRef
from rdflib.namespace import RDF, SH

from esely_graph.validate import validate as esely_validate
from esely_graph.validate.shapes import load_shapes
from conftest import AS_OF, ROOT, TTL
from test_validate_engines import assert_same

COMPARED: list[int] = []  # findings compared between the two engines, per graph

FIX = ROOT / "tests" / "fixtures" / "shapes"
ESHP = "https://w3id.org/esely/shapes#"
EX = "https://w3id.org/esely/id/doc/fixture/"
ESELY = "https://w3id.org/esely/ontology#"


SHAPES = load_shapes(ROOT / "shapes", AS_OF).full  # all shapes, the day set


def data(update: str | None = None) -> Graph:
    g = Graph()
    g.parse(FIX / "good.ttl")
    g.parse(TTL / "ontology.ttl")
    g.parse(TTL / "target-groups.ttl")
    if update:
        g.update(update)
    return g


def results(g: Graph, tmp_path: Path | None = None) -> set[tuple[str, str, str]]:
    """The results of plain pySHACL; with tmp_path, also esely-graph's validate, which must agree."""
    _, report, _ = validate(g, shacl_graph=SHAPES, advanced=True, inference="none")
    out = set()
    for r in report.subjects(RDF.type, SH.ValidationResult):
        shape = report.value(r, SH.sourceShape)
        comp = str(report.value(r, SH.sourceConstraintComponent)).rsplit("#", 1)[1].replace("ConstraintComponent", "")
        focus = str(report.value(r, SH.focusNode))
        out.add((str(shape).replace(ESHP, ""), comp, focus))
    if tmp_path is not None:
        assert engine_results(g, tmp_path) == out
    return out


def engine_results(g: Graph, tmp_path: Path) -> set[tuple[str, str, str]]:
    """esely-graph's validate on g written as a built graph: the document, ontology and target groups."""
    ttl = tmp_path / "ttl"
    ttl.mkdir()
    files = {name: Graph().parse(TTL / name) for name in ("ontology.ttl", "target-groups.ttl")}
    owner = {s: name for name, v in files.items() for s in v.subjects()}
    parts = {name: Graph() for name in (*files, "fixture.ttl")}
    for t in g:  # each triple back to its file: vocabulary subjects to their file, the rest is the document
        parts[owner.get(t[0], "fixture.ttl")].add(t)
    for name, part in parts.items():
        part.serialize(ttl / name, format="nt", encoding="utf-8")
    report = esely_validate(ttl, ROOT / "shapes", jobs=1, as_of=AS_OF, cache=False)  # the fast engine
    reference = esely_validate(ttl, ROOT / "shapes", jobs=1, as_of=AS_OF, engine="pyshacl", cache=False)
    COMPARED.append(assert_same(report, reference))  # every field of every finding, and the report's results
    return {(f.shape.replace(ESHP, ""), f.component.rsplit("#", 1)[1].replace("ConstraintComponent", ""), f.focus)
            for f in report.findings}


def expand(focus: str) -> str:
    if focus.startswith("ex:"):
        return EX + focus[3:]
    if focus.startswith("esely:"):
        return ESELY + focus[6:]
    return focus.strip("<>")


def test_good_graph_has_no_result_at_any_severity(tmp_path):
    assert results(data(), tmp_path) == set()


BAD = sorted((FIX / "bad").glob("*.ru"))


@pytest.mark.parametrize("path", BAD, ids=[p.stem for p in BAD])
def test_bad_example(path: Path, tmp_path):
    text = path.read_text(encoding="utf-8")
    expected = {(s, c, expand(f)) for s, c, f in re.findall(r"^# expect: (\S+) (\S+) (\S+)$", text, re.M)}
    assert expected, f"{path.name} has no '# expect:' line"
    assert results(data(text), tmp_path) == expected


def test_every_shape_has_a_bad_example():
    """Each named property/node shape that carries a constraint is hit by at least one bad example."""
    hit = set()
    for path in BAD:
        hit |= {s for s, _, _ in re.findall(r"^# expect: (\S+) (\S+) (\S+)$", path.read_text(encoding="utf-8"), re.M)}
    constrained = set()
    for s in SHAPES.subjects(SH.severity, None):
        if (s, RDF.type, SH.SPARQLConstraint) in SHAPES:
            s = SHAPES.value(None, SH.sparql, s)  # a SPARQL constraint reports its node shape
        if isinstance(s, URIRef) and str(s).startswith(ESHP):
            constrained.add(str(s)[len(ESHP):])
    assert sorted(constrained - hit) == []


def test_completed_measure_is_not_overdue(tmp_path):
    case = (FIX / "bad" / "measure-overdue.ru").read_text(encoding="utf-8")
    g = data(case)
    g.update("PREFIX esely: <https://w3id.org/esely/ontology#> PREFIX ex: <%s> "
             "INSERT DATA { ex:m1 esely:completed true }" % EX)
    assert results(g, tmp_path) == set()
