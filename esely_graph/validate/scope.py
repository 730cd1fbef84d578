"""What one town's change can affect, read from the store (for ``incremental``).

A graph's town is read from the data, never from a file name: the municipalities its nodes (subjects
and objects) belong to — a node with ``esely:municipality`` (documents, organisations, strategies, the
municipality itself) or a part of such a document (``dcterms:isPartOf``). A graph naming exactly one
municipality is that town's; one naming none (ontology, vocabularies) or several (a national file
merged from every town) is shared. A change of a shared graph is not incremental (``incremental``
runs everything).

The scope of a change to towns T: T's graphs (every graph stating or naming one of T's nodes that
is a graph of T); the focus nodes that may change: every node those graphs state or name, every node
stating a triple about one of them (one hop back, from any graph), and the earlier findings' nodes
in those graphs; the graphs a target is selected from: T's graphs and every shared graph describing
or naming those nodes. A town's node that another town's graph states or names breaks the partition:
``CrossTown`` (then everything is validated).
"""

from __future__ import annotations

from dataclasses import dataclass, field

import pyoxigraph as ox

from ..disk_store import GRAPH_BASE

ESELY = "https://w3id.org/esely/ontology#"
PART_OF = "http://purl.org/dc/terms/isPartOf"
RDF_TYPE = ox.NamedNode("http://www.w3.org/1999/02/22-rdf-syntax-ns#type")
CHUNK = 500
TOWN_OF = f"""SELECT DISTINCT ?m WHERE {{ VALUES ?n {{ %s }}
  {{ ?n <{ESELY}municipality> ?m }} UNION {{ ?n <{PART_OF}> ?d . ?d <{ESELY}municipality> ?m }} }}"""
NODES_OF = f"""SELECT DISTINCT ?n WHERE {{
  {{ ?n <{ESELY}municipality> %(m)s }} UNION {{ ?n <{PART_OF}> ?d . ?d <{ESELY}municipality> %(m)s }} }}"""
STATING = "SELECT DISTINCT ?n ?g WHERE { VALUES ?n { %s } GRAPH ?g { ?n ?p ?o } }"
NAMING = "SELECT DISTINCT ?s ?g WHERE { VALUES ?n { %s } GRAPH ?g { ?s ?p ?n } }"


class CrossTown(Exception):
    """A town's node is stated or named by another town's graph."""


def stem(g: ox.NamedNode) -> str:
    return g.value[len(GRAPH_BASE):] if g.value.startswith(GRAPH_BASE) else g.value


def graph(stem_: str) -> ox.NamedNode:
    return ox.NamedNode(GRAPH_BASE + stem_)


def town_of(store: ox.Store, g: ox.NamedNode) -> str:
    """The municipality (IRI) whose graph ``g`` is, or "" for a shared graph (none or several): its
    nodes read in order, CHUNK at a time, stopping at a second town."""
    towns, nodes, done = set(), [], set()

    def ask() -> bool:
        towns.update(s["m"].value for s in store.query(TOWN_OF % " ".join(str(n) for n in nodes),
                                                       use_default_graph_as_union=True))
        nodes.clear()
        return len(towns) > 1
    for q in store.quads_for_pattern(None, None, None, g):
        for n in (q.subject, q.object):
            if isinstance(n, ox.NamedNode) and n not in done:
                done.add(n)
                nodes.append(n)
        if len(nodes) >= CHUNK and ask():
            return ""
    if nodes and ask():
        return ""
    return towns.pop() if towns else ""


def towns_map(store: ox.Store) -> dict:
    """stem -> town for every graph stating the municipality of exactly one town's nodes (documents, a
    town's organisations): one index read; the other graphs are classified when first needed."""
    seen: dict = {}
    for s in store.query(f"SELECT DISTINCT ?g ?m WHERE {{ GRAPH ?g {{ ?n <{ESELY}municipality> ?m }} }}"):
        seen.setdefault(stem(s["g"]), set()).add(s["m"].value)
    return {st: ms.pop() for st, ms in seen.items() if len(ms) == 1}


def _chunks(nodes):
    nodes = sorted(n for n in nodes if isinstance(n, ox.NamedNode))
    for i in range(0, len(nodes), CHUNK):
        yield " ".join(str(n) for n in nodes[i:i + CHUNK])


def pairs(store: ox.Store, query: str, nodes) -> list[tuple]:
    out = []
    for chunk in _chunks(nodes):
        out += [(s[0], s[1]) for s in store.query(query % chunk)]
    return out


@dataclass
class Scope:
    towns: set
    graphs: set = field(default_factory=set)      # the towns' graphs (stems)
    focus: set = field(default_factory=set)       # nodes whose findings are recomputed
    dataset: set = field(default_factory=set)     # graphs the targets are selected from (stems)
    declared: set = field(default_factory=set)    # the towns' graphs and those describing the terms they use


class Towns:
    """The town of each graph, remembered (``known``: stem -> town or "") and read when not known."""

    def __init__(self, store: ox.Store, known: dict):
        self.store, self.known = store, known

    def __call__(self, stem_: str) -> str:
        if stem_ not in self.known:
            self.known[stem_] = town_of(self.store, graph(stem_))
        return self.known[stem_]


def scope(store: ox.Store, towns: set, town: Towns) -> Scope:
    """The scope of a change to ``towns`` (municipality IRIs): see the module doc."""
    sc = Scope(towns)
    seeds = set()
    for m in sorted(towns):
        seeds |= {s["n"] for s in store.query(NODES_OF % {"m": f"<{m}>"}, use_default_graph_as_union=True)}
    candidates = {stem(g) for _, g in pairs(store, STATING, seeds) + pairs(store, NAMING, seeds)}

    def place(stems) -> None:
        for st in stems:
            t = town(st)
            if t in towns:
                sc.graphs.add(st)
            elif t:
                raise CrossTown(f"{st}: a graph of {t} states or names a node of {', '.join(sorted(towns))}")
            sc.dataset.add(st)
    place(candidates)
    own, named, terms = set(), set(), set()
    for st in sorted(sc.graphs):
        for q in store.quads_for_pattern(None, None, None, graph(st)):
            own.add(q.subject)
            named.add(q.object)
            terms.add(q.predicate)
            if q.predicate == RDF_TYPE:
                terms.add(q.object)
    own = {n for n in own if isinstance(n, ox.NamedNode)}
    named = {n for n in named if isinstance(n, ox.NamedNode)}
    back = pairs(store, NAMING, own)
    stating = pairs(store, STATING, own | named)
    place({stem(g) for _, g in back if stem(g) not in sc.graphs})
    for n, g in stating:  # another town's graph describing a node the towns' graphs name
        t = town(stem(g))
        if t and t not in towns:
            raise CrossTown(f"{stem(g)}: a graph of {t} describes {n.value}, named by {', '.join(sorted(towns))}")
        sc.dataset.add(stem(g))
    sc.declared = sc.graphs | {stem(g) for _, g in pairs(store, STATING, terms)}
    sc.focus = own | named | {s for s, _ in back if isinstance(s, ox.NamedNode)}
    return sc
