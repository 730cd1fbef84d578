"""The graph one document is built into: rdflib's terms in plain dictionaries.

A document's writers (``document.py`` … ``prose.py``) add a few thousand triples and read a few
back; rdflib's ``Graph`` spends about 12 µs on each ``add`` (events, contexts, three indexes) and
more on each lookup, a third of building a document. ``DocGraph`` keeps the triples as subject ->
predicate -> objects (insertion-ordered dictionaries; a triple is there once, by rdflib's own term
equality, as in rdflib's store), builds a predicate-object index only when ``subjects`` asks, and
answers the part of rdflib's ``Graph`` interface the build, the linker's ``collect``, the fuzz
harness and the tests use (``add``, ``remove``, ``triples``, ``value``, ``objects``, ``subjects``,
``subject_predicates``, ``in``, ``len``, iteration). ``output.flat_chunk`` reads its dictionaries
directly; ``to_rdflib`` gives the same triples as an rdflib ``Graph`` with the project's prefixes
(``serialize`` goes through it).
"""

from __future__ import annotations

from collections.abc import Iterator

from rdflib import Graph, URIRef

from ..namespaces import new_graph

class DocGraph:
    base = None

    def __init__(self):
        self.spo: dict = {}  # subject -> predicate -> {object: None}
        self._len = 0
        self._pos: dict | None = None  # predicate -> object -> {subject: None}, built on demand
        self._nm = None
        self._canon: dict = {}

    @property
    def namespace_manager(self):
        """The project's prefixes, a manager of this graph's own (rdflib's qname cache and namespace
        trie remember every IRI asked about: shared by all documents, they would grow with the country)."""
        if self._nm is None:
            self._nm = new_graph().namespace_manager
        return self._nm

    def add(self, triple) -> "DocGraph":
        s, p, o = triple
        canon = self._canon  # one instance per IRI: later lookups find it by identity, not rdflib's __eq__
        s, p = canon.setdefault(s, s), canon.setdefault(p, p)
        if type(o) is URIRef:
            o = canon.setdefault(o, o)
        preds = self.spo.get(s)
        if preds is None:
            preds = self.spo[s] = {}
        objs = preds.get(p)
        if objs is None:
            objs = preds[p] = {}
        if o not in objs:
            objs[o] = None
            self._len += 1
            self._pos = None
        return self

    def remove(self, triple) -> "DocGraph":
        for s, p, o in list(self.triples(triple)):
            preds = self.spo[s]
            del preds[p][o]
            if not preds[p]:
                del preds[p]
            if not preds:
                del self.spo[s]
            self._len -= 1
            self._pos = None
        return self

    def triples(self, triple) -> Iterator[tuple]:
        s, p, o = triple
        subjects = self.spo.items() if s is None else (((s, self.spo[s]),) if s in self.spo else ())
        for s1, preds in subjects:
            pairs = preds.items() if p is None else (((p, preds[p]),) if p in preds else ())
            for p1, objs in pairs:
                if o is None:
                    for o1 in list(objs):
                        yield s1, p1, o1
                elif o in objs:
                    yield s1, p1, o

    def __iter__(self) -> Iterator[tuple]:
        return self.triples((None, None, None))

    def __len__(self) -> int:
        return self._len

    def __contains__(self, triple) -> bool:
        return next(self.triples(triple), None) is not None

    def objects(self, subject=None, predicate=None, unique: bool = False) -> Iterator:
        if subject is not None and predicate is not None:
            return iter(list(self.spo.get(subject, {}).get(predicate, ())))
        return (o for _, _, o in self.triples((subject, predicate, None)))

    def subjects(self, predicate=None, object=None, unique: bool = False) -> Iterator:
        if predicate is None:
            return iter({s: None for s, _, _ in self.triples((None, None, object))})
        if self._pos is None:
            pos: dict = {}
            for s, preds in self.spo.items():
                for p, objs in preds.items():
                    by_object = pos.setdefault(p, {})
                    for o in objs:
                        by_object.setdefault(o, {})[s] = None
            self._pos = pos
        by_object = self._pos.get(predicate, {})
        if object is not None:
            return iter(list(by_object.get(object, ())))
        return iter(list({s: None for subjects in by_object.values() for s in subjects}))

    def subject_predicates(self, object=None) -> Iterator[tuple]:
        return ((s, p) for s, p, _ in self.triples((None, None, object)))

    def value(self, subject=None, predicate=None, object=None, default=None, any: bool = True):
        """One value of the two terms given (rdflib's ``Graph.value``: None unless two are given)."""
        missing = (subject is None) + (predicate is None) + (object is None)
        if missing > 1:
            return None
        if missing == 0:
            return default
        if object is None:
            found = self.spo.get(subject, {}).get(predicate)
            return next(iter(found), default) if found else default
        if subject is None:
            return next(self.subjects(predicate, object), default)
        return next((p for _, p, _ in self.triples((subject, None, object))), default)

    def to_rdflib(self) -> Graph:
        g = new_graph()
        g.addN((s, p, o, g) for s, p, o in self)
        return g

    def serialize(self, *args, **kwargs):
        return self.to_rdflib().serialize(*args, **kwargs)
