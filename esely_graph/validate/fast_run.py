"""The fast engine's run: compile the shapes (once per process and day), run the checks on the
store, read the findings, one report (the same as the pySHACL engine's: tests/test_validate_engines.py).

The checks are independent: each is run, and its findings read, in workers (``fanout``: one per
core, ``ESELY_JOBS=1`` for one); their results are put back in the checks' order, so the report is the same."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from ..fanout import fan_out
from .checks import compile_shapes
from ..store import load_named
from .fast import findings_of, report_graph, run_checks
from .findings import Report
from .merge import ordered
from .shapes import load_shapes
from .units import units

_COMPILED: dict = {}


def compiled(shapes_dir: Path, day: dt.date) -> tuple[list, object]:
    """The checks of the shapes for ``day`` and the shapes graph (compiled once per process)."""
    shapes = load_shapes(shapes_dir, day)
    key = (id(shapes.full), day)
    if key not in _COMPILED:
        _COMPILED.clear()
        _COMPILED[key] = (compile_shapes(shapes.full, day)[0], shapes.full)
    return _COMPILED[key]


def validate_fast(data_dir: Path, shapes_dir: Path, day: dt.date, store=None, cache: bool = True,
                  progress=None, jobs: int | None = None) -> Report:
    checks, shapes = compiled(shapes_dir, day)
    todo = units(data_dir)  # refuses an empty folder
    graph = store if store is not None else load_named(data_dir)
    pieces = fan_out(graph, _check, checks, jobs)
    results = [r for rs, _ in pieces for r in rs]
    findings = ordered(f for _, fs in pieces for f in fs)
    report = Report(findings, lambda: report_graph(results, shapes, not findings), len(todo))
    report.validated = [n for n, _ in todo]
    return report


def _check(graph, check) -> tuple[list, list]:
    """One check's results and their findings."""
    results = run_checks(graph, [check])
    return results, findings_of(graph, results)
