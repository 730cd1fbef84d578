"""The whole graph as one file in a standard RDF syntax, streamed through pyoxigraph's serialisers.

N-Quads and TriG keep one named graph per Turtle file (``disk_store.graph_name``: the same names the
on-disk store and ``publish`` use); N-Triples, Turtle and JSON-LD hold the merged triples. Files are
read one after the other, so memory does not grow with the graph.

``--municipality M`` keeps the document files that name M as their municipality
(``esely:municipality <…/org/M>``), the ontology and the target groups, and from the other shared
vocabularies the nodes that belong to M: its organisation tree (``…/org/M``, ``…/org/M/…``), its
strategies (``…/strategy/M/…``), the links from its documents, and the programmes they mention.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pyoxigraph as ox

from .disk_store import graph_name
from .errors import EselyError
from .layout import SHARED_TTL
from .namespaces import BASE, ESELY
from .store import PROJECT_PREFIXES, read_triples, ttl_files

FORMATS = {"nt": ox.RdfFormat.N_TRIPLES, "nq": ox.RdfFormat.N_QUADS, "trig": ox.RdfFormat.TRIG,
           "jsonld": ox.RdfFormat.JSON_LD, "ttl": ox.RdfFormat.TURTLE}
DATASET_FORMATS = ("nq", "trig")
WHOLE_FILES = ("ontology.ttl", "target-groups.ttl")
# Turtle/TriG cannot abbreviate slash-separated data IRIs with `id:` (every `/` escaped): full IRIs read better.
PREFIXES = {p: ns for p, ns in PROJECT_PREFIXES.items() if p not in ("id", "tg")}


def municipality_files(ttl_dir: Path, municipality: str) -> tuple[list[Path], set[str]]:
    """The document files of ``municipality`` and the IRIs of their documents."""
    org = ox.NamedNode(f"{BASE}org/{municipality}")
    pred = ox.NamedNode(str(ESELY.municipality))
    files, docs = [], set()
    for path in ttl_files(ttl_dir):
        if path.name in SHARED_TTL:
            continue
        found = [q.subject.value for q in read_triples(path) if q.predicate == pred and q.object == org]
        if found:
            files.append(path)
            docs.update(found)
    if not files:
        raise EselyError(f"no document names municipality '{municipality}' (esely:municipality <{org.value}>)")
    return files, docs


def _belongs(subject: str, municipality: str, docs: set[str], programmes: set[str]) -> bool:
    org, strategy = f"{BASE}org/{municipality}", f"{BASE}strategy/{municipality}/"
    return (subject == org or subject.startswith(org + "/") or subject.startswith(strategy)
            or subject in programmes or any(subject.startswith(d + "/") for d in docs))


def quads(ttl_dir: Path, municipality: str | None = None) -> Iterator[ox.Quad]:
    """Every triple of the graph, in the named graph of its file; filtered to one municipality if asked."""
    files = ttl_files(ttl_dir)
    if municipality is None:
        for path in files:
            g = graph_name(path)
            for q in read_triples(path):
                yield ox.Quad(q.subject, q.predicate, q.object, g)
        return
    own, docs = municipality_files(ttl_dir, municipality)
    mentions = ox.NamedNode(str(ESELY.mentionsProgramme))
    programmes: set[str] = set()
    for path in own:
        g = graph_name(path)
        for q in read_triples(path):
            if q.predicate == mentions:
                programmes.add(q.object.value)
            yield ox.Quad(q.subject, q.predicate, q.object, g)
    for path in files:
        if path.name not in SHARED_TTL:
            continue
        g, whole = graph_name(path), path.name in WHOLE_FILES
        for q in read_triples(path):
            if whole or (isinstance(q.subject, ox.NamedNode)
                         and _belongs(q.subject.value, municipality, docs, programmes)):
                yield ox.Quad(q.subject, q.predicate, q.object, g)


def export(ttl_dir: Path, fmt: str, output, municipality: str | None = None) -> int:
    """Write the graph to ``output`` (a binary file object); return the number of quads written."""
    if fmt not in FORMATS:
        raise EselyError(f"unknown format '{fmt}'; expected {', '.join(FORMATS)}")
    count = 0

    def counted(items):
        nonlocal count
        for item in items:
            count += 1
            yield item if fmt in DATASET_FORMATS else item.triple

    ox.serialize(counted(quads(ttl_dir, municipality)), output, format=FORMATS[fmt],
                 prefixes=PREFIXES if fmt in ("ttl", "trig") else None)
    return count
