"""Commands that ask the graph: queries, query, sparql."""

from __future__ import annotations

import sys
from pathlib import Path

import click

from . import main
from .common import DATA_OPT, FORMAT_OPT, graph_layout, layout, parse_params, user_errors

STORE_OPT = click.option("--store", "store_dir", type=click.Path(path_type=Path), default=None,
                         help="Ask the on-disk Oxigraph store in DIR (created, or updated per changed file, "
                              "from the Turtle files first) instead of loading the Turtle files into memory.")
ENDPOINT_OPT = click.option("--endpoint", "endpoint", default=None, metavar="URL",
                            help="Ask a remote SPARQL 1.1 endpoint instead of the local graph (its default "
                                 "graph must be the union of the published graphs).")
KEPT = ("megőrzött válasz az utolsó `all` futásból (--evaluate: kiértékelés) / "
        "kept answer of the last `all` run (--evaluate: evaluate it); sorok / rows")
SPARQL_FORMATS = ["table", "csv", "tsv", "json", "xml", "records", "ttl", "nt", "jsonld"]


def open_for(data_dir: Path | None, store_dir: Path | None, endpoint: str | None):
    """The graph a command asks: a remote endpoint, the on-disk store, or the Turtle files in memory."""
    from ..store import open_graph

    if endpoint:
        return open_graph(endpoint=endpoint)
    lay = graph_layout(data_dir)
    if store_dir is not None:
        from ..disk_store import sync

        sync(lay.ttl, store_dir)
        return open_graph(store_dir=store_dir)
    return open_graph(ttl_dir=lay.ttl)


@main.command("queries")
@user_errors
def list_queries() -> None:
    """List the named queries with what each answers."""
    from ..queries import load_queries

    for q in load_queries(layout().queries).values():
        params = ", ".join(f"{p.name} ({p.type}{'=' + p.default if p.default else ''})" for p in q.params)
        click.echo(f"{q.name}\n    {q.title}: {q.answers}")
        if params:
            click.echo(f"    params: {params}")


@main.command()
@click.argument("name")
@DATA_OPT
@STORE_OPT
@ENDPOINT_OPT
@click.option("--param", "params", multiple=True, metavar="KEY=VALUE", help="Query parameter (repeatable).")
@click.option("--evaluate", is_flag=True,
              help="With --store: evaluate the query even when the last `esely-graph all` kept its whole-country "
                   "answer (by default that answer is read while the store, the day and the queries are the run's).")
@FORMAT_OPT
@user_errors
def query(name: str, data_dir: Path | None, store_dir: Path | None, endpoint: str | None,
          params: tuple[str, ...], evaluate: bool, fmt: str) -> None:
    """Run the named query NAME (see `esely-graph queries`)."""
    from ..address import resolve_params
    from ..queries import bind_params, format_rows, get_query, load_queries
    from ..sparql_output import write_select
    from ..store import solutions_rows

    q = get_query(layout().queries, name)
    given = parse_params(params)
    if store_dir is not None and endpoint is None:
        import datetime as dt

        from ..disk_store import sync
        from ..kept_answer import kept
        from ..store import open_graph

        lay = graph_layout(data_dir)
        sync(lay.ttl, store_dir)
        answer = None if evaluate else kept(lay.out, store_dir, load_queries(lay.queries), name, given,
                                             dt.date.today())
        if answer is not None:
            click.echo(f"{KEPT} ({answer.total})", err=True)
            if fmt == "csv":  # the kept bytes as they are
                sys.stdout.flush()
                answer.write_csv(sys.stdout.buffer)
                return
            result = answer.solutions()
            if not write_select(result, fmt):  # json written by pyoxigraph, table and records from Python rows
                click.echo(format_rows(*solutions_rows(result), fmt), nl=False)
            return
        graph = open_graph(store_dir=store_dir)
    else:
        graph = open_for(data_dir, None, endpoint)
    subs = bind_params(q, resolve_params(graph, q, given))  # municipality, county, trace address
    result = graph.query(q.text, subs)
    if not write_select(result, fmt):  # csv and json written by pyoxigraph, table and records from Python rows
        click.echo(format_rows(*solutions_rows(result), fmt), nl=False)


@main.command()
@click.argument("file", type=click.File("r", encoding="utf-8"))
@DATA_OPT
@STORE_OPT
@ENDPOINT_OPT
@click.option("--format", "fmt", type=click.Choice(SPARQL_FORMATS), default="table", show_default=True,
              help="SELECT: table, csv, tsv, json (SPARQL JSON), xml (SPARQL XML), records. CONSTRUCT/DESCRIBE: "
                   "ttl (also for table), nt, jsonld, xml (RDF/XML). ASK: table prints true/false; json, xml, csv, "
                   "tsv as SPARQL results. csv keeps raw values (not neutralised for spreadsheets).")
@user_errors
def sparql(file, data_dir: Path | None, store_dir: Path | None, endpoint: str | None, fmt: str) -> None:
    """Run any SPARQL query (SELECT, CONSTRUCT, DESCRIBE, ASK) from FILE (or - for standard input).

    The project's prefixes (esely:, id:, tg:, dcterms:, skos:, org:, time:, prov:, eli:, schema: …)
    are declared for you. Updates are not accepted.
    """
    import pyoxigraph as ox

    from ..sparql_output import render, write_select

    text = file.read()
    result = open_for(data_dir, store_dir, endpoint).query(text)
    if not (isinstance(result, ox.QuerySolutions) and write_select(result, fmt)):
        click.echo(render(result, fmt), nl=False)
