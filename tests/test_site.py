"""The static site: structure tests on rendered pages (links both ways, actionable tables, Hungarian without raw
tokens, plan-health figures equal to the named queries' counts, per-item downloads equal to the graph)."""

import datetime as dt
import re
import shutil
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote, urlparse

import pytest
from rdflib import Graph, URIRef
from rdflib.compare import isomorphic

from esely_graph.queries import bind_params, load_queries, run_sparql
from esely_graph.site import build_site, page_name
from esely_graph.validate import Finding, Report
from conftest import ROOT, TTL

ID = "https://w3id.org/esely/id/"
AS_OF = dt.date(2024, 1, 1)
I2 = f"{ID}doc/jozsefvaros-hep-it/measure/I-2"
TOWNS = ("jozsefvaros", "kecskemet")


def area(iri: str) -> str:
    """The folder of an item's page: its town's (the seed fixtures' IRIs name their town)."""
    return next((t for t in TOWNS if t in iri), "jozsefvaros")


def ent(iri: str) -> str:
    """An entity page relative to the language root."""
    return f"{area(iri)}/e/{page_name(iri)}"


def render(ttl: Path, out: Path, report=None) -> dict:
    return build_site(ttl, out, ROOT / "shapes", ROOT / "queries", ttl / "ontology.ttl", report, AS_OF)


def stray_word_finding() -> Report:
    """Two findings on I/2: a parse flag (its sentence already stands beside the owner, so the page does not repeat
    it) and a missing resource (shown, without the raw term its message names)."""
    flag = Finding("jozsefvaros-hep-it", I2 + "/owner/1", "info", "shape", "component", None,
                   "https://w3id.org/esely/ontology#StrayWord", "Az importáló itt javított (lásd esely:flagNote)",
                   "The importer fixed something (see esely:flagNote)", None, None, None, "'nyelvi' belongs elsewhere")
    overdue = Finding("jozsefvaros-hep-it", I2, "warning", "shape", "component",
                      "https://w3id.org/esely/ontology#completed", None, "A határidő lejárt", "The deadline has passed",
                      None, None, None, "»2024. október« → 2024-10-31")  # validated on another day than AS_OF
    gap = Finding("jozsefvaros-hep-it", I2 + "/resource/J", "warning", "shape", "component", None, None,
                  "Erőforrás: sem forrás, sem összeg (lásd esely:hasAmount)", "Resource: no source, no amount", None,
                  None, None, None)
    return Report([flag, overdue, gap], Graph(), 1)


@pytest.fixture(scope="module")
def site(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("site") / "site"
    render(TTL, out, stray_word_finding())
    return out


class Page(HTMLParser):
    def __init__(self):
        super().__init__()
        self.hrefs, self.ids, self.link_list_hrefs, self.headings = [], set(), [], []
        self.rows, self.text, self.lang = [], [], None
        self._in_links = self._in_tbody = self._skip = 0

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == "html":
            self.lang = a.get("lang")
        if "id" in a:
            self.ids.add(a["id"])
        if tag == "ul" and a.get("class") == "links":
            self._in_links += 1
        if tag == "tbody":
            self._in_tbody += 1
        if tag == "tr" and self._in_tbody:
            self.rows.append([])
        if tag == "a" and "href" in a:
            self.hrefs.append(a["href"])
            if self._in_links:
                self.link_list_hrefs.append(a["href"])
            if self._in_tbody and self.rows:
                self.rows[-1].append(a["href"])
        if tag in ("script", "style"):
            self._skip += 1
        if re.fullmatch(r"h[1-6]", tag):
            self.headings.append(int(tag[1]))

    def handle_endtag(self, tag):
        if tag == "ul" and self._in_links:
            self._in_links -= 1
        if tag == "tbody":
            self._in_tbody -= 1
        if tag in ("script", "style"):
            self._skip -= 1

    def handle_data(self, data):
        if not self._skip:
            self.text.append(data)


def parse(path: Path) -> Page:
    p = Page()
    p.feed(path.read_text(encoding="utf-8"))
    return p


def pages(site: Path, lang: str = "*"):
    return sorted(site.glob(f"{lang}/**/*.html")) if lang != "*" else sorted(site.rglob("*.html"))


def test_every_internal_link_resolves(site):
    broken = []
    parsed = {p: parse(p) for p in pages(site)}
    for path, page in parsed.items():
        for href in page.hrefs:
            u = urlparse(href)
            if u.scheme:
                broken.append(f"{path.name}: external link {href}")
                continue
            target = (path.parent / unquote(u.path)).resolve() if u.path else path
            if not target.exists():
                broken.append(f"{path.relative_to(site)} -> {href}")
            elif u.fragment and target.suffix == ".html" and u.fragment not in parsed[target].ids:
                broken.append(f"{path.relative_to(site)} -> {href} (no #{u.fragment})")
    assert broken == []


@pytest.mark.parametrize("lang", ["hu", "en"])
def test_every_forward_link_has_its_backlink(site, lang):
    """Within a town's folder (its entities and its views of the target groups and programmes it names)."""
    total = 0
    for town in TOWNS:
        entity_pages = {p.name: parse(p) for p in (site / lang / town / "e").glob("*.html")}
        own = {f"../../{town}/e/{name}": name for name in entity_pages}
        missing = []
        for name, page in entity_pages.items():
            for href in page.link_list_hrefs:
                if href in own and f"../../{town}/e/{name}" not in entity_pages[own[href]].link_list_hrefs:
                    missing.append(f"{name} -> {href}")
        assert missing == []
        total += sum(len(p.link_list_hrefs) for p in entity_pages.values())
    assert total > 1000


def test_pages_sharded_by_town(site):
    """A town's entity pages, source rows and lists sit in its folder; the national entities in their own."""
    for lang in ("hu", "en"):
        assert (site / lang / "jozsefvaros" / "e" / page_name(I2)).exists()
        assert (site / lang / "kecskemet" / "e" / page_name(f"{ID}org/kecskemet")).exists()
        assert not (site / lang / "kecskemet" / "e" / page_name(I2)).exists()
        assert (site / lang / "national" / "e" / page_name(f"{ID}target-group/gyermekek")).exists()
        assert (site / lang / "jozsefvaros" / "e" / page_name(f"{ID}target-group/gyermekek")).exists()  # its view
        assert not list((site / lang).glob("e/*")) and not list((site / lang).glob("src/*"))
    national = (site / "hu" / "national" / "e" / page_name(f"{ID}target-group/gyermekek")).read_text(encoding="utf-8")
    assert "../../jozsefvaros/e/target-group~gyermekek.html#links-in" in national
    view = (site / "hu" / "jozsefvaros" / "e" / page_name(f"{ID}target-group/gyermekek")).read_text(encoding="utf-8")
    assert "../../national/e/target-group~gyermekek.html" in view


def test_every_page_in_both_languages_with_a_language_link(site):
    hu = {p.relative_to(site / "hu") for p in pages(site, "hu")}
    en = {p.relative_to(site / "en") for p in pages(site, "en")}
    assert hu == en and len(hu) > 500
    for rel in [Path("index.html"), Path(ent(I2))]:
        page = parse(site / "hu" / rel)
        assert page.lang == "hu" and "../" * len(rel.parts) + f"en/{rel}" in page.hrefs
        assert parse(site / "en" / rel).lang == "en"


def test_every_hep_it_measure_has_its_page(site):
    for code in ["0-1", "0-2", "0-3", "I-1", "I-2", "I-3", "I-4", "II-1", "II-2", "II-3", "II-4", "III-1", "III-2",
                 "IV-1", "IV-2", "IV-3", "V-1", "V-2", "V-3", "V-4", "V-5", "V-6"]:
        for lang in ("hu", "en"):
            assert (site / lang / ent(f"{ID}doc/jozsefvaros-hep-it/measure/{code}")).exists(), code


def test_measure_page_shows_status_chain_source_and_flag_in_words(site):
    text = (site / "hu" / ent(I2)).read_text(encoding="utf-8")
    assert "HEP intézkedési terv (HEP IT), 2023, 15. sor" in text  # the source row, not a file name
    assert "nyelvi Józsefvárosi Polgármesteri Hivatal Községi Részvételi Iroda" in text  # original owner cell
    assert "Helye a láncban" in text and "A kerületben nagyszámban élnek magyarul" in text
    assert "A cellában a szomszédos cellához tartozó szó áll." in text  # esely:StrayWord's rdfs:comment@hu
    visible = " ".join(parse(site / "hu" / ent(I2)).text)
    assert "Erőforrás: sem forrás, sem összeg" in visible and "Az importáló itt javított" not in visible
    assert "StrayWord" not in visible and "esely:" not in visible
    assert "A határidő lejárt" not in visible and "lejárt" not in visible  # not overdue on AS_OF: one clock
    assert ('2024. október (<time datetime="2024-10-01">2024. október 1.</time> – '
            '<time datetime="2024-10-31">2024. október 31.</time>)') in text
    en = (site / "en" / ent(I2)).read_text(encoding="utf-8")
    assert "The cell holds a word that belongs to the neighbouring cell." in en and "line 15" in en
    assert '<script type="application/ld+json">' in text


def test_importer_notes_in_words_on_both_languages(site):
    doc = " ".join(parse(site / "hu" / ent(f"{ID}doc/jozsefvaros-hep-it")).text)
    assert "Az importáló kihagyta a(z) 5. sort: a sablon oszlopbetűinek sora." in doc
    assert "sorszám: Intézkedés sorszáma" in doc
    en = " ".join(parse(site / "en" / ent(f"{ID}doc/jozsefvaros-hep-it")).text)
    assert "Line 5 skipped: row of template column letters." in en and "number: Intézkedés sorszáma" in en


def test_source_mention_links_to_its_row(site):
    page = parse(site / "hu" / ent(I2))
    href = next(h for h in page.hrefs if "#line-15" in h)
    assert href == "../../jozsefvaros/src/doc~jozsefvaros-hep-it.html#line-15"
    row = (site / "hu" / "jozsefvaros" / "src" / "doc~jozsefvaros-hep-it.html").read_text(encoding="utf-8")
    assert re.search(r'<tr id="line-15">(?:(?!</tr>).)*nyelvi akadálymentesítés', row, re.S)


def test_problem_without_measure_says_so(site):
    rows = query_rows("problems-without-measure")
    unanswered, answered = rows[0]["problem_iri"], f"{ID}doc/jozsefvaros-hep-he/problem/20"
    assert answered not in {r["problem_iri"] for r in rows}
    assert "Nincs rá intézkedés" in (site / "hu" / ent(unanswered)).read_text(encoding="utf-8")
    assert "Nincs rá intézkedés" not in (site / "hu" / ent(answered)).read_text(encoding="utf-8")


def test_overdue_mark_next_to_the_deadline(site):
    text = (site / "hu" / ent(f"{ID}doc/jozsefvaros-hep-it/measure/0-3")).read_text(encoding="utf-8")
    # 0/3: "2023. június 15." -> 200 days late on 2024-01-01
    assert re.search(r'<time datetime="2023-06-15">2023\. június 15\.</time> <strong class="mark-overdue">lejárt', text)
    assert "200 nap késés" in text


def test_headings_in_order_and_one_h1(site):
    for path in pages(site):
        h = parse(path).headings
        assert h.count(1) == 1, path
        assert all(b - a <= 1 for a, b in zip(h, h[1:])), (path, h)


def test_every_table_row_links_to_its_item(site):
    checked = 0
    for path in [p for folder in [site / "hu"] + [site / "hu" / t for t in TOWNS]
                 for p in sorted((folder / "gaps").glob("*.html")) + sorted((folder / "health").glob("*.html")) + [
                     folder / "overdue.html", folder / "budget.html", folder / "owners.html"]]:
        for row in parse(path).rows:
            assert any("e/" in href for href in row), (path.name, row)
            checked += 1
    assert checked > 500


def test_overdue_rows_link_item_and_owner(site):
    page = parse(site / "hu" / "jozsefvaros" / "overdue.html")
    text = " ".join(page.text)
    assert "Napok késés" in text and "Felelős" in text and "Határidő" in text
    owners = {p.name for p in (site / "hu" / "jozsefvaros" / "e").glob("org~*.html")}
    assert all(len([h for h in row if h.split("/")[-1] in owners]) >= 1 for row in page.rows[:10]), page.rows[:3]


FORBIDDEN = [r"\besely:", r"\.tsv\b", r"\bhep-action-plan\b", r"\bwarning\b", r"\bviolation\b", r"\bGross\b",
             r"forrásoszlop", r"primaryTopic", r"\bautomatic\b", r"\bcurated\b", r"\bnumber:", r"\d{4}-\d{2}-\d{2}", r"\bline \d", r"\bskipped\b"]


def forbidden_tokens() -> list[str]:
    tokens = list(FORBIDDEN)
    for q in load_queries(ROOT / "queries").values():
        tokens += [rf"\b{c}\b" for c in q.columns if "_" in c]
    onto = Graph().parse(TTL / "ontology.ttl")
    flags = onto.subjects(URIRef("http://www.w3.org/2004/02/skos/core#inScheme"),
                          URIRef("https://w3id.org/esely/ontology#ParseFlags"))
    tokens += [rf"\b{str(f).rsplit('#', 1)[-1]}\b" for f in flags]
    return tokens


def test_no_raw_tokens_on_hungarian_pages(site):
    tokens = re.compile("|".join(forbidden_tokens()))
    found = []
    for path in pages(site, "hu"):
        text = " ".join(parse(path).text)
        allowed = {"automatic", "curated", "forrásoszlop"} if path.name == "ontology.html" else set()  # the
        # vocabulary page defines the property and names the values its definition quotes
        found += [f"{path.relative_to(site)}: {m.group(0)}" for m in tokens.finditer(text) if m.group(0) not in allowed]
    assert found == []


def query_rows(name: str) -> list[dict]:
    from esely_graph.store import load_store

    q = load_queries(ROOT / "queries")[name]
    names, rows = run_sparql(load_store(TTL), q.text,
                             bind_params(q, {"as_of": AS_OF.isoformat()} if any(p.name == "as_of" for p in q.params) else {}))
    return [{n: (r[n].value if r[n] is not None else "") for n in names} for r in rows]


def test_plan_health_figures_equal_the_named_queries_counts(site):
    incomplete = query_rows("measures-incomplete")
    expected = {"overdue": len(query_rows("overdue-measures")),
                "problems": len(query_rows("problems-without-measure")),
                **{k: sum(1 for r in incomplete if r["missing"] == k) for k in ("owner", "deadline", "indicator",
                                                                                  "resource")}}
    html = (site / "hu" / "index.html").read_text(encoding="utf-8")
    for key, n in expected.items():
        m = re.search(rf'href="health/all-{key}\.html"><span class="n">(\d+)</span>', html)
        assert m and int(m.group(1)) == n, key
        per_town = re.findall(r'data-sort="(\d+)"', (site / "hu" / "health" / f"all-{key}.html").read_text(encoding="utf-8"))
        assert sum(int(x) for x in per_town) == n, key  # the national list counts each town's rows
        towns = sum(len(parse(site / "hu" / t / "health" / f"org~{t}-{key}.html").rows) for t in TOWNS)
        assert towns == n, key
    assert expected["overdue"] > 0 and expected["problems"] > 0 and expected["resource"] > 0


def test_document_and_municipality_figures_count_their_own_rows(site, graph):
    overdue = query_rows("overdue-measures")
    doc_page = (site / "hu" / ent(f"{ID}doc/jozsefvaros-hep-it")).read_text(encoding="utf-8")
    n = sum(1 for r in overdue if r["document"] == "jozsefvaros-hep-it")
    assert 0 < n < len(overdue)
    assert re.search(rf'href="\.\./\.\./jozsefvaros/health/doc~jozsefvaros-hep-it-overdue\.html"><span class="n">{n}</span>',
                     doc_page)
    unreadable = set(graph.subjects(URIRef("https://w3id.org/esely/ontology#flag"),
                                    URIRef("https://w3id.org/esely/ontology#Unreadable")))
    index = (site / "hu" / "index.html").read_text(encoding="utf-8")
    assert re.search(rf'href="health/all-unreadable\.html"><span class="n">{len(unreadable)}</span>', index)
    muni = (site / "hu" / ent(f"{ID}org/kecskemet")).read_text(encoding="utf-8")
    k = sum(1 for r in overdue if r["document"].startswith("kecskemet"))
    assert re.search(rf'health/org~kecskemet-overdue\.html"><span class="n">{k}</span>', muni)


def test_document_page_lists_measures_in_code_order(site):
    doc = (site / "hu" / ent(f"{ID}doc/jozsefvaros-hep-it")).read_text(encoding="utf-8")
    assert "A terv állapota" in doc
    order = re.findall(r'href="\.\./\.\./jozsefvaros/e/doc~jozsefvaros-hep-it~measure~([^"~]+)\.html"', doc)
    assert order[:8] == ["0-1", "0-2", "0-3", "I-1", "I-2", "I-3", "I-4", "II-1"], order


def description(g: Graph, item: str, site: Path) -> Graph:
    out, todo = Graph(), [URIRef(item)]
    while todo:
        s = todo.pop()
        for p, o in g.predicate_objects(s):
            out.add((s, p, o))
            if isinstance(o, URIRef) and str(o).startswith(item + "/") and \
                    not (site / "hu" / ent(str(o))).exists():
                todo.append(o)
    return out


@pytest.mark.parametrize("item", [I2, f"{ID}doc/jozsefvaros-hep-he/problem/7", f"{ID}org/jozsefvaros/polgarmesteri-kabinet",
                                  f"{ID}doc/jozsefvaros-roma-strategia-it/measure/1-7"])
def test_per_item_downloads_parse_and_equal_the_description(site, graph, item):
    stem = ent(item).replace("/e/", "/")[:-5]
    want = description(graph, item, site)
    assert len(want) > 3
    for ext, fmt in (("ttl", "turtle"), ("jsonld", "json-ld")):
        got = Graph().parse(site / "data" / f"{stem}.{ext}", format=fmt)
        assert isomorphic(got, want), ext


def test_no_network_requests(site):
    for path in list(site.rglob("*.html")) + list(site.rglob("*.js")) + list(site.rglob("*.css")):
        if "sparql" in path.relative_to(site).parts:
            continue  # the SPARQL page's scripts (vendored Oxigraph, YASGUI) load its graph from the same origin;
            # tests/test_site_query.py records every request the page makes in Chromium: none leaves the origin
        text = path.read_text(encoding="utf-8")
        assert not re.search(r"""(src|href)=["']https?://""", text), path
        assert "fetch(" not in text and "XMLHttpRequest" not in text, path


def test_csv_of_a_table_is_spreadsheet_safe(tmp_path):
    from esely_graph.site.tables import Cell, Table

    t = Table("x", [("a", "Tétel")], [[Cell("=HYPERLINK(1)")], [Cell("rendes")]], [None, None], [None, None])
    assert t.csv().splitlines()[1] == "'=HYPERLINK(1)"


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
    page = (out / "hu" / ent(f"{ID}doc/jozsefvaros-hep-it/measure/I-1")).read_text(encoding="utf-8")
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page
    assert "<script>alert(1)" not in page
    for path in out.rglob("*"):
        if path.suffix in (".html", ".js"):  # CSV, Turtle and JSON-LD hold the text as data
            assert "<script>alert(1)" not in path.read_text(encoding="utf-8"), path
