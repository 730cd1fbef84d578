"""SPARQL-based targets (SHACL-AF ``sh:target`` with a ``sh:SPARQLTarget`` or a ``sh:SPARQLTargetType``),
selected per unit on Oxigraph and handed to pySHACL as ``sh:targetNode`` values.

pySHACL runs a SPARQL target's query on rdflib's SPARQL engine, whose pure-Python parser and joins
made these targets about a third of a unit's cost; on Oxigraph they take milliseconds. The shapes
keep their standard meaning (tests/test_shapes.py compares with plain pySHACL on every bad example):
a target's query is run as SHACL-AF prescribes (no ``$this`` bound; a target type's parameters bound
by the local name of their ``sh:path``, as ``$asOf`` in shapes/overdue.ttl), and its nodes become the
shape's ``sh:targetNode`` values for this unit only.
"""

from __future__ import annotations

import re
from contextlib import contextmanager
from dataclasses import dataclass

import pyoxigraph as ox
from rdflib import BNode, Graph, URIRef
from rdflib.namespace import RDF, SH

from .findings import result_closure

SKOLEM = "urn:x-esely-bnode:"  # a blank node of the unit while it is in Oxigraph


@dataclass(frozen=True)
class SparqlTarget:
    shape: object
    query: str
    bindings: tuple  # (variable name, rdflib term)


def _prefixes(g: Graph, node) -> str:
    lines = {f"PREFIX {g.value(d, SH.prefix)}: <{g.value(d, SH.namespace)}>"
             for decl in g.objects(node, SH.prefixes) for d in g.objects(decl, SH.declare)}
    return "\n".join(sorted(lines)) + "\n"


def split_targets(shapes: Graph) -> tuple[Graph, list[SparqlTarget]]:
    """The shapes without their SPARQL-based targets, and those targets."""
    targets, drop = [], set()
    for shape, target in shapes.subject_objects(SH.target):
        if (target, RDF.type, SH.SPARQLTarget) in shapes:
            definition, bindings = target, ()
        else:
            kind = next((k for k in shapes.objects(target, RDF.type) if (k, RDF.type, SH.SPARQLTargetType) in shapes), None)
            if kind is None:
                continue  # not SPARQL-based: pySHACL handles it
            definition = kind
            bindings = tuple((str(path).rsplit("#", 1)[-1].rsplit("/", 1)[-1], shapes.value(target, path))
                             for param in shapes.objects(kind, SH.parameter) for path in shapes.objects(param, SH.path))
        targets.append(SparqlTarget(shape, _prefixes(shapes, definition) + str(shapes.value(definition, SH.select)),
                                    bindings))
        drop.add((shape, SH.target, target))
        if isinstance(target, BNode):
            drop |= set(result_closure(shapes, target))
    rest = Graph()
    for prefix, ns in shapes.namespaces():
        rest.bind(prefix, ns)
    for t in shapes:
        if t not in drop:
            rest.add(t)
    return rest, sorted(targets, key=lambda t: (str(t.shape), t.query))


def _to_ox(term):
    if isinstance(term, URIRef):
        return ox.NamedNode(str(term))
    if term.language:
        return ox.Literal(str(term), language=term.language)
    return ox.Literal(str(term), datatype=ox.NamedNode(str(term.datatype))) if term.datatype else ox.Literal(str(term))


def _to_rdflib(term):
    if isinstance(term, ox.NamedNode):
        return BNode(term.value[len(SKOLEM):]) if term.value.startswith(SKOLEM) else URIRef(term.value)
    raise ValueError(f"a SPARQL target selected a literal or an unnamed node: {term}")


_SUBJECT = re.compile(r"^_:(\S+) ", re.M)
_OBJECT = re.compile(r" _:(\S+) \.$", re.M)


def unit_store(data: Graph, extra=()) -> ox.Store:
    """The unit's data graph (and ``extra`` triples) in an Oxigraph store, blank nodes named by their
    rdflib id (``SKOLEM``) so that selected nodes can be handed back."""
    store = ox.Store()
    nt = _SUBJECT.sub(lambda m: f"<{SKOLEM}{m.group(1)}> ", data.serialize(format="nt"))
    nt = _OBJECT.sub(lambda m: f" <{SKOLEM}{m.group(1)}> .", nt)
    nt += "".join(f"{s.n3()} {p.n3()} {o.n3()} .\n" for s, p, o in extra)  # IRIs only (declarations)
    store.load(nt.encode("utf-8"), format=ox.RdfFormat.N_TRIPLES)
    return store


def select(store: ox.Store, targets: list[SparqlTarget]) -> dict:
    """shape -> the nodes its SPARQL-based targets select in the unit's ``store``."""
    nodes: dict = {}
    for t in targets:
        query = t.query
        for name, value in t.bindings:  # pre-bound: the parameter's value in place of its variable
            if value is not None:
                query = re.sub(r"[?$]%s\b" % re.escape(name), lambda _: str(_to_ox(value)), query)
        for solution in store.query(query):
            nodes.setdefault(t.shape, set()).add(_to_rdflib(solution["this"]))
    return nodes


@contextmanager
def targets_as_nodes(shapes: Graph, selected: dict):
    """``shapes`` with each shape's selected nodes as ``sh:targetNode`` while inside (then as before)."""
    added = [(shape, SH.targetNode, n) for shape, nodes in selected.items() for n in nodes
             if (shape, SH.targetNode, n) not in shapes]
    for t in added:
        shapes.add(t)
    try:
        yield shapes
    finally:
        for t in added:
            shapes.remove(t)
