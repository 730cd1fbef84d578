"""The named graphs of the on-disk store: one per Turtle file, and one per town (or document) inside the
files that grow with the number of towns.

links.ttl, organisations.ttl, strategies.ttl, settlements.ttl and similarity.ttl describe every town; the
build writes them as canonical flat Turtle (``build.output``: PREFIX lines, then one block per subject,
each ``\\n<subject>\\n    … ;\\n.\\n``). The store holds such a file as one named graph per *unit*: the
subject's IRI up to its second path segment under the project's base (``doc/<document>`` for the links,
``org/<town>``, ``strategy/<town>``, ``settlement/<KSH code>``, ``similarity/<town>``), named
``graph/<file stem>/<unit>``; the file's other subjects (the similarity activity) stay in ``graph/<file
stem>``. A subject's block lies in one unit, so no triple is in two graphs and the union is the file's
graph. A unit's digest hashes its blocks in sorted order: when one town changes, only the units whose
blocks changed are reloaded, however the file's order moved.

A file not in that form (a block whose subject is not an IRI or a prefixed name, or a multi-line
literal, whose text could hold a line with a lone dot) is one graph, as every other file.
"""

from __future__ import annotations

import hashlib
import re
from pathlib import Path

import pyoxigraph as ox

from .namespaces import BASE

GRAPH_BASE = BASE + "graph/"
SPLIT = frozenset({"links", "organisations", "strategies", "settlements", "similarity"})  # file stems
BLOCK_END = _END = b"\n.\n"  # a flat subject block's end


def graph_name(path: Path | str) -> ox.NamedNode:
    """The named graph of a whole file (``graph/<stem>``)."""
    return ox.NamedNode(GRAPH_BASE + Path(path).stem)


def file_of(graph: ox.NamedNode | str) -> str:
    """The file stem a graph of the store comes from (``graph/links/<doc>`` -> ``links``); a graph
    not named by esely-graph: its IRI."""
    name = graph.value if isinstance(graph, ox.NamedNode) else graph
    return name[len(GRAPH_BASE):].split("/", 1)[0] if name.startswith(GRAPH_BASE) else name


def long_literal(data: bytes, start: int = 0, end: int | None = None) -> bool:
    """Whether the Turtle (``data[start:end]``) has a long literal, whose text could hold a line with a lone dot
    (then ``\\n.\\n`` does not always end a block, and the file is not cut by bytes)."""
    end = len(data) if end is None else end
    return data.find(b'"""', start, end) >= 0 or data.find(b"'''", start, end) >= 0


def _subject(block: bytes) -> bytes | None:
    """The subject of a flat subject block as written (``<iri>`` or ``prefix:local``), None when the block is
    not one (``\n<subject>\n    …``)."""
    end = block.find(b"\n", 1)
    if not block.startswith(b"\n") or end < 0 or not block.startswith(b"\n    ", end):
        return None
    return block[1:end]


def _unit(block: bytes) -> str | None:
    """The unit of a subject block (the key in its subject's ``kind/key/…``), '' for a subject of the file's own graph,
    None when the block is not a flat subject block."""
    subject = _subject(block)
    return None if subject is None else _unit_of(subject)


def _unit_of(subject: bytes) -> str | None:
    """``_unit`` of a block's subject as written."""
    if subject.startswith(b"<") and subject.endswith(b">"):
        iri = subject[1:-1].decode("utf-8", "replace")
        parts = iri[len(BASE):].split("/") if iri.startswith(BASE) else []
        return parts[1] if len(parts) >= 2 and parts[1] else ""
    return "" if subject and b" " not in subject and not subject.startswith((b"[", b"(", b"_:")) else None


def flat_blocks(data: bytes) -> tuple[bytes, list[tuple[bytes, bytes]]] | None:
    """(PREFIX lines, [(subject as written, its block)] in file order) of a canonical flat Turtle file (the
    build's ``output``); None when the file is not in that form (``flat_spans``). The store's units (``split``)
    are cut by it."""
    spans = flat_spans(data)
    if spans is None:
        return None
    return data[:spans[0]], [(subject, data[a:b]) for subject, a, b in spans[1]]


def flat_spans(data: bytes) -> tuple[int, list[tuple[bytes, int, int]]] | None:
    """(where the PREFIX lines end, [(subject as written, start, end of its block)] in file order) of a canonical
    flat Turtle file, without copying the blocks (the site's share of a town, ``site.blocks``, is kept as byte
    ranges of a 100 MB links file at 3,200 towns); None when the file is not in that form (a long literal, whose
    text could hold a line with a lone dot; a body that does not end a block; a block that does not start with
    its subject's line)."""
    if long_literal(data):
        return None
    start, n = _header_end(data), len(data)
    if start < n and (n - start < len(_END) or not data.endswith(_END)):
        return None
    out, at, find = [], start, data.find
    while at < n:
        end = find(_END, at) + len(_END)  # the body ends with _END: found
        line = find(b"\n", at + 1)
        if not data.startswith(b"\n", at) or not data.startswith(b"\n    ", line):
            return None
        out.append((data[at + 1:line], at, end))
        at = end
    return start, out


def split(data: bytes) -> tuple[bytes, dict[str, list[bytes]]] | None:
    """(PREFIX lines, unit -> its subject blocks) of a canonical flat Turtle file; None when not so."""
    cut = flat_blocks(data)
    if cut is None:
        return None
    header, blocks = cut
    units: dict[str, list[bytes]] = {}
    for subject, block in blocks:
        unit = _unit_of(subject)
        if unit is None:
            return None
        units.setdefault(unit, []).append(block)
    return header, units


def unit_graph(stem: str, unit: str) -> str:
    """The key of a unit's graph (``links/<unit>``; the file's own graph: ``links``)."""
    return f"{stem}/{unit}" if unit else stem


def units(path: Path, data: bytes | None = None) -> dict[str, tuple[str, bytes | None, list[bytes] | None]]:
    """Graph key (``graph_name`` without its base) -> (digest, PREFIX lines, blocks) of the file: one graph
    for a file kept whole (its digest the file's, header and blocks None: load the file), one per unit
    for a file of ``SPLIT`` in canonical form."""
    if data is None:
        data = Path(path).read_bytes()
    whole = {path.stem: ("sha256:" + hashlib.sha256(data).hexdigest(), None, None)}
    parts = split(data) if path.stem in SPLIT else None
    if parts is None:
        return whole
    header, by_unit = parts
    out = {}
    for unit, blocks in by_unit.items():
        blocks.sort()
        h = hashlib.sha256(header)
        for b in blocks:
            h.update(b)
        out[unit_graph(path.stem, unit)] = ("sha256:" + h.hexdigest(), header, blocks)
    return out


def changed_units(path: Path, data: bytes, old: bytes, old_split: bool = False):
    """``units(path, data)`` for the units whose blocks differ from ``old`` (the file as last loaded): graph
    key -> (digest, PREFIX lines, blocks), or None for a unit now empty; None when the difference cannot be
    read so (another header, a block not in the form, the file's own graph changed, ``data`` not in the
    form). Only the stretch where the two versions differ is split (``changed_stretch``), less the run of blocks
    both have in it (``shared_run``: one town's links and measures lie in two places of the links file); a touched
    unit's blocks are then found by one regular expression over the file (``\\n<…/<unit>/`` or ``…/<unit>>``
    starts a block). ``old_split``: ``old`` was split into units (``split``: no long literal), so only the
    changed stretch of ``data`` is searched for one (the rest is ``old``'s bytes; a search of 100 MB for a triple
    quote takes 0.07 s)."""
    if not old_split and long_literal(data):
        return None
    head_new, head_old = _header_end(data), _header_end(old)
    if data[:head_new] != old[:head_old]:
        return None
    if len(data) > head_new and not data.endswith(_END) or len(old) > head_old and not old.endswith(_END):
        return None
    p, q, q_old = changed_stretch(old, data, head_new)
    if long_literal(data, p, q) if old_split else long_literal(old, p, q_old):
        return None
    run = shared_run(old, data, p, q, q_old)  # blocks both versions have, in a run: not in the difference
    start, end, at = run if run is not None else (p, p, p)
    ours = data[p:start].split(_END)[:-1] + data[end:q].split(_END)[:-1]
    theirs = old[p:at].split(_END)[:-1] + old[at + end - start:q_old].split(_END)[:-1]
    touched: set[str] = set()
    for piece in set(ours).symmetric_difference(theirs):
        unit = _unit(piece + _END)
        if not unit:  # not a flat block (None), or the file's own graph (''): read the whole file
            return None
        touched.add(unit)
    header, out = data[:head_new], {}
    if not touched:
        return out
    subject = re.compile(rb"\n<" + re.escape(BASE.encode()) + rb"[^/>\n]*/(?:"
                         + b"|".join(re.escape(u.encode()) for u in sorted(touched)) + rb")[/>]")
    by_unit: dict[str, list[bytes]] = {}
    for m in subject.finditer(data):
        block = data[m.start():data.index(_END, m.start()) + len(_END)]
        by_unit.setdefault(_unit(block), []).append(block)
    for unit in sorted(touched):
        blocks = sorted(by_unit.get(unit, ()))
        key = unit_graph(path.stem, unit)
        if not blocks:
            out[key] = None
            continue
        h = hashlib.sha256(header)
        for b in blocks:
            h.update(b)
        out[key] = ("sha256:" + h.hexdigest(), header, blocks)
    return out


CHUNK = 1 << 20  # bytes compared at a time (``common_prefix``)


def common_prefix(a: bytes, b: bytes, i: int = 0, j: int = 0, most: int | None = None) -> int:
    """The length of the bytes ``a[i:]`` and ``b[j:]`` begin with, at most ``most`` (compared a chunk at a time,
    then halved; slices of bytes compare twice as fast as memoryviews, which compare item by item)."""
    n = min(len(a) - i, len(b) - j, most if most is not None else len(a))
    k = 0
    while k < n and a[i + k:i + min(k + CHUNK, n)] == b[j + k:j + min(k + CHUNK, n)]:
        k = min(k + CHUNK, n)
    if k >= n:
        return max(n, 0)
    lo, hi = k, min(k + CHUNK, n)  # the first difference lies in [lo, hi)
    while lo < hi:
        mid = (lo + hi) // 2
        if a[i + lo:i + mid + 1] == b[j + lo:j + mid + 1]:
            lo = mid + 1
        else:
            hi = mid
    return lo


def common_suffix(a: bytes, b: bytes, most: int, i: int | None = None, j: int | None = None) -> int:
    """The length of the bytes ``a[:i]`` and ``b[:j]`` end with (default: ``a`` and ``b``), at most ``most``."""
    la, lb = len(a) if i is None else i, len(b) if j is None else j
    n, k = min(la, lb, most), 0
    while k < n and a[la - min(k + CHUNK, n):la - k] == b[lb - min(k + CHUNK, n):lb - k]:
        k = min(k + CHUNK, n)
    if k >= n:
        return max(n, 0)
    lo, hi = k, min(k + CHUNK, n)  # the longest common end is in [lo, hi)
    while lo < hi:
        mid = (lo + hi + 1) // 2
        if a[la - mid:la - lo] == b[lb - mid:lb - lo]:
            lo = mid
        else:
            hi = mid - 1
    return lo


def changed_stretch(old: bytes, data: bytes, start: int) -> tuple[int, int, int]:
    """(p, q, q_old): two versions of a canonical flat file (the same PREFIX lines, ending at ``start``) are the
    same blocks before ``p`` and from ``q`` (``q_old`` in ``old``) on; the blocks between are where they differ.
    With no long literal, no line break is inside a literal, so every ``\\n.\\n`` ends a block: the last one in
    the common beginning and the first in the common end are block boundaries of both files."""
    end = data.rfind(_END, start, common_prefix(old, data))
    p = end + len(_END) if end >= 0 else start
    tail = common_suffix(old, data, min(len(old), len(data)) - p)
    end = data.find(_END, len(data) - tail) if tail >= len(_END) else -1
    q = end + len(_END) if end >= 0 else len(data)
    return p, q, q - (len(data) - len(old))


def shared_run(old: bytes, data: bytes, p: int, q: int, q_old: int) -> tuple[int, int, int] | None:
    """(start, end in ``data``, start in ``old``) of a run of whole blocks the changed stretches (``changed_stretch``)
    share byte for byte: the old stretch's middle block found in the new one, and the bytes both have around it
    (compared a chunk at a time, not block by block), cut back to the blocks' ends; None when that block is not in
    the new stretch. Every ``\\n.\\n`` of the stretches ends a block (no long literal), so the run's are both files'."""
    E = len(_END)
    e = old.rfind(_END, p, (p + q_old) // 2)  # the end of a block before the middle: the next one is looked for
    z = old.find(_END, e + E, q_old) if e >= 0 else -1
    if z < 0:
        return None
    f = data.find(old[e:z + E], max(p - E, 0), q)  # the block with the end before it: a whole block of the new
    if f < 0:
        return None
    a_old, a_new = e + E, f + E
    ahead = common_prefix(old, data, a_old, a_new, min(q_old - a_old, q - a_new))
    back = common_suffix(old, data, min(a_old - p, a_new - p), a_old, a_new)
    end = data.rfind(_END, a_new, a_new + ahead) + E  # the last block's end in the bytes both have
    start = data.find(_END, a_new - back, a_new) + E if back >= E else a_new  # the first block's start in them
    return start, end, a_old - (a_new - start)


def _header_end(data: bytes) -> int:
    start = 0
    while data.startswith(b"PREFIX ", start):
        start = data.index(b"\n", start) + 1
    return start


def quads(key: str, header: bytes | None, blocks: list[bytes] | None, path: Path):
    """The quads of one graph (``key``): the unit's blocks, or the whole file when ``blocks`` is None."""
    g = ox.NamedNode(GRAPH_BASE + key)
    source = {"path": str(path)} if blocks is None else {"input": header + b"".join(blocks)}
    try:
        for q in ox.parse(format=ox.RdfFormat.TURTLE, **source):
            yield ox.Quad(q.subject, q.predicate, q.object, g)
    except SyntaxError as exc:
        _invalid(path, exc)


def load(store: ox.Store, files: list[Path]) -> None:
    """Every file's graphs into ``store``, named as ``disk_store.sync`` names them (an in-memory copy of the
    on-disk store: ``store.load_named``)."""
    for path in files:
        graphs = units(path) if path.stem in SPLIT else {}
        if any(blocks is not None for _, _, blocks in graphs.values()):
            store.bulk_extend(q for key, (_, header, blocks) in graphs.items() for q in quads(key, header, blocks, path))
            continue
        try:
            store.bulk_load(path=str(path), format=ox.RdfFormat.TURTLE, to_graph=graph_name(path))
        except (SyntaxError, ValueError) as exc:
            _invalid(path, exc)


def _invalid(path: Path, exc: Exception):
    from .errors import EselyError

    raise EselyError(f"{path}: not valid Turtle / nem érvényes Turtle: {exc}") from None
