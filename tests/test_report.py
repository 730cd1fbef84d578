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


def test_report_shows_the_first_rows_of_a_long_analytics_list_and_writes_it_whole(tmp_path):
    """At national scale the chain list has a row per measure of the country: the report shows its first MAX_ROWS
    rows, as it does a query's, and writes every row to analytics/chains.csv."""
    import networkx as nx
    from esely_graph.analytics import Analytics
    from esely_graph.report import MAX_ROWS
    chains = [(f"varos-hep-it {i // 10}/{i % 10}", 7, None) for i in range(MAX_ROWS + 3)]
    chains[MAX_ROWS + 1] = ("varos-hep-it 20/1", 2, "strategy")
    owners = [("=HYPERLINK(\"x\")", 3, 0.5), ("jegyző", 1, 0.0)]
    build_report(TTL, ROOT / "queries", tmp_path, dt.date(2024, 1, 1),
                 analytics=Analytics(nx.Graph(), chains=chains, owner_centrality=owners))
    md = (tmp_path / "report.md").read_text(encoding="utf-8")
    assert "| varos-hep-it 19/9 | 7 | — |" in md  # row 200, the last shown
    assert "varos-hep-it 20/0" not in md and "varos-hep-it 20/1" not in md
    assert "… és még 3 sor / and 3 more rows: analytics/chains.csv" in md
    assert "analytics/owner-centrality.csv" not in md  # two owners: all shown
    html = (tmp_path / "report.html").read_text(encoding="utf-8")
    assert '<a href="analytics/chains.csv">' in html and "varos-hep-it 20/1" not in html
    lines = (tmp_path / "analytics" / "chains.csv").read_text(encoding="utf-8").split("\n")
    assert lines[0] == "measure,unbroken_steps,first_break"
    assert len(lines) == 1 + MAX_ROWS + 3 + 1  # header, every row, the final newline
    assert lines[1] == "varos-hep-it 0/0,7," and lines[MAX_ROWS + 2] == "varos-hep-it 20/1,2,strategy"
    assert (tmp_path / "analytics" / "owner-centrality.csv").read_text(encoding="utf-8") == (
        'owner,measures,betweenness\n"\'=HYPERLINK(""x"")",3,0.5\njegyző,1,0.0\n')
