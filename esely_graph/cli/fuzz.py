"""The fuzz command: mutate the project's sources, import each mutant, count what happened."""

from __future__ import annotations

import json
import sys

import click

from . import main
from .common import layout, user_errors


@main.command()
@click.option("--cases", type=click.IntRange(min=1), default=1000, show_default=True, help="Mutants to try.")
@click.option("--seed", type=int, default=0, show_default=True, help="Random seed (same seed, same cases).")
@click.option("--timeout", type=click.FloatRange(min=0.1), default=20.0, show_default=True,
              help="Seconds one import may take before it counts as a time-out.")
@click.option("--partial-every", type=click.IntRange(min=0), default=50, show_default=True,
              help="Every Nth case also runs a full atomic build and checks for partial writes (0: never).")
@click.option("--format", "fmt", type=click.Choice(["table", "json"]), default="table", show_default=True)
@user_errors
def fuzz(cases: int, seed: int, timeout: float, partial_every: int, fmt: str) -> None:
    """Fuzz every importer with mutated copies of the project's sources (exit 1 on a crash, lost cell
    or partial write)."""
    from ..fuzz.harness import run

    lay = layout()
    lay.require_sources()
    with click.progressbar(length=cases, label="Fuzzing", file=sys.stderr) as bar:
        def progress(steps):
            for s in steps:
                yield s
                bar.update(1)
        report = run(lay.data, lay.ontology, cases, seed, timeout, partial_every, progress)
    counts = report.counts()
    if fmt == "json":
        click.echo(json.dumps({"seed": seed, **counts,
                               "failures": [o.__dict__ for o in report.failures],
                               "partial_writes": report.partial_writes}, ensure_ascii=False, indent=1))
    else:
        for k, v in counts.items():
            click.echo(f"{k:15s} {v:7d}")
        for o in report.failures[:30]:
            click.echo(f"  {o.result}: case {o.case} {o.document} [{o.family}] {o.detail}")
        for p in report.partial_writes[:10]:
            click.echo(f"  partial write: {p}")
    if report.failures or report.partial_writes:
        sys.exit(1)
