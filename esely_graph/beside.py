"""One piece of work run beside this process: a forked child process runs a function while this process goes on,
and hands its result back (pickled through a pipe) when asked for it.

`esely-graph all` runs the stats and the validation beside the named queries, and the report beside the site
(``pipeline.py``): each pair reads the same on-disk store and writes files of its own, and most of each is Python
that one process runs on one core; the store sync runs beside the site's first reading of the Turtle folder. At
3,200 towns one town's update took 18.3-18.9 s one step after the other and 13.0-13.9 s with the two pairs side by
side on a fast hour (2 cores, ``/tmp/lead/s17/overlap.py``); on slow hours the steps that run together slow each
other down, and the gain shrank to nothing in some rounds.

The child is forked (it starts at once, with everything this process has loaded, copy-on-write), or with
``fresh`` started as a new interpreter (for the sync, which writes the store); an on-disk store
handle among the arguments is swapped for one of the child's own (``fanout.reopened``: a RocksDB handle is not
used across a fork). What the work returns or raises comes back through the pipe and is returned or raised here
when the result is asked for (an error of the program's with the child's traceback as a note); an error that
cannot be pickled comes back as an ``EselyError`` (a user's error) or a ``RuntimeError`` with its text. A child
that dies (killed, out of memory) is a ``RuntimeError`` naming its exit code.

The work runs here, at once, instead (the same result, in order): when asked (``here``), with one worker
(``--jobs 1``, ``ESELY_JOBS=1``), or where processes cannot be forked (not Linux)."""

from __future__ import annotations

import multiprocessing
import os
import pickle
import sys
import traceback

from . import collector
from .errors import EselyError
from .fanout import reopened, workers


def _portable(exc: BaseException) -> BaseException:
    """``exc`` as it can travel back through the pipe; an error of the program's (not a user's, which is shown
    without a traceback) with the child's traceback as a note."""
    if not isinstance(exc, EselyError):
        exc.add_note("(in the process beside: " + "".join(traceback.format_exception(exc)).rstrip() + ")")
    try:
        pickle.loads(pickle.dumps(exc))
        return exc
    except Exception:  # an exception class whose arguments do not round-trip (e.g. a keyword-only __init__)
        kind = EselyError if isinstance(exc, EselyError) else RuntimeError
        out = kind(str(exc) if kind is EselyError else f"{type(exc).__name__}: {exc}")
        for note in getattr(exc, "__notes__", []):
            out.add_note(note)
        return out


def die_with(parent: int) -> None:
    """This child is sent SIGTERM when ``parent`` (the process that started it) ends, however it ends (Linux's
    ``PR_SET_PDEATHSIG``): a parent killed outright leaves no child writing the store, or reading it, behind (seen: a
    killed bench's sync went on loading 3,200 towns). Elsewhere, or where the call fails, nothing is done."""
    if not sys.platform.startswith("linux"):
        return
    import ctypes
    import signal

    try:
        ctypes.CDLL(None, use_errno=True).prctl(1, int(signal.SIGTERM))  # 1: PR_SET_PDEATHSIG
    except (OSError, AttributeError):
        return
    if os.getppid() != parent:  # it ended before the call
        os._exit(1)


def _child(send, work, args, parent: int) -> None:
    die_with(parent)
    try:
        outcome = ("ok", work(*reopened(args)))
    except BaseException as exc:  # also KeyboardInterrupt: the parent is told, not left waiting
        outcome = ("error", _portable(exc))
    try:
        send.send(outcome)
    except Exception as exc:  # the result does not pickle
        send.send(("error", RuntimeError(f"the result of {getattr(work, '__name__', work)!r} could not be sent back: "
                                         f"{type(exc).__name__}: {exc}")))
    finally:
        send.close()


class Beside:
    """``Beside(work, *args)`` starts ``work(*args)`` in a forked child; ``.result()`` waits for it and returns what
    it returned (or raises what it raised). ``here=True``: run it here, now; ``fresh=True``: in a fresh interpreter
    (``spawn``: ``work`` a module's function, ``args`` picklable), for work that must not inherit this process's
    threads — a store written in a forked child can wait forever for RocksDB's background threads, which exist only
    in the process that started them. Used as a context manager, leaving the block waits for the child (a child is
    never left running, nor blocked on its pipe)."""

    def __init__(self, work, *args, here: bool = False, fresh: bool = False):
        self._name = getattr(work, "__name__", repr(work))
        self._proc = self._recv = None
        start = "spawn" if fresh else "fork"
        if here or workers() <= 1 or start not in multiprocessing.get_all_start_methods():
            try:
                self._outcome = ("ok", work(*args))
            except Exception as exc:  # raised where the result is asked for, as from a child
                self._outcome = ("error", exc)
            return
        self._outcome = None
        ctx = multiprocessing.get_context(start)
        self._recv, send = ctx.Pipe(duplex=False)
        for stream in (sys.stdout, sys.stderr):  # what is buffered is written once, by this process
            stream.flush()
        self._proc = ctx.Process(target=_child, args=(send, work, args, os.getpid()), name=f"beside:{self._name}")
        self._proc.start()
        send.close()

    def _wait(self) -> tuple:
        if self._outcome is None:
            try:
                with collector.paused():  # a large result (the findings) makes no garbage
                    self._outcome = self._recv.recv()
            except EOFError:  # the child ended without sending anything
                self._proc.join()
                self._outcome = ("error", RuntimeError(f"the process beside ({self._name}) ended without a result "
                                                       f"(exit code {self._proc.exitcode})"))
            except BaseException:  # interrupted while waiting (Ctrl-C): the child is stopped, not left running
                self._proc.terminate()
                self._outcome = ("error", RuntimeError(f"the process beside ({self._name}) was stopped"))
                raise
            finally:
                self._recv.close()
                self._proc.join()
        return self._outcome

    def result(self):
        kind, value = self._wait()
        if kind == "error":
            raise value
        return value

    def __enter__(self) -> Beside:
        return self

    def __exit__(self, *exc) -> bool:
        self._wait()  # its error, if the result was not asked for, is not raised over the block's own
        return False
