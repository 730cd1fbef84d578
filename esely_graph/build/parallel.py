"""Documents imported on all cores, written in manifest order.

Building one document reads only the shared, read-only context (vocabularies, matchers, the
target-group scheme) and records what it observed for the shared vocabularies in records of its
own (``cache.observe``): the same observations a cache hit replays. So a document can be built in
any process; the main process adds each document's observations in manifest order
(``cache.add_observed``: the first document to register an entry keeps it), and the output is
byte for byte the serial build's.

Workers are forked from the main process once its context is loaded (they inherit it, nothing is
pickled on the way in); each task is one town's documents to build (the cache misses), in the
order the towns first appear in the manifest, so a town's links can be computed as soon as its
documents are in. A worker returns each document's Turtle (bytes), triple count, link nodes and
observations, or the fields of its ``SourceError``, which the main process raises again (``--strict``)
or reports, exactly as if it had built the document itself.
"""

from __future__ import annotations

import multiprocessing
import os
from concurrent.futures import Future, ProcessPoolExecutor
from dataclasses import dataclass
from pathlib import Path

from ..errors import SourceError
from .cache import Observed, observe

MIN_PARALLEL = 8  # fewer documents to build than this: built in the main process
_STATE: dict = {}  # what a forked worker inherits: the build context and the scheme


@dataclass
class Done:
    """One document built (``turtle`` ... ``observed``) or not (``error``: SourceError's fields)."""
    triples: int = 0
    turtle: bytes | None = None
    nodes: tuple | None = None
    observed: Observed | None = None
    graph: object = None  # the graph (only when built in the main process)
    error: tuple | None = None
    profile: object = None  # similarity.profile_of_triples of the graph

    def exception(self) -> SourceError:
        return SourceError(*self.error)


def build_one(meta, ctx, path: Path, display: str, duplicate, scheme, memo: dict, keep_graph: bool) -> Done:
    """Build one document with records of its own (``ctx``'s are left as they were)."""
    from ..links.nodes import collect
    from . import import_document
    from .municipalities import flag_duplicate
    from .output import serialise
    from .similarity import profile_of_triples

    observed, done = observe(ctx)
    try:
        dg = import_document(meta, ctx, path, display)
    except SourceError as exc:
        return Done(error=(exc.path, exc.line, exc.column, exc.message))
    finally:
        done(False)
    if duplicate:
        flag_duplicate(dg.g, dg.doc, duplicate)
    return Done(len(dg.g), serialise(dg.g), collect(dg.g, scheme, memo), observed, dg.g if keep_graph else None,
                profile=profile_of_triples(dg.g))


def _build_town(items: list) -> list[Done]:
    ctx, scheme, memo = _STATE["ctx"], _STATE["scheme"], _STATE.setdefault("memo", {})
    return [build_one(meta, ctx, path, display, duplicate, scheme, memo, False)
            for meta, path, display, duplicate in items]


def default_jobs(n_towns: int) -> int:
    return max(1, min(os.cpu_count() or 1, n_towns))


class Builder:
    """``get(meta)`` -> the document's ``Done``; with more than one job, every town's documents in
    ``todo`` were submitted to worker processes when it was made. Use as a context manager."""

    def __init__(self, todo: list, ctx, scheme, jobs: int | None, keep_graph: bool):
        self.ctx, self.scheme, self.keep_graph, self.memo = ctx, scheme, keep_graph, {}
        self.items = {item[0].id: item for item in todo}
        towns: dict[str, list] = {}
        for item in todo:
            towns.setdefault(item[0].municipality, []).append(item)
        if jobs is not None and jobs < 1:
            raise ValueError("jobs must be 1 or more")
        jobs = min(jobs or default_jobs(len(towns)), len(towns))
        self.pool = None
        self.futures: dict[str, Future] = {}
        self.results: dict[str, Done] = {}
        if jobs > 1 and len(todo) >= MIN_PARALLEL and not keep_graph:
            _STATE.clear()
            _STATE.update(ctx=ctx, scheme=scheme)
            self.pool = ProcessPoolExecutor(jobs, mp_context=multiprocessing.get_context("fork"))
            for town, items in towns.items():
                self.futures[town] = self.pool.submit(_build_town, items)
        self.town_items = towns

    def get(self, meta) -> Done:
        if self.pool is None:
            meta, path, display, duplicate = self.items[meta.id]
            return build_one(meta, self.ctx, path, display, duplicate, self.scheme, self.memo, self.keep_graph)
        if meta.id not in self.results:
            town = meta.municipality
            done = self.futures.pop(town).result()
            for item, d in zip(self.town_items.pop(town), done):
                self.results[item[0].id] = d
        return self.results.pop(meta.id)

    def __enter__(self) -> "Builder":
        return self

    def __exit__(self, *exc) -> None:
        if self.pool is not None:
            self.pool.shutdown(wait=True, cancel_futures=True)
            _STATE.clear()
