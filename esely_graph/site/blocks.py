"""A shared Turtle file cut into its subjects' blocks without parsing it.

The build writes the files every town adds to (links, organisations, strategies …) as canonical flat Turtle
(``graph_units``: PREFIX lines, then one ``\\n<subject>\\n    … ;\\n.\\n`` block per subject). Sharing such a
file out among the towns needs only each block's subject: a town's share is its blocks, parsed when its pages
are rendered, and hashed as bytes to see whether it changed — not 1.9 M triples parsed and compared on every
update at 3,200 towns. A file not in that form (blank nodes, long literals, escapes in a subject) gives None and
is read triple by triple as before."""

from __future__ import annotations

import hashlib
import re

import pyoxigraph as ox

from ..graph_units import flat_spans

_SPACE, _AFTER = b" \t\n\r\x0b\x0c", b" \t\n\r\x0b\x0c<\")"


def _has_list(data: bytes) -> bool:
    """A "(" after a space and before a space, an IRI, a literal or ")": a collection, or text that looks like one
    (the "("s found by ``bytes.find``: a regular expression that starts with a space class is tried at every
    space, 0.5 s over the shared files at 3,200 towns)."""
    i = data.find(b"(")
    while i != -1:
        if i > 0 and data[i - 1] in _SPACE and (i + 1 == len(data) or data[i + 1] in _AFTER):
            return True
        i = data.find(b"(", i + 1)
    return False


def cuttable(data: bytes) -> bool:
    """No blank node and no collection (or text that looks like one), whose identity or shape spans blocks: such
    Turtle is read triple by triple instead."""
    return not (b"_:" in data or b"[" in data or _has_list(data))


_PREFIX = re.compile(rb"PREFIX ([A-Za-z0-9_-]*): <([^>]*)>\n")


def blocks(data: bytes) -> tuple[bytes, list[tuple[str, int, int]]] | None:
    """(the PREFIX lines, [(subject IRI, start, end of its block in ``data``)] in file order), or None when the
    file is not canonical flat Turtle whose blocks can be cut by bytes (``graph_units.flat_spans``) and parsed
    apart: blank nodes and collections (whose identity or shape spans blocks), a subject with an escape or a
    prefix not declared."""
    if not cuttable(data):
        return None
    cut = flat_spans(data)
    if cut is None:
        return None
    head, spans = data[:cut[0]], cut[1]
    prefixes = prefixes_of(head)
    if prefixes is None:
        return None
    out = []
    for subject, start, end in spans:
        iri = subject_iri(subject, prefixes)
        if iri is None:
            return None
        out.append((iri, start, end))
    return head, out


def prefixes_of(head: bytes) -> dict[bytes, str] | None:
    """The PREFIX lines' prefixes and namespaces; None when a line is not one."""
    prefixes = {}
    for line in head.splitlines(keepends=True):
        m = _PREFIX.fullmatch(line)
        if m is None:
            return None
        prefixes[m.group(1)] = m.group(2).decode("utf-8")
    return prefixes


def subject_iri(subject: bytes, prefixes: dict[bytes, str]) -> str | None:
    """A block's subject as written (``<iri>`` or ``prefix:local``) as an IRI; None when it has an escape or a
    space, or its prefix is not declared."""
    if b"\\" in subject or b" " in subject:
        return None
    if subject.startswith(b"<") and subject.endswith(b">"):
        return subject[1:-1].decode("utf-8")
    prefix, colon, local = subject.partition(b":")
    if not colon or prefix not in prefixes:
        return None
    return prefixes[prefix] + local.decode("utf-8")


def block_subject(data: bytes, start: int, end: int, prefixes: dict[bytes, str]) -> str | None:
    """The subject IRI of the block ``data[start:end]`` (``\\n<subject>\\n    …``), None when it is not a flat
    subject block (``graph_units.flat_spans``' test) or its subject cannot be read (``subject_iri``)."""
    line = data.find(b"\n", start + 1)
    if not data.startswith(b"\n", start) or not 0 < line < end or not data.startswith(b"\n    ", line):
        return None
    return subject_iri(data[start + 1:line], prefixes)


def parse(head: bytes, parts: list[bytes]) -> list[ox.Triple]:
    """The triples of some blocks of a file (``head``: its PREFIX lines), in their order."""
    if not parts:
        return []
    return [q.triple for q in ox.parse(head + b"".join(parts), format=ox.RdfFormat.TURTLE)]


def digest(parts: list[bytes]) -> str:
    """The SHA-256 of the blocks one after the other (one call: a town's share is hashed for each of 3,200 towns on
    every update)."""
    return hashlib.sha256(b"".join(parts)).hexdigest()
