"""The on-disk store (one named graph per Turtle file, queries on the union of the graphs) answers as the
in-memory store does (every file loaded into one default graph): every named query with and without a
municipality, stats and the report, on the seeds and on the query fixture's two towns.

The union keeps a triple that two files state twice (Oxigraph does not deduplicate it), so the build must
state each triple in one file only: ``disk_store.repeated`` checks it on the seeds, on the seeds plus the
fixture towns, and on a synthetic corpus; a test made for the fault shows the checker finds it."""

import shutil

import pyoxigraph as ox
import pytest

from esely_graph.address import municipalities, resolve_params
from esely_graph.disk_store import graph_name, open_read_only, open_synced, repeated, sync
from esely_graph.queries import bind_params, format_rows, run_sparql
from esely_graph.report import build_report
from esely_graph.stats import stats
from esely_graph.store import open_graph
from conftest import AS_OF, ROOT, TTL
from test_queries import FIX, PARAMS, QUERIES

SEED_PARAMS = {**PARAMS, "trace": {"node": "I/1", "municipality": "jozsefvaros"}}


def _pair(ttl, store_dir):
    sync(ttl, store_dir)
    return open_graph(ttl_dir=ttl), open_graph(store_dir=store_dir)


@pytest.fixture(scope="module")
def seeds(tmp_path_factory):
    return _pair(TTL, tmp_path_factory.mktemp("seeds") / "store")


@pytest.fixture(scope="module")
def towns(tmp_path_factory):
    """The query fixture's two towns with the ontology and target groups, each a file of its own."""
    ttl = tmp_path_factory.mktemp("towns") / "ttl"
    ttl.mkdir()
    for path in (FIX / "graph.ttl", TTL / "ontology.ttl", TTL / "target-groups.ttl"):
        shutil.copy(path, ttl / path.name)
    return _pair(ttl, ttl.parent / "store")


def _csv(graph, name: str, given: dict) -> str:
    q = QUERIES[name]
    names, rows = run_sparql(graph, q.text, bind_params(q, resolve_params(graph, q, given), AS_OF))
    return format_rows(names, rows, "csv")


def _rows(csv_text: str) -> list[list[str]]:
    """The rows, each cell's words sorted (separators dropped): the order of a GROUP_CONCAT's parts is not defined (a measure's
    owners, a strategy's citing measures), and two stores may give them in different orders; which parts,
    and how many times each, is defined (a triple counted twice would show as a part twice)."""
    import csv
    import io
    import re

    return [[" ".join(sorted(re.split(r"[;\s]+", cell))) for cell in row] for row in csv.reader(io.StringIO(csv_text))]


def _same_rows(pair, params: dict, name: str) -> None:
    in_memory, on_disk = pair
    q = QUERIES[name]
    towns = [m.iri for m in municipalities(in_memory)]
    assert towns and towns == [m.iri for m in municipalities(on_disk)]
    takes_town = any(p.name == "municipality" for p in q.params)
    for town in ([None] + towns) if takes_town and name != "trace" else [None]:  # trace: its node's town
        given = dict(params.get(name, {}))
        if town is not None:
            given["municipality"] = town
        expected = _rows(_csv(in_memory, name, given))
        assert _rows(_csv(on_disk, name, given)) == expected, (name, town)


@pytest.mark.parametrize("name", sorted(QUERIES))
def test_every_named_query_gives_the_same_rows_on_disk_on_the_seeds(seeds, name):
    _same_rows(seeds, SEED_PARAMS, name)


@pytest.mark.parametrize("name", sorted(QUERIES))
def test_every_named_query_gives_the_same_rows_on_disk_for_the_fixture_towns(towns, name):
    _same_rows(towns, PARAMS, name)


def test_fixture_towns_rows_are_not_empty(towns):
    """The comparison above is not vacuous: the fixture towns' measures are there on disk too."""
    assert len(_rows(_csv(towns[1], "measures", {}))) > 2


def test_stats_are_the_same_on_disk(seeds, towns):
    for in_memory, on_disk in (seeds, towns):
        expected = stats(None, store=in_memory)
        assert stats(None, store=on_disk) == expected and len(expected[1]) > 5


def test_stats_reads_the_given_store_not_the_turtle(tmp_path):
    """A store is read as given: the Turtle folder is not looked at (here it does not exist)."""
    store = ox.Store()
    store.add(ox.Quad(ox.NamedNode("https://x.example/a"), ox.NamedNode("http://www.w3.org/1999/02/22-rdf-syntax-ns#type"),
                      ox.NamedNode("https://x.example/C"), graph_name("one")))
    names, rows = stats(tmp_path / "missing", store=store)
    assert [(r["document"].value, r["class"].value, r["n"].value) for r in rows] == [("(vocabulary)", "https://x.example/C", "1")]


def test_report_is_the_same_on_disk(tmp_path):
    """report.md, report.html and every CSV: the same lines from the Turtle and from the on-disk store (the
    words of each line compared as a multiset: a measure's owners come in an undefined order; the CSVs are
    whole, the Markdown and HTML cut long cells)."""
    import re

    _, store = open_synced(TTL, tmp_path / "store")
    build_report(TTL, ROOT / "queries", tmp_path / "memory", AS_OF)
    build_report(tmp_path / "no-turtle-here", ROOT / "queries", tmp_path / "disk", AS_OF, store=store)
    files = sorted(p.relative_to(tmp_path / "memory") for p in (tmp_path / "memory").rglob("*") if p.is_file())
    assert len(files) > 10
    assert files == sorted(p.relative_to(tmp_path / "disk") for p in (tmp_path / "disk").rglob("*") if p.is_file())
    def lines(path):  # a cell the report cut short ("…") keeps an undefined choice of parts: only its place
        return [sorted(re.split(r"[;,<>\s]+", re.sub(r"[^|<>]*…[^|<>]*", "…", line)))
                for line in path.read_text(encoding="utf-8").splitlines()]

    for f in files:
        assert lines(tmp_path / "disk" / f) == lines(tmp_path / "memory" / f), f


# ---------------------------------------------------------------- each triple stated once


def test_a_triple_two_files_state_is_counted_twice_by_the_union_and_found_by_the_checker(tmp_path):
    """The fault: the same triple in two files. The in-memory default graph has it once, the on-disk union
    twice (a COUNT differs); ``repeated`` names it with both files, and an incremental sync (fewer than half the graphs
    reloaded: a third file here) reports it."""
    ttl = tmp_path / "ttl"
    ttl.mkdir()
    (ttl / "a.ttl").write_text('<https://x.example/s> <https://x.example/p> "o" .\n', encoding="utf-8")
    (ttl / "b.ttl").write_text('<https://x.example/t> <https://x.example/p> "o" .\n', encoding="utf-8")
    (ttl / "c.ttl").write_text('<https://x.example/u> <https://x.example/p> "o" .\n', encoding="utf-8")
    assert sync(ttl, tmp_path / "store").repeated == []  # full load: not checked by sync
    (ttl / "b.ttl").write_text('<https://x.example/s> <https://x.example/p> "o" .\n', encoding="utf-8")
    update = sync(ttl, tmp_path / "store")
    assert update.loaded == ["b"]
    assert [(t.subject.value, files) for t, files in update.repeated] == [("https://x.example/s", ["a", "b"])]
    count = "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }"
    assert open_graph(ttl_dir=ttl).select(count)[1][0]["n"].value == "2"
    assert open_graph(store_dir=tmp_path / "store").select(count)[1][0]["n"].value == "3"
    assert [files for _, files in repeated(open_read_only(tmp_path / "store"))] == [["a", "b"]]


def test_the_seeds_state_each_triple_in_one_file_only(seeds):
    assert repeated(seeds[1].store, limit=5) == []


def test_the_fixture_towns_state_each_triple_in_one_file_only(tmp_path, data_copy):
    """The seeds plus two towns whose plans reuse the seeds' owner words, codes and strategy names: the
    shared vocabularies (organisations, strategies, settlements, links) and the documents never repeat."""
    from esely_graph.build import build
    from test_municipalities import make_corpus

    make_corpus(data_copy)
    build(data_copy, data_copy / "ttl", ROOT / "ontology")
    _, store = open_synced(data_copy / "ttl", tmp_path / "store")
    assert len(list(store.named_graphs())) >= 16
    assert repeated(store, limit=5) == []


@pytest.mark.slow
def test_a_synthetic_corpus_states_each_triple_in_one_file_only(tmp_path):
    from esely_graph.bench.corpus import write_corpus
    from esely_graph.bench.seeds import read_seeds
    from esely_graph.build import build
    from esely_graph.layout import Layout

    write_corpus(read_seeds(Layout.of(ROOT)), tmp_path / "data", 4, seed=3)
    build(tmp_path / "data", tmp_path / "data" / "ttl", ROOT / "ontology")
    _, store = open_synced(tmp_path / "data" / "ttl", tmp_path / "store")
    assert repeated(store, limit=5) == []
