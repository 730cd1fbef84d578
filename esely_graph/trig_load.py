"""A whole Turtle folder into a store in one bulk load: the folder written as one TriG stream, each graph of
``graph_units`` (a file, or a town's unit of a town-growing file) a ``<graph> { … }`` block, so Oxigraph parses
and loads everything in Rust — no Python object per triple (a fresh on-disk store's sync, ``disk_store``, and
the in-memory copy, ``store.load_named``; N=400: sync 77 → 53 s CPU).

A file's PREFIX lines stay at the top level, before its blocks (TriG allows no directive inside a graph block):
its leading lines that are directives, comments or blank are its header, the rest is put in the block as it is.
A file whose rest still holds a directive (or any BASE) is read by the parser on its own and its triples written
as N-Triples in its block (the same triples; the build never writes such a file). The stream is read lazily,
a file at a time. A syntax error names the file, as a load file by file would (the files parsed one by one
again, only then)."""

from __future__ import annotations

import io
import re
from pathlib import Path

import pyoxigraph as ox

from .errors import EselyError
from .graph_units import GRAPH_BASE

_HEADER_LINE = re.compile(rb"[ \t]*(?:(?:PREFIX|@prefix)[ \t][^\n]*|#[^\n]*)?(?:\n|$)", re.IGNORECASE)
_DIRECTIVE = re.compile(rb"^[ \t]*(?:@?prefix|@?base)\b", re.IGNORECASE | re.MULTILINE)


def header_body(data: bytes) -> tuple[bytes, bytes] | None:
    """(directive, comment and blank lines at the top, the rest) of a Turtle file; None when the rest holds a
    directive or the file a BASE (its block could not be cut as text)."""
    start = 0
    while start < len(data):
        m = _HEADER_LINE.match(data, start)
        if m is None or m.end() == start:
            break
        start = m.end()
    body = data[start:]
    if _DIRECTIVE.search(body) or re.search(rb"^[ \t]*@?base\b", data[:start], re.IGNORECASE | re.MULTILINE):
        return None
    return data[:start], body


def _block(key: str, body: bytes) -> list[bytes]:
    return [b"\n<" + (GRAPH_BASE + key).encode() + b"> {\n", body, b"\n}\n"]


def pieces(graphs: list[tuple[str, bytes | None, list[bytes] | None, Path]]):
    """The TriG stream, in chunks, of (graph key, PREFIX lines, blocks, file): a unit's blocks, or the whole file
    when blocks is None (graph_units.units' form)."""
    last = None  # the header written last: its prefixes are the ones in force
    for key, header, blocks, path in graphs:
        if blocks is not None:
            if header != last:
                last = header
                yield header
            yield from _block(key, b"".join(blocks))
            continue
        data = Path(path).read_bytes()
        parts = header_body(data)
        if parts is None:  # read by the parser: its triples as N-Triples
            triples = list(_parse(path, data))
            yield from _block(key, ox.serialize(triples, format=ox.RdfFormat.N_TRIPLES) or b"")
            continue
        last = parts[0]
        yield last
        yield from _block(key, parts[1])


def _parse(path: Path, data: bytes):
    try:
        return list(ox.parse(data, format=ox.RdfFormat.TURTLE))
    except SyntaxError as exc:
        raise EselyError(f"{path}: not valid Turtle / nem érvényes Turtle: {exc}") from None


class _Stream(io.RawIOBase):
    """The chunks of a generator as a binary file (what ``Store.bulk_load`` reads)."""

    def __init__(self, chunks):
        self.chunks, self.rest = iter(chunks), memoryview(b"")

    def readable(self) -> bool:
        return True

    def readinto(self, buffer) -> int:
        while not self.rest:
            chunk = next(self.chunks, None)
            if chunk is None:
                return 0
            self.rest = memoryview(chunk)
        n = min(len(buffer), len(self.rest))
        buffer[:n] = self.rest[:n]
        self.rest = self.rest[n:]
        return n


def bulk_load(store: ox.Store, graphs: list[tuple[str, bytes | None, list[bytes] | None, Path]]) -> None:
    """Every graph (``pieces``' form) into ``store`` in one bulk load."""
    try:
        store.bulk_load(io.BufferedReader(_Stream(pieces(graphs)), 1 << 20), format=ox.RdfFormat.TRIG)
    except SyntaxError as exc:
        for path in dict.fromkeys(p for *_, p in graphs):  # which file: each parsed on its own
            _parse(path, Path(path).read_bytes())
        raise EselyError(f"not valid Turtle / nem érvényes Turtle: {exc}") from None


def folder_graphs(files: list[Path]) -> list[tuple[str, bytes | None, list[bytes] | None, Path]]:
    """The graphs of the files as ``graph_units.units`` cuts them, in the files' order."""
    from .graph_units import SPLIT, units

    out = []
    for path in files:
        if path.stem in SPLIT:
            out += [(k, h, b, path) for k, (_, h, b) in units(path).items()]
        else:
            out.append((path.stem, None, None, path))
    return out
