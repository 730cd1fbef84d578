"""Towns rendered side by side: each town's pages depend only on its own slice and the national context, so the
towns are shared out among worker processes (forked: they inherit the slices and the compiled templates without
copying them), one per core by default. Few towns, or one core: in this process."""

from __future__ import annotations

import multiprocessing
import os
import time

from .town import render_town

PARALLEL_MIN = 8  # towns to render before worker processes pay for themselves
_JOB: dict = {}  # what the forked workers inherit


def _render(town: str) -> tuple[str, dict, float]:
    j = _JOB
    c0 = time.process_time()
    summary = render_town(j["tmp"], town, j["parts"].own(town), j["rows"](town), j["findings"].get(town, []),
                          j["nation"])
    return town, summary, time.process_time() - c0


def render_towns(tmp, towns: list[str], parts, rows, findings: dict, nation, jobs: int | None = None):
    """Yield (town, summary, CPU seconds of its render) for every town; ``rows(town)``: its query rows."""
    jobs = jobs or os.cpu_count() or 1
    _JOB.update(tmp=tmp, parts=parts, rows=rows, findings=findings, nation=nation)
    try:
        if jobs == 1 or len(towns) < PARALLEL_MIN or "fork" not in multiprocessing.get_all_start_methods():
            for town in towns:
                yield _render(town)
            return
        with multiprocessing.get_context("fork").Pool(jobs) as pool:
            yield from pool.imap_unordered(_render, towns, chunksize=1)
    finally:
        _JOB.clear()
