"""Work shared out among workers (``fanout``) gives what the serial run gives, in the same order: the
validation's findings, every named query's rows, the report's analytics; on the on-disk store (worker processes,
each opens the folder) and on the in-memory store (worker threads reading the one store). And the named queries run once for
the report and the site (`all`): both give the same files with the shared rows as without them.

The graph: the seeds and the fixture towns (tests/fixtures/towns) built from their sources, plus the query fixture's
two towns (tests/fixtures/queries: measures, problems, owners, budgets; a file the site does not render)."""

import datetime as dt
import os
import shutil
import threading

import pytest

from esely_graph import fanout
from esely_graph.analytics import analyse
from esely_graph.disk_store import sync
from esely_graph.queries import load_queries, run_catalogue
from esely_graph.report import build_report
from esely_graph.site import build_site
from esely_graph.store import load_named
from esely_graph.validate import validate
from conftest import DATA, ROOT, SHAPES
from test_municipalities import make_corpus
from test_queries import FIX

DAY = dt.date(2025, 1, 1)
QUERIES = load_queries(ROOT / "queries")


@pytest.fixture(scope="module")
def ttl(tmp_path_factory):
    from esely_graph.build import build

    data = tmp_path_factory.mktemp("graph") / "data"
    shutil.copytree(DATA, data, ignore=shutil.ignore_patterns("ttl"))
    make_corpus(data)
    build(data, data / "ttl")
    shutil.copy(FIX / "graph.ttl", data / "ttl" / "query-fixture-towns.ttl")
    return data / "ttl"


@pytest.fixture(scope="module", params=["disk", "memory"])
def store(request, ttl):
    if request.param == "memory":
        yield load_named(ttl)
        return
    sync(ttl, ttl.parent / "store")
    yield fanout.open_disk(ttl.parent / "store")
    fanout.forget_disk()


def _pids(store, item):
    return item, (os.getpid(), threading.get_ident())


HERE = (os.getpid(), threading.get_ident())


def test_pieces_come_back_in_order_from_the_workers(store):
    """On disk from worker processes; in memory from worker threads of this process (no copy of the graph)."""
    out = fanout.fan_out(store, _pids, list(range(12)), jobs=2)
    assert [i for i, _ in out] == list(range(12))
    assert HERE not in {w for _, w in out}  # run in the workers, not here
    in_this_process = {pid for _, (pid, _) in out} == {os.getpid()}
    assert in_this_process == (fanout.folder_of(store) is None)


def test_by_default_one_worker_per_core(store, monkeypatch):
    monkeypatch.delenv("ESELY_JOBS", raising=False)
    monkeypatch.setattr(os, "cpu_count", lambda: 2)
    assert HERE not in {w for _, w in fanout.fan_out(store, _pids, [1, 2, 3])}


def test_one_job_runs_here(store):
    assert {w for _, w in fanout.fan_out(store, _pids, [1, 2, 3], jobs=1)} == {HERE}


def test_a_piece_that_fans_out_again_runs_its_pieces_itself(store):
    """No workers of workers: the inner pieces run in the worker that asked for them."""
    out = fanout.fan_out(store, lambda s, i: (_pids(s, i)[1], fanout.fan_out(s, _pids, [1, 2], jobs=2)), [1, 2], jobs=2)
    for worker, inner in out:
        assert {w for _, w in inner} == {worker}


def test_workers_open_the_disk_store_themselves(ttl, store):
    """On disk, a worker reads through a handle it opened (not the parent's); in memory, the parent's store."""
    from esely_graph.queries import run_named

    rows = fanout.fan_out(store, lambda s, name: (s is store, len(run_named(s, QUERIES[name], DAY)[1])),
                          ["measures", "owner-load"], jobs=2)
    assert [same for same, _ in rows] == [fanout.folder_of(store) is None] * 2
    assert rows[0][1] > 0


def test_a_failing_piece_raises_here(store):
    def fail(s, item):
        if item == 2:
            raise ValueError("piece 2")
        return item

    with pytest.raises(ValueError, match="piece 2"):
        fanout.fan_out(store, fail, [1, 2, 3], jobs=2)


def test_validation_with_two_workers_equals_the_serial_run(ttl, store, monkeypatch):
    monkeypatch.setenv("ESELY_JOBS", "1")
    serial = validate(ttl, SHAPES, as_of=DAY, store=store)
    monkeypatch.setenv("ESELY_JOBS", "2")
    parallel = validate(ttl, SHAPES, as_of=DAY, store=store)
    assert serial.counts()["warning"] > 0  # the comparison is not vacuous
    assert parallel.findings == serial.findings
    assert len(parallel.graph) == len(serial.graph)


def test_catalogue_with_two_workers_equals_the_serial_run(store):
    serial = run_catalogue(store, QUERIES, DAY, jobs=1)
    parallel = run_catalogue(store, QUERIES, DAY, jobs=2)
    assert list(parallel) == list(serial) and "measures" in serial and "trace" not in serial
    assert len(serial["measures"][1]) > 2
    for name in serial:
        names, rows = serial[name]
        assert parallel[name][0] == names
        assert [[r[n] for n in names] for r in parallel[name][1]] == [[r[n] for n in names] for r in rows], name


def test_analytics_with_two_workers_equal_the_serial_run(store, monkeypatch):
    monkeypatch.setenv("ESELY_JOBS", "1")
    serial = analyse(store)
    monkeypatch.setenv("ESELY_JOBS", "2")
    parallel = analyse(store)
    assert serial.chains and serial.owner_centrality
    for field in ("components", "isolated_problems", "isolated_strategies", "owner_centrality", "chains"):
        assert getattr(parallel, field) == getattr(serial, field), field


def files(root):
    return {p.relative_to(root): p.read_bytes() for p in sorted(root.rglob("*")) if p.is_file()}


def test_report_from_the_shared_rows_is_the_report_that_runs_them(ttl, store, tmp_path, monkeypatch):
    from esely_graph import report

    alone = build_report(ttl, ROOT / "queries", tmp_path / "alone", DAY, store=store)
    catalogue = run_catalogue(store, QUERIES, DAY)
    ran = []
    monkeypatch.setattr(report, "run_catalogue", lambda s, qs, day: ran.append(sorted(qs)) or {})
    shared = build_report(ttl, ROOT / "queries", tmp_path / "shared", DAY, store=store, catalogue=catalogue)
    assert ran == [["trace"]]  # every listed query came from the shared rows (trace needs a user's value: none)
    assert [s.name for s in shared["sections"]] == [s.name for s in alone["sections"]]
    assert files(tmp_path / "shared") == files(tmp_path / "alone")
    assert (tmp_path / "alone" / "queries" / "measures.csv").read_text(encoding="utf-8").count("\n") > 3


def test_site_from_the_shared_rows_is_the_site_that_runs_them(ttl, store, tmp_path, monkeypatch):
    from esely_graph.site import plan

    def site(out, **kw):
        return build_site(ttl, out, SHAPES, ROOT / "queries", ttl / "ontology.ttl", None, DAY, store=store, **kw)

    alone = site(tmp_path / "alone")
    catalogue = run_catalogue(store, QUERIES, DAY)
    ran = []
    real = plan.run_rows
    monkeypatch.setattr(plan, "run_rows", lambda *a, **kw: ran.append(a[1].name) or real(*a, **kw))
    shared = site(tmp_path / "shared", catalogue=catalogue)
    assert ran == []  # the whole-graph rows of every query came from the shared rows
    assert shared["towns"] >= 4 and shared["pages"] == alone["pages"]
    a, b = files(tmp_path / "alone"), files(tmp_path / "shared")
    assert sorted(a) == sorted(b)
    assert [f for f in a if a[f] != b[f]] == []
