"""Independent pieces of work on one graph, run side by side: the compiled validation checks
(``validate.fast_run``), the named-query catalogue (``queries.run_catalogue``) and the report's own queries
(``analytics``).

``fan_out(store, work, items)`` returns ``[work(store, item) for item in items]``, in that order, whatever the
number of workers (``jobs``, else ``ESELY_JOBS``, else one per core). The workers are

- for the on-disk store: worker processes, forked after the store is open; each opens the folder itself,
  read-only (``open_disk`` remembers which folder a store handle reads; RocksDB allows any number of read-only
  readers; each reader's memory is RocksDB's caches), the parent's handle is not used there. A piece's result
  travels back pickled (pyoxigraph terms pickle);
- for the in-memory store (``store.load_named``): threads of this process, reading the one store. Forked processes
  would not do: Oxigraph's in-memory store writes to the pages it reads (measured at N=400: a worker's private
  memory grows to 590 of the store's 654 MB after three whole-country queries, with ``gc.freeze()``), so each
  would end up holding a copy of the graph (6 GB at 3,200 towns). Threads run side by side because pyoxigraph lets
  go of Python's lock while it evaluates a query and while it reads the next solution; only the pieces' own Python
  (turning solutions into rows and findings) takes turns. N=400, the 20 named queries: 6.1 s one after the other,
  4.0 s wall in two threads.

A piece that fails raises in the caller as it would serially. One worker, one piece, a piece that fans out
again (it runs its pieces itself), or no ``fork`` for the on-disk store (not Linux): the pieces run here, in order.
"""

from __future__ import annotations

import multiprocessing
import os
import threading
from contextlib import contextmanager
from pathlib import Path

_JOB: dict = {}  # what the forked workers inherit: the work, the store or the folder to open
_DISK: list = []  # [(store handle, folder)] of the last on-disk store opened through open_disk
_THREAD = threading.local()  # .worker: this thread runs a piece of fan_out
_INHERITED: list = []  # in a child forked by ``beside``: the parent's handles, kept alive and never used


def open_disk(store_dir: Path):
    """``disk_store.open_read_only``, remembered so that workers open the same folder themselves."""
    from .disk_store import open_read_only

    store = open_read_only(store_dir)
    _DISK[:] = [(store, Path(store_dir))]  # held here: an id is not reused while the handle lives
    return store


def forget_disk() -> None:
    """Drop the remembered handle (before the store is written to)."""
    _DISK.clear()


def reopened(args: tuple) -> tuple:
    """In a child forked with ``args`` (``beside.Beside``): ``args`` with the on-disk store handle remembered by
    ``open_disk`` swapped for a handle of the child's own on the same folder, which ``open_disk`` now remembers (the
    child's own workers open it too). The parent's handle is kept alive here, unused: its RocksDB instance belongs to
    the parent's threads, and closing it in the child could wait for them."""
    if not _DISK:
        return args
    old, folder = _DISK[0]
    _INHERITED.append(old)
    _JOB.clear()
    new = open_disk(folder)
    return tuple(new if a is old else a for a in args)


def folder_of(store) -> Path | None:
    return next((d for s, d in _DISK if s is store), None)


def workers(jobs: int | None = None) -> int:
    """The number of workers: ``jobs``, else ``ESELY_JOBS``, else one per core."""
    if jobs is None:
        env = os.environ.get("ESELY_JOBS", "")
        jobs = int(env) if env.isdigit() and int(env) > 0 else (os.cpu_count() or 1)
    return max(1, jobs)


@contextmanager
def jobs_set(jobs: int | None):
    """Within the block, ``workers()`` is ``jobs`` (None: unchanged) — `all --jobs`."""
    old = os.environ.get("ESELY_JOBS")
    if jobs is not None:
        os.environ["ESELY_JOBS"] = str(jobs)
    try:
        yield
    finally:
        if old is None:
            os.environ.pop("ESELY_JOBS", None)
        else:
            os.environ["ESELY_JOBS"] = old


def _start(parent: int) -> None:
    from .beside import die_with

    die_with(parent)  # a worker ends with the process that started it, however that one ends
    _JOB["forked"] = True
    folder = _JOB.get("folder")
    if folder is not None:  # a handle of this process's own, not the parent's RocksDB instance
        from .disk_store import open_read_only

        _JOB["store"] = open_read_only(folder)


def in_worker_process() -> bool:
    """Whether this runs in a worker process of ``fan_out`` (what the work returns is pickled back to the parent)."""
    return bool(_JOB.get("forked"))


def _run(item):
    return _JOB["work"](_JOB["store"], item)


def _in_thread(work, store, item):
    _THREAD.worker = True
    try:
        return work(store, item)
    finally:
        _THREAD.worker = False


def _threads(store, work, items: list, n: int) -> list:
    from concurrent.futures import ThreadPoolExecutor

    pool = ThreadPoolExecutor(n, thread_name_prefix="fan_out")
    try:
        return list(pool.map(lambda item: _in_thread(work, store, item), items))
    finally:
        pool.shutdown(cancel_futures=True)  # after a failing piece: the pieces not started are not run


def fan_out(store, work, items: list, jobs: int | None = None) -> list:
    """``[work(store, item) for item in items]``, the items shared out among worker threads (the in-memory store) or
    processes (the on-disk store; see the module's text). ``work`` must be a function the workers can call (any
    callable: processes are forked, not spawned)."""
    items = list(items)
    n = min(workers(jobs), len(items))
    import pyoxigraph as ox

    if n <= 1 or not isinstance(store, ox.Store) or _JOB or getattr(_THREAD, "worker", False):
        # one worker; a remote endpoint (``store.GraphStore``); or already in a worker (_JOB, _THREAD)
        return [work(store, item) for item in items]
    if folder_of(store) is None:
        return _threads(store, work, items, n)
    if "fork" not in multiprocessing.get_all_start_methods():  # not Linux
        return [work(store, item) for item in items]
    _JOB.update(work=work, store=store, folder=folder_of(store))
    pool = multiprocessing.get_context("fork").Pool(n, initializer=_start, initargs=(os.getpid(),))
    try:
        out = pool.map(_run, items, chunksize=1)
        pool.close()
        pool.join()  # waited for: their CPU time counts in this process's children's (bench.meter)
        return out
    finally:
        pool.terminate()
        _JOB.clear()
