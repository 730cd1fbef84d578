"""Towns rendered side by side: each town's pages depend only on its own slice and the national context, so the
towns are shared out among worker processes (forked: they inherit the slices and the compiled templates without
copying them), one per core by default. Few towns: in this process, each town's two languages side by side
(``languages``); one core: here, one after the other."""

from __future__ import annotations

import multiprocessing
import os
import time

from .languages import CHILD_CPU
from .town import render_town

PARALLEL_MIN = 8  # towns to render before worker processes pay for themselves
_JOB: dict = {}  # what the forked workers inherit


def _render(town: str, split: bool = False) -> tuple[str, dict, float]:
    """``split``: its two languages side by side (``languages``), when this process renders the towns itself."""
    j = _JOB
    c0, child0 = time.process_time(), CHILD_CPU[0]
    summary = render_town(j["tmp"], town, j["parts"].own(town), j["rows"](town), j["findings"].get(town, []),
                          j["nation"], split=split)
    return town, summary, time.process_time() - c0 + CHILD_CPU[0] - child0


def render_towns(tmp, towns: list[str], parts, rows, findings: dict, nation, jobs: int | None = None):
    """Yield (town, summary, CPU seconds of its render) for every town; ``rows(town)``: its query rows."""
    jobs = jobs or os.cpu_count() or 1
    _JOB.update(tmp=tmp, parts=parts, rows=rows, findings=findings, nation=nation)
    try:
        if jobs == 1 or len(towns) < PARALLEL_MIN or "fork" not in multiprocessing.get_all_start_methods():
            for town in towns:
                yield _render(town, split=jobs > 1)
            return
        with multiprocessing.get_context("fork").Pool(jobs) as pool:
            yield from pool.imap_unordered(_render, towns, chunksize=1)
    finally:
        _JOB.clear()
