"""The gap report and the analytics behind it."""

import datetime as dt
from html.parser import HTMLParser

from click.testing import CliRunner

from esely_graph.analytics import analyse
from esely_graph.cli import main
from esely_graph.report import build_report
from esely_graph.store import load_store
from conftest import ROOT, TTL


def test_report_counts_first_then_lists(tmp_path):
    ctx = build_report(TTL, ROOT / "queries", tmp_path, dt.date(2024, 1, 1))
    md = (tmp_path / "report.md").read_text(encoding="utf-8")
    counts_at = md.index("## Számok / Counts")
    lists_at = md.index('<a id="problems-without-measure"></a>')
    assert counts_at < lists_at
    assert "| [Lejárt határidejű intézkedések és alfeladatok / Overdue measures and sub-tasks](#overdue-measures) | 2 |" in md
    assert (tmp_path / "queries" / "budget-items.csv").read_text(encoding="utf-8").count("\n") == 12
    names = [s.name for s in ctx["sections"]]
    assert "trace" not in names and "measures" in names  # trace needs a node only a user can give


def test_report_html_is_well_formed_and_escaped(tmp_path):
    build_report(TTL, ROOT / "queries", tmp_path, dt.date(2024, 1, 1))
    html = (tmp_path / "report.html").read_text(encoding="utf-8")

    class Checker(HTMLParser):
        def __init__(self):
            super().__init__()
            self.stack, self.ids = [], set()

        def handle_starttag(self, tag, attrs):
            if tag not in ("meta", "br", "link"):
                self.stack.append(tag)
            self.ids |= {v for k, v in attrs if k == "id"}

        def handle_endtag(self, tag):
            assert self.stack.pop() == tag

    c = Checker()
    c.feed(html)
    assert c.stack == [] and "overdue-measures" in c.ids
    # HEP IT line 16, column A: the title with its Hungarian quotation marks, kept as written (not
    # entity-escaped, not stripped)
    assert "„Egészséges Józsefváros”" in html


def test_analytics_on_the_real_graph():
    a = analyse(load_store(TTL))
    assert a.owner_centrality[0][:2] == ("Polgármesteri Kabinet", 34)  # 34 measures (own or via sub-tasks)
    assert "Roma Stratégia" in a.isolated_strategies
    assert len(a.chains) == 22
    broken = {label: step for label, n, step in a.chains if step}
    assert broken == {"jozsefvaros-hep-it V/6": "problem"}  # the KEF measure answers no HE problem


def test_report_command(tmp_path):
    result = CliRunner().invoke(main, ["report", "--data", str(TTL), "--out", str(tmp_path), "--as-of", "2024-01-01"])
    assert result.exit_code == 0, result.output
    assert "    2  overdue-measures" in result.output


def test_queries_command_lists_every_query():
    result = CliRunner().invoke(main, ["queries"])
    for name in ("measures", "overdue-measures", "trace", "owner-load", "shared-programmes"):
        assert f"\n{name}\n" in "\n" + result.output
    assert "params: as_of (date=today)" in result.output
