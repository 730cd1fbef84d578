"""Graph analytics with networkx (and rustworkx's betweenness) where SPARQL is awkward.

One undirected graph of problems, measures (with their sub-tasks folded in),
strategies and owners, read once from the store: connected components,
isolated problems and strategies, owner centrality, and how far each measure's
chain problem → measure → goal → strategy → owner → deadline → indicator →
resource runs unbroken (the problem step counts only a link to the situation
analysis, not the measure's own column B).
"""

from __future__ import annotations

from dataclasses import dataclass, field

import networkx as nx
import pyoxigraph as ox

from .store import select, solutions_rows

EDGES = """
PREFIX esely: <https://w3id.org/esely/ontology#>
SELECT ?a ?kindA ?b ?kindB ?rel WHERE {
  {
    ?m a esely:Measure . BIND(?m AS ?a) BIND("measure" AS ?kindA)
    { ?m esely:answersProblem ?b . BIND("problem" AS ?kindB) BIND("answers" AS ?rel) }
    UNION { ?m esely:alignedWith ?b . BIND("strategy" AS ?kindB) BIND("aligned" AS ?rel) }
    UNION { { ?m esely:responsible ?b } UNION { ?st esely:subTaskOf ?m ; esely:responsible ?b }
            BIND("owner" AS ?kindB) BIND("owner" AS ?rel) }
  }
}
"""
NODES = """
PREFIX esely: <https://w3id.org/esely/ontology#>
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
PREFIX skos: <http://www.w3.org/2004/02/skos/core#>
PREFIX dcterms: <http://purl.org/dc/terms/>
SELECT ?n ?kind ?label WHERE {
  { ?n a esely:Problem ; rdfs:label ?label . BIND("problem" AS ?kind) }
  UNION { ?n a esely:Measure ; esely:code ?c ; dcterms:isPartOf/dcterms:identifier ?d .
          OPTIONAL { ?n dcterms:title ?t } BIND(CONCAT(?d, " ", ?c, " ", COALESCE(?t, "")) AS ?label) BIND("measure" AS ?kind) }
  UNION { ?n a esely:LocalStrategy ; skos:prefLabel ?label . BIND("strategy" AS ?kind) }
}
"""
CHAIN = """
PREFIX esely: <https://w3id.org/esely/ontology#>
PREFIX dcterms: <http://purl.org/dc/terms/>
SELECT ?m ?label ?problem ?goal ?strategy ?owner ?deadline ?indicator ?resource WHERE {
  ?m a esely:HepMeasure ; esely:code ?code ; dcterms:isPartOf/dcterms:identifier ?doc .
  BIND(CONCAT(?doc, " ", ?code) AS ?label)
  BIND(EXISTS { ?m esely:answersProblem ?x } AS ?problem)
  BIND(EXISTS { ?m esely:hasGoal ?x } AS ?goal)
  BIND(EXISTS { ?m esely:alignedWith ?x } AS ?strategy)
  BIND(EXISTS { ?m esely:responsible ?x } AS ?owner)
  BIND(EXISTS { ?m esely:deadline ?x } AS ?deadline)
  BIND(EXISTS { ?m esely:hasIndicator ?x } AS ?indicator)
  BIND(EXISTS { ?m esely:hasResource ?x } AS ?resource)
}
"""
OWNERS = """PREFIX skos: <http://www.w3.org/2004/02/skos/core#>
SELECT ?o ?l WHERE { ?o skos:prefLabel ?l }"""  # owners get their labels from the vocabulary
CHAIN_STEPS = ("problem", "goal", "strategy", "owner", "deadline", "indicator", "resource")


@dataclass
class Analytics:
    graph: nx.Graph
    components: list[list[str]] = field(default_factory=list)
    isolated_problems: list[str] = field(default_factory=list)
    isolated_strategies: list[str] = field(default_factory=list)
    owner_centrality: list[tuple[str, int, float]] = field(default_factory=list)  # (owner, measures, betweenness)
    chains: list[tuple[str, int, str | None]] = field(default_factory=list)  # (measure, unbroken steps, first break)
    component_keys: list[list[str]] = field(default_factory=list)  # each component's node IRIs, what orders them
    mode: str = ""  # how it was made (``analytics_towns``: whole, by town, unchanged)

    def sizes(self) -> dict[str, int]:
        """How many components, isolated problems and isolated strategies there are: what the report shows of them."""
        return {"components": len(self.components), "isolated_problems": len(self.isolated_problems),
                "isolated_strategies": len(self.isolated_strategies)}


def _label(g: nx.Graph, n: str) -> str:
    return g.nodes[n].get("label", n)


def _induced(g: nx.Graph, kinds: tuple[str, ...]) -> nx.Graph:
    """The nodes of some kinds and the edges among them, as a graph of its own (not a view:
    a view filters every node it walks, on every walk)."""
    h = nx.Graph()
    h.add_nodes_from((n, d) for n, d in g.nodes(data=True) if d.get("kind") in kinds)
    h.add_edges_from((a, b) for a, b in g.edges() if a in h and b in h)
    return h


def betweenness(g: nx.Graph) -> dict[str, float]:
    """Normalised betweenness centrality of each node within its own connected component.

    Towns share no measure or owner, so each town's measure–owner network is one or more components
    of its own, and no shortest path leaves a component. A node's value is the share of the shortest
    paths between two other nodes of its component that pass through it (networkx's normalisation,
    1 / ((n - 1)(n - 2)) for undirected graphs, with n the component's size): the same number
    whether the graph holds one town or every town, and the cost is the sum of the components'
    costs, linear in the number of towns (whole-graph normalisation made every value shrink towards
    0 as towns were added, and whole-graph Brandes walks were quadratic).

    Each component is walked by rustworkx's Brandes (Rust; the same definition and normalisation as
    networkx's ``betweenness_centrality``, equal to it within 1e-15: tests/test_analytics.py): N=400, 22,911
    nodes in 1,192 components, 1.70 s CPU with networkx, 0.38 s with rustworkx.
    """
    import rustworkx as rx

    out = dict.fromkeys(g, 0.0)
    for comp in nx.connected_components(g):
        if len(comp) < 3:
            continue  # no node lies between two others
        nodes = sorted(comp)
        index = {n: i for i, n in enumerate(nodes)}
        h = rx.PyGraph(multigraph=False)
        h.add_nodes_from(nodes)
        h.add_edges_from_no_data([(index[a], index[b]) for a in nodes for b in g[a] if index[a] < index[b]])
        found = rx.graph_betweenness_centrality(h, normalized=True, endpoints=False, parallel_threshold=1 << 30)
        out.update((nodes[i], value) for i, value in found.items())
    return out


def analyse(store: ox.Store) -> Analytics:
    """The analytics of the whole graph on ``store``."""
    return figures(*read(store))


QUERIES = (NODES, EDGES, OWNERS, CHAIN)


def read(store: ox.Store, graphs: list | None = None) -> tuple[nx.Graph, list[dict]]:
    """The analytics' graph and the measures' chain rows, from the whole store or only from ``graphs`` (named
    graphs read as the default graph: one town's, ``analytics_towns``), each query in a worker (``fanout``)."""
    from .fanout import fan_out

    if graphs is None:
        nodes, edges, owners, chains = fan_out(store, lambda s, q: select(s, q)[1], list(QUERIES))
    else:  # a town's few graphs: read in this process (no worker would pay for itself)
        nodes, edges, owners, chains = (solutions_rows(store.query(q, default_graph=graphs))[1] for q in QUERIES)
    g = nx.Graph()
    for r in nodes:
        g.add_node(r["n"].value, kind=r["kind"].value, label=r["label"].value)
    for r in edges:
        a, b = r["a"].value, r["b"].value
        if b not in g:
            g.add_node(b, kind=r["kindB"].value, label=b.rsplit("/", 1)[-1])
        g.add_edge(a, b, rel=r["rel"].value)
    for r in owners:
        if r["o"].value in g and g.nodes[r["o"].value].get("kind") == "owner":
            g.nodes[r["o"].value]["label"] = r["l"].value
    return g, chains


def figures(g: nx.Graph, chains: list[dict]) -> Analytics:
    """Components, isolated problems and strategies, owners' centrality and the measures' chains of ``g``."""
    out = Analytics(g)
    pms = _induced(g, ("problem", "measure", "strategy"))
    comps = sorted((sorted(c) for c in nx.connected_components(pms) if len(c) > 1), key=lambda c: (-len(c), c))
    out.components = [[_label(g, n) for n in c] for c in comps]
    out.component_keys = comps
    out.isolated_problems = sorted(_label(g, n) for n, d in pms.nodes(data=True) if d["kind"] == "problem" and pms.degree(n) == 0)
    out.isolated_strategies = sorted(_label(g, n) for n, d in g.nodes(data=True)
                                     if d.get("kind") == "strategy" and g.degree(n) == 0)
    mo = _induced(g, ("measure", "owner"))
    between = betweenness(mo)
    owners_ = [n for n, d in mo.nodes(data=True) if d.get("kind") == "owner"]
    out.owner_centrality = sorted(((_label(g, n), mo.degree(n), round(between.get(n, 0.0), 4)) for n in owners_),
                                  key=lambda t: (-t[1], -t[2], t[0]))
    for r in chains:
        steps, broken = 0, None
        for s in CHAIN_STEPS:
            if r[s].value == "true":
                steps += 1
            else:
                broken = s
                break
        out.chains.append((r["label"].value, steps, broken))
    out.chains.sort(key=chain_order)
    return out


def chain_order(chain) -> tuple:
    """Longest unbroken chain first, then by measure, then by where it breaks (every field: one order however the
    rows came)."""
    return -chain[1], chain[0], chain[2] or ""
