"""The serve command: the graph as a SPARQL 1.1 Protocol endpoint."""

from __future__ import annotations

import os
from pathlib import Path

import click

from . import main
from .common import DATA_OPT, graph_layout, user_errors


@main.command()
@DATA_OPT
@click.option("--store", "store_dir", type=click.Path(path_type=Path), default=None,
              help="Where the server's on-disk store is (re)built [default: out/store].")
@click.option("--bind", default="127.0.0.1:7878", show_default=True, help="Host and port to listen on.")
@user_errors
def serve(data_dir: Path | None, store_dir: Path | None, bind: str) -> None:
    """Serve the graph as a SPARQL 1.1 Protocol endpoint (GET/POST /query) with Oxigraph."""
    from ..serve import command, prepare

    lay = graph_layout(data_dir)
    store_dir = store_dir or lay.store
    prepare(lay.ttl, store_dir)
    click.echo(f"SPARQL endpoint: http://{bind}/query  (Ctrl-C stops it)", err=True)
    cmd = command(store_dir, bind)
    os.execv(cmd[0], cmd)
