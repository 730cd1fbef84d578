"""Pages in both languages at once: the Hungarian pages (and the data files) here, the English ones in a forked
child, side by side on two cores: one town's pages, and each group of national pages.

A one-town update renders a single town (≈ 700 pages, 1.6–1.8 s at 3,200 towns), which the worker pool does not
split (it shares out towns). Both processes run the same code from the same inputs; each writes one language's
pages (``Writer.langs``), only this process writes the files that are not pages (``Writer.files``) and the rest of
the render after the ``with`` block. The child's page count and the files it wrote are added to this process's
``Writer``; a child that fails (or dies) raises here, so the site is not made from half a town.

When one town's figures change, the national lists of every town (31 pages of 3,200 rows in each language at 3,200
towns) are rendered again: 6.3 s of a one-town update, on one core until this split."""

from __future__ import annotations

import json
import multiprocessing
import os
from contextlib import contextmanager

CHILD_CPU = [0.0]  # CPU seconds of the children so far (``workers`` adds them to the town's)


@contextmanager
def side_by_side(w, on: bool = True):
    """Run the block's page writing for Hungarian here and for English in a forked child (``on`` and ``fork``
    available), else both here."""
    if not on or "fork" not in multiprocessing.get_all_start_methods():
        yield
        return
    pages, written = w.pages, len(w.written)
    read, write = os.pipe()
    pid = os.fork()
    if pid == 0:  # the child: the English pages only, then gone (the block's end is its end)
        os.close(read)
        w.langs, w.files, status = ("en",), False, 1
        try:
            yield
            status = 0
        finally:
            try:
                if status == 0:
                    with os.fdopen(write, "wb") as f:
                        f.write(json.dumps([w.pages - pages, w.written[written:]]).encode("utf-8"))
            finally:
                os._exit(status)
    os.close(write)
    langs, w.langs = w.langs, ("hu",)
    try:
        yield
    finally:
        w.langs = langs
        with os.fdopen(read, "rb") as f:
            got = f.read()
        _, code, usage = os.wait4(pid, 0)
        CHILD_CPU[0] += usage.ru_utime + usage.ru_stime
    if code != 0 or not got:
        where = w.area or "the national pages"
        raise RuntimeError(f"the English pages of {where} could not be written (child process exit status {code})")
    more, files = json.loads(got)
    w.pages += more
    w.written += files  # what the child wrote (``reuse`` records a group's files)
