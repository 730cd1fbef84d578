"""Work run beside this process (beside.py): the result or the error comes back; one worker runs it here."""

import os

import pytest

from esely_graph import disk_store, fanout
from esely_graph.beside import Beside
from esely_graph.errors import EselyError, SourceError


@pytest.fixture
def two_workers(monkeypatch):
    monkeypatch.setenv("ESELY_JOBS", "2")


def test_the_work_runs_in_another_process_and_its_result_comes_back(two_workers):
    big = list(range(200_000))  # more than a pipe holds: the child waits for the parent to read it
    job = Beside(lambda n: (os.getpid(), big[:n]), 200_000)
    pid, value = job.result()
    assert pid != os.getpid() and value == big
    assert job.result()[1] == big  # asked again: the same result, the child not waited for twice


def test_with_one_worker_the_work_runs_here_at_once(monkeypatch):
    monkeypatch.setenv("ESELY_JOBS", "1")
    ran = []
    job = Beside(lambda: ran.append(os.getpid()) or "done")
    assert ran == [os.getpid()]  # before the result is asked for
    assert job.result() == "done"
    assert Beside(lambda: os.getpid(), here=True).result() == os.getpid()


def _fails():
    raise ValueError("no such column: határidő")


def test_an_error_in_the_child_is_raised_here_with_the_childs_traceback(two_workers):
    job = Beside(_fails)
    with pytest.raises(ValueError, match="no such column: határidő") as info:
        job.result()
    assert any("in the process beside" in n and "_fails" in n for n in info.value.__notes__)


def test_a_users_error_that_does_not_pickle_stays_a_users_error(two_workers):
    def bad_source():
        raise SourceError("terv.csv", 12, 3, "expected a deadline")  # its __init__ takes four arguments

    with pytest.raises(EselyError, match=r"^terv\.csv:12:3: expected a deadline$"):
        Beside(bad_source).result()


def test_a_child_that_dies_is_an_error_naming_its_exit_code(two_workers):
    with pytest.raises(RuntimeError, match=r"ended without a result \(exit code 3\)"):
        Beside(lambda: os._exit(3)).result()


def test_leaving_the_block_waits_for_the_child_and_keeps_the_blocks_error(two_workers, tmp_path):
    done = tmp_path / "done"

    def slow():
        import time
        time.sleep(0.3)
        done.write_text("yes")
        return list(range(100_000))  # blocked on the pipe until read: leaving the block must read it

    with pytest.raises(KeyError):
        with Beside(slow):
            raise KeyError("the queries failed")
    assert done.read_text() == "yes"  # the child finished before the block was left


def test_the_child_reads_the_store_through_a_handle_of_its_own(two_workers, tmp_path):
    ttl, folder = tmp_path / "ttl", tmp_path / "store"
    ttl.mkdir()
    (ttl / "a.ttl").write_text("<http://example.org/a> <http://example.org/p> \"x\" .\n", encoding="utf-8")
    disk_store.sync(ttl, folder)
    parent = fanout.open_disk(folder)
    try:
        def count(store, label):
            return store is not parent, fanout.folder_of(store) == folder, len(store), label

        assert Beside(count, parent, "kept").result() == (True, True, 1, "kept")
        assert fanout.folder_of(parent) == folder  # this process still remembers its own handle
    finally:
        fanout.forget_disk()


def test_a_store_is_written_in_a_fresh_child_after_this_process_has_opened_one(two_workers, tmp_path):
    # A forked child inherits RocksDB's background threads as dead copies; a store it writes can wait for them
    # forever. ``fresh`` starts a new interpreter (the sync of `all`, ``pipeline.sync_store``).
    ttl = tmp_path / "ttl"
    ttl.mkdir()
    (ttl / "a.ttl").write_text("<http://example.org/a> <http://example.org/p> \"x\" .\n", encoding="utf-8")
    disk_store.sync(ttl, tmp_path / "first")  # RocksDB started here
    (ttl / "b.ttl").write_text("<http://example.org/b> <http://example.org/p> \"y\" .\n", encoding="utf-8")
    job = Beside(disk_store.sync, ttl, tmp_path / "second", fresh=True)
    job._proc.join(120)  # a child that hangs fails the test instead of hanging the suite
    if job._proc.is_alive():
        job._proc.kill()
        pytest.fail("the child writing the store did not finish")
    report = job.result()
    assert sorted(report.loaded) == ["a", "b"]
    assert len(disk_store.open_read_only(tmp_path / "second")) == 2


def test_interrupted_while_waiting_the_child_is_stopped_and_the_interruption_kept(two_workers):
    import time

    class Interrupted:  # the pipe, as Ctrl-C leaves it: the wait for the result raises
        def recv(self):
            raise KeyboardInterrupt

        def close(self):
            pass

    job = Beside(time.sleep, 60)
    real, job._recv = job._recv, Interrupted()
    with pytest.raises(KeyboardInterrupt):
        with job:  # leaving the block does not wait on the closed pipe (which would raise over the interruption)
            job.result()
    real.close()
    assert not job._proc.is_alive()
    with pytest.raises(RuntimeError, match="was stopped"):
        job.result()


PARENT = """
import sys, time
from pathlib import Path
import pyoxigraph as ox
from esely_graph import disk_store, fanout
from esely_graph.beside import Beside
job = Beside(time.sleep, 60)
print(job._proc.pid, flush=True)
if sys.argv[1] == "pool":  # the workers of an on-disk store are processes
    disk_store.claim(Path(sys.argv[2]))
    ox.Store(sys.argv[2]).flush()
    fanout.fan_out(fanout.open_disk(Path(sys.argv[2])), lambda s, i: time.sleep(60), [1, 2], jobs=2)
time.sleep(60)
"""


def _gone(pid: int) -> bool:
    try:
        with open(f"/proc/{pid}/status") as f:
            return any(line.startswith("State:") and "Z" in line for line in f)  # a zombie no one reaps here
    except FileNotFoundError:
        return True


@pytest.mark.skipif(not os.path.isdir("/proc"), reason="Linux's parent-death signal")
@pytest.mark.parametrize("then", ["sleep", "pool"])
def test_a_child_ends_when_its_parent_is_killed_outright(two_workers, then, tmp_path):
    """A parent killed with SIGKILL (no clean-up runs) leaves no child beside it, nor a worker of ``fan_out``."""
    import signal
    import subprocess
    import sys
    import time

    parent = subprocess.Popen([sys.executable, "-c", PARENT, then, str(tmp_path / "store")], stdout=subprocess.PIPE,
                              text=True)
    workers = []
    try:
        child = int(parent.stdout.readline())
        time.sleep(1.5)  # the child (and the workers) started
        workers = [int(p) for p in open(f"/proc/{parent.pid}/task/{parent.pid}/children").read().split()]
        assert child in workers and (len(workers) == 3 if then == "pool" else len(workers) == 1)
        parent.send_signal(signal.SIGKILL)
        parent.wait()
        deadline = time.monotonic() + 10
        while not all(_gone(p) for p in workers) and time.monotonic() < deadline:
            time.sleep(0.1)
        assert all(_gone(p) for p in workers)
    finally:
        parent.kill()
        for pid in workers:  # none left behind when the test fails
            if not _gone(pid):
                os.kill(pid, signal.SIGKILL)
