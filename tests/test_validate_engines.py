"""The fast engine (shapes compiled into SPARQL on Oxigraph) against the reference (pySHACL per
document unit): the same findings — every field: document, focus, severity, shape, component, path,
value, both messages, file, line, text, detail — and the same results in the sh:ValidationReport, on
the committed graph, the fixture towns' graph and (tests/test_shapes.py) every bad example; and a
shape using a SHACL feature the compiler does not know is refused, naming the shape and the feature."""

import shutil

import pytest
from rdflib import BNode
from rdflib.collection import Collection
from rdflib.namespace import RDF, SH

from esely_graph.build import build
from esely_graph.validate import validate
from esely_graph.validate.compile import UnsupportedShape
from esely_graph.store import load_named
from conftest import AS_OF, DATA, SHAPES, TTL


def result_keys(report) -> list[tuple]:
    """Every sh:ValidationResult of the report (details too), a sequence path as its list of IRIs."""
    g = report.graph

    def path(r):
        p = g.value(r, SH.resultPath)
        return tuple(str(x) for x in Collection(g, p)) if isinstance(p, BNode) else str(p)
    return sorted((str(g.value(r, SH.focusNode)), str(g.value(r, SH.sourceShape)),
                   str(g.value(r, SH.sourceConstraintComponent)), path(r),
                   str(g.value(r, SH.value)), str(g.value(r, SH.resultSeverity)),
                   tuple(sorted((str(m), m.language or "") for m in g.objects(r, SH.resultMessage))))
                  for r in g.subjects(RDF.type, SH.ValidationResult))


def assert_same(fast, reference) -> int:
    assert fast.findings == reference.findings
    assert result_keys(fast) == result_keys(reference)
    assert fast.units == reference.units
    return len(fast.findings)


def test_committed_graph_same_findings_as_pyshacl(validated):
    reference = validate(TTL, SHAPES, jobs=1, as_of=AS_OF, engine="pyshacl", cache=False)
    assert assert_same(validated, reference) == 30  # 0 violations, warnings and notes (test_validate.py)


def test_the_store_gives_the_same_report_as_the_turtle(validated):
    store = load_named(TTL)  # the layout of the on-disk store: one named graph per file
    assert validate(TTL, SHAPES, as_of=AS_OF, store=store).findings == validated.findings


@pytest.mark.slow
def test_fixture_towns_same_findings_as_pyshacl(tmp_path):
    from test_municipalities import make_corpus

    data = tmp_path / "data"
    shutil.copytree(DATA, data, ignore=shutil.ignore_patterns("ttl"))
    make_corpus(data)
    build(data, data / "ttl")
    fast = validate(data / "ttl", SHAPES, as_of=AS_OF, engine="fast", cache=False)
    reference = validate(data / "ttl", SHAPES, jobs=2, as_of=AS_OF, engine="pyshacl", cache=False)
    assert assert_same(fast, reference) == 30  # the two towns add documents, no findings


UNKNOWN = """
@prefix sh: <http://www.w3.org/ns/shacl#> .
@prefix eshp: <https://w3id.org/esely/shapes#> .
@prefix esely: <https://w3id.org/esely/ontology#> .
eshp:New a sh:NodeShape ; sh:targetClass esely:Measure ; sh:property eshp:New-title .
eshp:New-title a sh:PropertyShape ; sh:path esely:title ; sh:pattern "^[A-Z]" ;
    sh:message "x"@hu , "x"@en .
"""


def test_a_shape_with_an_unknown_feature_is_refused(tmp_path):
    shapes = tmp_path / "shapes"
    shutil.copytree(SHAPES, shapes)
    (shapes / "new.ttl").write_text(UNKNOWN, encoding="utf-8")
    with pytest.raises(UnsupportedShape, match=r"shape eshp:New-title: sh:pattern is not supported"):
        validate(TTL, shapes, as_of=AS_OF)
