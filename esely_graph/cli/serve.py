"""The serve command: the graph as a SPARQL 1.1 Protocol endpoint with canned queries and a query UI."""

from __future__ import annotations

from pathlib import Path

import click

from . import main
from .common import AS_OF_OPT, DATA_OPT, graph_layout, user_errors


@main.command()
@DATA_OPT
@click.option("--store", "store_dir", type=click.Path(path_type=Path), default=None,
              help="The on-disk Oxigraph store, created and kept in step with the Turtle files "
                   "[default: out/store]. A folder esely-graph did not create is never written to.")
@click.option("--bind", default="127.0.0.1:7878", show_default=True,
              help="HOST:PORT to listen on. Loopback by default; any other address turns on the per-client "
                   "rate limit.")
@click.option("--timeout", type=click.FloatRange(min=0.1), default=5.0, show_default=True,
              help="Seconds a query may run; then its worker process is killed and the client gets 503.")
@click.option("--max-rows", type=click.IntRange(min=1), default=100_000, show_default=True,
              help="Result-size cap in rows (or triples); larger results get 422.")
@click.option("--max-memory", "max_memory", type=click.IntRange(min=64), default=2048, show_default=True,
              help="Megabytes of memory one query may take; beyond it its worker stops and the client gets 503.")
@click.option("--workers", type=click.IntRange(min=1, max=64), default=2, show_default=True,
              help="Query worker processes (queries that run at the same time).")
@click.option("--cors", is_flag=True, help="Allow cross-origin requests (Access-Control-Allow-Origin: *).")
@click.option("--allow-service", "allow_service", multiple=True, metavar="HOST",
              help="A host SERVICE clauses may call (repeatable). Default: none, SERVICE is refused.")
@click.option("--rate", "rate", type=click.IntRange(min=1), default=120, show_default=True,
              help="Requests per minute per client address, enforced on non-loopback binds.")
@AS_OF_OPT
@user_errors
def serve(data_dir, store_dir, bind, timeout, max_rows, max_memory, workers, cors, allow_service, rate,
          as_of) -> None:
    """Serve the graph: SPARQL 1.1 Protocol at /sparql (read-only), the named queries at
    /queries/NAME (HTML, CSV, JSON), and the YASGUI query UI at /.

    Queries see the union of the per-file graphs; the project prefixes are predeclared.
    """
    from ..disk_store import sync
    from ..endpoint import open_socket, parse_bind, run
    from ..endpoint.protocol import Settings
    from .common import as_of_date

    host, port, loopback = parse_bind(bind)  # validated before anything is printed
    lay = graph_layout(data_dir)
    sock = open_socket(host, port)
    store_dir = store_dir or lay.store
    report = sync(lay.ttl, store_dir)
    settings = Settings(source={"store_dir": str(store_dir), "max_memory": max_memory * 2**20},
                        queries_dir=lay.queries, timeout=timeout, max_rows=max_rows, workers=workers, cors=cors,
                        allow_service=frozenset(h.lower() for h in allow_service),
                        rate_per_minute=None if loopback else rate, as_of=as_of_date(as_of),
                        kept_out=lay.out)
    shown = f"[{host}]" if ":" in host else host
    click.echo(f"store {store_dir}: {len(report.loaded)} file(s) loaded, {len(report.unchanged)} unchanged, "
               f"{len(report.removed)} removed", err=True)
    click.echo(f"SPARQL endpoint: http://{shown}:{port}/sparql  query UI: http://{shown}:{port}/  "
               f"named queries: http://{shown}:{port}/queries  (Ctrl-C stops it)", err=True)
    run(settings, sock)
