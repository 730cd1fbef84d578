"""Validation units: one per document file, each with only the vocabulary nodes it references,
plus one unit for the shared vocabularies themselves.

A document's unit is its own triples plus, from the shared vocabularies (ontology, target groups,
organisations, settlements, strategies, programmes), the description (its triples and their blank nodes) of every
node the document names and, in turn, of every node those name (a unit's parent organisation, a local
target group's broader group), so each vocabulary node in the unit is as complete as in the whole
graph; classes and properties bring only their rdfs:subClassOf chain (so sh:class sees subclasses).
Vocabulary nodes never name another town's, so a unit holds one town's organisations and strategies
and its cost does not grow with the number of towns. A finding on a vocabulary node that several units
report is merged into one (tests/test_validate.py compares with one pySHACL run over everything).
"""

from __future__ import annotations

from pathlib import Path

from rdflib import Graph, URIRef
from rdflib.namespace import OWL, RDF, RDFS

from ..errors import EselyError
from ..store import read_graph
from .findings import VOCABULARY, result_closure
from .whole_graph import VOCABULARIES

_SHARED: dict[tuple, Graph] = {}
SCHEMA_KINDS = {OWL.Class, RDFS.Class, OWL.ObjectProperty, OWL.DatatypeProperty, OWL.AnnotationProperty, RDF.Property,
                OWL.Ontology}


def shared_files(data_dir: Path) -> list[Path]:
    return [data_dir / name for name in VOCABULARIES if (data_dir / name).exists()]


def units(data_dir: Path) -> list[tuple[str, list[Path]]]:
    """(name, files): one unit per document file, then the vocabulary unit."""
    shared = shared_files(data_dir)
    docs = sorted(p for p in data_dir.glob("*.ttl") if p.name not in VOCABULARIES)
    if not docs and not shared:
        raise EselyError(f"{data_dir}: no .ttl files; run `esely-graph build` first / nincs .ttl fájl; előbb futtassa: esely-graph build")
    return [(p.stem, [p]) for p in docs] + [(VOCABULARY, shared)]


def _parse(g: Graph, path: Path) -> None:
    read_graph(path, g)


def shared_graph(files: list[Path]) -> Graph:
    """The shared vocabularies, parsed once per process."""
    key = tuple((str(f), f.stat().st_mtime_ns, f.stat().st_size) for f in files)
    if key not in _SHARED:
        g = Graph()
        for f in files:
            _parse(g, f)
        _SHARED.clear()
        _SHARED[key] = g
    return _SHARED[key]


def _describe(shared: Graph, node, out: Graph) -> bool:
    """Add node's triples in ``shared``, with the blank nodes they lead to; whether ``out`` grew."""
    grew = False
    for t in result_closure(shared, node):
        if t not in out:
            out.add(t)
            grew = True
    return grew


def _superclasses(shared: Graph, classes, out: Graph) -> set:
    """Add the rdfs:subClassOf chains of ``classes``; return the classes looked at."""
    stack, done = list(classes), set()
    while stack:
        c = stack.pop()
        if c in done:
            continue
        done.add(c)
        for sup in shared.objects(c, RDFS.subClassOf):
            out.add((c, RDFS.subClassOf, sup))
            stack.append(sup)
    return done


def unit_graph(doc: Graph, shared: Graph, consulted: set | None = None) -> Graph:
    """The document plus what it needs from the shared vocabularies (see the module doc), added to
    ``doc`` itself (which is returned).

    ``consulted`` (a set) receives every node whose description in ``shared`` the walk read: the
    unit graph depends on ``doc`` and on those descriptions only (``cache`` relies on it)."""
    g = doc
    classes = set(doc.objects(None, RDF.type))
    todo = list(dict.fromkeys(n for t in doc for n in (t[0], t[2]) if isinstance(n, URIRef) and n not in classes))
    seen = set()
    while todo:
        n = todo.pop()
        if consulted is not None:
            consulted.add(n)
        if n in seen or any((n, RDF.type, k) in shared for k in SCHEMA_KINDS):
            continue
        seen.add(n)
        if _describe(shared, n, g):
            todo += [o for _, p, o in shared.triples((n, None, None)) if p != RDF.type and isinstance(o, URIRef)]
    classes |= set(g.objects(None, RDF.type))
    looked_at = _superclasses(shared, classes, g)
    if consulted is not None:
        consulted |= looked_at
    return g


def declarations(g: Graph, shared: Graph, consulted: set | None = None) -> list[tuple]:
    """The declarations in ``shared`` of every term ``g`` uses as a predicate or a class: their
    rdf:type triples and the rdfs:subClassOf chains of those types (for ``whole_graph``)."""
    out, types = Graph(), set()
    for term in set(g.predicates()) | set(g.objects(None, RDF.type)):
        if consulted is not None:
            consulted.add(term)
        for kind in shared.objects(term, RDF.type):
            out.add((term, RDF.type, kind))
            types.add(kind)
    looked_at = _superclasses(shared, types, out)
    if consulted is not None:
        consulted |= looked_at
    return list(out)


def own_terms(g: Graph) -> set:
    """The terms a graph uses as a predicate or a class."""
    return set(g.predicates()) | set(g.objects(None, RDF.type))


def load_unit(name: str, files: list[Path], shared: Graph, consulted: set | None = None,
              own: set | None = None) -> Graph:
    """The data graph of a unit (``consulted``: see ``unit_graph``; ``own`` receives the terms the
    document itself uses as a predicate or a class)."""
    if name == VOCABULARY:
        return shared
    doc = Graph()
    for f in files:
        _parse(doc, f)
    if own is not None:
        own |= own_terms(doc)
    return unit_graph(doc, shared, consulted)
