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

import pyoxigraph as ox
from rdflib import Graph, Literal, URIRef
from rdflib.namespace import DCTERMS, PROV, RDF, RDFS, SKOS, XSD

from ..namespaces import BASE, ESELY, new_graph
from .nearest import rank

K = 5  # similar towns kept per town
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

    served: dict[tuple, tuple[int, ...]] = {}  # a measure's target groups -> the statutory groups they reach (their
    # places): measures share a few combinations, so each is rolled up once (at 3,200 towns, 100,000 measures)

    def serves(groups: tuple) -> tuple[int, ...]:
        if groups not in served:
            reached = frozenset().union(*(reach(g) for g in groups))
            served[groups] = tuple(i for i, tg in enumerate(statutory) if tg in reached)
        return served[groups]

    measures: dict[str, set[str]] = defaultdict(set)
    serving: dict[str, list[set[str]]] = defaultdict(lambda: [set() for _ in statutory])
    for part in parts:
        for m, node, groups in part.measures:
            towns = towns_of.get(node, ())
            if not towns:
                continue
            places = serves(groups)
            for town in towns:
                measures[town].add(m)
                sets = serving[town]
                for i in places:
                    sets[i].add(m)
    return {town: [Fraction(len(s), len(measures[town])) for s in serving[town]]
            for town in sorted(measures) if town in with_documents}


def similarity(a: list[Fraction], b: list[Fraction]) -> Decimal:
    """1 − ½ Σ|a − b|, rounded half up to two decimals."""
    exact = 1 - sum((abs(x - y) for x, y in zip(a, b)), Fraction(0)) / 2
    return (Decimal(exact.numerator) / Decimal(exact.denominator)).quantize(Decimal("0.01"), ROUND_HALF_UP)


def nearest(shares: dict[str, list[Fraction]], k: int = K) -> dict[str, list[tuple[str, Decimal]]]:
    """Town -> its k most similar other towns, most similar first (ties: the other town's IRI)."""
    ranked = rank({t: tuple(v) for t, v in shares.items()}, k)
    return {t: [(o, similarity(shares[t], shares[o])) for o, _ in ranked.lists[t]] for t in sorted(shares)}


def _slug(iri: str) -> str:
    """A municipality's id (the last part of ``…/org/ID``), or a hash of an IRI of another form."""
    local = iri[len(ORG):] if iri.startswith(ORG) else ""
    return local if local and "/" not in local else hashlib.sha256(iri.encode()).hexdigest()[:16]


def activity_graph(k: int = K) -> Graph:
    """The similarity activity every ``esely:PlanSimilarity`` node was generated by."""
    g = new_graph()
    g.add((ACTIVITY, RDF.type, PROV.Activity))
    g.add((ACTIVITY, RDFS.label, Literal("hasonló tervek", lang="hu")))
    g.add((ACTIVITY, RDFS.label, Literal("plans like mine", lang="en")))
    g.add((ACTIVITY, RDFS.comment, Literal(
        f"Each municipality's {k} most similar municipalities by the share of their measures serving each statutory "
        "target group: similarity = 1 - half the summed differences of the shares, rounded to two decimals; ties at "
        f"the {k}th place broken by the IRI; computed by esely_graph.build.similarity.", lang="en")))
    return g


def town_graph(town: str, similar: list[tuple[str, Decimal]], g: Graph | None = None) -> Graph:
    """One ``esely:PlanSimilarity`` node per similar town of ``town``."""
    g = new_graph() if g is None else g
    for other, value in similar:
        node = URIRef(f"{NODE_BASE}{_slug(town)}/{_slug(other)}")
        g.add((node, RDF.type, ESELY.PlanSimilarity))
        g.add((node, ESELY.similarityOf, URIRef(town)))
        g.add((node, ESELY.similarTo, URIRef(other)))
        # the canonical form Oxigraph gives back (0.5, 1), so the Turtle and the store read alike
        g.add((node, ESELY.similarity, Literal(format(value.normalize(), "f"), datatype=XSD.decimal)))
        g.add((node, PROV.wasGeneratedBy, ACTIVITY))
    return g


def similarity_graph(parts: list[DocumentProfile], scheme: Graph, k: int = K) -> Graph:
    """``similarity.ttl``: the activity, and one ``esely:PlanSimilarity`` per town and similar town."""
    g = activity_graph(k)
    for town, similar in nearest(profiles(parts, scheme), k).items():
        town_graph(town, similar, g)
    return g


class Profiles:
    """The build's side: each document's ``profile_of`` (kept on the cache's ``shelf`` under the
    document's cache key, so an unchanged document is not read again), then ``similarity.ttl``. With a
    ``state`` shelf the last build's ranking (``nearest.Ranking``) and each town's Turtle are kept: only
    the rows a change can alter are ranked again, only the towns whose list changed are written again."""

    def __init__(self, shelf=None, state=None):
        self.shelf, self.state, self.parts = shelf, state, []

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
        """Write ``similarity.ttl`` (``turtle``); its number of triples."""
        turtle, triples = self.turtle(scheme)
        Path(path).write_bytes(turtle)
        return triples

    def turtle(self, scheme: Graph) -> tuple[bytes, int]:
        """``similarity.ttl`` (the same bytes as ``serialise(similarity_graph(…))``) and its number of triples."""
        from .output import flat_chunk, merge_chunks

        shares = {t: tuple(v) for t, v in profiles(self.parts, scheme).items()}
        last = self.state.get("last") if self.state is not None else None
        ranking = rank(shares, K, last[0] if last else None)
        towns = last[1] if last else {}  # town -> (its list with values, its chunk, its triples)
        now, chunks = {}, []
        activity = activity_graph(K)
        chunks.append((flat_chunk(activity, foreign=None), len(activity)))
        before = last[0].shares if last else {}
        same = {t for t, v in shares.items() if before.get(t) == v}  # profile unchanged since the last build
        for town, ranked in ranking.lists.items():
            kept = towns.get(town)
            if kept is not None and town in same and [o for o, _ in kept[0]] == [o for o, _ in ranked] \
                    and all(o in same for o, _ in ranked):
                similar = kept[0]  # the same pairs of the same profiles: the same values
            else:
                similar = [(o, similarity(shares[town], shares[o])) for o, _ in ranked]
            if kept is None or kept[0] != similar:
                g = town_graph(town, similar)
                kept = (similar, flat_chunk(g, foreign=[ACTIVITY]), len(g))
            now[town] = kept
            if similar:
                chunks.append(kept[1:])
        if self.state is not None:
            self.state["last"] = (ranking, now)
        return merge_chunks([c for c, _ in chunks]), sum(n for _, n in chunks)
