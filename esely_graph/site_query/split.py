"""The graph of every municipality in one pass over the Turtle files.

The same selection as ``export.quads(ttl_dir, m)`` (``esely-graph export --municipality M``) for every M at
once: calling that once per town parses every file once per town, which grows with the square of the number
of towns. Here each file is parsed once: a document file goes to the towns it names
(``esely:municipality``); the ontology and target groups go to every town; a triple of another shared file
goes to the towns its subject belongs to, found from the subject itself (``…/org/M``, ``…/org/M/…``,
``…/strategy/M/…``, a node under one of M's documents, a programme M's documents mention) by dictionary
look-ups, not by trying every town.

``split(ttl_dir)`` keeps the parts apart (the whole files once, each town's own triples, the shared triples no
town owns) for the site, which renders town by town; ``triples_by_municipality`` joins them as export does.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path

import pyoxigraph as ox

from ..export import WHOLE_FILES
from ..layout import SHARED_TTL
from ..namespaces import BASE, ESELY
from ..store import read_triples, ttl_files

ORG, STRATEGY = BASE + "org/", BASE + "strategy/"


class Owners:
    """The towns a subject of a shared file belongs to: ``owners(subject)``. ``towns``: every town; ``doc_towns``:
    document IRI -> its towns; ``programme_towns``: programme IRI -> the towns whose documents mention it."""

    def __init__(self, towns: set[str], doc_towns: dict[str, set[str]], programme_towns: dict[str, set[str]]):
        self.towns, self.doc_towns, self.programme_towns = towns, doc_towns, programme_towns
        self.depths = sorted({d.count("/") for d in doc_towns})  # how many '/' a document's IRI has: a node
        # under a document starts with its IRI and a '/', so only prefixes of those lengths are looked up

    def __call__(self, subject: str) -> set[str]:
        out = set(self.programme_towns.get(subject, ()))
        for base in (ORG, STRATEGY):
            if subject.startswith(base):
                head, slash, _ = subject[len(base):].partition("/")
                if head in self.towns and (base == ORG or slash):
                    out.add(head)
        if self.depths:
            parts = subject.split("/", self.depths[-1] + 1)
            for depth in self.depths:
                if len(parts) > depth + 1:  # a node under a document: the document's IRI, then '/'
                    doc = "/".join(parts[:depth + 1])
                    if len(doc) >= len(BASE):
                        out |= self.doc_towns.get(doc, set())
        return out


@dataclass
class Split:
    """A town's triples are ``docs[town]`` (its document files) and ``parts[town][file]`` (its share of each shared
    file); ``whole``: file -> the ontology's and the target groups' triples (every town's); ``shared``: triples of
    the shared files that no town owns, and the programmes (national: their own page, each town a view of them);
    ``files``: the shared files in order; ``doc_towns``: document IRI -> town ids."""
    files: list[str] = field(default_factory=list)
    whole: dict[str, list[ox.Triple]] = field(default_factory=dict)
    docs: dict[str, list[ox.Triple]] = field(default_factory=dict)
    parts: dict[str, dict[str, list[ox.Triple]]] = field(default_factory=dict)
    shared: list[ox.Triple] = field(default_factory=list)
    doc_towns: dict[str, set[str]] = field(default_factory=dict)

    def own(self, town: str) -> list[ox.Triple]:
        """The town's triples without the whole files."""
        return self.docs[town] + [t for f in self.files for t in self.parts[town].get(f, ())]

    def whole_triples(self) -> list[ox.Triple]:
        return [t for f in self.files for t in self.whole.get(f, ())]

    def export_order(self, town: str) -> list[ox.Triple]:
        """What ``export --municipality`` writes, in its order."""
        return self.docs[town] + [t for f in self.files
                                  for t in (self.whole[f] if f in self.whole else self.parts[town].get(f, ()))]


def split(ttl_dir: Path) -> Split:
    files = ttl_files(ttl_dir)
    pred, mentions = ox.NamedNode(str(ESELY.municipality)), ox.NamedNode(str(ESELY.mentionsProgramme))
    out: dict[str, list[ox.Triple]] = defaultdict(list)
    doc_towns: dict[str, set[str]] = defaultdict(set)
    programme_towns: dict[str, set[str]] = defaultdict(set)
    for path in files:
        if path.name in SHARED_TTL:
            continue
        triples = [q.triple for q in read_triples(path)]
        named = {(t.subject.value, t.object.value[len(ORG):]) for t in triples
                 if t.predicate == pred and t.object.value.startswith(ORG)}
        for doc, town in named:
            doc_towns[doc].add(town)
        for town in sorted({town for _, town in named}):
            out[town].extend(triples)
            for t in triples:
                if t.predicate == mentions:
                    programme_towns[t.object.value].add(town)
    towns = set(out)
    owners = Owners(towns, doc_towns, programme_towns)
    result = Split(docs=dict(sorted(out.items())), doc_towns=dict(doc_towns))
    result.parts = {town: defaultdict(list) for town in result.docs}
    for path in files:
        if path.name not in SHARED_TTL:
            continue
        result.files.append(path.name)
        if path.name in WHOLE_FILES:
            result.whole[path.name] = [q.triple for q in read_triples(path)]
            continue
        for q in read_triples(path):
            t = q.triple
            targets = owners(t.subject.value) \
                if isinstance(t.subject, ox.NamedNode) else ()
            for town in targets:
                result.parts[town][path.name].append(t)
            if not targets or t.subject.value in programme_towns:
                result.shared.append(t)
    return result


def triples_by_municipality(ttl_dir: Path) -> dict[str, list[ox.Triple]]:
    """municipality id -> its triples, in the order ``export.quads(ttl_dir, id)`` yields them."""
    parts = split(ttl_dir)
    return {town: parts.export_order(town) for town in parts.docs}
