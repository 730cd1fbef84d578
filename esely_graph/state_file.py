"""A state kept between runs in one file of plain values (``marshal``: fast for hundreds of thousands of rows, and no
code is run when it is read): written whole or not at all, read back only when it is of the expected format.
The incremental validation, the kept query results and the kept analytics each keep theirs this way."""

from __future__ import annotations

import hashlib
import marshal
import os
import sys
from pathlib import Path

import pyoxigraph as ox

from .collector import paused


def save(path: Path, state: dict) -> None:
    """Write ``state`` to ``path`` through a temporary file renamed into place: a reader sees the old state or the
    new one, never half."""
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(path.name + ".tmp")
    tmp.write_bytes(marshal.dumps(state))
    os.replace(tmp, path)


def load(path: Path, fmt: int) -> dict | None:
    """The state in ``path``, or None when it is missing, unreadable or of another ``format``."""
    try:
        state = loads(Path(path).read_bytes())
        return state if isinstance(state, dict) and state.get("format") == fmt else None
    except (OSError, ValueError, EOFError, TypeError):
        return None


def loads(data: bytes):
    """``marshal.loads`` with the cyclic garbage collector paused (``collector.paused``): a state of hundreds of
    thousands of lists (the catalogue's sort keys, the findings) otherwise sets off collections that walk every object
    loaded so far (the catalogue's 41 MB at 3,200 towns: 0.69 s, 0.17 s paused)."""
    with paused():
        return marshal.loads(data)


def code_key(label: str, code, *more: str) -> str:
    """What a kept state depends on, as a digest: ``label`` (its kind and format), the Python and Oxigraph versions,
    the bytes of the ``code`` files and any ``more`` text (a day, the queries' texts, another library's version)."""
    h = hashlib.sha256(f"{label} {sys.version_info[:2]} {ox.__version__}".encode())
    for path in code:
        h.update(Path(path).read_bytes())
    for text in more:
        h.update(b"\0" + text.encode())
    return h.hexdigest()


def values_digest(values) -> bytes:
    """A content hash of plain values (lists, tuples, strings, numbers, None). Marshal's version 2 writes no
    back-references: later versions write a value met twice once, if the object is shared, so equal values of another
    run (a string shared or not) would hash apart. A value marshal does not take (a str subclass such as an rdflib
    Literal) makes it hash their text form."""
    try:
        data = marshal.dumps(values, 2)
    except ValueError:
        data = repr(values).encode("utf-8")
    return hashlib.sha256(data).digest()
