"""Measuring one stage: wall and CPU seconds (this process and the children it waited for,
e.g. validation's worker processes) and peak resident memory, from ``resource.getrusage`` — the run's
peak so far and, on Linux, the stage's own (the kernel's high-water mark reset when the stage starts).

Worker processes forked after the graph was loaded in memory (``fanout``) share its pages copy-on-write: the
kernel counts a shared page in the RSS of every process that maps it, so a child's RSS (``ru_maxrss``) says the
whole graph again. What the processes hold together is the sum of their PSS (proportional set size: a page shared
by k processes counts 1/k in each): ``stage_pss_mb`` is the peak of that sum over this process and its
descendants during the stage, sampled once a second from ``/proc/PID/smaps_rollup`` (Linux)."""

from __future__ import annotations

import os
import resource
import threading
import time
from dataclasses import dataclass, field

SAMPLE_S = 1.0


def _cpu() -> float:
    s, c = resource.getrusage(resource.RUSAGE_SELF), resource.getrusage(resource.RUSAGE_CHILDREN)
    return s.ru_utime + s.ru_stime + c.ru_utime + c.ru_stime


def _own_peak_mb(reset: bool = False) -> float | None:
    """This process's peak resident memory since the last reset (Linux ``VmHWM``; ``clear_refs`` 5 resets it)."""
    try:
        if reset:
            with open("/proc/self/clear_refs", "w") as f:
                f.write("5")
        with open("/proc/self/status") as f:
            return next(int(line.split()[1]) for line in f if line.startswith("VmHWM:")) / 1024
    except (OSError, StopIteration, ValueError):
        return None


def _descendants(pid: int) -> list[int]:
    out, todo = [], [pid]
    while todo:
        p = todo.pop()
        try:
            for task in os.listdir(f"/proc/{p}/task"):
                with open(f"/proc/{p}/task/{task}/children") as f:
                    todo += [int(c) for c in f.read().split()]
        except OSError:
            continue
        out.append(p)
    return out


def pss_mb() -> float | None:
    """The sum of the PSS of this process and its descendants (MB); None where the kernel does not say."""
    total, seen = 0, False
    for pid in _descendants(os.getpid()):
        try:
            with open(f"/proc/{pid}/smaps_rollup") as f:
                total += next(int(line.split()[1]) for line in f if line.startswith("Pss:"))
                seen = True
        except (OSError, StopIteration, ValueError):
            continue  # a worker that has just exited
    return total / 1024 if seen else None


class _PssPeak(threading.Thread):
    def __init__(self):
        super().__init__(daemon=True)
        self.peak: float | None = None
        self.done = threading.Event()

    def run(self) -> None:
        while True:
            now = pss_mb()
            if now is not None:
                self.peak = max(self.peak or 0.0, now)
            if self.done.wait(SAMPLE_S):
                return


def peak_rss_mb() -> float:
    """Peak resident set size so far, of this process or of its largest child (MB)."""
    s, c = resource.getrusage(resource.RUSAGE_SELF), resource.getrusage(resource.RUSAGE_CHILDREN)
    return max(s.ru_maxrss, c.ru_maxrss) / 1024


@dataclass
class Stage:
    name: str
    wall: float = 0.0
    cpu: float = 0.0
    rss_mb: float = 0.0  # peak RSS of the run so far, at the end of this stage
    stage_rss_mb: float | None = None  # peak RSS during this stage (this process, or a child if larger); Linux
    stage_pss_mb: float | None = None  # peak of the sum of PSS of this process and its children in the stage; Linux
    detail: dict = field(default_factory=dict)
    error: str | None = None
    end: float | None = None  # ``time.monotonic()`` at its end: one clock for every process of the machine (Linux)


class measure:
    """``with measure(stage): ...`` fills the stage's wall, CPU and peak RSS."""

    def __init__(self, stage: Stage):
        self.stage = stage

    def __enter__(self) -> Stage:
        self._wall, self._cpu = time.perf_counter(), _cpu()
        self._children = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
        self._own = _own_peak_mb(reset=True)
        self._pss = _PssPeak()
        self._pss.start()
        return self.stage

    def __exit__(self, kind, exc, tb) -> bool:
        self.stage.wall = time.perf_counter() - self._wall
        self.stage.end = time.monotonic()
        self.stage.cpu = _cpu() - self._cpu
        self.stage.rss_mb = peak_rss_mb()
        self._pss.done.set()
        self._pss.join()
        self.stage.stage_pss_mb = self._pss.peak
        own = _own_peak_mb() if self._own is not None else None
        if own is not None:
            children = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
            self.stage.stage_rss_mb = max(own, children if children > self._children else 0.0)
        if exc is not None and isinstance(exc, Exception):
            self.stage.error = f"{kind.__name__}: {exc}".splitlines()[0][:300]
            return True  # a failing stage is reported, the others still run
        return False
