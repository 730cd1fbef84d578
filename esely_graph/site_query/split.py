"""The graph of every municipality in one pass over the Turtle files.

The same selection as ``export.quads(ttl_dir, m)`` (``esely-graph export --municipality M``) for every M at
once: calling that once per town parses every file once per town, which grows with the square of the number
of towns. Here each file is parsed once: a document file goes to the towns it names
(``esely:municipality``); the ontology and target groups go to every town; a triple of another shared file
goes to the towns its subject belongs to, found from the subject itself (``…/org/M``, ``…/org/M/…``,
``…/strategy/M/…``, a node under one of M's documents, a programme M's documents mention) by dictionary
look-ups, not by trying every town.
"""

from __future__ import annotations

from collections import defaultdict
from pathlib import Path

import pyoxigraph as ox

from ..export import WHOLE_FILES
from ..store import read_triples
from ..layout import SHARED_TTL
from ..namespaces import BASE, ESELY
from ..store import ttl_files

ORG, STRATEGY = BASE + "org/", BASE + "strategy/"


def _towns_of(subject: str, towns: set[str], doc_towns: dict[str, set[str]],
              programme_towns: dict[str, set[str]]) -> set[str]:
    out = set(programme_towns.get(subject, ()))
    for base in (ORG, STRATEGY):
        if subject.startswith(base):
            head, slash, _ = subject[len(base):].partition("/")
            if head in towns and (base == ORG or slash):
                out.add(head)
    i = subject.find("/", len(BASE))
    while i != -1:  # a node under a document: the document's IRI is a prefix ending before a '/'
        out |= doc_towns.get(subject[:i], set())
        i = subject.find("/", i + 1)
    return out


def triples_by_municipality(ttl_dir: Path) -> dict[str, list[ox.Triple]]:
    """municipality id -> its triples, in the order ``export.quads(ttl_dir, id)`` yields them."""
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
    for path in files:
        if path.name not in SHARED_TTL:
            continue
        whole = path.name in WHOLE_FILES
        for q in read_triples(path):
            t = q.triple
            if whole:
                targets = towns
            elif isinstance(t.subject, ox.NamedNode):
                targets = _towns_of(t.subject.value, towns, doc_towns, programme_towns)
            else:
                continue
            for town in targets:
                out[town].append(t)
    return dict(sorted(out.items()))
