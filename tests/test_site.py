"""The static site: structure tests on rendered pages, escaping, and a real headless Chromium."""

import os
import re
import shutil
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote, urlparse

import pytest

from esely_graph.site import build_site, page_name
from esely_graph.validate import validate
from conftest import AS_OF, ROOT, TTL

ID = "https://w3id.org/esely/id/"


def render(ttl: Path, out: Path, report=None) -> dict:
    """The site as of AS_OF, with the findings of ``report`` (default: validate ``ttl`` as of AS_OF)."""
    report = report or validate(ttl, ROOT / "shapes", jobs=1, as_of=AS_OF)
    return build_site(ttl, out, ROOT / "shapes", ROOT / "queries", ttl / "ontology.ttl", report, AS_OF)


@pytest.fixture(scope="module")
def site(tmp_path_factory, validated) -> Path:
    out = tmp_path_factory.mktemp("site") / "site"
    render(TTL, out, validated)  # the committed graph's findings: validated once per run (conftest)
    return out


class Page(HTMLParser):
    def __init__(self):
        super().__init__()
        self.hrefs, self.ids, self.link_list_hrefs, self.headings = [], set(), [], []
        self._in_links = 0
        self._stack = []

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if "id" in a:
            self.ids.add(a["id"])
        if tag == "ul" and a.get("class") == "links":
            self._in_links += 1
        if tag == "a" and "href" in a:
            self.hrefs.append(a["href"])
            if self._in_links:
                self.link_list_hrefs.append(a["href"])
        if re.fullmatch(r"h[1-6]", tag):
            self.headings.append(int(tag[1]))
        self._stack.append(tag)

    def handle_endtag(self, tag):
        if tag == "ul" and self._in_links and "ul" in self._stack:
            self._in_links -= 1


def parse(path: Path) -> Page:
    p = Page()
    p.feed(path.read_text(encoding="utf-8"))
    return p


def pages(site: Path):
    return sorted(site.rglob("*.html"))


def test_every_internal_link_resolves(site):
    broken = []
    parsed = {p: parse(p) for p in pages(site)}
    for path, page in parsed.items():
        for href in page.hrefs:
            u = urlparse(href)
            if u.scheme in ("http", "https", "mailto"):
                broken.append(f"{path.name}: external link {href}")
                continue
            target = (path.parent / unquote(u.path)).resolve() if u.path else path
            if not target.exists():
                broken.append(f"{path.relative_to(site)} -> {href}")
            elif u.fragment and u.fragment not in parsed.get(target, parse(target)).ids:
                broken.append(f"{path.relative_to(site)} -> {href} (no #{u.fragment})")
    assert broken == []


def test_every_forward_link_has_its_backlink(site):
    entity_pages = {p.name: parse(p) for p in (site / "e").glob("*.html")}
    missing = []
    for name, page in entity_pages.items():
        for href in page.link_list_hrefs:
            if href in entity_pages and name not in entity_pages[href].link_list_hrefs:
                missing.append(f"{name} -> {href}")
    assert missing == []
    assert sum(len(p.link_list_hrefs) for p in entity_pages.values()) > 1000


def test_every_hep_it_measure_has_its_page(site):
    for code in ["0-1", "0-2", "0-3", "I-1", "I-2", "I-3", "I-4", "II-1", "II-2", "II-3", "II-4", "III-1", "III-2",
                 "IV-1", "IV-2", "IV-3", "V-1", "V-2", "V-3", "V-4", "V-5", "V-6"]:
        page = site / "e" / page_name(f"{ID}doc/jozsefvaros-hep-it/measure/{code}")
        assert page.exists(), code


def test_measure_page_shows_source_chain_findings_and_picture(site):
    text = (site / "e" / page_name(f"{ID}doc/jozsefvaros-hep-it/measure/I-2")).read_text(encoding="utf-8")
    assert "sources/jozsefvaros-hep-intezkedesi-terv.tsv:15" in text
    assert "nyelvi Józsefvárosi Polgármesteri Hivatal Községi Részvételi Iroda" in text  # original owner cell
    assert "Helye a láncban" in text and "A kerületben nagyszámban élnek magyarul" in text
    assert "StrayWord" in text  # the validation note about the stray word
    assert "<svg" in text and 'role="img"' in text


def test_headings_in_order_and_one_h1(site):
    for path in pages(site):
        h = parse(path).headings
        assert h.count(1) == 1, path
        assert all(b - a <= 1 for a, b in zip(h, h[1:])), (path, h)


def test_no_network_requests(site):
    for path in list(site.rglob("*.html")) + list(site.glob("*.js")) + list(site.glob("*.css")):
        text = path.read_text(encoding="utf-8")
        assert not re.search(r"""(src|href)=["']https?://""", text), path
        assert "fetch(" not in text and "XMLHttpRequest" not in text, path


def _with_script_title(tmp_path: Path) -> Path:
    ttl = tmp_path / "ttl"
    shutil.copytree(TTL, ttl)
    f = ttl / "jozsefvaros-hep-it.ttl"
    f.write_text(f.read_text(encoding="utf-8").replace('dcterms:title "rezsiválság kezelése"@hu',
                                                      'dcterms:title "<script>alert(1)</script>"@hu', 1), encoding="utf-8")
    return ttl


def test_script_in_a_source_cell_is_shown_as_text(tmp_path):
    out = tmp_path / "site"
    render(_with_script_title(tmp_path), out)
    page = (out / "e" / page_name(f"{ID}doc/jozsefvaros-hep-it/measure/I-1")).read_text(encoding="utf-8")
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page
    assert "<script>alert(1)" not in page
    for path in out.rglob("*"):
        if path.is_file():
            assert "<script>alert(1)" not in path.read_text(encoding="utf-8"), path


# ---------------------------------------------------------------- a real browser

CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"


def _browser():
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        sync_playwright = None
    if sync_playwright is None or not Path(CHROMIUM).exists():
        if os.environ.get("CI"):
            pytest.fail("CI must have Playwright and Debian's chromium (see .ci/run)")
        pytest.skip("Playwright or chromium not installed")
    return sync_playwright


ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
        "--disable-background-networking", "--disable-component-update", "--disable-sync"]


def test_browser_search_measure_owner_screenshot(site, tmp_path):
    sync_playwright = _browser()
    shots = ROOT / "out" / "browser-test"
    shots.mkdir(parents=True, exist_ok=True)
    requests = []
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        page = browser.new_page(viewport={"width": 390, "height": 844})  # a phone
        page.on("request", lambda r: requests.append(r.url))
        page.goto((site / "index.html").as_uri())
        page.fill("#q", "kozossegi")
        page.click("form.search button[type=submit]")
        page.wait_for_selector("#results li")
        assert "közösségi" in page.inner_text("#results").lower()
        page.locator("#results li", has_text="(measure)").first.locator("a").click()
        assert page.inner_text("p.kind").upper() == "INTÉZKEDÉS"
        page.locator("ol.chain li", has_text="felelős").locator("a").first.click()
        assert page.inner_text("p.kind").upper() == "FELELŐS"
        assert page.locator("ul.links a").count() > 0
        page.click("#lang-toggle")
        assert page.inner_text("p.kind").upper() == "OWNER"
        page.screenshot(path=str(shots / "owner-page.png"), full_page=True)
        browser.close()
    assert all(u.startswith("file://") for u in requests), [u for u in requests if not u.startswith("file://")]
    assert (shots / "owner-page.png").stat().st_size > 10000


def test_browser_runs_no_script_from_a_cell(tmp_path):
    sync_playwright = _browser()
    out = tmp_path / "site"
    render(_with_script_title(tmp_path), out)
    dialogs = []
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        page = browser.new_page()
        page.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))
        page.goto((out / "e" / page_name(f"{ID}doc/jozsefvaros-hep-it/measure/I-1")).as_uri())
        assert page.inner_text("h1") == "<script>alert(1)</script>"
        page.goto((out / "search.html").as_uri() + "?q=script")
        page.wait_for_selector("#results li")
        browser.close()
    assert dialogs == []
