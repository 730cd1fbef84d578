"""The site in a real browser (Debian's Chromium through Playwright): axe-core WCAG 2.2 A/AA over a page of every
kind at desktop and phone width, search, sortable/filterable tables with CSV, print on one A4 page, screenshots."""

import datetime as dt
from pathlib import Path

import pytest

from esely_graph.site import build_site, page_name
from conftest import CHROMIUM, CHROMIUM_ARGS, ROOT, TTL, playwright_or_skip

pytestmark = pytest.mark.slow
ID = "https://w3id.org/esely/id/"
AXE = ROOT / "tests" / "vendor" / "axe.min.js"  # axe-core 4.14.1 from the npm registry (MPL-2.0)
WCAG22 = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22a", "wcag22aa"]
SHOTS = ROOT / "out" / "screenshots"


def e(iri: str, town: str = "jozsefvaros") -> str:
    return f"{town}/e/" + page_name(ID + iri)


ENTITY_PAGES = {
    "measure": e("doc/jozsefvaros-hep-it/measure/I-2"), "subtask": e("doc/jozsefvaros-roma-strategia-it/subtask/1-7-1"),
    "problem": e("doc/jozsefvaros-hep-he/problem/7"), "opportunity": e("doc/jozsefvaros-hep-he/opportunity/10"),
    "goal": e("doc/jozsefvaros-hep-it/measure/I-2/goal"), "owner": e("org/jozsefvaros/polgarmesteri-kabinet"),
    "document": e("doc/jozsefvaros-hep-it"), "municipality": e("org/jozsefvaros"),
    "target-group": e("target-group/gyermekek"), "strategy": e("strategy/jozsefvaros/civil-strategia"),
    "programme": e("programme/befogado-ovodak"), "resolution": e("resolution/jozsefvaros/2021-482"),
    "national target group": e("target-group/gyermekek", "national"),
    "national programme": e("programme/befogado-ovodak", "national"),
}
OVERVIEW_PAGES = ["index.html", "gaps.html", "gaps/measures.html", "health/all-overdue.html", "overdue.html",
                  "owners.html", "budget.html", "coverage.html", "timeline.html", "ontology.html",
                  "search.html?q=kecskemet", "kind-measure.html", "kind-target-group.html"]
TOWN = "jozsefvaros"
TOWN_PAGES = [f"{TOWN}/{p}" for p in ["index.html", "gaps.html", "gaps/measures.html", f"health/org~{TOWN}-overdue.html",
                                      "overdue.html", "owners.html", "budget.html", "coverage.html", "timeline.html",
                                      "search.html?q=tanoda", "kind-measure.html", "src/doc~jozsefvaros-hep-it.html"]]


@pytest.fixture(scope="module")
def site(tmp_path_factory) -> Path:
    """The real graph with its real validation findings, as `esely-graph all` renders it."""
    from esely_graph.validate import validate

    out = tmp_path_factory.mktemp("site") / "site"
    findings = validate(TTL, ROOT / "shapes", jobs=2)
    build_site(TTL, out, ROOT / "shapes", ROOT / "queries", TTL / "ontology.ttl", findings, dt.date(2026, 11, 30))
    return out


def test_no_raw_tokens_with_the_real_findings(site):
    from test_site import test_no_raw_tokens_on_hungarian_pages

    test_no_raw_tokens_on_hungarian_pages(site)


@pytest.fixture(scope="module")
def browser():
    with playwright_or_skip()() as p:
        b = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield b
        b.close()


def url(site: Path, rel: str) -> str:
    path, _, query = rel.partition("?")
    return (site / path).as_uri() + (f"?{query}" if query else "")


def axe(page) -> list:
    page.add_script_tag(content=AXE.read_text(encoding="utf-8"))
    return page.evaluate("""async (tags) => {
        const r = await axe.run(document, {runOnly: {type: 'tag', values: tags}});
        return r.violations.map(v => v.id + ': ' + v.nodes.map(n => n.target.join(' ')).slice(0, 3).join(', '));
    }""", WCAG22)


@pytest.mark.parametrize("width", [1280, 390])
def test_axe_finds_no_violation_on_any_kind_of_page(site, browser, width):
    page = browser.new_page(viewport={"width": width, "height": 900})
    requests = []
    page.on("request", lambda r: requests.append(r.url))
    found = {}
    rels = [f"hu/{p}" for p in list(ENTITY_PAGES.values()) + OVERVIEW_PAGES + TOWN_PAGES] + \
           [f"en/{p}" for p in (ENTITY_PAGES["measure"], ENTITY_PAGES["owner"], "index.html", f"{TOWN}/overdue.html")] + \
           ["index.html"]
    for rel in rels:
        assert (site / rel.partition("?")[0]).exists(), rel
        page.goto(url(site, rel))
        violations = axe(page)
        if violations:
            found[rel] = violations
    page.close()
    assert found == {}
    assert all(u.startswith("file://") for u in requests), [u for u in requests if not u.startswith("file://")]


@pytest.mark.parametrize("start, query, expect", [
    (f"{TOWN}/index.html", "kozossegi", "Közösségi"), (f"{TOWN}/index.html", "I/1", "I/1"),
    (f"{TOWN}/index.html", "RENO", "RENO"), (f"{TOWN}/index.html", "tanoda", "Tanoda"),
    ("index.html", "kozossegi", "Közösségi"), ("index.html", "gyermekek", "Gyermekek")])
def test_search_finds_titles_codes_and_content_offline(site, browser, start, query, expect):
    """A town's pages search the town (titles, codes, content); the national pages search towns, documents and the
    national entities."""
    page = browser.new_page()
    page.goto((site / "hu" / start).as_uri())
    page.fill("#q", query)
    page.click("form.search button[type=submit]")
    page.wait_for_selector("#results li")
    assert expect.lower() in page.inner_text("#results").lower()
    assert "·" in page.inner_text("#results li >> nth=0")  # kind and document beside each hit
    page.close()


def test_table_sorts_filters_and_downloads_the_rows_shown(site, browser, tmp_path):
    page = browser.new_page(accept_downloads=True)
    page.goto((site / "hu" / TOWN / "overdue.html").as_uri())
    rows = page.locator("table.data tbody tr")
    total = rows.count()
    page.fill("#filter-0", "Kabinet")
    shown = page.locator("table.data tbody tr:not([hidden])").count()
    assert 0 < shown < total
    page.click("table.data thead th:nth-child(2) button")  # code, ascending
    assert page.get_attribute("table.data thead th:nth-child(2)", "aria-sort") == "ascending"
    with page.expect_download() as dl:
        page.click("a.csv")
    path = tmp_path / "rows.csv"
    dl.value.save_as(path)
    lines = path.read_text(encoding="utf-8-sig").strip().splitlines()
    assert len(lines) == shown + 1 and "Napok késés" in lines[0] and all("Kabinet" in ln for ln in lines[1:])
    page.close()


def test_measure_page_prints_on_one_a4_page(site, browser, tmp_path):
    import pdfplumber

    page = browser.new_page()
    page.goto((site / "hu" / ENTITY_PAGES["measure"]).as_uri())
    page.emulate_media(media="print")
    pdf = tmp_path / "measure.pdf"
    page.pdf(path=str(pdf), format="A4", prefer_css_page_size=True)
    with pdfplumber.open(pdf) as doc:
        assert len(doc.pages) == 1
        assert "nyelvi akadálymentesítés" in doc.pages[0].extract_text()
    page.close()


def test_screenshots_of_index_measure_owner_and_coverage(site, browser):
    SHOTS.mkdir(parents=True, exist_ok=True)
    for name, rel in [("index", "hu/index.html"), ("measure", f"hu/{ENTITY_PAGES['measure']}"),
                      ("owner", f"hu/{ENTITY_PAGES['owner']}"), ("coverage", "hu/coverage.html"),
                      ("town-coverage", f"hu/{TOWN}/coverage.html")]:
        for width in (1280, 390):
            page = browser.new_page(viewport={"width": width, "height": 900})
            page.goto((site / rel).as_uri())
            shot = SHOTS / f"{name}-{width}.png"
            page.screenshot(path=str(shot), full_page=True)
            page.close()
            assert shot.stat().st_size > 10000


def test_browser_runs_no_script_from_a_cell(browser, tmp_path):
    from test_site import _with_script_title, render

    out = tmp_path / "site"
    render(_with_script_title(tmp_path), out)
    dialogs = []
    page = browser.new_page()
    page.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))
    page.goto((out / "hu" / e("doc/jozsefvaros-hep-it/measure/I-1")).as_uri())
    assert page.inner_text("h1") == "<script>alert(1)</script>"
    page.goto((out / "hu" / TOWN / "search.html").as_uri() + "?q=script")
    page.wait_for_selector("#results li")
    page.close()
    assert dialogs == []
