"""The cyclic garbage collector, calmer while a step loads large long-lived state.

A one-town update at national scale reads states of hundreds of thousands of objects (the build's indexes, the
findings, the site's per-town summaries) that live to the step's end. With Python's default threshold (a
collection every 700 new containers) the collector runs thousands of times and its full passes walk all of them:
1.5 s of a 10-11 s update at 3,200 towns (``gc.callbacks``, ``/tmp/lead/s9/upd.py``). Calmed, it runs every
50,000 new containers: 36 collections, 0.55-0.65 s. Garbage cycles are still collected, later; the threshold is
put back when the step ends, also when it fails. The build, the stats, the incremental validation, the kept
query results, the analytics, the report and the site are calmed; the build also freezes what it has loaded
(``build._collector``). The kept states themselves are read with the collector paused (``state_file.loads``)."""

from __future__ import annotations

import functools
import gc
from contextlib import contextmanager

THRESHOLD = (50_000, 20, 20)


@contextmanager
def calm():
    before = gc.get_threshold()
    gc.set_threshold(*THRESHOLD)
    try:
        yield
    finally:
        gc.set_threshold(*before)


def calmed(fn):
    """``fn`` run with the collector calmed (``calm``)."""
    @functools.wraps(fn)
    def run(*args, **kwargs):
        with calm():
            return fn(*args, **kwargs)
    return run


@contextmanager
def paused():
    """The collector off for the block (loading a large state makes no garbage, yet its millions of new containers
    would set off collections walking everything loaded so far); as it was afterwards, also when the block fails."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()
