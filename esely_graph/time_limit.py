"""A wall-time limit on a block of Python code: ``time_limit(seconds)`` raises ``OverLimit`` in the block when it is
still running after ``seconds`` (a SIGALRM timer, so pure-Python work — rdflib's SPARQL engine, an importer on a
mutated file — is interrupted between two steps), and leaves no timer or handler behind. Outside the main thread,
or where there is no SIGALRM, there is no limit. Used by the fuzz harness (a case that hangs) and the bench (the
plain stack's queries)."""

from __future__ import annotations

import signal
import threading
from contextlib import contextmanager


class OverLimit(Exception):
    """The block ran past its limit."""


@contextmanager
def time_limit(seconds: float):
    if threading.current_thread() is not threading.main_thread() or not hasattr(signal, "setitimer"):
        yield
        return

    def stop(*_):
        raise OverLimit()

    before = signal.signal(signal.SIGALRM, stop)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, before)
