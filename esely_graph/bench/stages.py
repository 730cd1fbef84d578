"""The stages of `esely-graph all`, each timed: build, store sync (the on-disk store loaded once), stats,
validate, every named query (those a user need not give a value to), report and site — called as
``all`` calls them, every stage after the sync reading the store opened read-only."""

from __future__ import annotations

import datetime as dt

from ..layout import Layout
from ..pipeline import site_detail
from .meter import Stage, measure
from .update import UPDATE, UPDATE_ROWS, UPDATES, change_one_town, timed_update  # noqa: F401  (the bench's names)


def runnable_queries(lay: Layout) -> dict:
    """The named queries that run with their defaults (no parameter only a user can give)."""
    from ..queries import load_queries

    return {n: q for n, q in load_queries(lay.queries).items() if all(p.default is not None for p in q.params)}


STAGES = ("build", "store sync", "stats", "validate", "queries", "report", "site")


def timed_query(store, q, day: dt.date) -> tuple[tuple | None, dict]:
    """A named query's rows (as ``queries.run_named`` gives them) and its figures: wall and CPU seconds of the
    thread that ran it (a worker process's one thread, or a worker thread: ``fanout``), rows, or the error (one
    failing query is a figure too)."""
    import time

    from ..queries import run_named

    t0, c0 = time.perf_counter(), time.thread_time()
    try:
        names, rows = run_named(store, q, day)
        return (names, rows), {"wall": time.perf_counter() - t0, "cpu": time.thread_time() - c0, "rows": len(rows)}
    except Exception as exc:
        return None, {"wall": time.perf_counter() - t0, "cpu": time.thread_time() - c0, "error": str(exc)[:200]}


def catalogue_stage(store, lay: Layout, day: dt.date) -> tuple[dict, dict]:
    """The named queries run once, side by side (``fanout``), as `all` runs them for the report and the site:
    (catalogue, figures per query)."""
    from ..fanout import fan_out

    queries = runnable_queries(lay)
    names = sorted(queries)
    done = fan_out(store, lambda s, name: timed_query(s, queries[name], day), names)
    return ({n: rows for n, (rows, _) in zip(names, done) if rows is not None},
            {n: figures for n, (_, figures) in zip(names, done)})


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


def fresh_store(store_dir) -> None:
    """The bench times a full load: a store the bench made before (its marker says so) is removed first."""
    import shutil

    from ..disk_store import MARKER

    if (store_dir / MARKER).is_file():
        shutil.rmtree(store_dir)


SIDE_BY_SIDE = "store sync + load in memory"  # `all --in-memory`: both at once (store.sync_and_load)


def sync_stage(stage, lay: Layout, in_memory: bool):
    """The on-disk store synced (a fresh load), and with ``in_memory`` the in-memory copy loaded beside it in one
    stage, as `all --in-memory` does: (the on-disk store opened read-only, the store the later stages read)."""
    from ..fanout import forget_disk
    from ..fanout import open_disk as open_read_only  # remembered: the worker processes open the folder too
    from ..store import sync_and_load

    disk = memory = None  # a failing stage (its error recorded) leaves them None
    with stage(SIDE_BY_SIDE if in_memory else "store sync") as s:
        synced, memory = sync_and_load(lay.ttl, lay.store, in_memory)
        disk = open_read_only(lay.store)
        s.detail = {"files loaded": len(synced.loaded), "quads": len(disk)}
        if memory is not None:
            s.detail["quads in memory"] = len(memory)
            forget_disk()
    return disk, (memory if memory is not None else disk)


def run_stages(lay: Layout, day: dt.date, echo=print, skip: tuple[str, ...] = (),
               rebuild: bool = False, in_memory: bool = False) -> tuple[list[Stage], dict]:
    """Run the pipeline on ``lay``; return the stages and the per-query figures. Stages named in
    ``skip`` are left out (not build: the others read what it writes). With ``rebuild`` (a corpus
    of its own, not the user's sources), one town's action plan is then edited and the build
    run again, in a process of its own (``update.timed_update``), twice: its title, then two of its measures: what an update of one municipality costs with the
    build cache. ``in_memory``: as `all --in-memory`, the graph is loaded into memory while the on-disk store is
    synced (one stage, ``SIDE_BY_SIDE``) and the stages after it read the copy in memory; the update reads the
    on-disk store."""
    from ..build import build
    from ..analytics_towns import national_analytics
    from ..catalogue import save_whole
    from ..fanout import forget_disk
    from ..queries import load_queries
    from ..report import build_report
    from ..site import build_site
    from ..stats_units import national_stats
    from ..validate import validate

    stages: list[Stage] = []
    per_query: dict[str, dict] = {}

    def stage(name: str) -> measure:
        stages.append(Stage(name))
        echo(f"  {name} …")
        return measure(stages[-1])

    import os

    without_cache = not rebuild and "ESELY_NO_CACHE" not in os.environ  # the user's own data: a cold build,
    if without_cache:                                                   # and their build cache left alone
        os.environ["ESELY_NO_CACHE"] = "1"
    try:
        with stage("build") as s:
            result = build(lay.data, lay.ttl, lay.ontology)
            s.detail = {"files": len(result.files), "triples": sum(result.files.values())}
    finally:
        if without_cache:
            del os.environ["ESELY_NO_CACHE"]
    if stages[-1].error:
        return stages, per_query
    fresh_store(lay.store)
    disk, store = sync_stage(stage, lay, in_memory)
    if stages[-1].error:
        return stages, per_query
    if "stats" not in skip:
        with stage("stats"):  # kept unit by unit for the update's run, as `all` keeps them
            national_stats(disk, lay.store, lay.out, reader=store if store is not disk else None)
    findings = None
    if "validate" not in skip:
        with stage("validate") as s:
            findings = validate(lay.ttl, lay.shapes, as_of=day, store=store)
            s.detail = {k: v for k, v in findings.counts().items()}
            if rebuild and "rebuild" not in skip:  # the state the update's incremental validation starts from
                from ..validate.incremental import save_full

                save_full(findings, disk, lay.store, lay.out, lay.shapes, day, reader=store)
    catalogue: dict = {}
    results = None  # a failing stage leaves the report to run the queries itself
    with stage("queries") as s:
        catalogue, per_query = catalogue_stage(store, lay, day)
        # kept town by town for the update's run, as `all` keeps them (``catalogue.national_results``)
        results = save_whole(catalogue, store, lay.store, lay.out, load_queries(lay.queries), day)
        s.detail = {"queries": len(per_query), "slowest": max(per_query, key=lambda n: per_query[n]["cpu"], default=None)}
    if results is not None:
        kept_figures(lay, day, per_query)
    if "report" not in skip:
        with stage("report"):  # its analytics kept town by town too, as `all` keeps them
            analytics = national_analytics(disk, lay.store, lay.out, reader=store)
            build_report(lay.ttl, lay.queries, lay.out / "report", day, store=store, results=results,
                         analytics=analytics)
    if "site" not in skip:
        with stage("site") as s:
            res = build_site(lay.ttl, lay.out / "site", lay.shapes, lay.queries, lay.ttl / "ontology.ttl", findings, day,
                             store=store, catalogue=catalogue)
            s.detail = site_detail(res)
    del store, disk, catalogue  # the update below writes into the store: no reader of the old state stays open
    forget_disk()
    if rebuild and "rebuild" not in skip:  # what a town publishing a new plan costs: every step that
        for edit in UPDATES:  # depends on it, each reusing what did not change; its title, then its measures
            stages += timed_update(lay, day, skip, echo, edit)
    return stages, per_query
