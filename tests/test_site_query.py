"""SPARQL in the static site: the query page, its graph files, and the page run in Chromium."""

from __future__ import annotations

import csv
import io
import re
import socket
import subprocess
import sys
import threading
import time
from html.parser import HTMLParser
from pathlib import Path

import pyoxigraph as ox
import pytest
from click.testing import CliRunner

from conftest import CHROMIUM, CHROMIUM_ARGS, ROOT, TTL, playwright_or_skip
from esely_graph.cli import main
from esely_graph.site_query import add_query_page
from esely_graph.site_query.serve import static_app

NOTICE_HU = "Fájlból megnyitva ez az oldal nem tud lekérdezni."
NOTICE_EN = "Opened from disk, this page cannot run queries."


class Notice(HTMLParser):
    """The text of #file-notice and whether it is hidden."""

    def __init__(self):
        super().__init__()
        self.depth, self.text, self.hidden = 0, "", None

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if a.get("id") == "file-notice":
            self.depth, self.hidden = 1, "hidden" in a
        elif self.depth:
            self.depth += 1

    def handle_endtag(self, tag):
        if self.depth:
            self.depth -= 1

    def handle_data(self, data):
        if self.depth:
            self.text += data


@pytest.fixture(scope="module")
def page_dir(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("sq")
    add_query_page(out, TTL, ROOT / "queries", "en")
    return out


def test_page_graph_files_and_assets_written(page_dir):
    for rel in ["query.html", "sparql/query.js", "sparql/bind.js", "sparql/query.css",
                "sparql/oxigraph/web.js", "sparql/oxigraph/web_bg.wasm", "sparql/oxigraph/LICENSE-oxigraph.txt",
                "sparql/yasgui/yasgui.min.js", "sparql/yasgui/yasgui.min.css", "sparql/yasgui/LICENSE-yasgui.txt",
                "sparql/graph/all.ttl", "sparql/graph/jozsefvaros.ttl", "sparql/graph/kecskemet.ttl"]:
        assert (page_dir / rel).is_file(), rel
    assert (page_dir / "sparql/oxigraph/web_bg.wasm").read_bytes()[:4] == b"\0asm"
    # the endpoint's YASGUI, copied, not a second vendored copy
    endpoint = ROOT / "esely_graph/endpoint/static/yasgui.min.js"
    assert (page_dir / "sparql/yasgui/yasgui.min.js").read_bytes() == endpoint.read_bytes()
    assert not list((ROOT / "esely_graph/site_query").rglob("yasgui*"))
    html = (page_dir / "query.html").read_text(encoding="utf-8")
    # every named query offered, by its title, with its answers sentence
    assert 'value="problems-without-measure">Problems without a measure</option>' in html
    assert "Every council resolution in the graph" in html
    assert "://" not in "".join(l for l in html.splitlines() if "src=" in l or "href=" in l)  # no CDN


def test_graph_files_hold_the_municipality(page_dir):
    def subjects(name):
        g = ox.Store()
        g.load(path=str(page_dir / "sparql/graph" / name), format=ox.RdfFormat.TURTLE)
        return {q.subject.value for q in g}

    allg, kecs, jozs = subjects("all.ttl"), subjects("kecskemet.ttl"), subjects("jozsefvaros.ttl")
    iri = "https://w3id.org/esely/id/resolution/kecskemet/2018-126"  # a Kecskemét resolution
    assert iri in kecs and iri in allg and iri not in jozs
    assert kecs | jozs <= allg


def test_one_pass_split_selects_what_export_selects():
    """split.triples_by_municipality (one pass) keeps for each town exactly `export --municipality`'s triples."""
    from esely_graph.export import quads
    from esely_graph.site_query.split import triples_by_municipality

    split = triples_by_municipality(TTL)
    assert sorted(split) == ["jozsefvaros", "kecskemet"]
    for town, triples in split.items():
        assert triples == [q.triple for q in quads(TTL, town)], town


def test_page_from_disk_shows_the_explanation(page_dir):
    notice = Notice()
    notice.feed((page_dir / "query.html").read_text(encoding="utf-8"))
    assert notice.hidden is False
    text = " ".join(notice.text.split())
    assert NOTICE_HU in text and NOTICE_EN in text and "esely-graph site --serve" in text


def test_site_serve_refuses_a_bad_bind_before_building(tmp_path):
    r = CliRunner().invoke(main, ["site", "--data", str(TTL), "--out", str(tmp_path / "s"), "--serve",
                                  "--bind", "127.0.0.1:99999"])
    assert r.exit_code == 1 and "--bind" in r.output and "Traceback" not in r.output
    assert not (tmp_path / "s").exists()


def test_static_server_sends_wasm_and_module_types(page_dir):
    from starlette.testclient import TestClient

    client = TestClient(static_app(page_dir))
    assert client.get("/sparql/oxigraph/web_bg.wasm").headers["content-type"] == "application/wasm"
    assert client.get("/sparql/query.js").headers["content-type"].startswith("text/javascript")
    assert client.get("/query.html").status_code == 200
    assert client.get("/../pyproject.toml").status_code == 404


# ---------------------------------------------------------------- in Chromium

@pytest.fixture(scope="module")
def served_site(tmp_path_factory):
    """The site built by `esely-graph site` (with its query page), served on a loopback port."""
    import uvicorn

    out = tmp_path_factory.mktemp("site") / "site"
    r = CliRunner().invoke(main, ["site", "--data", str(TTL), "--out", str(out), "--as-of", "2025-01-01"])
    assert r.exit_code == 0, r.output
    page = out / "hu" / "query.html"  # and en/query.html; both load sparql/
    assert (out / "en" / "query.html").is_file() and (out / "sparql" / "graph" / "all.ttl").is_file()
    sock = socket.socket()
    sock.bind(("127.0.0.1", 0))
    port = sock.getsockname()[1]
    server = uvicorn.Server(uvicorn.Config(static_app(out), log_level="warning", lifespan="off"))
    thread = threading.Thread(target=server.run, kwargs={"sockets": [sock]}, daemon=True)
    thread.start()
    for _ in range(100):
        if server.started:
            break
        time.sleep(0.1)
    yield out, f"http://127.0.0.1:{port}/{page.relative_to(out).as_posix()}"
    server.should_exit = True
    thread.join(10)


GROUP_CONCAT = re.compile(r'GROUP_CONCAT\((?:DISTINCT\s+)?\?\w+\s*(?:;\s*SEPARATOR\s*=\s*"([^"]*)")?\)\s*AS\s*\?(\w+)')


def canonical(name: str, head: list[str], rows) -> set[tuple[str, ...]]:
    """Rows as a set, each GROUP_CONCAT list sorted: SPARQL leaves the order of a GROUP_CONCAT to the engine,
    and Oxigraph's WebAssembly build (npm 0.5.11) concatenates in another order than pyoxigraph 0.5.13."""
    text = (ROOT / "queries" / f"{name}.rq").read_text(encoding="utf-8") if name else ""
    seps = {col: sep if sep is not None else " " for sep, col in GROUP_CONCAT.findall(text)}
    return {tuple(sep.join(sorted(c.split(sep))) if (sep := seps.get(h)) else c for h, c in zip(head, row))
            for row in rows}


def cli_csv(name: str, *params: str) -> tuple[list[str], set[tuple[str, ...]]]:
    """The rows of `esely-graph query NAME --format csv` (as sets: the page and the CLI may order ties apart)."""
    args = ["query", name, "--data", str(TTL), "--format", "csv"]
    for p in params:
        args += ["--param", p]
    r = CliRunner().invoke(main, args)
    assert r.exit_code == 0, r.output
    rows = list(csv.reader(io.StringIO(r.stdout)))
    return rows[0], canonical(name, rows[0], rows[1:])


def run_named(page, name: str, **params: str):
    page.select_option("#named", name)  # runs it with the defaults (trace's node has none: an error)
    if not params:
        return shown(page, name)
    page.wait_for_selector("#result-info[data-state=done], #result-info[data-state=error]", timeout=60000)
    if params:
        for key, value in params.items():
            if page.get_attribute(f"#param-{key}", "id") and page.eval_on_selector(f"#param-{key}", "e => e.tagName") == "SELECT":
                page.select_option(f"#param-{key}", value)
            else:
                page.fill(f"#param-{key}", value)
        page.click("#run")
    return shown(page, name)


def shown(page, name: str | None = None) -> tuple[list[str], set[tuple[str, ...]]]:
    page.wait_for_selector("#result-info[data-state=done], #result-info[data-state=error]", timeout=60000)
    assert page.get_attribute("#result-info", "data-state") == "done", page.text_content("#error")
    head = page.eval_on_selector_all("#results thead th", "ths => ths.map(th => th.textContent)")
    rows = page.eval_on_selector_all("#results tbody tr", "trs => trs.map(tr => [...tr.cells].map(c => c.textContent))")
    return head, canonical(name, head, rows)


@pytest.mark.slow
def test_query_page_runs_named_queries_like_the_cli(served_site):
    from esely_graph.queries import load_queries

    sync_playwright = playwright_or_skip()
    out, url = served_site
    origin = "/".join(url.split("/")[:3])
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        page = browser.new_page()
        outside = []
        page.on("request", lambda r: None if r.url.startswith(origin) or r.url.startswith("blob:") else outside.append(r.url))
        page.goto(url)
        page.wait_for_selector("#status[data-state=ready]", timeout=60000)
        assert page.is_hidden("#file-notice")
        # every named query a reader can run without typing a value, with its defaults
        runnable = [q.name for q in load_queries(ROOT / "queries").values() if all(p.default for p in q.params)]
        assert "problems-without-measure" in runnable and "resolutions" in runnable
        nonempty = 0
        for name in runnable:
            head, rows = run_named(page, name)
            want_head, want_rows = cli_csv(name)
            assert (head, rows) == (want_head, want_rows), name
            nonempty += bool(rows)
        assert nonempty >= len(runnable) // 2
        # parameters: a municipality (its id on the command line, its name in the page), a county, a day
        _, rows = run_named(page, "resolutions", municipality="Kecskemét Megyei Jogú Város Önkormányzata")
        assert rows == cli_csv("resolutions", "municipality=kecskemet")[1] and rows
        assert rows != cli_csv("resolutions")[1]
        _, rows = run_named(page, "measures", county="Budapest")
        assert rows == cli_csv("measures", "county=Budapest")[1] and rows
        _, rows = run_named(page, "overdue-measures", as_of="2025-01-01")
        assert rows == cli_csv("overdue-measures", "as_of=2025-01-01")[1] and rows
        # trace: a measure code (checked to name one measure), bound in every group (FILTERs in UNION branches see it)
        _, rows = run_named(page, "trace", node="I/2", document="jozsefvaros-hep-it")
        assert rows == cli_csv("trace", "node=I/2", "document=jozsefvaros-hep-it")[1] and len(rows) > 3
        # one municipality's graph
        page.select_option("#graph", "kecskemet")
        page.wait_for_selector("#status[data-state=ready]", timeout=60000)
        _, rows = run_named(page, "resolutions")
        assert rows and rows == cli_csv("resolutions", "municipality=kecskemet")[1]
        assert outside == []
        browser.close()


@pytest.mark.slow
def test_own_sparql_and_readable_errors_in_the_browser(served_site):
    sync_playwright = playwright_or_skip()
    out, url = served_site
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        page = browser.new_page()
        page.goto(url)
        page.wait_for_selector("#status[data-state=ready]", timeout=60000)
        set_text = "t => document.querySelector('.CodeMirror').CodeMirror.setValue(t)"
        page.evaluate(set_text, "SELECT (COUNT(?m) AS ?n) WHERE { ?m a esely:Measure }")  # prefix predeclared
        page.click("#run")
        _, rows = shown(page)
        n = next(iter(rows))[0]
        assert int(n) > 0
        page.evaluate(set_text, "SELECT ?x WHERE {\n  ?x nope:p ?y }")
        page.click("#run")
        page.wait_for_selector("#result-info[data-state=error]")
        error = page.text_content("#error")
        assert "line 2" in error and "nope:" in error and "^" in error
        page.evaluate(set_text, "DELETE WHERE { ?s ?p ?o }")
        page.click("#run")
        page.wait_for_selector("#result-info[data-state=error]")
        assert "updates are not accepted" in page.text_content("#error")
        # from disk: the explanation stays, in both languages
        disk = browser.new_page()
        disk.goto((out / url.split("/", 3)[3]).as_uri())
        assert disk.is_visible("#file-notice")
        assert NOTICE_HU in disk.text_content("#file-notice") and NOTICE_EN in disk.text_content("#file-notice")
        browser.close()


@pytest.mark.slow
def test_site_serve_builds_then_serves_the_query_page(tmp_path):
    import httpx

    sock = socket.socket()
    sock.bind(("127.0.0.1", 0))
    port = sock.getsockname()[1]
    sock.close()
    out = tmp_path / "site"
    proc = subprocess.Popen([sys.executable, "-m", "esely_graph", "site", "--data", str(TTL), "--out", str(out),
                             "--serve", "--bind", f"127.0.0.1:{port}"], cwd=ROOT,
                            stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    try:
        page = None
        for _ in range(600):  # the build (validation included) comes first
            try:
                page = httpx.get(f"http://127.0.0.1:{port}/en/query.html", timeout=2)
                break
            except httpx.TransportError:
                if proc.poll() is not None:
                    pytest.fail(proc.stdout.read())
                time.sleep(0.5)
        assert page is not None and page.status_code == 200 and NOTICE_EN in page.text
        wasm = httpx.get(f"http://127.0.0.1:{port}/sparql/oxigraph/web_bg.wasm", timeout=5)
        assert wasm.headers["content-type"] == "application/wasm" and wasm.content[:4] == b"\0asm"
        assert httpx.get(f"http://127.0.0.1:{port}/", timeout=5).status_code == 200
    finally:
        proc.terminate()
        proc.wait(10)
