"""How fast the machine is right now: two fixed workloads, timed before and after the run.

On a shared host the same stage can cost twice the CPU seconds from one hour to the next (measured here: a run
at 400 towns 1.5x apart, its queries 2.3x, the query code the same) while a pure-Python loop does not move; what
moves is memory bandwidth shared with other guests, which Oxigraph's in-memory store and the checks wait on.
So the bench prints both figures beside its table and in its JSON: two runs compare fairly only when these agree.

- ``python_loop_s``: CPU seconds of a fixed pure-Python loop (the interpreter: importers, linker, Turtle writing);
- ``memory_reads_s``: CPU seconds of a million random one-byte reads over 256 MB (cache misses)."""

from __future__ import annotations

import random
import time

LOOP = 5_000_000
READS = 1_000_000
SPAN = 256 << 20


def machine() -> dict:
    t = time.process_time()
    s = 0
    for i in range(LOOP):
        s += i * i
    loop = time.process_time() - t
    buf = bytearray(SPAN)
    rnd = random.Random(1)
    places = [rnd.randrange(SPAN) for _ in range(READS)]
    t = time.process_time()
    x = 0
    for i in places:
        x += buf[i]
    reads = time.process_time() - t
    return {"python_loop_s": round(loop, 3), "memory_reads_s": round(reads, 3)}


def line(before: dict | None, after: dict | None) -> str:
    """The table's line: each figure before and after the run."""
    if not before or not after:
        return ""
    return ("machine (CPU s, before -> after the run; compare runs only when these agree): "
            f"Python loop {before['python_loop_s']:.3f} -> {after['python_loop_s']:.3f}, "
            f"random memory reads {before['memory_reads_s']:.3f} -> {after['memory_reads_s']:.3f}")
