"""Commands that render the graph for people: report and site."""

from __future__ import annotations

import time
from pathlib import Path

import click

from ..layout import Layout
from ..pipeline import report_lines, site_lines
from . import main
from .common import AS_OF_OPT, DATA_OPT, as_of_date, graph_layout, layout, user_errors
from .query import STORE_OPT


@main.command()
@DATA_OPT
@STORE_OPT
@click.option("--out", "out", type=click.Path(path_type=Path), default=None,
              help="Directory for report.md, report.html and one CSV per query [default: out/report].")
@AS_OF_OPT
@click.option("--endpoint", default=None, metavar="URL",
              help="Report on a remote SPARQL 1.1 endpoint (see `esely-graph publish`) instead of the local graph.")
@user_errors
def report(data_dir: Path | None, store_dir: Path | None, out: Path | None, as_of, endpoint: str | None) -> None:
    """Write the gap report (Markdown and HTML): every named query and the graph analytics."""
    from ..store import open_graph
    from .graph import read_store

    lay = layout(ttl=data_dir) if endpoint else graph_layout(data_dir)
    graph = open_graph(endpoint=endpoint) if endpoint else read_store(lay, store_dir)
    render_report(lay, out or lay.out / "report", as_of_date(as_of), store=graph)


def render_report(lay: Layout, out: Path, day, store=None, catalogue=None, results=None, analytics=None) -> None:
    """``store``: the graph to report on (the on-disk store opened read-only, or a ``store.GraphStore`` such
    as a remote endpoint) instead of loading the Turtle files of ``lay``; ``catalogue``: the named queries'
    rows run once for the report and the site; ``results``: their results as the report shows them, as `all`
    keeps them town by town (``catalogue.national_results``); ``analytics``: likewise the graph's analytics
    (``analytics_towns.national_analytics``)."""
    from ..report import build_report

    ctx = build_report(lay.ttl, lay.queries, out, day, store=store, catalogue=catalogue, results=results,
                       analytics=analytics)
    for line in report_lines(ctx, out):
        click.echo(line)


@main.command()
@DATA_OPT
@STORE_OPT
@click.option("--out", "out", type=click.Path(path_type=Path), default=None,
              help="Directory for the static site [default: out/site] (replaced when the whole site rendered).")
@AS_OF_OPT
@click.option("--serve", is_flag=True, help="Then serve the site over HTTP (its SPARQL page needs it); Ctrl-C stops.")
@click.option("--bind", default="127.0.0.1:8000", show_default=True, help="HOST:PORT for --serve.")
@user_errors
def site(data_dir: Path | None, store_dir: Path | None, out: Path | None, as_of, serve: bool, bind: str) -> None:
    """Render the static cross-reference site (works offline, from file:// or any static host)."""
    from ..site_query.serve import check_bind, serve_site
    from .graph import read_store

    check_bind(bind)  # a bad --bind fails before the build
    lay = graph_layout(data_dir)
    render_site(lay, out or lay.out / "site", as_of_date(as_of), store=read_store(lay, store_dir))
    if serve:
        serve_site(out or lay.out / "site", bind, click.echo)


def render_site(lay: Layout, out: Path, day, findings=None, store=None, catalogue=None, anchored=None) -> None:
    """The site step, for `site` and `all` (which passes the findings it already has and the on-disk store,
    opened read-only, that every step reads)."""
    from ..site import build_site
    from ..validate import validate as run_validate

    t0 = time.perf_counter()
    if findings is None:
        click.echo("ellenőrzés a lapokon mutatott megállapításokhoz / validating for the findings shown on the "
                   "pages …", err=True)
        findings = run_validate(lay.ttl, lay.shapes, as_of=day, store=store)
    click.echo("lapok készítése / rendering pages …", err=True)
    result = build_site(lay.ttl, out, lay.shapes, lay.queries, lay.ttl / "ontology.ttl", findings, day,
                        store=store, catalogue=catalogue, anchored=anchored)
    result["seconds"] = time.perf_counter() - t0
    for line in site_lines(result, out):
        click.echo(line)
