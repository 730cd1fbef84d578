"""The graph-access module: the on-disk store kept in step with the Turtle files by content hash,
provenance answered once, readable SPARQL errors, `sparql` for every query form, and remote stores:
`publish` to a real Oxigraph server (started here, read-write, loopback) and the named queries run there."""

import csv
import io
import shutil
import socket
import subprocess
import sys
import time
from pathlib import Path

import httpx
import pyoxigraph as ox
import pytest
from click.testing import CliRunner

from esely_graph.cli import main
from esely_graph.disk_store import MARKER, sync
from esely_graph.errors import EselyError
from esely_graph.queries import load_queries
from esely_graph.sparql_errors import explain_syntax_error
from esely_graph.sparql_text import check_service, substitute
from esely_graph.store import open_graph
from conftest import ROOT, TTL

QUERIES = load_queries(ROOT / "queries")
PARAMS = {"overdue-measures": {"as_of": "2025-01-01"}, "trace": {"node": "I/1"}}
DEADLINE_0_1 = "https://w3id.org/esely/id/doc/jozsefvaros-hep-it/measure/0-1/deadline"
COUNT = "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }"


def run(*args) -> str:
    result = CliRunner().invoke(main, [str(a) for a in args])
    assert result.exit_code == 0, result.output
    return result.output


def ttl_copy(tmp_path: Path) -> Path:
    dst = tmp_path / "ttl"
    shutil.copytree(TTL, dst)
    return dst


# ---------------------------------------------------------------- the on-disk store


def test_store_loads_once_then_only_what_changed(tmp_path):
    ttl, store = ttl_copy(tmp_path), tmp_path / "store"
    first = sync(ttl, store)
    assert sorted(first.loaded) == sorted(p.stem for p in TTL.glob("*.ttl")) and (store / MARKER).is_file()
    assert sync(ttl, store).loaded == []
    # one document changes: a measure's title is reworded
    it = ttl / "jozsefvaros-hep-it.ttl"
    it.write_text(it.read_text(encoding="utf-8").replace('"rezsiválság kezelése"', '"rezsiválság enyhítése"'),
                  encoding="utf-8")
    (ttl / "programmes.ttl").unlink()
    second = sync(ttl, store)
    assert second.loaded == ["jozsefvaros-hep-it"] and second.removed == ["programmes"]
    g = open_graph(store_dir=store)
    _, rows = g.select('SELECT ?m WHERE { ?m dcterms:title ?t FILTER (STR(?t) = "rezsiválság enyhítése") }')
    assert [r["m"].value for r in rows] == ["https://w3id.org/esely/id/doc/jozsefvaros-hep-it/measure/I-1"]
    _, rows = g.select("SELECT ?p WHERE { ?p a esely:Programme }")
    assert rows == []


def test_a_sync_with_nothing_changed_writes_nothing_also_with_an_empty_file(tmp_path):
    """A Turtle file with no triples (the settlements of towns with no KSH code) makes no graph; a sync that finds
    every file as it was leaves the store's marker untouched (a command with --store rewrote its 4 MB each time)."""
    import os

    ttl, store = ttl_copy(tmp_path), tmp_path / "store"
    (ttl / "settlements.ttl").write_bytes(b"")
    old = time.time_ns() - 60 * 10**9  # written a minute ago: not within the racy window of the sync's read
    for p in ttl.glob("*.ttl"):
        os.utime(p, ns=(old, old))
    sync(ttl, store)
    marker = (store / MARKER).read_bytes(), (store / MARKER).stat().st_mtime_ns
    again = sync(ttl, store)
    assert again.loaded == [] and again.removed == [] and "settlements" in again.unchanged
    assert ((store / MARKER).read_bytes(), (store / MARKER).stat().st_mtime_ns) == marker


def test_store_equals_the_turtle_files(tmp_path):
    sync(TTL, tmp_path / "store")
    on_disk, in_memory = open_graph(store_dir=tmp_path / "store"), open_graph(ttl_dir=TTL)
    assert on_disk.select(COUNT)[1][0]["n"] == in_memory.select(COUNT)[1][0]["n"]
    assert on_disk.ask('ASK { ?m esely:code "I/1" }') and in_memory.ask('ASK { ?m esely:code "I/1" }')


def test_a_folder_we_did_not_create_is_never_touched(tmp_path):
    theirs = tmp_path / "theirs"
    theirs.mkdir()
    (theirs / "notes.txt").write_text("keep me")
    with pytest.raises(EselyError, match="was not created by esely-graph"):
        sync(TTL, theirs)
    assert [p.name for p in theirs.iterdir()] == ["notes.txt"]


def test_provenance_file_place_and_original_text():
    # data/ttl/jozsefvaros-hep-it.ttl: the deadline of 0/1 comes from line 8, column H, "2024 október"
    g = open_graph(ttl_dir=TTL)
    assert g.provenance(DEADLINE_0_1) == [("sources/jozsefvaros-hep-intezkedesi-terv.tsv", "line 8, column H",
                                           "2024 október")]


def test_provenance_of_a_word_table_row_names_its_place():
    from esely_graph.store import OxigraphGraph

    store = ox.Store()
    store.load(b"""
        @prefix esely: <https://w3id.org/esely/ontology#> . @prefix prov: <http://www.w3.org/ns/prov#> .
        <urn:x:deadline> prov:wasDerivedFrom <urn:x:row> ; esely:sourceColumn "H" ; esely:originalText "2025 tavasz"@hu .
        <urn:x:row> esely:sourceFile "sources/varos-hep-it.docx" ; esely:lineNumber 7 ;
            esely:sourcePlace "table 2, row 5" .
    """, format=ox.RdfFormat.TURTLE)
    assert OxigraphGraph(store, union=False).provenance("urn:x:deadline") == [
        ("sources/varos-hep-it.docx", "table 2, row 5, column H", "2025 tavasz")]


def test_construct_and_describe_give_triples():
    g = open_graph(ttl_dir=TTL)
    triples = g.construct(f"CONSTRUCT {{ <{DEADLINE_0_1}> esely:originalText ?t }} "
                          f"WHERE {{ <{DEADLINE_0_1}> esely:originalText ?t }}")
    assert [t.object for t in triples] == [ox.Literal("2024 október", language="hu")]
    assert ox.Triple(ox.NamedNode(DEADLINE_0_1), ox.NamedNode("https://w3id.org/esely/ontology#sourceColumn"),
                     ox.Literal("H")) in g.describe(f"DESCRIBE <{DEADLINE_0_1}>")


# ---------------------------------------------------------------- SPARQL text


def test_substitute_binds_terms_and_keeps_projection():
    as_of = ox.Literal("2025-01-01", datatype=ox.NamedNode("http://www.w3.org/2001/XMLSchema#date"))
    text = "SELECT ?x ?as_of WHERE { ?x ?p ?d FILTER (?d < ?as_of) } # ?as_of in a comment\n"
    assert substitute(text, {ox.Variable("as_of"): as_of}) == (
        'SELECT ?x ("2025-01-01"^^<http://www.w3.org/2001/XMLSchema#date> AS ?as_of) WHERE { ?x ?p ?d '
        'FILTER (?d < "2025-01-01"^^<http://www.w3.org/2001/XMLSchema#date>) } # ?as_of in a comment\n')
    hostile = ox.Literal('x" } ; DROP ALL ; { "')
    assert substitute("SELECT * WHERE { ?s ?p ?v }", {ox.Variable("v"): hostile}) == \
        'SELECT * WHERE { ?s ?p "x\\" } ; DROP ALL ; { \\"" }'


def test_service_allow_list():
    check_service("SELECT * { SERVICE <https://query.wikidata.org/sparql> { ?s ?p ?o } }", {"query.wikidata.org"})
    with pytest.raises(EselyError, match="not allowed"):
        check_service("SELECT * { SERVICE <https://query.wikidata.org/sparql> { ?s ?p ?o } }", set())
    check_service('SELECT * { ?s ?p "SERVICE <http://x.org/>" } # SERVICE <http://y.org/>', set())  # not a call


def test_syntax_error_names_line_column_and_caret():
    text = "SELECT ?m WHERE {\n  ?m esely:code ?c .\n  ?m nosuch:title ?t\n}"
    with pytest.raises(EselyError) as err:
        open_graph(ttl_dir=TTL).select(text)
    assert str(err.value).splitlines() == [
        "SPARQL syntax error at line 3, column 6 (szintaktikai hiba): undeclared prefix 'nosuch:' "
        "(nincs deklarálva); declare it with PREFIX",
        "    ?m nosuch:title ?t",
        "       ^"]
    assert "line 1, column 1" in explain_syntax_error("x", "error at 1:1: expected one of ASK, BASE")


# ---------------------------------------------------------------- the sparql command


def sparql(tmp_path, text, *args) -> str:
    f = tmp_path / "q.rq"
    f.write_text(text, encoding="utf-8")
    return run("sparql", f, "--data", TTL, *args)


def test_sparql_command_every_query_form(tmp_path):
    ask = 'ASK { ?m esely:code "I/1" }'
    assert sparql(tmp_path, ask) == "true\n"
    assert sparql(tmp_path, ask, "--format", "json") == '{"head":{},"boolean":true}\n'
    construct = f"CONSTRUCT {{ <{DEADLINE_0_1}> esely:sourceColumn ?c }} WHERE {{ <{DEADLINE_0_1}> esely:sourceColumn ?c }}"
    assert sparql(tmp_path, construct, "--format", "nt") == \
        f'<{DEADLINE_0_1}> <https://w3id.org/esely/ontology#sourceColumn> "H" .\n'
    select = f"SELECT ?c WHERE {{ <{DEADLINE_0_1}> esely:sourceColumn ?c }}"
    assert sparql(tmp_path, select, "--format", "tsv") == '?c\n"H"\n'
    assert '<binding name="c"><literal>H</literal></binding>' in sparql(tmp_path, select, "--format", "xml")
    refused = CliRunner().invoke(main, ["sparql", "-", "--data", str(TTL)], input="DELETE WHERE { ?s ?p ?o }")
    assert refused.exit_code == 1 and "updates are not accepted" in refused.output


# ---------------------------------------------------------------- a real second server


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture(scope="module")
def oxigraph_server(tmp_path_factory):
    binary = Path(sys.executable).parent / "oxigraph"
    if not binary.exists():
        pytest.skip("the oxigraph server (pip install oxigraph) is not installed")
    location = tmp_path_factory.mktemp("oxigraph")
    port = free_port()
    proc = subprocess.Popen([str(binary), "serve", "--location", str(location / "db"),
                             "--bind", f"127.0.0.1:{port}", "--union-default-graph"],
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    base = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 30
    while True:
        try:
            httpx.get(base + "/query", params={"query": "ASK {}"}, timeout=2)
            break
        except httpx.TransportError:
            if proc.poll() is not None or time.monotonic() > deadline:
                raise RuntimeError("oxigraph server did not start")
            time.sleep(0.1)
    yield base
    proc.terminate()
    proc.wait(timeout=20)


def rows_of(csv_text: str) -> tuple[list[str], list[list[str]]]:
    rows = list(csv.reader(io.StringIO(csv_text)))
    return rows[0], sorted(rows[1:])


@pytest.mark.slow
def test_publish_then_named_queries_remotely_equal_locally(oxigraph_server, tmp_path):
    endpoint = oxigraph_server + "/query"
    ttl = ttl_copy(tmp_path)
    first = run("publish", "--data", ttl, "--endpoint", endpoint)
    assert f"{len(list(TTL.glob('*.ttl')))} graph(s) uploaded, 0 unchanged, 0 removed" in first
    again = run("publish", "--data", ttl, "--endpoint", endpoint)
    assert "0 graph(s) uploaded" in again
    store = tmp_path / "store"
    for name in QUERIES:
        params = [a for k, v in PARAMS.get(name, {}).items() for a in ("--param", f"{k}={v}")]
        remote = run("query", name, *params, "--endpoint", endpoint, "--format", "csv")
        local = run("query", name, *params, "--data", ttl, "--store", store, "--format", "csv")
        # the same rows (a query's ORDER BY may leave ties, e.g. trace's two source lines, in any order)
        assert rows_of(remote) == rows_of(local), name
        assert rows_of(remote)[0] == list(QUERIES[name].columns)


@pytest.mark.slow
def test_report_on_a_remote_store_finds_what_the_local_one_finds(oxigraph_server, tmp_path):
    endpoint = oxigraph_server + "/query"
    run("publish", "--data", TTL, "--endpoint", endpoint)
    day = ["--as-of", "2025-01-01"]
    remote = run("report", "--endpoint", endpoint, "--out", tmp_path / "remote", *day)
    local = run("report", "--data", TTL, "--out", tmp_path / "local", *day)
    assert remote.splitlines()[:-1] == local.splitlines()[:-1]  # every section's count; last line names the folder
    assert (tmp_path / "remote" / "report.html").is_file()


@pytest.mark.slow
def test_publish_replaces_only_what_changed(oxigraph_server, tmp_path):
    endpoint = oxigraph_server + "/query"
    ttl = ttl_copy(tmp_path)
    run("publish", "--data", ttl, "--endpoint", endpoint)
    it = ttl / "jozsefvaros-hep-it.ttl"
    it.write_text(it.read_text(encoding="utf-8").replace('"rezsiválság kezelése"', '"rezsiválság enyhítése"'),
                  encoding="utf-8")
    (ttl / "programmes.ttl").unlink()
    out = run("publish", "--data", ttl, "--endpoint", endpoint)
    assert "1 graph(s) uploaded" in out and "1 removed" in out
    assert "uploaded jozsefvaros-hep-it" in out and "removed programmes" in out
    remote = open_graph(endpoint=endpoint)
    assert remote.ask('ASK { ?m dcterms:title "rezsiválság enyhítése"@hu }')
    assert not remote.ask('ASK { ?m dcterms:title "rezsiválság kezelése"@hu }')
    assert not remote.ask("ASK { ?p a esely:Programme }")
    run("publish", "--data", TTL, "--endpoint", endpoint)  # leave the server as the other test expects
    assert remote.ask('ASK { ?m dcterms:title "rezsiválság kezelése"@hu }')


def test_unreachable_endpoint_is_a_clear_error():
    result = CliRunner().invoke(main, ["query", "owner-load", "--endpoint", f"http://127.0.0.1:{free_port()}/query"])
    assert result.exit_code == 1 and result.output.startswith("error: cannot reach the SPARQL endpoint")


def test_remote_binding_keeps_group_by_and_assigned_variables_valid():
    """Regression: a bound ?as_of in GROUP BY, and ?node assigned by BIND in trace, made the query
    text sent to a remote endpoint invalid ("expected ENCODE_FOR_URI", "assigned inside the query")."""
    import pyoxigraph as ox

    from esely_graph.sparql_text import substitute

    date = '"2024-01-01"^^<http://www.w3.org/2001/XMLSchema#date>'
    grouped = substitute("SELECT ?a ?as_of WHERE { ?a ?p ?o FILTER(?o < ?as_of) } GROUP BY ?a ?as_of", {"as_of": date})
    assert f"GROUP BY ?a ({date})" in grouped
    assigned = substitute('SELECT ?x ?node WHERE { { ?x ?p ?node } UNION { ?x ?q ?y BIND(STR(?y) AS ?node) } }',
                          {"node": '"I/1"'})
    assert assigned.startswith('SELECT ?x ?node WHERE { VALUES (?node) { ("I/1") } {')
    construct = substitute("CONSTRUCT { ?s ?p ?v } WHERE { ?s ?p ?o BIND(?o AS ?v) }", {"v": '"x"'})
    assert construct.startswith('CONSTRUCT { ?s ?p ?v } WHERE { VALUES (?v)')
    for q in (grouped, assigned, construct):
        ox.Store().query(q)


# ---------------------------------------------------------------- reading Turtle into rdflib

def test_read_graph_gives_what_rdflibs_own_parser_gives_on_every_built_file_shape_and_ontology():
    from rdflib import Graph
    from rdflib.compare import isomorphic

    from esely_graph.store import read_graph

    root = TTL.parent.parent
    files = sorted(TTL.glob("*.ttl")) + sorted((root / "shapes").glob("*.ttl")) + sorted((root / "ontology").glob("*.ttl"))
    assert len(files) > 20
    for f in files:
        ours, theirs = read_graph(f), Graph().parse(f, format="turtle")
        assert len(ours) == len(theirs) and isomorphic(ours, theirs), f
        assert dict(ours.namespaces()) == dict(theirs.namespaces()), f


def test_read_graph_keeps_two_files_blank_nodes_apart_and_names_a_broken_file(tmp_path):
    from esely_graph.store import read_graph

    a, b = tmp_path / "a.ttl", tmp_path / "b.ttl"
    a.write_text('_:x <urn:x:p> "a" .', encoding="utf-8")
    b.write_text('_:x <urn:x:p> "b" .', encoding="utf-8")
    g = read_graph([a, b])
    assert len(set(g.subjects())) == 2  # the same label in two files is two nodes, as in rdflib
    broken = tmp_path / "broken.ttl"
    broken.write_text("<urn:x:s> <urn:x:p> .", encoding="utf-8")
    with pytest.raises(EselyError, match="broken.ttl: not valid Turtle"):
        read_graph([a, broken])
