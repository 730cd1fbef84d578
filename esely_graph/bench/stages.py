"""The stages of `esely-graph all`, each timed: build, store sync (the on-disk store loaded once), stats,
validate, every named query (those a user need not give a value to), report and site — run as ``all`` runs them
(``pipeline.py``: some side by side), every stage after the sync reading the store opened read-only."""

from __future__ import annotations

import datetime as dt

from ..layout import Layout
from ..pipeline import STEPS
from .meter import Stage, measure
from .update import (UPDATE, UPDATE_ROWS, UPDATES, StageMeter, change_one_town,  # noqa: F401  (the bench's names)
                     timed_update)


def runnable_queries(lay: Layout) -> dict:
    """The named queries that run with their defaults (no parameter only a user can give)."""
    from ..queries import load_queries

    return {n: q for n, q in load_queries(lay.queries).items() if all(p.default is not None for p in q.params)}


def kept_figures(lay: Layout, day: dt.date, per_query: dict) -> None:
    """Each query's whole-country answer read back from the results just kept (``kept_answer``, as `query --store`
    and `serve` read it), as CSV and as SPARQL JSON: wall seconds in ``per_query`` (``kept csv``, ``kept json``;
    without the command's start and its check of the store against the Turtle files)."""
    import time

    import pyoxigraph as ox

    from ..kept_answer import kept
    from ..queries import load_queries

    queries = load_queries(lay.queries)
    for name in sorted(per_query):
        t0 = time.perf_counter()
        answer = kept(lay.out, lay.store, queries, name, {}, day)
        if answer is None:
            continue
        answer.csv()
        t1 = time.perf_counter()
        answer.solutions().serialize(format=ox.QueryResultsFormat.JSON)
        per_query[name].update({"kept csv": t1 - t0, "kept json": time.perf_counter() - t1})


def fresh_out(lay: Layout) -> None:
    """The bench times a full run: what a run in its folder kept before (the store, whose marker says so, and every
    step's state beside it under ``lay.out``) is removed first, or the steps would find nothing changed."""
    import shutil

    from ..disk_store import MARKER

    if (lay.store / MARKER).is_file():
        shutil.rmtree(lay.out)


SIDE_BY_SIDE = "store sync + load in memory"  # `all --in-memory`: both at once (store.sync_and_load)
WHOLE_RUN = "whole run (as `all` runs it)"  # from the build to the end, the steps side by side as `all` runs them


def run_stages(lay: Layout, day: dt.date, echo=print, skip: tuple[str, ...] = (),
               rebuild: bool = False, in_memory: bool = False) -> tuple[list[Stage], dict]:
    """Run the pipeline on ``lay`` as `esely-graph all` runs it (``cli.graph._run_all``: build, the store synced
    beside the site's inputs, then ``pipeline.after_sync``: the stats and the validation beside the named queries,
    the report beside the site), each step measured as a stage (a step run in a child process is measured there),
    and the run as a whole (``WHOLE_RUN``: its steps overlap, so their walls do not add up to it); return the
    stages and the per-query figures. Stages named in ``skip`` are left out (not build: the others read what it
    writes). With ``rebuild`` (a corpus of its own, not the user's sources), one town's action plan is then edited
    and the build run again, in a process of its own (``update.timed_update``), twice: its title, then two of its
    measures: what an update of one municipality costs. ``in_memory``: as `all --in-memory`, the graph is loaded
    into memory while the on-disk store is synced (one stage, ``SIDE_BY_SIDE``) and the steps after it read the
    copy in memory, one after the other; the update reads the on-disk store."""
    import os

    from ..build import build
    from ..fanout import forget_disk
    from ..fanout import open_disk as open_read_only  # remembered: the worker processes open the folder too
    from ..pipeline import after_sync, sync_store

    meter = StageMeter("", echo)
    per_query: dict[str, dict] = {}
    whole = Stage(WHOLE_RUN)
    without_cache = not rebuild and "ESELY_NO_CACHE" not in os.environ  # the user's own data: a cold build,
    if without_cache:                                                   # and their build cache left alone
        os.environ["ESELY_NO_CACHE"] = "1"
    try:
        with measure(whole):
            with meter.stage("build") as detail:
                result = build(lay.data, lay.ttl, lay.ontology)
                detail.update(files=len(result.files), triples=sum(result.files.values()))
            if meter.stages[-1].error:
                return meter.stages, per_query
            fresh_out(lay)
            lay.out.mkdir(parents=True, exist_ok=True)
            with meter.stage(SIDE_BY_SIDE if in_memory else "store sync") as synced_detail:
                synced, memory, site_inputs = sync_store(lay, in_memory, site="site" not in skip)
                disk = open_read_only(lay.store)
                synced_detail["files loaded"] = len(synced.loaded)
                if memory is not None:
                    forget_disk()
            if meter.stages[-1].error:
                return meter.stages, per_query
            after_sync(lay, day, synced, disk, reader=memory, meter=meter, skip=skip, site_inputs=site_inputs,
                       query_figures=per_query)
    finally:
        if without_cache:
            del os.environ["ESELY_NO_CACHE"]
    # counted after the run, out of its time: `all` reads no quad to count them (3-4.5 s at 3,200 towns)
    synced_detail["quads"] = len(disk)
    if memory is not None:
        synced_detail["quads in memory"] = len(memory)
    kept_figures(lay, day, per_query)
    del disk, memory  # the update below writes into the store: no reader of the old state stays open
    forget_disk()
    order = ["build", SIDE_BY_SIDE if in_memory else "store sync", *STEPS]
    stages = sorted(meter.stages, key=lambda s: order.index(s.name)) + [whole]
    if rebuild and "rebuild" not in skip:  # what a town publishing a new plan costs: every step that
        for edit in UPDATES:  # depends on it, each reusing what did not change; its title, then its measures
            stages += timed_update(lay, day, skip, echo, edit)
    return stages, per_query
