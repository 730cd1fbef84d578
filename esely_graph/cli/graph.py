"""Commands that make the graph: build, stats, and `all` (the main job)."""

from __future__ import annotations

import sys
from pathlib import Path

import click

from . import main
from .common import AS_OF_OPT, DATA_OPT, FORMAT_OPT, as_of_date, graph_layout, layout, user_errors
from .query import STORE_OPT


@main.command()
@click.option("--sources", "sources", type=click.Path(path_type=Path), default=None,
              help="Directory holding sources.toml, sources/ and vocab/ [default: data of the project].")
@click.option("--out", "out", type=click.Path(path_type=Path), default=None,
              help="Where to write the Turtle files [default: data/ttl]. Replaced only when the whole build succeeds.")
@click.option("--strict", is_flag=True,
              help="Stop at the first document that cannot be read (default: report it, leave it out, build the rest).")
@click.option("--jobs", type=click.IntRange(min=1), default=None,
              help="Parallel processes importing documents [default: one per core, at most one per town; "
                   "the output is the same].")
@user_errors
def build(sources: Path | None, out: Path | None, strict: bool = False, jobs: int | None = None) -> None:
    """Import every source document into Turtle (one file per document, plus ontology and vocabularies)."""
    from ..build import build as run_build

    lay = layout(data=sources)
    lay = lay.with_(ttl=out if out is not None else (sources / "ttl" if sources is not None else None))
    lay.require_sources()
    with click.progressbar(length=1, label="Importing documents", file=sys.stderr) as bar:
        def progress(docs):
            bar.length = len(docs)
            for d in docs:
                bar.label = f"Importing {d.id}"
                yield d
                bar.update(1)
        result = run_build(lay.data, lay.ttl, lay.ontology, progress=progress, strict=strict, jobs=jobs)
    for warning in result.warnings:
        click.echo(f"warning / figyelmeztetés: {warning}", err=True)
    total = sum(result.files.values())
    for name, n in result.files.items():
        click.echo(f"{n:7d}  {name}")
    click.echo(f"{total:7d}  triples written to {result.out_dir}")
    for s in result.skipped:
        click.echo(f"skipped {s.id} (left out of the graph / kihagyva a gráfból): {s.error}", err=True)


@main.command()
@DATA_OPT
@STORE_OPT
@FORMAT_OPT
@user_errors
def stats(data_dir: Path | None, store_dir: Path | None, fmt: str) -> None:
    """Count nodes per class and per document."""
    from ..queries import format_rows
    from ..stats import stats as run_stats

    lay = graph_layout(data_dir)
    names, rows = run_stats(lay.ttl, store=read_store(lay, store_dir))
    click.echo(format_rows(names, rows, fmt), nl=False)


@main.command("all")
@click.option("--out", "out", type=click.Path(path_type=Path), default=None,
              help="Where reports and the site go [default: out/ of the project].")
@click.option("--in-memory", is_flag=True,
              help="After updating out/store, read the graph from memory (about 450 bytes a triple) instead of "
                   "the on-disk store: 3-8x less CPU in validation, queries, report and site (the workers are threads "
                   "reading the one copy). "
                   "A gráfot a memóriából olvassa: gyorsabb, de több memóriát használ.")
@click.option("--jobs", type=click.IntRange(min=1), default=None,
              help="Workers for the build and for the validation checks and queries (processes; with --in-memory threads "
                   "for the checks and queries) [default: one per core; "
                   "the output is the same]. / Párhuzamos folyamatok száma (alapból magonként egy).")
@AS_OF_OPT
@click.pass_context
@user_errors
def run_all(ctx: click.Context, out: Path | None, in_memory: bool, as_of, jobs: int | None = None) -> None:
    """The main job: build the graph, then validate, report and render the site.

    The graph is loaded once, into the on-disk store (out/store: only files that changed since the last
    run are reloaded); every later step reads that store (with --in-memory: the same named graphs loaded
    into memory once). The named queries run once, for the report and the site, and their results and the report's
    analytics are kept town by town (out/catalogue, out/analytics: after one town's change only its rows and figures
    are read again), the stats graph by graph (out/stats: only the changed graphs' counts); the validation checks and
    the queries run in workers (``fanout``: processes; threads with --in-memory), and on the on-disk store the stats
    and the validation run beside the named queries, the report beside the site (``pipeline.py``). Validation is
    incremental on the on-disk store: only what the reloaded files can affect is checked again (state in
    out/validation; `validate --incremental --full` starts afresh)."""
    from ..fanout import forget_disk, jobs_set

    with jobs_set(jobs):
        try:
            _run_all(ctx, out, in_memory, as_of, jobs)
        finally:
            forget_disk()


def _run_all(ctx: click.Context, out: Path | None, in_memory: bool, as_of, jobs: int | None) -> None:
    from ..fanout import forget_disk, open_disk
    from ..pipeline import after_sync, site_lines, sync_store

    ctx.invoke(build, jobs=jobs)
    lay = layout(out=out)
    day = as_of_date(as_of)
    lay.out.mkdir(parents=True, exist_ok=True)
    synced, memory, site_inputs = sync_store(lay, in_memory)  # beside the sync: in memory the graph's copy loaded,
                                                              # else the site's inputs read
    disk = open_disk(lay.store)  # as disk_store.open_synced, remembered so that worker processes open it too
    click.echo(f"tár / store {lay.store}: {len(synced.loaded)} fájl betöltve / file(s) loaded, {len(synced.removed)} "
               f"törölve / removed, {len(synced.unchanged)} változatlan / unchanged")
    if in_memory:
        forget_disk()
    for triple, files in synced.repeated:
        click.echo(f"warning / figyelmeztetés: {', '.join(files)} state the same triple, which the store's queries "
                   f"count once per file / ugyanazt az állítást több fájl is tartalmazza: {triple}", err=True)
    # stats and validation beside the named queries, the report beside the site (pipeline.py)
    site = after_sync(lay, day, synced, disk, reader=memory if in_memory else None, say=click.echo,
                      site_inputs=site_inputs)
    for line in site_lines(site, lay.out / "site"):
        click.echo(line)


def read_store(lay, store_dir: Path | None):
    """With ``--store DIR``: that on-disk store, synced with the Turtle folder and opened read-only; else None
    (the command loads the Turtle files into memory)."""
    if store_dir is None:
        return None
    from ..disk_store import sync
    from ..fanout import open_disk

    sync(lay.ttl, store_dir)
    return open_disk(store_dir)  # remembered: worker processes open the folder themselves
