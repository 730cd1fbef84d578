"""Plans like mine: each municipality's most similar municipalities, computed once at build time.

A municipality's *profile* is the share of its measures serving each statutory target group (a
measure's ``esely:targetGroup``, narrower groups rolled up along ``skos:broader``); the similarity of
two municipalities is 1 minus half the summed differences of their profiles (1: the same profile,
0: nothing in common), rounded to two decimals (half up). A town without measures has no profile.

Ranking every pair is N² (10 M rows for 3,200 towns), so the build keeps each town's ``K`` most
similar towns (ties at the K-th place broken by the other town's IRI) as ``esely:PlanSimilarity``
nodes in ``similarity.ttl``, each ``prov:wasGeneratedBy`` the build's similarity activity; the
``compare-similar`` query reads them. numpy compares one block of towns with all towns at a time.

``profile_of(turtle)`` reads what one document file contributes (the towns its documents name, its
measures with their document and target groups, any ``skos:broader`` it states) from its Turtle;
the build keeps it with the document's cache key, so a rebuild reads only the changed documents.
"""

from __future__ import annotations

import hashlib
from collections import defaultdict
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal
from fractions import Fraction
from pathlib import Path

import numpy as np
import pyoxigraph as ox
from rdflib import Graph, Literal, URIRef
from rdflib.namespace import DCTERMS, PROV, RDF, RDFS, SKOS, XSD

from ..namespaces import BASE, ESELY, new_graph

K = 5  # similar towns kept per town
BLOCK = 256  # towns compared with every town at once (BLOCK × N × groups floats)
ACTIVITY = URIRef(BASE + "activity/plan-similarity")
NODE_BASE = BASE + "similarity/"
ORG = BASE + "org/"
FILE = "similarity.ttl"

_TYPE, _MEASURE = ox.NamedNode(str(RDF.type)), ox.NamedNode(str(ESELY.Measure))
_PART_OF, _TOWN = ox.NamedNode(str(DCTERMS.isPartOf)), ox.NamedNode(str(ESELY.municipality))
_ID, _GROUP = ox.NamedNode(str(DCTERMS.identifier)), ox.NamedNode(str(ESELY.targetGroup))
_BROADER = ox.NamedNode(str(SKOS.broader))


@dataclass(frozen=True)
class DocumentProfile:
    """What one document file tells about its towns' profiles."""
    documents: tuple[tuple[str, str, bool], ...]  # (node, the municipality it names, has an identifier)
    measures: tuple[tuple[str, str, tuple[str, ...]], ...]  # (measure, the node it is part of, its target groups)
    broader: tuple[tuple[str, str], ...]  # skos:broader stated in the file


def profile_of(turtle: bytes) -> DocumentProfile:
    """One file's contribution, read from its Turtle (pyoxigraph's parser)."""
    def terms(t):
        o = t.object
        return (t.subject.value, t.predicate.value,
                URIRef(o.value) if isinstance(o, ox.NamedNode) else Literal(o.value))

    return profile_of_triples(terms(t) for t in ox.parse(turtle, format=ox.RdfFormat.TURTLE))


def profile_of_triples(triples) -> DocumentProfile:
    """``profile_of`` over a document's own triples (IRIs and literals, as ``build.graph.DocGraph``
    holds them), without writing and parsing its Turtle: every value it reads is an IRI's text."""
    towns: set[tuple[str, str]] = set()
    identified: set[str] = set()
    measures: set[str] = set()
    part_of: dict[str, set[str]] = defaultdict(set)
    groups: dict[str, set[str]] = defaultdict(set)
    broader: set[tuple[str, str]] = set()
    town, ident, typ, measure = _TOWN.value, _ID.value, _TYPE.value, _MEASURE.value
    part, group, wider = _PART_OF.value, _GROUP.value, _BROADER.value
    same = str.__eq__  # the IRIs' texts (an rdflib term is never == a str)
    for s, p, o in triples:
        if same(p, town):
            towns.add((str(s), str(o)))
        elif same(p, ident):
            identified.add(str(s))
        elif same(p, typ) and type(o) is URIRef and same(o, measure):
            measures.add(str(s))
        elif same(p, part):
            part_of[str(s)].add(str(o))
        elif same(p, group):
            groups[str(s)].add(str(o))
        elif same(p, wider):
            broader.add((str(s), str(o)))
    return DocumentProfile(
        tuple(sorted((s, o, s in identified) for s, o in towns)),
        tuple((m, d, tuple(sorted(groups.get(m, ())))) for m in sorted(measures) for d in sorted(part_of.get(m, ()))),
        tuple(sorted(broader)))


def statutory_groups(scheme: Graph) -> list[str]:
    return sorted(str(s) for s in scheme.subjects(ESELY.statutory, Literal(True)))


def profiles(parts: list[DocumentProfile], scheme: Graph) -> dict[str, list[Fraction]]:
    """Town IRI -> the share of its measures serving each statutory group (``statutory_groups``
    order), for every town a document (a node with an identifier) names and that has measures."""
    statutory = statutory_groups(scheme)
    up: dict[str, set[str]] = defaultdict(set)
    for s, o in scheme.subject_objects(SKOS.broader):
        up[str(s)].add(str(o))
    towns_of: dict[str, set[str]] = defaultdict(set)
    with_documents: set[str] = set()
    for part in parts:
        for s, o in part.broader:
            up[s].add(o)
        for node, town, identified in part.documents:
            towns_of[node].add(town)
            if identified:
                with_documents.add(town)
    memo: dict[str, frozenset] = {}

    def reach(g: str) -> frozenset:
        if g not in memo:
            seen, todo = {g}, [g]
            while todo:
                for o in up.get(todo.pop(), ()):
                    if o not in seen:
                        seen.add(o)
                        todo.append(o)
            memo[g] = frozenset(seen)
        return memo[g]

    measures: dict[str, set[str]] = defaultdict(set)
    serving: dict[str, list[set[str]]] = defaultdict(lambda: [set() for _ in statutory])
    for part in parts:
        for m, node, groups in part.measures:
            reached = frozenset().union(*(reach(g) for g in groups))
            for town in towns_of.get(node, ()):
                measures[town].add(m)
                for i, tg in enumerate(statutory):
                    if tg in reached:
                        serving[town][i].add(m)
    return {town: [Fraction(len(s), len(measures[town])) for s in serving[town]]
            for town in sorted(measures) if town in with_documents}


def similarity(a: list[Fraction], b: list[Fraction]) -> Decimal:
    """1 − ½ Σ|a − b|, rounded half up to two decimals."""
    exact = 1 - sum((abs(x - y) for x, y in zip(a, b)), Fraction(0)) / 2
    return (Decimal(exact.numerator) / Decimal(exact.denominator)).quantize(Decimal("0.01"), ROUND_HALF_UP)


def nearest(shares: dict[str, list[Fraction]], k: int = K) -> dict[str, list[tuple[str, Decimal]]]:
    """Town -> its k most similar other towns, most similar first (ties: the other town's IRI)."""
    towns = sorted(shares)
    n = len(towns)
    if n < 2:
        return {t: [] for t in towns}
    p = np.array([[float(x) for x in shares[t]] for t in towns])
    k = min(k, n - 1)
    out: dict[str, list[tuple[str, Decimal]]] = {}
    index = np.arange(n)
    for start in range(0, n, BLOCK):
        block = p[start:start + BLOCK]
        distance = np.abs(block[:, None, :] - p[None, :, :]).sum(axis=2)
        # the rounded similarity in hundredths (a hair added so an exact .5 rounds up as Decimal does)
        score = np.floor(100 * (1 - distance / 2) + 0.5 + 1e-9).astype(np.int64)
        key = -score * n + index[None, :]  # higher score first, then the lower index (IRI order)
        rows = np.arange(len(block))
        key[rows, start + rows] = np.iinfo(np.int64).max  # not similar to itself
        best = np.argpartition(key, k - 1, axis=1)[:, :k]
        for r, cand in enumerate(best):
            cand = cand[np.argsort(key[r, cand])]
            town = towns[start + r]
            out[town] = [(towns[j], similarity(shares[town], shares[towns[j]])) for j in cand]
    return out


def _slug(iri: str) -> str:
    """A municipality's id (the last part of ``…/org/ID``), or a hash of an IRI of another form."""
    local = iri[len(ORG):] if iri.startswith(ORG) else ""
    return local if local and "/" not in local else hashlib.sha256(iri.encode()).hexdigest()[:16]


def similarity_graph(parts: list[DocumentProfile], scheme: Graph, k: int = K) -> Graph:
    """``similarity.ttl``: the activity, and one ``esely:PlanSimilarity`` per town and similar town."""
    g = new_graph()
    g.add((ACTIVITY, RDF.type, PROV.Activity))
    g.add((ACTIVITY, RDFS.label, Literal("hasonló tervek", lang="hu")))
    g.add((ACTIVITY, RDFS.label, Literal("plans like mine", lang="en")))
    g.add((ACTIVITY, RDFS.comment, Literal(
        f"Each municipality's {k} most similar municipalities by the share of their measures serving each statutory "
        "target group: similarity = 1 - half the summed differences of the shares, rounded to two decimals; ties at "
        f"the {k}th place broken by the IRI; computed by esely_graph.build.similarity.", lang="en")))
    for town, similar in nearest(profiles(parts, scheme), k).items():
        for other, value in similar:
            node = URIRef(f"{NODE_BASE}{_slug(town)}/{_slug(other)}")
            g.add((node, RDF.type, ESELY.PlanSimilarity))
            g.add((node, ESELY.similarityOf, URIRef(town)))
            g.add((node, ESELY.similarTo, URIRef(other)))
            # the canonical form Oxigraph gives back (0.5, 1), so the Turtle and the store read alike
            g.add((node, ESELY.similarity, Literal(format(value.normalize(), "f"), datatype=XSD.decimal)))
            g.add((node, PROV.wasGeneratedBy, ACTIVITY))
    return g


class Profiles:
    """The build's side: each document's ``profile_of`` (kept on the cache's ``shelf`` under the
    document's cache key, so an unchanged document is not read again), then ``similarity.ttl``."""

    def __init__(self, shelf=None):
        self.shelf, self.parts = shelf, []

    def add(self, key: str | None, turtle: bytes | None, cached, part: DocumentProfile | None = None) -> None:
        """A document built now (its ``turtle``, and its ``part`` when the builder read it from the
        graph) or from the cache (``cached``: its Turtle file)."""
        if part is None and self.shelf is not None and key:
            part = self.shelf.get(key)
        if part is None:
            part = profile_of(turtle if turtle is not None else Path(cached).read_bytes())
        if self.shelf is not None and key and self.shelf.get(key) is None:
            self.shelf[key] = part
        self.parts.append(part)

    def write(self, path, scheme: Graph) -> int:
        """Write ``similarity.ttl``; its number of triples."""
        from .output import serialise

        g = similarity_graph(self.parts, scheme)
        path.write_bytes(serialise(g))
        return len(g)
