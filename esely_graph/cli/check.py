"""The validate command: SHACL shapes over the graph, one report."""

from __future__ import annotations

import sys
from pathlib import Path

import click

from . import main
from .common import AS_OF_OPT, DATA_OPT, as_of_date, graph_layout, user_errors


@main.command()
@DATA_OPT
@click.option("--shapes", "shapes_dir", type=click.Path(path_type=Path), default=None,
              help="Shapes directory [default: the shapes shipped with esely-graph].")
@click.option("--fail-on", type=click.Choice(["violation", "warning", "info"]), default="violation", show_default=True,
              help="Exit 1 when a finding of this severity or worse exists.")
@click.option("--format", "fmt", type=click.Choice(["text", "json", "turtle"]), default="text", show_default=True,
              help="text for people; json for programs; turtle: the standard sh:ValidationReport.")
@click.option("--lang", type=click.Choice(["hu", "en"]), default="hu", show_default=True, help="Language of the messages.")
@click.option("--jobs", type=click.IntRange(min=1), default=None,
              help="Parallel processes [default: one per core, at most one per document].")
@click.option("--engine", type=click.Choice(["fast", "pyshacl"]), default="fast", show_default=True,
              help="fast: the shapes compiled into SPARQL on Oxigraph, over the whole graph; pyshacl: the "
                   "reference, pySHACL per document (both give the same findings).")
@click.option("--incremental", is_flag=True,
              help="Sync the on-disk store (out/store) and check again only what the files changed since the last "
                   "incremental run can affect (state in out/validation; the first run checks everything). "
                   "Csak a változás által érintett részt ellenőrzi újra.")
@click.option("--full", is_flag=True, help="With --incremental: ignore the state, check everything, write a fresh state.")
@AS_OF_OPT
@user_errors
def validate(data_dir: Path | None, shapes_dir: Path | None, fail_on: str, fmt: str, lang: str, jobs: int | None,
             engine: str, as_of, incremental: bool = False, full: bool = False) -> None:
    """Validate the graph with the SHACL shapes, one document at a time (each with only the vocabulary
    it references), as of one day (--as-of, default today) for the overdue findings. Units unchanged
    since an earlier run (same document, vocabulary nodes, shapes, day and program) reuse its results
    from data/.cache/validation; ESELY_NO_CACHE=1 turns that off."""
    from ..validate import format_json, format_text, validate as run_validate

    lay = graph_layout(data_dir).with_(shapes=shapes_dir)
    with click.progressbar(length=1, label="Validating", file=sys.stderr) as bar:
        def progress(items):
            bar.length = len(items)
            for item in items:
                yield item
                bar.update(1)
        if incremental and engine == "fast":
            report = _incremental(lay, as_of_date(as_of), full or fmt == "turtle")
        else:
            report = run_validate(lay.ttl, lay.shapes, jobs, progress, as_of=as_of_date(as_of), engine=engine)
    reused = report.units - len(report.validated or ())
    if report.validated is not None and reused:
        click.echo(f"{reused}/{report.units} ellenőrzési egység eredménye a gyorsítótárból (változatlan) / "
                   f"{reused}/{report.units} units' results from the cache (unchanged)", err=True)
    if fmt == "text":
        click.echo(format_text(report, lang), nl=False)
    elif fmt == "json":
        click.echo(format_json(report), nl=False)
    else:
        click.echo(report.graph.serialize(format="turtle"), nl=False)
    if report.fails(fail_on):
        sys.exit(1)


def _incremental(lay, day, full: bool):
    """The store synced, then validated incrementally (``validate/incremental.py``); says what it did."""
    from ..disk_store import open_synced
    from ..validate.incremental import changed_graphs, validate_incremental

    synced, store = open_synced(lay.ttl, lay.store)
    report = validate_incremental(lay.ttl, lay.shapes, day, store, lay.store, lay.out,
                                  graphs=changed_graphs(synced), full=full)
    click.echo(report.mode, err=True)
    return report
