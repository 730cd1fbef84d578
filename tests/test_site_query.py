"""SPARQL in the static site: the query page, its graph files, and the page run in Chromium."""

from __future__ import annotations

import csv
import io
import os
import shutil
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

from conftest import ROOT, TTL
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

CHROMIUM = "/usr/bin/chromium"
ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
        "--disable-component-update", "--disable-sync", "--no-first-run"]


def _playwright():
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        sync_playwright = None
    if sync_playwright is None or not Path(CHROMIUM).exists():
        if os.environ.get("CI"):
            pytest.fail("CI must have Playwright and Debian's chromium")
        pytest.skip("Playwright or chromium not installed")
    return sync_playwright


@pytest.fixture(scope="module")
def served_site(tmp_path_factory):
    """The site built by `esely-graph site` (with its query page), served on a loopback port."""
    import uvicorn

    out = tmp_path_factory.mktemp("site") / "site"
    r = CliRunner().invoke(main, ["site", "--data", str(TTL), "--out", str(out), "--as-of", "2025-01-01"])
    assert r.exit_code == 0, r.output
    page = next(out.rglob("query.html"))
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


def cli_csv(name: str, *params: str) -> tuple[list[str], set[tuple[str, ...]]]:
    args = [sys.executable, "-m", "esely_graph", "query", name, "--data", str(TTL), "--format", "csv"]
    for p in params:
        args += ["--param", p]
    out = subprocess.run(args, cwd=ROOT, capture_output=True, text=True, check=True).stdout
    rows = list(csv.reader(io.StringIO(out)))
    return rows[0], {tuple(r) for r in rows[1:]}


def shown(page) -> tuple[list[str], set[tuple[str, ...]]]:
    page.wait_for_selector("#result-info[data-state=done], #result-info[data-state=error]", timeout=60000)
    assert page.get_attribute("#result-info", "data-state") == "done", page.text_content("#error")
    head = page.eval_on_selector_all("#results thead th", "ths => ths.map(th => th.textContent)")
    rows = page.eval_on_selector_all("#results tbody tr", "trs => trs.map(tr => [...tr.cells].map(c => c.textContent))")
    return head, {tuple(r) for r in rows}


@pytest.mark.slow
def test_query_page_runs_named_queries_like_the_cli(served_site):
    sync_playwright = _playwright()
    out, url = served_site
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        page = browser.new_page()
        outside = []
        page.on("request", lambda r: outside.append(r.url) if not r.url.startswith(url.split("/", 3)[0] + "//" + url.split("/")[2]) else None)
        page.goto(url)
        page.wait_for_selector("#status[data-state=ready]", timeout=60000)
        assert page.is_hidden("#file-notice")
        for name in ["problems-without-measure", "resolutions"]:
            page.select_option("#named", name)
            head, rows = shown(page)
            want_head, want_rows = cli_csv(name)
            assert head == want_head and rows == want_rows and rows, name
        # a parameter, bound in every group of the query (FILTERs inside UNION branches see it)
        page.select_option("#named", "trace")
        page.fill("#param-node", "I/2")
        page.click("#run")
        head, rows = shown(page)
        assert rows == cli_csv("trace", "node=I/2")[1] and len(rows) > 3
        page.select_option("#named", "overdue-measures")
        page.fill("#param-as_of", "2025-01-01")
        page.click("#run")
        assert shown(page)[1] == cli_csv("overdue-measures", "as_of=2025-01-01")[1]
        # one municipality's graph
        page.select_option("#graph", "kecskemet")
        page.wait_for_selector("#status[data-state=ready]", timeout=60000)
        page.select_option("#named", "resolutions")
        _, rows = shown(page)
        assert rows and all("kecskemet" in r[-1] for r in rows)
        assert outside == []
        browser.close()


@pytest.mark.slow
def test_own_sparql_and_readable_errors_in_the_browser(served_site):
    sync_playwright = _playwright()
    out, url = served_site
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=ARGS)
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
