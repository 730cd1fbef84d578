"""Stored XSS and CSV formula injection in the gap report (regression: report.html.j2 was not autoescaped)."""

import datetime as dt
from html.parser import HTMLParser

from rdflib import Graph, Literal
from rdflib.namespace import DCTERMS, SKOS

from esely_graph.report import build_report
from conftest import ROOT, TTL

PAYLOAD = "<img src=x onerror=alert(1)>"
FORMULA = "=HYPERLINK(\"http://evil\")"


def hostile_ttl(tmp_path):
    """The committed graph with every title and label prefixed by markup and a formula."""
    out = tmp_path / "ttl"
    out.mkdir()
    for f in sorted(TTL.glob("*.ttl")):
        g = Graph()
        g.parse(f)
        for p in (DCTERMS.title, SKOS.prefLabel):
            for s, o in list(g.subject_objects(p)):
                if isinstance(o, Literal):
                    g.remove((s, p, o))
                    g.add((s, p, Literal(FORMULA + PAYLOAD + str(o), lang=o.language)))
        g.serialize(out / f.name, format="turtle")
    return out


class Tags(HTMLParser):
    def __init__(self):
        super().__init__()
        self.tags, self.handlers = [], []

    def handle_starttag(self, tag, attrs):
        self.tags.append(tag)
        self.handlers += [k for k, _ in attrs if k.startswith("on")]


def test_report_stored_xss_is_inert(tmp_path):
    build_report(hostile_ttl(tmp_path), ROOT / "queries", tmp_path / "out", dt.date(2024, 1, 1))
    html = (tmp_path / "out" / "report.html").read_text(encoding="utf-8")
    md = (tmp_path / "out" / "report.md").read_text(encoding="utf-8")
    parser = Tags()
    parser.feed(html)
    assert "img" not in parser.tags and parser.handlers == []
    assert "&lt;img src=x onerror=alert(1)&gt;" in html  # shown as text, not dropped
    assert PAYLOAD not in md and "&lt;img src=x onerror=alert(1)&gt;" in md


def test_report_csv_formula_injection_is_neutralised(tmp_path):
    build_report(hostile_ttl(tmp_path), ROOT / "queries", tmp_path / "out", dt.date(2024, 1, 1))
    cells = []
    import csv
    for f in (tmp_path / "out" / "queries").glob("*.csv"):
        with f.open(encoding="utf-8") as fh:
            cells += [c for row in csv.reader(fh) for c in row]
    hostile = [c for c in cells if "HYPERLINK" in c]
    assert hostile, "the payload reaches the CSVs"
    assert all(not c.startswith(("=", "+", "-", "@", "\t", "\r")) for c in cells)
    assert all(c.startswith("'=") for c in hostile if c.lstrip("'").startswith("="))
