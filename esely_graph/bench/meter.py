"""Measuring one stage: wall and CPU seconds (this process and the children it waited for,
e.g. validation's worker processes) and peak resident memory, from ``resource.getrusage`` — the run's
peak so far and, on Linux, the stage's own (the kernel's high-water mark reset when the stage starts)."""

from __future__ import annotations

import resource
import time
from dataclasses import dataclass, field


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
    detail: dict = field(default_factory=dict)
    error: str | None = None


class measure:
    """``with measure(stage): ...`` fills the stage's wall, CPU and peak RSS."""

    def __init__(self, stage: Stage):
        self.stage = stage

    def __enter__(self) -> Stage:
        self._wall, self._cpu = time.perf_counter(), _cpu()
        self._children = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
        self._own = _own_peak_mb(reset=True)
        return self.stage

    def __exit__(self, kind, exc, tb) -> bool:
        self.stage.wall = time.perf_counter() - self._wall
        self.stage.cpu = _cpu() - self._cpu
        self.stage.rss_mb = peak_rss_mb()
        own = _own_peak_mb() if self._own is not None else None
        if own is not None:
            children = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
            self.stage.stage_rss_mb = max(own, children if children > self._children else 0.0)
        if exc is not None and isinstance(exc, Exception):
            self.stage.error = f"{kind.__name__}: {exc}".splitlines()[0][:300]
            return True  # a failing stage is reported, the others still run
        return False
