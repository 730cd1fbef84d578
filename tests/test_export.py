"""`esely-graph export`: every format, loaded back, is isomorphic to the built graph; N-Quads and TriG
keep one named graph per document file; --municipality keeps one town's part; output is all or nothing."""

import io

import pytest
from click.testing import CliRunner
from rdflib import Dataset, Graph, URIRef
from rdflib.compare import isomorphic

from esely_graph.cli import main
from esely_graph.export import export
from conftest import TTL

GRAPH = "https://w3id.org/esely/id/graph/"
pytestmark = pytest.mark.filterwarnings("ignore::DeprecationWarning")  # rdflib's own parsers' notices
RDFLIB_FORMAT = {"nt": "nt", "ttl": "turtle", "jsonld": "json-ld", "nq": "nquads", "trig": "trig"}


def exported(fmt: str, municipality=None) -> bytes:
    buf = io.BytesIO()
    export(TTL, fmt, buf, municipality)
    return buf.getvalue()


@pytest.mark.parametrize("fmt", ["nt", "ttl", "jsonld"])
def test_triples_formats_round_trip_isomorphic(graph, fmt):
    back = Graph().parse(data=exported(fmt), format=RDFLIB_FORMAT[fmt])
    assert len(back) == len(graph)
    assert isomorphic(back, graph)


@pytest.mark.parametrize("fmt", ["nq", pytest.param("trig", marks=pytest.mark.slow)])
def test_dataset_formats_keep_one_named_graph_per_file(graph, fmt):
    ds = Dataset().parse(data=exported(fmt), format=RDFLIB_FORMAT[fmt])
    names = sorted(str(g.identifier) for g in ds.graphs() if len(g))
    assert names == sorted(GRAPH + p.stem for p in TTL.glob("*.ttl"))
    for path in sorted(TTL.glob("*.ttl")):
        assert isomorphic(ds.graph(URIRef(GRAPH + path.stem)), Graph().parse(path))
    merged = Graph()
    for g in ds.graphs():
        merged += g
    assert isomorphic(merged, graph)


def test_municipality_keeps_its_own_part():
    ds = Dataset().parse(data=exported("nq", "kecskemet"), format="nquads")
    names = {str(g.identifier).removeprefix(GRAPH) for g in ds.graphs() if len(g)}
    # its one document, the two vocabularies kept whole, and its part of the shared ones
    assert {"kecskemet-kozossegi-beavatkozasi-terv-2018", "ontology", "target-groups",
            "organisations", "strategies"} <= names
    assert not any(n.startswith("jozsefvaros") for n in names)
    subjects = {str(q[0]) for q in ds.quads()}
    assert "https://w3id.org/esely/id/org/kecskemet" in subjects
    assert "https://w3id.org/esely/id/strategy/kecskemet/kozossegi-beavatkozasi-terv" in subjects
    assert not any(s.startswith("https://w3id.org/esely/id/org/jozsefvaros") for s in subjects)
    assert not any(s.startswith("https://w3id.org/esely/id/doc/jozsefvaros") for s in subjects)


def test_cli_writes_the_file_or_nothing(tmp_path):
    out = tmp_path / "graph.nt"
    ok = CliRunner().invoke(main, ["export", "--data", str(TTL), "--format", "nt", "--out", str(out)])
    assert ok.exit_code == 0, ok.output
    assert len(Graph().parse(out, format="nt")) == len(out.read_text(encoding="utf-8").splitlines())
    bad = tmp_path / "bad.nt"
    fail = CliRunner().invoke(main, ["export", "--data", str(TTL), "--municipality", "nosuch", "--out", str(bad)])
    assert fail.exit_code == 1 and "no document names municipality 'nosuch'" in fail.output
    assert [p.name for p in tmp_path.iterdir()] == ["graph.nt"]  # no partial or temporary file left
