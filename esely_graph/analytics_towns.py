"""The report's analytics kept town by town between runs.

Towns share no problem, measure, strategy or owner: each is named under its town (``doc/<document>/…`` of one of
the town's documents, ``org/<town>/…``, ``strategy/<town>/…``), so the analytics' graph is the towns' graphs side by
side, and every figure of ``analytics.figures`` is the towns' figures put together: components, isolated problems
and strategies, owners and chains are sorted lists, and an owner's betweenness is taken within its component. A
whole run splits the graph by town and keeps each town's figures (``<out>/analytics/state.marshal``), unless a node
is of no town or an edge joins two towns (then every run is whole). After a change only the changed towns' figures
are read again, from each town's own named graphs of the on-disk store (its documents and its units of the shared
files, ``graph_units``); what changed is read from the store's marker as the catalogue reads it
(``catalogue.changed_towns``). ``tests/test_analytics_towns.py`` compares every update with a whole run.

A whole run whose named queries ran a group of towns at a time in memory (``catalogue_groups``) takes the towns'
figures from there (``group_parts``, in the worker that loaded the group): reading the whole graph into one networkx
graph took 207 s of CPU and 4.3 GB in this process at 3,200 towns. A group's figures are taken only when they are its
own towns' and no other group has them (``from_groups``; a graph of no town is loaded in every group), else the whole
graph is read as before (``tests/test_catalogue_groups.py``).
"""

from __future__ import annotations

import marshal
from itertools import chain
from pathlib import Path

import networkx as nx
import pyoxigraph as ox

from . import state_file
from .collector import calmed
from .analytics import Analytics, chain_order, figures, read
from .catalogue import changed_towns
from .graph_units import GRAPH_BASE, unit_graph
from .namespaces import BASE
from .store import select, solutions_rows
from .validate.incremental import store_files
from .validate.scope import towns_map

FORMAT = 2
ORG, STRATEGY, DOC = BASE + "org/", BASE + "strategy/", BASE + "doc/"
DOCS = """PREFIX esely: <https://w3id.org/esely/ontology#>
SELECT ?d ?m WHERE { ?d esely:municipality ?m FILTER (STRSTARTS(STR(?d), "%s")) }""" % DOC
TOWN_DOCS = """PREFIX esely: <https://w3id.org/esely/ontology#>
SELECT ?d WHERE { ?d esely:municipality <%%s> FILTER (STRSTARTS(STR(?d), "%s")) }""" % DOC
UNITS = ("organisations", "strategies")  # the shared files whose unit of a town is named by the town's id
_CODE = (Path(__file__), Path(__file__).with_name("analytics.py"))


def state_path(out_dir: Path) -> Path:
    return Path(out_dir) / "analytics" / "state.marshal"


def _key() -> str:
    return state_file.code_key(f"analytics {FORMAT}", _CODE, nx.__version__)


def _town(iri: str, doc_towns: dict[str, str]) -> str | None:
    """The town (IRI) a node is named under, None when none."""
    for base in (ORG, STRATEGY):
        if iri.startswith(base):
            return ORG + iri[len(base):].partition("/")[0]
    if iri.startswith(DOC):
        return doc_towns.get(DOC + iri[len(DOC):].partition("/")[0])
    return None


def _part(a: Analytics) -> list:
    """A town's figures as plain values (``marshal``): the report's sizes, its owners and chains, and its components
    and isolated nodes as bytes (``KeptAnalytics``: 36 of the 46 MB at 3,200 towns, which the report only counts)."""
    return [[len(a.components), len(a.isolated_problems), len(a.isolated_strategies)],
            [list(o) for o in a.owner_centrality], [list(c) for c in a.chains],
            marshal.dumps([[[k, c] for k, c in zip(a.component_keys, a.components)], a.isolated_problems,
                           a.isolated_strategies])]


def merged(parts: dict[str, list]) -> Analytics:
    """The whole graph's figures from the towns' (each list sorted as ``analytics.figures`` sorts it)."""
    ps = [parts[t] for t in sorted(parts)]
    out = KeptAnalytics([p[3] for p in ps], [sum(p[0][i] for p in ps) for i in range(3)])
    out.owner_centrality = [tuple(o) for o in _merge((p[1] for p in ps), key=lambda t: (-t[1], -t[2], t[0]))]
    out.chains = [tuple(c) for c in _merge((p[2] for p in ps), key=chain_order)]
    return out


def _merge(lists, key=None) -> list:
    """The towns' sorted lists one after another, sorted: as a merge of them (a stable sort keeps equal items in the
    towns' order, as heapq.merge does), and Timsort takes each town's list as one run (heapq.merge, a Python heap over
    3,200 lists, took 0.9 s of a one-town update)."""
    return sorted(chain.from_iterable(lists), key=key)


class KeptAnalytics(Analytics):
    """The towns' figures put together, the components and isolated nodes decoded from the towns' bytes when first
    asked for (the report asks only their ``sizes``: decoding and sorting them cost 0.3 s of each update)."""

    LAZY = ("components", "component_keys", "isolated_problems", "isolated_strategies")

    def __init__(self, heavy: list[bytes], sizes: list[int]):
        super().__init__(nx.Graph())
        for name in self.LAZY:
            delattr(self, name)  # read through ``__getattr__``
        self._heavy, self._sizes = heavy, sizes

    def sizes(self) -> dict[str, int]:
        return dict(zip(("components", "isolated_problems", "isolated_strategies"), self._sizes))

    def __getattr__(self, name: str):
        if name not in self.LAZY or "_heavy" not in self.__dict__:
            raise AttributeError(name)
        towns = [state_file.loads(b) for b in self._heavy]
        comps = _merge((t[0] for t in towns), key=lambda kc: (-len(kc[0]), kc[0]))
        self.component_keys, self.components = [k for k, _ in comps], [c for _, c in comps]
        self.isolated_problems = _merge(t[1] for t in towns)
        self.isolated_strategies = _merge(t[2] for t in towns)
        return getattr(self, name)


def split(g: nx.Graph, chains: list[dict], doc_towns: dict[str, str]) -> dict[str, list] | None:
    """Each town's figures, or None when a node is of no town or an edge joins two towns."""
    town_of = {n: _town(n, doc_towns) for n in g}
    if None in town_of.values() or any(town_of[a] != town_of[b] for a, b in g.edges()):
        return None
    nodes: dict[str, list] = {}
    for n, t in town_of.items():
        nodes.setdefault(t, []).append(n)
    rows: dict[str, list] = {}
    for r in chains:
        t = _town(r["m"].value, doc_towns)
        if t is None:
            return None
        rows.setdefault(t, []).append(r)
    return {t: _part(figures(g.subgraph(nodes.get(t, [])).copy(), rows.get(t, [])))
            for t in sorted(set(nodes) | set(rows))}


def _graphs(store: ox.Store, town: str, files: dict) -> list[ox.NamedNode]:
    """A town's named graphs in the store: its documents' and its units of the shared files."""
    docs = [r["d"].value[len(DOC):] for r in select(store, TOWN_DOCS % town)[1]]
    stems = docs + [unit_graph("links", d) for d in docs] + [unit_graph(f, town[len(ORG):]) for f in UNITS]
    return [ox.NamedNode(GRAPH_BASE + st) for st in sorted(set(stems)) if st in files]


def group_parts(mem: ox.Store) -> dict[str, list] | None:
    """The figures of the towns of one group of ``catalogue_groups`` (its graphs in an in-memory store, in the worker
    that loaded them), as ``split`` gives them; None when it cannot split them."""
    g, chains = read(mem)
    return split(g, chains, {r["d"].value: r["m"].value for r in select(mem, DOCS)[1]})


def from_groups(extras: list) -> dict[str, list] | None:
    """Every town's figures from the groups' (``group_parts``, as (the group's towns, its figures) pairs), or None
    when a group could not split its graph, has figures of a town not its own (a node read in every group: graphs of
    no town are loaded in each) or of a town another group has: then the whole graph is read instead."""
    parts: dict[str, list] = {}
    for towns, got in extras:
        if got is None or not set(got) <= set(towns) or set(got) & set(parts):
            return None
        parts.update(got)
    return parts


@calmed  # large kept states: the collector's full passes would walk them over and over (collector.py)
def national_analytics(store: ox.Store, store_dir: Path, out_dir: Path, reader=None,
                       grouped: list | None = None) -> Analytics:
    """The analytics of the whole graph on ``store`` (the on-disk store of ``store_dir``), only the changed towns'
    figures read again when the state under ``out_dir`` allows (see the module's text); ``reader``: the same graphs
    in memory, where a whole run reads them; ``grouped``: the towns' figures taken in the named queries' groups
    (``group_parts``), which a whole run takes instead of reading the graph, when they pass ``from_groups``. ``mode``
    on the result says what was done."""
    files, path, key = store_files(store_dir), state_path(out_dir), _key()
    state = state_file.load(path, FORMAT)
    if state is None or state.get("key") != key or not state.get("parts"):
        return _whole(store if reader is None else reader, key, files, path,
                      "teljes: nincs érvényes előző állapot / full: no valid earlier state", grouped)
    parts, known = state["parts"], dict(state["towns"])
    if files == state["files"]:
        out = merged(parts)
        out.mode = "változatlan / unchanged"
        return out
    changed = changed_towns(store, files, state["files"], known)
    if isinstance(changed, str):
        return _whole(store if reader is None else reader, key, files, path, changed, grouped)
    towns = changed[0]  # the similar towns: no figure reads them
    for town in towns:
        graphs = _graphs(store, town, files)
        g, chains = read(store, graphs)
        # the towns of the documents these graphs state (every document's, read from the whole store, took 0.5 s):
        # a node under a document they do not state is of no town here, and the whole graph is read
        doc_towns = {r["d"].value: r["m"].value
                     for r in solutions_rows(store.query(DOCS, default_graph=graphs))[1]} if graphs else {}
        got = split(g, chains, doc_towns)
        if got is None or set(got) - {town}:
            return _whole(store if reader is None else reader, key, files, path,
                          f"teljes: a település gráfja más településre mutat ({town}) / full: a town's graph "
                          f"reaches another town ({town})", grouped)
        parts.pop(town, None)
        parts.update(got)
    state_file.save(path, {"format": FORMAT, "key": key, "files": files, "towns": known, "parts": parts})
    out = merged(parts)
    out.mode = f"növekményes: {len(towns)} település / incremental: {len(towns)} town(s)"
    return out


def _whole(store, key, files, path, mode, grouped=None) -> Analytics:
    parts = from_groups(grouped) if grouped else None
    if parts is not None:
        out = merged(parts)
        mode += " (csoportonként / in groups)"
    else:
        g, chains = read(store)
        doc_towns = {r["d"].value: r["m"].value for r in select(store, DOCS)[1]}
        parts = split(g, chains, doc_towns)
        out = merged(parts) if parts is not None else figures(g, chains)
    state_file.save(path, {"format": FORMAT, "key": key, "files": files, "towns": towns_map(store),
                           "parts": parts or {}})
    out.mode = mode
    return out
