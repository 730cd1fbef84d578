"""The stats (``stats``: typed subjects counted per document and class) kept between runs, unit by unit.

At 3,200 towns the stats are one GROUP BY over every typed subject of the country: 60–100 s on the on-disk store,
most of an update after one town's new plan. Yet a count of distinct subjects adds up over any partition of the
subjects: here by the subject's IRI, its *bucket* (``…/id/doc/<document>/…`` → ``doc/<document>``, ``…/id/org/<town>``
→ ``org/<town>``; an IRI of another namespace → ``/``; a blank node → ``_``). What a bucket's counts read — its
subjects' types and ``dcterms:isPartOf``, its documents' ``dcterms:identifier`` — lies in some named graphs; graphs
sharing a bucket make one *unit* (a connected component of graphs and the buckets they hold). A unit's counts are
then read from its own graphs alone, exactly as from the whole store.

A whole run counts per bucket and lists which graph holds which bucket (two queries over the store, side by side),
and keeps each unit's counts (``<out>/stats/state.marshal``). After a change (the store's marker against the kept
one) only the units of the changed graphs are read again, from their graphs: the units are formed again among those
graphs, together with any unit one of them now holds a bucket of (two units become one). The result is the
units' counts added up, in the query's order (document, then class, by code point). ``tests/test_stats_units.py``
compares every update with the stats query itself.

A whole run in `all`, when the named queries run a group of towns at a time in memory (``catalogue_groups``), counts
there (``group_counts``: the same two queries on each group's store) and takes each unit's counts from a group that
holds all of its graphs (``from_groups``): the GROUP BY over the on-disk store took 187 s of CPU at 3,200 towns.
"""

from __future__ import annotations

import csv
import io
from pathlib import Path

import networkx as nx
import pyoxigraph as ox

from . import state_file
from .collector import calmed
from .fanout import fan_out
from .namespaces import BASE
from .stats import NAMES, PATTERN, PREFIX, STATS_QUERY
from .store import select, solutions_rows
from .validate.incremental import store_files
from .validate.scope import graph, stem

FORMAT = 1
XSD_STRING = ox.NamedNode("http://www.w3.org/2001/XMLSchema#string")
_CODE = (Path(__file__), Path(__file__).with_name("stats.py"))


def _bucket(v: str) -> str:
    """SPARQL binding ``?b`` to the bucket of ``?<v>`` (see the module's text)."""
    return f"""BIND(STRAFTER(STR(?{v}), "{BASE}") AS ?rest)
  BIND(COALESCE(CONCAT(STRBEFORE(CONCAT(?rest, "/"), "/"), "/",
                       STRBEFORE(CONCAT(STRAFTER(?rest, "/"), "/"), "/")), "_") AS ?b)"""


BUCKETS = PREFIX + f"""SELECT ?b ?document ?class (COUNT(DISTINCT ?s) AS ?n) WHERE {{
  {PATTERN}
  {_bucket("s")}
}} GROUP BY ?b ?document ?class"""
HELD = """{ ?s a ?c } UNION { ?s dcterms:identifier ?i } UNION { ?s dcterms:isPartOf ?o } UNION { ?o dcterms:isPartOf ?s }"""
HOLDS = PREFIX + f"""SELECT DISTINCT ?g ?b WHERE {{ %s GRAPH ?g {{ {HELD} }}
  {_bucket("s")}
}}"""


def state_path(out_dir: Path) -> Path:
    return Path(out_dir) / "stats" / "state.marshal"


def _key() -> str:
    return state_file.code_key(f"stats {FORMAT}", _CODE)


def _plain(rows: list[dict]) -> list | None:
    """Count rows as [bucket, document, class IRI, n]; None when a document is not a plain string or a class not an
    IRI (then only the query itself says how its order goes)."""
    out = []
    for r in rows:
        d, c = r["document"], r["class"]
        if not isinstance(d, ox.Literal) or d.datatype != XSD_STRING or d.language or not isinstance(c, ox.NamedNode):
            return None
        out.append([r["b"].value, d.value, c.value, int(r["n"].value)])
    return out


def _work(store, item):
    """What a worker runs: the count rows, or the (graph, bucket) pairs of ``graphs`` (None: every graph)."""
    kind, graphs = item
    if kind == "buckets":
        return _plain(select(store, BUCKETS)[1]) if graphs is None \
            else _plain(solutions_rows(store.query(BUCKETS, default_graph=graphs))[1])
    values = "" if graphs is None else "VALUES ?g { %s }" % " ".join(str(g) for g in graphs)
    return [(stem(r["g"]), r["b"].value) for r in select(store, HOLDS % values)[1]]


def _units(pairs) -> dict[str, str]:
    """stem -> unit (the least stem of its component), from (stem, bucket) pairs; buckets as ("b", bucket)."""
    g = nx.Graph()
    g.add_edges_from((("g", st), ("b", b)) for st, b in pairs)
    out = {}
    for comp in nx.connected_components(g):
        stems = sorted(n[1] for n in comp if n[0] == "g")
        out.update((st, stems[0]) for st in stems)
    return out


def _counts(parts: dict[str, list]) -> tuple[list[str], list[tuple]]:
    """The stats rows from the units' count rows: added up and sorted as ``STATS_QUERY`` orders them, as plain
    (document, class IRI, count) tuples (``plain``; 62,000 rows at 3,200 towns: terms made for each cost 0.3 s)."""
    total: dict[tuple, int] = {}
    for rows in parts.values():
        for _, d, c, n in rows:
            total[(d, c)] = total.get((d, c), 0) + n
    return NAMES, [(d, c, n) for (d, c), n in sorted(total.items())]


def plain(rows: list[dict]) -> list[tuple]:
    """The stats query's rows (``stats.stats``) as ``national_stats`` gives them: (document, class IRI, count)."""
    return [(r["document"].value, r["class"].value, int(r["n"].value)) for r in rows]


def stats_csv(names: list[str], rows: list[tuple]) -> str:
    """The rows as ``stats --format csv`` writes the query's rows (``queries.format_rows``)."""
    buf = io.StringIO()
    w = csv.writer(buf, lineterminator="\n")
    w.writerow(names)
    w.writerows(rows)
    return buf.getvalue()


def _affected(store, files: dict, changed: set, unit_of: dict, home: dict) -> tuple[set, list]:
    """(the units to read again, the (stem, bucket) pairs of their graphs as they are now): the changed graphs'
    units, and the unit of any bucket one of their graphs now holds (two units become one), until none is added."""
    affected = {unit_of[st] for st in changed if st in unit_of}
    while True:
        stems = sorted(st for st in changed | {st for st, u in unit_of.items() if u in affected} if st in files)
        pairs = _work(store, ("holds", [graph(st) for st in stems])) if stems else []
        more = {home[b] for _, b in pairs if b in home} - affected
        if not more:
            return affected, pairs
        affected |= more


def group_counts(mem: ox.Store) -> tuple:
    """A group's count rows, (graph, bucket) pairs and graphs (``catalogue_groups``: its graphs in an in-memory
    store)."""
    return _work(mem, ("buckets", None)), _work(mem, ("holds", None)), [stem(g) for g in mem.named_graphs()]


def from_groups(extras: list, store: ox.Store, files: dict) -> tuple[list, list] | None:
    """The count rows and pairs of the whole ``store`` (its graphs: ``files``) from the groups' (``group_counts``, as
    (the group's towns, its counts) pairs), or None. A unit's counts are read from its own graphs alone (the module's
    text), so they are taken from a group that holds every graph of the unit (a graph of no town is loaded in every
    group: its unit's counts are taken once, from the first); the graphs no group loaded (the similar towns) are
    copied from ``store`` into memory and counted there, as a group of their own. None when no group holds all of a
    unit's graphs.
    """
    got = [(rows, pairs, set(loaded)) for _, (rows, pairs, loaded) in extras]
    missing = sorted(set(files).difference(*(loaded for _, _, loaded in got)))
    if missing:  # copied into memory: the two queries over thousands of named graphs of RocksDB took minutes
        mem = ox.Store()
        mem.bulk_extend(q for st in missing for q in store.quads_for_pattern(None, None, None, graph(st)))
        got.append((*group_counts(mem)[:2], set(missing)))
    if any(rows is None for rows, _, _ in got):
        return None
    pairs = sorted({p for _, ps, _ in got for p in ps})
    unit_of = _units(pairs)
    home = {b: unit_of[st] for st, b in pairs}
    graphs_of: dict[str, set] = {}
    for st, u in unit_of.items():
        graphs_of.setdefault(u, set()).add(st)
    source = {u: next((i for i, (_, _, loaded) in enumerate(got) if gs <= loaded), None) for u, gs in graphs_of.items()}
    if None in source.values() or any(r[0] not in home for rows, _, _ in got for r in rows):
        return None
    return [r for i, (rows, _, _) in enumerate(got) for r in rows if source[home[r[0]]] == i], pairs


def whole_needed(out_dir: Path) -> bool:
    """Whether ``national_stats`` would count the whole store: no state it can use (the pipeline then counts in
    the named queries' groups)."""
    return _unusable(state_file.load(state_path(out_dir), FORMAT))


def _unusable(state: dict | None) -> bool:
    return state is None or state.get("key") != _key() or state.get("parts") is None


@calmed  # large kept states: the collector's full passes would walk them over and over (collector.py)
def national_stats(store: ox.Store, store_dir: Path, out_dir: Path, reader=None,
                   jobs: int | None = None, grouped: list | None = None) -> tuple[list[str], list[tuple], str]:
    """(names, rows, mode): ``STATS_QUERY``'s result (``plain`` rows, written by ``stats_csv``) on ``store`` (the
    on-disk store of ``store_dir``), only the changed units read again when the state under ``out_dir`` allows (see
    the module's text); ``reader``: the same graphs in memory, where a whole run reads them; ``grouped``: the counts
    of the named queries' groups (``group_counts``), which a whole run takes when ``from_groups`` can."""
    files, path, key = store_files(store_dir), state_path(out_dir), _key()
    state = state_file.load(path, FORMAT)
    if _unusable(state):
        return _whole(store if reader is None else reader, key, files, path, jobs,
                      "teljes: nincs érvényes előző állapot / full: no valid earlier state", grouped)
    if files == state["files"]:
        return *_counts(state["parts"]), "változatlan / unchanged"
    unit_of, home, parts = state["units"], state["home"], state["parts"]
    changed = {st for st in set(files) | set(state["files"]) if files.get(st) != state["files"].get(st)}
    affected, pairs = _affected(store, files, changed, unit_of, home)
    for st in [st for st, u in unit_of.items() if u in affected]:
        del unit_of[st]
    for b in [b for b, u in home.items() if u in affected]:
        del home[b]
    for u in affected:
        parts.pop(u, None)  # a unit of no typed subject has no counts
    new = _units(pairs)
    unit_of.update(new)
    home.update((b, new[st]) for st, b in pairs)
    for u in sorted(set(new.values())):
        rows = _work(store, ("buckets", [graph(st) for st, v in sorted(new.items()) if v == u]))
        if rows is None:
            return _whole(store if reader is None else reader, key, files, path, jobs,
                          "teljes: nem szöveges dokumentumazonosító / full: a document identifier is not a string")
        parts[u] = rows
    state_file.save(path, {"format": FORMAT, "key": key, "files": files, "units": unit_of, "home": home,
                           "parts": parts})
    n = len(set(new.values()))
    return *_counts(parts), f"növekményes: {n} egység, {len(new)} gráf / incremental: {n} unit(s), {len(new)} graph(s)"


def _whole(store, key, files, path, jobs, mode, grouped=None) -> tuple[list[str], list[dict], str]:
    got = from_groups(grouped, store, files) if grouped else None
    if got is not None:
        rows, pairs = got
        mode += " (csoportonként / in groups)"
    else:
        rows, pairs = fan_out(store, _work, [("buckets", None), ("holds", None)], jobs)
    unit_of = _units(pairs)
    home = {b: unit_of[st] for st, b in pairs}
    if rows is None or any(r[0] not in home for r in rows):  # not kept: the query itself, in its own order
        state_file.save(path, {"format": FORMAT, "key": key, "files": files, "parts": None})
        names, rows = select(store, STATS_QUERY)
        return names, plain(rows), mode
    parts: dict[str, list] = {}
    for r in rows:
        parts.setdefault(home[r[0]], []).append(r)
    state_file.save(path, {"format": FORMAT, "key": key, "files": files, "units": unit_of, "home": home,
                           "parts": parts})
    return *_counts(parts), mode
