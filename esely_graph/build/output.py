"""Canonical Turtle, written whole into the output folder (fsutil.atomic_dir).

The committed form of a document is rdflib's ``longturtle``: sorted subjects, ``a`` first,
one object per line in object lists, PREFIX lines for the prefixes used. rdflib writes it
through a general recursive serialiser (blank-node nesting, lists, prefix generation), about
100 µs a triple, most of it in ``get_pname``. Our graphs have none of those: every node is an
IRI or a literal, and every predicate's namespace is bound. For such a graph ``serialise``
writes the same bytes directly (``flat_chunk``: one pass to count, sort, write; qnames and
literal forms computed once per distinct term with rdflib's own ``compute_qname`` and
``Literal._literal_n3``, so the output is rdflib's byte for byte). Any other graph (blank
nodes, ``rdf:nil``, a base, an unbound predicate namespace) goes to rdflib's ``longturtle``
itself. ``tests/test_output.py`` checks the two agree on every built file.

``flat_chunk`` keeps a graph's Turtle in parts (PREFIX lines, subject blocks with what orders them);
``merge_chunks`` joins the parts of graphs with no subject in common into the Turtle of their union,
so links.ttl is assembled from one chunk per town (``links/towns.py``) without a graph of all links.
"""

from __future__ import annotations

from collections import Counter
from itertools import chain, islice
from dataclasses import dataclass
from pathlib import Path

from rdflib import BNode, Graph, Literal, URIRef
from rdflib.namespace import RDF, RDFS
from rdflib.plugins.serializers.turtle import RecursiveSerializer

from ..fsutil import atomic_dir

_PERCENT = RecursiveSerializer.LOCALNAME_PECRENT_CHARACTER_REQUIRING_ESCAPE_REGEX
_INDENT = "    "
_TYPE, _LABEL, _CLASS, _NIL = RDF.type, RDFS.label, RDFS.Class, {RDF.nil}


def serialise(g: Graph) -> bytes:
    """Canonical, sorted Turtle: same graph -> same bytes (rdflib's longturtle)."""
    chunk = flat_chunk(g)
    if chunk is None:
        return g.serialize(format="longturtle", encoding="utf-8")
    return merge_chunks([chunk])


def _flat_turtle(g: Graph) -> str | None:
    """rdflib's longturtle for a graph of IRIs and literals only; None when the graph is not so."""
    chunk = flat_chunk(g)
    return None if chunk is None else merge_chunks([chunk]).decode("utf-8")


def flat_chunk(g: Graph, foreign=()) -> FlatChunk | None:
    """``g``'s longturtle in parts (``FlatChunk``), for a graph of IRIs and literals only; None
    when the graph is not so. ``foreign``: IRIs that may be subjects of other chunks (None: every
    IRI ``g`` names as an object and not as a subject)."""
    if g.base is not None:
        return None
    nm = g.namespace_manager
    used: dict[str, str] = {}  # prefix -> namespace, the PREFIX lines
    pnames: dict[URIRef, str | None] = {}

    def pname(uri: URIRef) -> str | None:  # LongTurtleSerializer.get_pname, memoised
        if uri in pnames:
            return pnames[uri]
        try:
            prefix, namespace, local = nm.compute_qname(uri, generate=False)
        except Exception:
            pfx = nm.store.prefix(uri)
            prefix, namespace, local = (pfx, uri, "") if pfx is not None else (None, None, None)
        out = None
        if prefix is not None:
            local = _PERCENT.sub("\\%", local.replace("(", r"\(").replace(")", r"\)"))
            if not local.endswith("."):
                if prefix.startswith("_") or used.get(prefix, namespace) != namespace:
                    raise _NotFlat  # longturtle would rename the prefix
                used[prefix] = namespace
                out = f"{prefix}:{local}"
        pnames[uri] = out
        return out

    references: Counter = Counter()
    props = getattr(g, "spo", None)  # a DocGraph (build/graph.py): subject -> predicate -> objects already
    if props is None:
        props = {}
        for s, p, o in g:
            references[o] += 1
            props.setdefault(s, {}).setdefault(p, []).append(o)
    else:  # one count over every object (a Counter.update call per predicate cost 1.4 µs each: 2 M calls at N=400)
        references = Counter(chain.from_iterable(objects for preds in props.values() for objects in preds.values()))
    predicates = {p for preds in props.values() for p in preds}
    if any(type(t) is not URIRef for t in props) or any(type(p) is not URIRef for p in predicates) \
            or any(isinstance(o, BNode) for o in references) or _NIL & (props.keys() | references.keys()):
        return None  # blank nodes, lists or a subclass of URIRef: rdflib's own order and layout
    try:
        for p in predicates:
            if p != _TYPE:
                try:
                    nm.compute_qname(p, generate=False)
                except KeyError:
                    return None  # longturtle would generate an ns1: prefix
                pname(p)
        for t in props:
            pname(t)
        for o in references:
            if type(o) is URIRef:
                pname(o)
            elif isinstance(o, Literal) and o.datatype is not None:
                pname(o.datatype)
    except _NotFlat:
        return None

    labels: dict = {}

    def label(node) -> str:
        text = labels.get(node)
        if text is None:
            if isinstance(node, Literal):
                text = node._literal_n3(use_plain=True, qname_callback=pname)
            else:
                text = pname(node) or node.n3()
            labels[node] = text
        return text

    # rdflib orders IRIs by their text, and IRIs before literals; literals among themselves by value
    same = str.__eq__  # predicates are IRIs (checked above): equal as rdflib terms when their texts are
    blocks = []
    for s, preds in props.items():
        first, rest = [None, None], []
        for p in preds:
            if same(p, _TYPE):
                first[0] = p
            elif same(p, _LABEL):
                first[1] = p
            else:
                rest.append(p)
        rest.sort(key=str)
        lines = []
        for p in [p for p in first if p is not None] + rest:
            objects = list(preds[p])
            if len(objects) > 1:
                objects = sorted(objects, key=str) if all(type(o) is URIRef for o in objects) else sorted(objects)
            verb = "a" if p is first[0] else label(p)
            if len(objects) == 1:
                lines.append(f"{verb} {label(objects[0])}")
            else:
                sep = " ,\n" + _INDENT * 2
                lines.append(f"{verb}\n{_INDENT * 2}" + sep.join(label(o) for o in objects))
        top = _CLASS in preds.get(_TYPE, ())
        text = f"\n{label(s)}\n{_INDENT}" + f" ;\n{_INDENT}".join(lines) + " ;\n.\n"
        blocks.append((top, s, text.encode("utf-8", "replace")))  # bytes: half the memory of Hungarian str
    return FlatChunk(used, [(top, 0 if top else references[s], str(s), text) for top, s, text in blocks],
                     {str(o): references[o] for o in (references if foreign is None else foreign)
                      if type(o) is URIRef and o in references and o not in props})


@dataclass
class FlatChunk:
    """Part of a flat graph's longturtle: its PREFIX lines, its subject blocks (with what orders them:
    rdfs:Class members first, then how often the subject is an object, then its IRI) and how often it
    names ``foreign`` IRIs, subjects of other chunks. Chunks of graphs with no subject in common
    merge (``merge_chunks``) into the longturtle of their union, byte for byte."""
    prefixes: dict[str, str]
    blocks: list[tuple[bool, int, str, bytes]]  # (is a class, references, subject IRI, UTF-8 text)
    foreign: dict[str, int]


def merge_chunks(chunks: list[FlatChunk]) -> bytes:
    """The longturtle of the union of the chunks' graphs (their subjects disjoint)."""
    prefixes: dict[str, str] = {}
    refs: Counter = Counter()
    for c in chunks:
        for prefix, ns in c.prefixes.items():
            if prefixes.setdefault(prefix, ns) != ns:
                raise ValueError(f"prefix {prefix}: bound to {prefixes[prefix]} and {ns}")
        refs.update(c.foreign)
    counts = refs.get  # a plain dict's get (a Counter's missing key costs a Python call)
    blocks = [(not top, n + counts(s, 0) if not top else 0, s, text) for c in chunks for top, n, s, text in c.blocks]
    blocks.sort()  # by (class, references, subject): subjects are unique, so the text is never compared
    subjects = [b[2] for b in blocks]
    if any(map(str.__eq__, subjects, islice(subjects, 1, None))):
        raise ValueError("a subject is in two chunks")
    out = [f"PREFIX {prefix}: <{ns}>\n".encode("utf-8", "replace") for prefix, ns in sorted(prefixes.items())]
    out += [b[3] for b in blocks]
    return b"".join(out)


class _NotFlat(Exception):
    pass


def write_atomically(graphs: dict[str, Graph], out_dir: Path) -> None:
    """Write all files to a temporary folder beside ``out_dir``, then swap it into place (fsutil)."""
    with atomic_dir(out_dir) as tmp:
        for name, g in sorted(graphs.items()):
            (tmp / name).write_bytes(serialise(g))
