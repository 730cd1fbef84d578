"""The gap report: every named query and the analytics, counts first, then the lists.

Writes ``report.md`` and ``report.html`` (jinja2, autoescaped) plus one CSV per query (``queries/``) and one per
analytics list (``analytics/``) into the output directory. Every list shows its first ``MAX_ROWS`` rows; its CSV
holds all of them (at national scale the chain list alone has a row per measure of the country).
"""

from __future__ import annotations

import csv
import datetime as dt
import io
from dataclasses import dataclass
from pathlib import Path

import jinja2

from .analytics import CHAIN_STEPS, Analytics, analyse
from .collector import calmed
from .segments import HEAD, Result, result_of
from .fsutil import atomic_dir
from .jinja_cache import bytecode_cache
from .queries import load_queries, run_catalogue, spreadsheet_cell, term_value
from .store import load_store

# The order and the headline of each query in the report, for an equal-opportunity officer.
HEADLINES = [
    ("problems-without-measure", "Problémák, amelyekre nincs intézkedés", "Problems no measure answers"),
    ("opportunities-not-adopted", "Fejlesztési lehetőségek, amelyeket egy intézkedés sem valósít meg", "Opportunities no measure takes up"),
    ("measures-incomplete", "Hiányos intézkedések (sablon szerinti elemek)", "Incomplete measures (template elements)"),
    ("overdue-measures", "Lejárt határidejű intézkedések és alfeladatok", "Overdue measures and sub-tasks"),
    ("strategies-without-adoption", "Hivatkozott, de elfogadó határozat nélküli stratégiák", "Strategies cited but never adopted"),
    ("strategy-citations", "Stratégiák hivatkozásai", "Strategy citations"),
    ("target-group-coverage", "Célcsoportok lefedettsége", "Target-group coverage"),
    ("owner-load", "Felelősök terhelése", "Owner load"),
    ("shared-programmes", "Több dokumentumban szereplő programok", "Programmes in several documents"),
    ("budget-summary", "Költségvetés összesítve", "Budget summary"),
    ("budget-items", "Költségvetési tételek", "Budget items"),
    ("resolutions", "Határozatok", "Resolutions"),
    ("measure-problem-links", "Intézkedések és problémák kapcsolatai", "Measure–problem links"),
    ("opportunity-links", "Intézkedések és fejlesztési lehetőségek kapcsolatai", "Measure–opportunity links"),
    ("measures", "Intézkedések", "Measures"),
]
# One row per pair of municipalities: N² rows for N towns (10 million at national scale), so the
# report, which is linear in the number of towns, leaves them out; they are asked per municipality
# (`esely-graph query compare-similar --param municipality=…`, the site's municipality pages).
PAIRWISE = ("compare-similar",)
SKIP_COLUMNS = {"measure", "item", "problem_iri", "opportunity_iri", "strategy_iri", "owner_iri",
                "target_group_iri", "resolution_iri", "programme_iri", "as_of", "node", "target"}
MAX_ROWS = HEAD  # the rows of a query shown (all of them in its CSV)
# The analytics' lists, each shown as its first MAX_ROWS rows and written whole to analytics/<name>.csv.
LISTS = (("chains", ("measure", "unbroken_steps", "first_break")),
         ("owner_centrality", ("owner", "measures", "betweenness")))


@dataclass
class Section:
    name: str
    title_hu: str
    title_en: str
    answers: str
    columns: list[str]
    rows: list[list[str]]
    total: int


@calmed  # large kept states: the collector's full passes would walk them over and over (collector.py)
def build_report(data_dir: Path, query_dir: Path, out_dir: Path, as_of: dt.date, store=None,
                 catalogue: dict | None = None, results: dict[str, Result] | None = None,
                 analytics: Analytics | None = None) -> dict:
    """Render the report into a temporary folder that replaces ``out_dir`` only when complete.

    ``store``: the graph to report on — the on-disk store opened read-only (``disk_store.open_read_only``)
    or a ``store.GraphStore`` (e.g. a remote endpoint); when None, the Turtle files of ``data_dir`` are
    loaded into memory (``data_dir`` may itself be a ``GraphStore``). ``catalogue``: the named queries' rows
    already run on that graph for ``as_of`` (``queries.run_catalogue``, as `all` shares them with the site);
    ``results``: queries' results as the report shows them (``catalogue.national_results``: kept town by town
    between runs); the queries it lacks are run here. ``analytics``: the graph's analytics made elsewhere
    (``analytics_towns.national_analytics``), else read from ``store``."""
    with atomic_dir(out_dir) as tmp:
        return _build_report(store if store is not None else load_store(data_dir), query_dir, tmp, as_of,
                             catalogue or {}, results or {}, analytics)


def _build_report(store, query_dir: Path, out_dir: Path, as_of: dt.date, catalogue: dict, given: dict,
                  analytics: Analytics | None) -> dict:
    queries = load_queries(query_dir)
    out_dir.mkdir(parents=True, exist_ok=True)
    (out_dir / "queries").mkdir(exist_ok=True)
    sections = []
    ordered = [n for n, _, _ in HEADLINES if n in queries] + sorted(set(queries) - {n for n, _, _ in HEADLINES})
    titles = {n: (hu, en) for n, hu, en in HEADLINES}
    listed = {n: q for n, q in queries.items() if n not in PAIRWISE}
    results = {n: given[n] for n in listed if n in given}
    results.update((n, result_of(*catalogue[n])) for n in listed if n in catalogue and n not in results)
    results.update((n, result_of(*rows)) for n, rows in run_catalogue(  # queries needing a user's value (trace):
        store, {n: q for n, q in listed.items() if n not in results}, as_of).items())  # left out
    for name in (n for n in ordered if n in results):
        q, r = queries[name], results[name]
        r.write(out_dir / "queries" / f"{name}.csv")
        cols = [n for n in r.names if n not in SKIP_COLUMNS]
        hu, en = titles.get(name, (q.title, q.title))
        sections.append(Section(name, hu, en, q.answers, cols,
                                [[term_value(row[c]) for c in cols] for row in r.head[:MAX_ROWS]], r.total))
    analytics = analytics if analytics is not None else analyse(store)
    (out_dir / "analytics").mkdir(exist_ok=True)
    for name, columns in LISTS:
        (out_dir / "analytics" / f"{csv_name(name)}.csv").write_text(_csv(columns, getattr(analytics, name)),
                                                                  encoding="utf-8")
    context = {
        "as_of": as_of.isoformat(),
        "sections": sections,
        "analytics": analytics,
        "sizes": analytics.sizes(),
        "chain_steps": CHAIN_STEPS,
        "max_rows": MAX_ROWS,
        "lists": {name: getattr(analytics, name)[:MAX_ROWS] for name, _ in LISTS},
        "list_csv": {name: f"analytics/{csv_name(name)}.csv" for name, _ in LISTS},
        "pairwise": [n for n in PAIRWISE if n in queries],
    }
    # autoescape=True, not select_autoescape(["html"]): the templates end in ".j2", and the
    # Markdown report must not carry raw HTML from a source cell either.
    env = jinja2.Environment(loader=jinja2.PackageLoader("esely_graph", "templates"),
                             autoescape=True, keep_trailing_newline=True, bytecode_cache=bytecode_cache())
    (out_dir / "report.md").write_text(env.get_template("report.md.j2").render(**context), encoding="utf-8")
    (out_dir / "report.html").write_text(env.get_template("report.html.j2").render(**context), encoding="utf-8")
    return context


def csv_name(name: str) -> str:
    """The file name of an analytics list's CSV (``owner_centrality`` → ``owner-centrality``)."""
    return name.replace("_", "-")


def _csv(columns, rows) -> str:
    """An analytics list as the report's spreadsheet-safe CSV (an empty first break as an empty cell)."""
    buf = io.StringIO()
    w = csv.writer(buf, lineterminator="\n")
    w.writerow(columns)
    w.writerows([spreadsheet_cell("" if v is None else str(v)) for v in row] for row in rows)
    return buf.getvalue()
