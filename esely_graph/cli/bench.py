"""The bench command: timings of every stage (figures, not assertions)."""

from __future__ import annotations

import click

from . import main
from .common import layout, user_errors


@main.command()
@click.option("--scale", type=click.IntRange(min=1), default=1, show_default=True,
              help="Also time the queries on N renamed copies of the documents.")
@user_errors
def bench(scale: int) -> None:
    """Time build, store load, each query, validation and site; prints figures."""
    from ..bench import run

    lay = layout()
    lay.require_sources()
    run(lay, scale, click.echo)
