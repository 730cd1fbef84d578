"""`esely-graph serve` answers the SPARQL 1.1 Protocol on loopback: methods, content types, status
codes, read-only, timeout (the worker really killed), size cap, CORS, SERVICE refused, canned queries
equal to the CLI's CSV, a request log line per request. One server for the module."""

import asyncio
import csv
import io
import os
import socket
import subprocess
import sys
import time
from html.parser import HTMLParser
from urllib.parse import parse_qs, urlsplit

import httpx
import pyoxigraph as ox
import pytest
from click.testing import CliRunner

from esely_graph.cli import main
from esely_graph.queries import load_queries
from conftest import ROOT, TTL

QUERIES = load_queries(ROOT / "queries")
PARAMS = {"overdue-measures": {"as_of": "2025-01-01"}, "trace": {"node": "I/1"}}
COUNT_MEASURES = "SELECT (COUNT(?m) AS ?n) WHERE { ?m a esely:HepMeasure }"  # 22 HEP IT measures in the seed
CROSS = "SELECT * WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i } ORDER BY ?c ?f ?i"
TIMEOUT = 3.0  # generous: the machine is shared; the cross product runs far longer


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def start_server(tmp, *options):
    port = free_port()
    log = open(tmp / "server.log", "w+")
    proc = subprocess.Popen(
        [sys.executable, "-m", "esely_graph", "serve", "--data", str(TTL), "--store", str(tmp / "store"),
         "--bind", f"127.0.0.1:{port}", *options], cwd=ROOT, stdout=log, stderr=subprocess.STDOUT)
    base = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 60
    while True:
        try:
            httpx.get(base + "/status", timeout=2)
            break
        except httpx.TransportError:
            if proc.poll() is not None or time.monotonic() > deadline:
                log.seek(0)
                raise RuntimeError("server did not start: " + log.read())
            time.sleep(0.2)
    return proc, log, {"base": base, "log": tmp / "server.log", "store": tmp / "store"}


def stop_server(proc, log):
    proc.terminate()
    proc.wait(timeout=20)
    log.close()


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    # a memory cap far above what the cross product can reach in TIMEOUT seconds, so that the timeout
    # (not the cap) is what stops it on a fast idle machine too (the cap has its own test)
    proc, log, info = start_server(tmp_path_factory.mktemp("serve"), "--timeout", str(TIMEOUT),
                                   "--max-rows", "500", "--cors", "--max-memory", "16384")
    yield info
    stop_server(proc, log)


def get(server, path, **kw):
    return httpx.get(server["base"] + path, **{"timeout": 30, **kw})


def post(server, path, **kw):
    return httpx.post(server["base"] + path, **{"timeout": 30, **kw})


def count(response) -> int:
    return int(response.json()["results"]["bindings"][0]["n"]["value"])


def test_get_post_form_and_post_query_agree(server):
    by_get = get(server, "/sparql", params={"query": COUNT_MEASURES},
                 headers={"Accept": "application/sparql-results+json"})
    by_form = post(server, "/sparql", data={"query": COUNT_MEASURES})
    by_body = post(server, "/sparql", content=COUNT_MEASURES.encode(),
                   headers={"Content-Type": "application/sparql-query"})
    for r in (by_get, by_form, by_body):
        assert r.status_code == 200
        assert r.headers["content-type"].startswith("application/sparql-results+json")
        assert count(r) == 22


@pytest.mark.parametrize("accept, parse", [
    ("application/sparql-results+xml", ox.QueryResultsFormat.XML),
    ("text/tab-separated-values", ox.QueryResultsFormat.TSV),
    ("application/sparql-results+json", ox.QueryResultsFormat.JSON),
])
def test_select_results_formats(server, accept, parse):
    r = get(server, "/sparql", params={"query": COUNT_MEASURES}, headers={"Accept": accept})
    assert r.status_code == 200 and r.headers["content-type"].startswith(accept)
    solutions = list(ox.parse_query_results(r.content, format=parse))
    assert solutions[0]["n"].value == "22"


def test_select_csv(server):
    r = get(server, "/sparql", params={"query": COUNT_MEASURES}, headers={"Accept": "text/csv"})
    assert r.headers["content-type"].startswith("text/csv")
    assert list(csv.reader(io.StringIO(r.text))) == [["n"], ["22"]]


CODE_OF_0_1 = ("CONSTRUCT { ?m esely:code ?c } WHERE { ?m esely:code ?c "
               "FILTER (?m = <https://w3id.org/esely/id/doc/jozsefvaros-hep-it/measure/0-1>) }")


@pytest.mark.parametrize("accept, fmt", [("text/turtle", ox.RdfFormat.TURTLE),
                                         ("application/n-triples", ox.RdfFormat.N_TRIPLES),
                                         ("application/ld+json", ox.RdfFormat.JSON_LD)])
def test_construct_formats(server, accept, fmt):
    r = post(server, "/sparql", data={"query": CODE_OF_0_1}, headers={"Accept": accept})
    assert r.status_code == 200 and r.headers["content-type"].startswith(accept)
    triples = [(t.subject.value, t.predicate.value, t.object.value) for t in ox.parse(r.content, format=fmt)]
    assert triples == [("https://w3id.org/esely/id/doc/jozsefvaros-hep-it/measure/0-1",
                        "https://w3id.org/esely/ontology#code", "0/1")]


def test_ask_answers_a_boolean(server):
    r = get(server, "/sparql", params={"query": "ASK { ?m esely:code \"0/1\" }"})
    assert r.json() == {"head": {}, "boolean": True}


@pytest.mark.parametrize("how", ["form-update", "sparql-update", "insert-as-query", "get-update"])
def test_updates_are_refused(server, how):
    update = "INSERT DATA { <urn:a> <urn:b> <urn:c> }"
    if how == "form-update":
        r = post(server, "/sparql", data={"update": update})
    elif how == "sparql-update":
        r = post(server, "/sparql", content=update, headers={"Content-Type": "application/sparql-update"})
    elif how == "insert-as-query":
        r = post(server, "/sparql", data={"query": update})
    else:
        r = get(server, "/sparql", params={"update": update})
    assert r.status_code == 403
    assert "updates are not accepted" in r.text
    assert count(get(server, "/sparql", params={"query": "SELECT (COUNT(*) AS ?n) { <urn:a> ?p ?o }"})) == 0


def test_status_codes(server):
    syntax = get(server, "/sparql", params={"query": "SELECT ?x WHERE {\n  ?s ?p ?o . FOO\n  ?s ?p ?o }"})
    assert syntax.status_code == 400
    assert "line 2, column 14" in syntax.text and "'FOO' cannot stand here" in syntax.text
    assert syntax.text.splitlines()[1:] == ["    ?s ?p ?o . FOO", "  " + " " * 13 + "^"]
    prefix = get(server, "/sparql", params={"query": "SELECT * { ?s nope:p ?o }"})
    assert prefix.status_code == 400 and "undeclared prefix 'nope:'" in prefix.text
    assert get(server, "/sparql").status_code == 400
    assert post(server, "/sparql", content="x", headers={"Content-Type": "text/plain"}).status_code == 415
    assert httpx.put(server["base"] + "/sparql", content="x").status_code == 405
    assert get(server, "/sparql", params={"query": COUNT_MEASURES}, headers={"Accept": "image/png"}).status_code == 406
    assert get(server, "/queries/no-such-query").status_code == 404
    assert get(server, "/queries/overdue-measures", params={"as_of": "not-a-date"}).status_code == 400


def test_size_cap(server):
    r = get(server, "/sparql", params={"query": "SELECT * { ?s ?p ?o }"})
    assert r.status_code == 422
    assert "larger than the cap (500 rows" in r.text


@pytest.mark.parametrize("query", [
    "SELECT * { SERVICE <http://127.0.0.1:9/sparql> { ?s ?p ?o } }",
    "SELECT * { SERVICE SILENT <http://example.org/sparql> { ?s ?p ?o } }",
    "PREFIX ex: <http://example.org/> SELECT * { SERVICE ex:sparql { ?s ?p ?o } }",
    "SELECT * { ?x ?y ?z . SERVICE ?x { ?s ?p ?o } }",
    "SELECT * { \\u0053ERVICE <http://example.org/sparql> { ?s ?p ?o } }",
])
def test_service_refused(server, query):
    r = post(server, "/sparql", data={"query": query})
    assert r.status_code == 403
    assert "SERVICE" in r.text and "not allowed" in r.text


def test_cors_headers(server):
    r = get(server, "/sparql", params={"query": COUNT_MEASURES}, headers={"Origin": "https://example.org"})
    assert r.headers["access-control-allow-origin"] == "*"
    pre = httpx.options(server["base"] + "/sparql", headers={
        "Origin": "https://example.org", "Access-Control-Request-Method": "POST",
        "Access-Control-Request-Headers": "content-type"})
    assert pre.status_code == 200
    assert "POST" in pre.headers["access-control-allow-methods"]


@pytest.mark.slow
def test_timeout_stops_the_work_and_replaces_the_worker(server):
    before = get(server, "/status").json()
    r = post(server, "/sparql", data={"query": CROSS}, timeout=TIMEOUT + 30)  # a hang guard, not a speed test
    assert r.status_code == 503
    assert "longer than the timeout (3 s) and was stopped" in r.text
    assert get(server, "/sparql", params={"query": COUNT_MEASURES}).status_code == 200
    after = get(server, "/status").json()
    assert after["replaced"] == before["replaced"] + 1
    killed = set(before["workers"]) - set(after["workers"])
    assert len(killed) == 1
    with pytest.raises(ProcessLookupError):  # the process that ran the cross product is gone
        os.kill(killed.pop(), 0)


@pytest.mark.slow
def test_memory_cap_stops_a_query_and_the_server_goes_on(tmp_path):
    proc, log, srv = start_server(tmp_path, "--timeout", "60", "--max-memory", "64", "--workers", "1")
    try:
        r = post(srv, "/sparql", data={"query": CROSS}, timeout=90)  # a hang guard, not a speed test
        assert r.status_code == 503 and "more memory than the cap (64 MB)" in r.text
        assert count(get(srv, "/sparql", params={"query": COUNT_MEASURES})) == 22
    finally:
        stop_server(proc, log)


def test_one_log_line_per_request(server):
    get(server, "/sparql", params={"query": COUNT_MEASURES, "logmark": "1"})
    lines = server["log"].read_text().splitlines()
    line = [x for x in lines if " GET /sparql 200 " in x][-1]
    stamp, client, method, path, status, duration, rows = line.split(" ")
    assert stamp.endswith("Z") and client == "127.0.0.1" and duration.endswith("s") and rows == "rows=1"


# ---------------------------------------------------------------- canned queries


def cli_csv(name: str, store) -> str:
    args = ["query", name, "--data", str(TTL), "--store", str(store), "--format", "csv"]
    for k, v in PARAMS.get(name, {}).items():
        args += ["--param", f"{k}={v}"]
    result = CliRunner().invoke(main, args)
    assert result.exit_code == 0, result.output
    return result.output


def test_queries_listed_from_their_headers(server):
    listed = get(server, "/queries", params={"format": "json"}).json()
    assert [q["name"] for q in listed] == list(QUERIES)
    overdue = next(q for q in listed if q["name"] == "overdue-measures")
    assert overdue["params"][0]["name"] == "as_of" and overdue["params"][0]["type"] == "date"
    assert overdue["columns"] == list(QUERIES["overdue-measures"].columns)


@pytest.mark.parametrize("name", list(QUERIES))
def test_canned_csv_equals_cli_csv(server, name):
    r = get(server, f"/queries/{name}", params={**PARAMS.get(name, {}), "format": "csv"})
    assert r.status_code == 200
    assert r.text == cli_csv(name, server["store"])


def test_canned_json_is_sparql_json(server):
    r = get(server, "/queries/owner-load", headers={"Accept": "application/json"})
    assert r.json()["head"]["vars"] == list(QUERIES["owner-load"].columns)


class Page(HTMLParser):
    def __init__(self):
        super().__init__()
        self.headers, self.links, self.pre, self._in = [], {}, "", None

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == "a" and a.get("id"):
            self.links[a["id"]] = a["href"]
        self._in = tag

    def handle_endtag(self, tag):
        self._in = None

    def handle_data(self, data):
        if self._in == "th":
            self.headers.append(data)
        if self._in == "code":
            self.pre += data


def test_canned_html_page_shows_rows_text_and_ui_link(server):
    r = get(server, "/queries/overdue-measures", params={"as_of": "2025-01-01"}, headers={"Accept": "text/html"})
    page = Page()
    page.feed(r.text)
    assert page.headers == list(QUERIES["overdue-measures"].columns)
    assert "FILTER (?deadline_end < ?as_of)" in page.pre
    link = urlsplit(page.links["open-in-ui"])
    ui_query = parse_qs(link.fragment)["query"][0]
    # the UI gets the query with the parameter bound as a typed literal (still projected as ?as_of)
    assert '"2025-01-01"^^<http://www.w3.org/2001/XMLSchema#date>' in ui_query
    assert '("2025-01-01"^^<http://www.w3.org/2001/XMLSchema#date> AS ?as_of)' in ui_query
    assert post(server, "/sparql", data={"query": ui_query}).json()["results"]["bindings"]


def test_canned_page_without_a_needed_parameter_asks_for_it(server):
    r = get(server, "/queries/trace", headers={"Accept": "text/html"})
    assert r.status_code == 400
    assert '<input name="node" value="">' in r.text and "needs parameter node" in r.text


def test_query_ui_is_offline_and_offers_the_named_queries(server):
    html = get(server, "/").text
    assert '<script src="/static/yasgui.min.js"></script>' in html
    assert "https://" not in html.split("<body>")[1].split("const EXAMPLES")[0].replace("https://w3id.org", "")
    for q in QUERIES.values():
        assert f">{q.title}</a>" in html.replace("&#39;", "'")
    assert get(server, "/static/yasgui.min.css").status_code == 200
    assert (ROOT / "esely_graph" / "endpoint" / "static" / "LICENSE-yasgui.txt").is_file()


def test_parameter_values_are_bound_never_pasted(server):
    hostile = 'I/1" } UNION { ?measure ?p ?o } #'
    r = get(server, "/queries/trace", params={"node": hostile, "format": "csv"})
    # the address names no measure: a clear error naming the value as typed, no rows of other measures
    assert r.status_code == 400 and "I/1\" } UNION" in r.text
    assert "https://w3id.org/esely/id/doc/" not in r.text.split("closest", 1)[0]


# ---------------------------------------------------------------- start-up checks and limits (no server)


@pytest.mark.parametrize("bind, says", [("127.0.0.1", "expected HOST:PORT"), ("127.0.0.1:70000", "1 to 65535"),
                                        ("example.org:80", "not an IP address"), (":80", "expected HOST:PORT")])
def test_bind_is_validated_before_anything_is_printed(bind, says, tmp_path):
    result = CliRunner().invoke(main, ["serve", "--data", str(TTL), "--store", str(tmp_path / "s"), "--bind", bind])
    assert result.exit_code == 1
    assert result.output.startswith("error: --bind") and says in result.output
    assert len(result.output.splitlines()) == 1
    assert not (tmp_path / "s").exists()


def test_a_store_folder_esely_graph_did_not_create_is_refused_and_kept(tmp_path):
    theirs = tmp_path / "theirs"
    theirs.mkdir()
    (theirs / "thesis.docx").write_text("years of work")
    result = CliRunner().invoke(main, ["serve", "--data", str(TTL), "--store", str(theirs),
                                       "--bind", f"127.0.0.1:{free_port()}"])
    assert result.exit_code == 1 and "was not created by esely-graph" in result.output
    assert [p.name for p in theirs.iterdir()] == ["thesis.docx"]


def test_rate_limit_per_client():
    from starlette.applications import Starlette
    from starlette.responses import PlainTextResponse
    from starlette.routing import Route

    from esely_graph.endpoint import RateLimit, RequestLog

    limit = RateLimit(3)
    assert [limit.allow("a", now=0.0) for _ in range(4)] == [True, True, True, False]
    assert limit.allow("b", now=0.0)            # another client has its own bucket
    assert limit.allow("a", now=20.0)           # 3 per minute: one token back after 20 s
    assert not limit.allow("a", now=20.0)

    app = Starlette(routes=[Route("/", lambda r: PlainTextResponse("ok"))])
    log = io.StringIO()

    async def three_requests():
        transport = httpx.ASGITransport(app=RequestLog(app, rate=RateLimit(2), stream=log))
        async with httpx.AsyncClient(transport=transport, base_url="http://test") as client:
            return [(await client.get("/")).status_code for _ in range(3)]

    assert asyncio.run(three_requests()) == [200, 200, 429]
    assert log.getvalue().splitlines()[-1].split(" ")[4] == "429"
