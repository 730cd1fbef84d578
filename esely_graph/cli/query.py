"""Commands that ask the graph: queries, query, sparql."""

from __future__ import annotations

from pathlib import Path

import click

from . import main
from .common import DATA_OPT, FORMAT_OPT, graph_layout, layout, parse_params, user_errors


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
@click.option("--param", "params", multiple=True, metavar="KEY=VALUE", help="Query parameter (repeatable).")
@FORMAT_OPT
@user_errors
def query(name: str, data_dir: Path | None, params: tuple[str, ...], fmt: str) -> None:
    """Run the named query NAME (see `esely-graph queries`)."""
    from ..address import resolve_params
    from ..queries import bind_params, format_rows, get_query, run_sparql
    from ..store import load_store

    lay = graph_layout(data_dir)
    q = get_query(lay.queries, name)
    store = load_store(lay.ttl)
    subs = bind_params(q, resolve_params(store, q, parse_params(params)))  # municipality, county, trace address
    names, rows = run_sparql(store, q.text, subs)
    click.echo(format_rows(names, rows, fmt), nl=False)


@main.command()
@click.argument("file", type=click.File("r", encoding="utf-8"))
@DATA_OPT
@FORMAT_OPT
@user_errors
def sparql(file, data_dir: Path | None, fmt: str) -> None:
    """Run any SPARQL SELECT query from FILE (or - for standard input).

    The project's prefixes (esely:, id:, tg:, dcterms:, skos:, org:, time:, prov:, eli:, schema: …)
    are declared for you.
    """
    from ..queries import format_rows, run_sparql
    from ..store import load_store

    text = file.read()
    names, rows = run_sparql(load_store(graph_layout(data_dir).ttl), text)
    click.echo(format_rows(names, rows, fmt), nl=False)
