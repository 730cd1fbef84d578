"""Measuring one stage: wall and CPU seconds (this process and the children it waited for,
e.g. validation's worker processes) and peak resident memory, from ``resource.getrusage``."""

from __future__ import annotations

import resource
import time
from dataclasses import dataclass, field


def _cpu() -> float:
    s, c = resource.getrusage(resource.RUSAGE_SELF), resource.getrusage(resource.RUSAGE_CHILDREN)
    return s.ru_utime + s.ru_stime + c.ru_utime + c.ru_stime


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
    detail: dict = field(default_factory=dict)
    error: str | None = None


class measure:
    """``with measure(stage): ...`` fills the stage's wall, CPU and peak RSS."""

    def __init__(self, stage: Stage):
        self.stage = stage

    def __enter__(self) -> Stage:
        self._wall, self._cpu = time.perf_counter(), _cpu()
        return self.stage

    def __exit__(self, kind, exc, tb) -> bool:
        self.stage.wall = time.perf_counter() - self._wall
        self.stage.cpu = _cpu() - self._cpu
        self.stage.rss_mb = peak_rss_mb()
        if exc is not None and isinstance(exc, Exception):
            self.stage.error = f"{kind.__name__}: {exc}".splitlines()[0][:300]
            return True  # a failing stage is reported, the others still run
        return False
