"""Commands that take the graph elsewhere: export (one standard RDF file), publish (to a SPARQL store)."""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

import click

from . import main
from .common import DATA_OPT, graph_layout, user_errors


@main.command()
@DATA_OPT
@click.option("--format", "fmt", type=click.Choice(["nt", "nq", "trig", "jsonld", "ttl"]), default="nq",
              show_default=True, help="nq and trig keep one named graph per document file; nt, ttl and jsonld "
                                      "hold the merged triples.")
@click.option("--out", "out", type=click.Path(path_type=Path, dir_okay=False), default=None,
              help="File to write (replaced only when the export succeeded) [default: standard output].")
@click.option("--municipality", default=None, metavar="ID",
              help="Only this municipality's documents (an organisation id, e.g. the one in data/sources.toml) "
                   "with its organisations, strategies, links, programmes, the ontology and the target groups.")
@user_errors
def export(data_dir: Path | None, fmt: str, out: Path | None, municipality: str | None) -> None:
    """Export the whole graph as one file (N-Triples, N-Quads, TriG, JSON-LD or Turtle), streamed."""
    from ..export import export as write

    lay = graph_layout(data_dir)
    if out is None:
        write(lay.ttl, fmt, click.get_binary_stream("stdout"), municipality)
        return
    out.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{out.name}.", dir=out.parent)
    try:
        with os.fdopen(fd, "wb") as f:
            count = write(lay.ttl, fmt, f, municipality)
        os.chmod(tmp, 0o644)
        os.replace(tmp, out)
    finally:
        if os.path.exists(tmp):
            os.unlink(tmp)
    click.echo(f"wrote {count} triples to {out} ({count} hármas)", err=True)


@main.command()
@DATA_OPT
@click.option("--endpoint", required=True, metavar="URL",
              help="The store's SPARQL query endpoint (Oxigraph: http://HOST:PORT/query).")
@click.option("--graph-store", "graph_store", default=None, metavar="URL",
              help="Its SPARQL 1.1 Graph Store HTTP Protocol URL [default: …/store beside an …/query or …/sparql "
                   "endpoint, as Oxigraph has it].")
@user_errors
def publish(data_dir: Path | None, endpoint: str, graph_store: str | None) -> None:
    """Upload the graph to a SPARQL store, one named graph per document file, replacing only what changed.

    Then `esely-graph query NAME --endpoint URL` runs the named queries there (the store's default graph
    must be the union of its named graphs: Oxigraph `--union-default-graph`).
    """
    from ..upload import default_graph_store, publish as upload

    lay = graph_layout(data_dir)
    report = upload(lay.ttl, graph_store or default_graph_store(endpoint))
    click.echo(f"published to {graph_store or default_graph_store(endpoint)}: {len(report.uploaded)} graph(s) "
               f"uploaded, {len(report.unchanged)} unchanged, {len(report.removed)} removed "
               f"(feltöltve / változatlan / törölve)")
    for stem in report.uploaded:
        click.echo(f"  uploaded {stem}")
    for stem in report.removed:
        click.echo(f"  removed {stem}")
