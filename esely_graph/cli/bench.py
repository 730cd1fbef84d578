"""The bench command: timings of every stage (figures, not assertions)."""

from __future__ import annotations

from pathlib import Path

import click

from . import main
from .common import AS_OF_OPT, as_of_date, layout, user_errors


@main.command()
@click.option("--municipalities", "-n", type=click.IntRange(min=1), default=None,
              help="Run on a synthetic corpus of N municipalities made from this project's seed tables "
                   "[default: on this project's own documents].")
@click.option("--seed", type=int, default=1, show_default=True, help="Random seed of the synthetic corpus.")
@click.option("--plain-max", type=click.IntRange(min=0), default=10, show_default=True,
              help="Also time the plain stack (rdflib, pySHACL) and raw pyoxigraph when N is at most this.")
@click.option("--json", "json_path", type=click.Path(path_type=Path, dir_okay=False), default=None,
              help="Write the figures as JSON to this file.")
@click.option("--keep", "workdir", type=click.Path(path_type=Path, file_okay=False), default=None,
              help="Build in this directory and keep it (corpus, Turtle, report, site) [default: a temporary one].")
@click.option("--skip", multiple=True, type=click.Choice(["stats", "validate", "report", "site", "plain", "rebuild"]),
              help="Leave a stage out (repeatable), e.g. to time the others at a size where it would not finish.")
@click.option("--in-memory", is_flag=True,
              help="As `all --in-memory`: the stages after the store sync read the graph loaded into memory.")
@AS_OF_OPT
@user_errors
def bench(municipalities: int | None, seed: int, plain_max: int, json_path: Path | None, workdir: Path | None,
          skip: tuple[str, ...], in_memory: bool, as_of) -> None:
    """Time every stage of `all` (build, stats, validate, load, queries, report, site): wall and CPU
    seconds, peak memory, cost per municipality. Prints figures; asserts nothing.

    Minden lépés idejét méri (építés, ellenőrzés, lekérdezések, jelentés, honlap); nem ellenőriz semmit."""
    from ..bench import run_bench

    lay = layout()
    lay.require_sources()
    run_bench(lay, municipalities, seed, plain_max, json_path, workdir, as_of_date(as_of), click.echo, skip,
              in_memory)
