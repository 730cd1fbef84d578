"""The named queries' whole-country run, a group of towns at a time in memory (a full run of the kept results).

A whole-country query on the on-disk store reads RocksDB, several times slower than Oxigraph's in-memory store: at 400
towns the queries that can be anchored on one town took 40 s of CPU there, and 4.8 s on in-memory stores of 100
towns each, which took 9.6 s to load from the Turtle folder; at 3,200 towns the whole step took 311 s of CPU, of
which 113 s loading the groups and 65 s evaluating the queries (the README has the rest). The whole country in
memory would take ≈ 450 bytes a triple (6 GB at 3,200 towns); a group of towns takes what its files take, and is
dropped when its queries are done. So a full run (``catalogue._full``) loads the towns a group at a time (``groups``:
the files of its towns, the units of the shared files that are theirs, and every graph of no town) in workers
(``fanout``), runs there the queries whose whole result is their towns' results one after the other
(ordered by municipality first) or merged (ordered by a figure: ``row_order``), and puts the groups' rows together;
the others (the comparisons, which read every town) run on the on-disk store as before, in the same workers. Each
group's store also gives its towns' figures of the report's analytics and its stats counts (``also``:
``analytics_towns.group_parts``, ``stats_units.group_counts``) and its findings (``validate.groups``), checked there
as the rows are checked here.

A graph's town is read from the data, as the incremental validation reads it: a graph stating the municipality of
one town's nodes is that town's (``scope.towns_map``); a unit of a shared file (``graph_units``: the links of one
document) is the town of its node (``<base>/doc/<document>``: the unit's subjects' common IRI); a graph of none, or
of several, is loaded in every group. (A unit naming another town's node would be grouped with its own town, not
the other's: the partition the kept results' updates rely on too, when they run again only the changed towns'
rows.) The similar towns (``catalogue.COMPARED``) are read by the comparisons only.
Towns are grouped in the order of their names, so that the groups' rows, one group after the other, are in the
order of ``?municipality``. What a group returns is checked: each row's municipality must be one of the group's
towns' names (no town's rows from a graph loaded in every group, nor twice), and a town has one name; a query that
fails this, or whose rows cannot be merged in its order, is run on the on-disk store instead (the same rows, more
CPU). ``tests/test_catalogue_groups.py`` compares every query's rows with the on-disk run, byte for byte.
"""

from __future__ import annotations

import heapq
from functools import cmp_to_key
from pathlib import Path

import pyoxigraph as ox

from .fanout import fan_out
from .graph_units import BASE, SPLIT, graph_name, quads, units
from .queries import NamedQuery, timed_packed
from .row_order import compare, key_of, order_of
from .row_wire import unpack
from .store import ttl_files
from .validate.scope import towns_map

GROUP_BYTES = 40 << 20  # the Turtle a group loads (≈ 4.5 times as much in memory)
MUNICIPALITY = "municipality"
ESELY = "https://w3id.org/esely/ontology#"
NODE_TOWN = f"""SELECT DISTINCT ?n ?m WHERE {{ VALUES ?n {{ %s }}
  {{ ?n <{ESELY}municipality> ?m }} UNION {{ ?n <http://purl.org/dc/terms/isPartOf>/<{ESELY}municipality> ?m }} }}"""


def unit_node(blocks: list[bytes]) -> str | None:
    """The IRI a unit's blocks are about (``<base>kind/key``, their subjects' common start), None when not one."""
    nodes = set()
    for block in blocks:
        line = block[1:block.find(b"\n", 1)]
        if not (line.startswith(b"<") and line.endswith(b">")):
            return None
        iri = line[1:-1].decode("utf-8", "replace")
        if not iri.startswith(BASE):
            return None
        nodes.add(BASE + "/".join(iri[len(BASE):].split("/")[:2]))
    return nodes.pop() if len(nodes) == 1 else None


def _node_towns(store: ox.Store, nodes: list[str]) -> dict[str, str]:
    """node IRI -> its one town ("" for none or several)."""
    seen: dict[str, set] = {n: set() for n in nodes}
    for i in range(0, len(nodes), 500):
        values = " ".join(f"<{n}>" for n in nodes[i:i + 500])
        for s in store.query(NODE_TOWN % values, use_default_graph_as_union=True):
            seen[s["n"].value].add(s["m"].value)
    return {n: ms.pop() if len(ms) == 1 else "" for n, ms in seen.items()}


def groups(store: ox.Store, ttl_dir: Path, names: dict[str, str], skip: frozenset,
           limit: int | None = None) -> list[dict] | None:
    """The towns in groups of about ``limit`` bytes of Turtle, in the order of their names (``names``: town -> its
    one name): each {"towns", "names" (theirs), "items" (("file", path) loaded whole, ("unit", (key, header, blocks,
    path)) of a shared file), "bytes"}, every graph of no town in each; ``skip``: file stems left out. None when a
    town with graphs has no one name."""
    limit = GROUP_BYTES if limit is None else limit
    town_of = towns_map(store)
    own: dict[str, list] = {}
    shared: list = []
    unknown: list = []
    size: dict[str, int] = {}
    for path in ttl_files(ttl_dir):
        if path.stem in skip:
            continue
        parts = units(path) if path.stem in SPLIT else {}
        if not any(blocks is not None for _, _, blocks in parts.values()):
            t = town_of.get(path.stem, "")
            (own.setdefault(t, []) if t else shared).append(("file", path))
            size[t] = size.get(t, 0) + path.stat().st_size
            continue
        for key, (_, header, blocks) in parts.items():
            item = ("unit", (key, header, blocks, path))
            t = town_of.get(key, "")
            if t:
                own.setdefault(t, []).append(item)
                size[t] = size.get(t, 0) + sum(len(b) for b in blocks)
            else:
                unknown.append((unit_node(blocks) if key != path.stem else None, item))
    found = _node_towns(store, sorted({n for n, _ in unknown if n}))
    for node, item in unknown:
        t = found.get(node, "") if node else ""
        (own.setdefault(t, []) if t else shared).append(item)
        size[t] = size.get(t, 0) + sum(len(b) for b in item[1][2])
    if any(t not in names for t in own):
        return None
    out, current = [], None
    for t in sorted(own, key=lambda t: (names[t], t)):
        if current is None or current["bytes"] >= limit:
            current = {"towns": [], "names": set(), "items": list(shared), "shared": len(shared),
                       "bytes": size.get("", 0)}
            out.append(current)
        current["towns"].append(t)
        current["names"].add(names[t])
        current["items"] += own[t]
        current["bytes"] += size.get(t, 0)
    return out


def load(group: dict) -> ox.Store:
    """A group's graphs in an in-memory store, named as the on-disk store names them."""
    store = ox.Store()
    for kind, item in group["items"]:
        if kind == "file":
            store.bulk_load(path=str(item), format=ox.RdfFormat.TURTLE, to_graph=graph_name(item))
        else:
            store.bulk_extend(quads(*item))
    return store


def run_grouped(disk: ox.Store, ttl_dir: Path, queries: dict[str, NamedQuery], grouped: dict[str, bool],
                names: dict[str, str], as_of, skip: frozenset, jobs: int | None = None,
                figures: dict | None = None, also=None, extras: list | None = None,
                ) -> dict[str, tuple[list[str], list[dict]]]:
    """Every query's whole-country rows: those of ``grouped`` (name -> False: the groups' rows one group after the
    other; True: merged in the query's order, ``row_order``) run a group at a time in memory (see the module's
    text), the others and those whose groups' rows fail the checks on ``disk``; ``names``: town -> its one name;
    ``skip``: file stems no query of ``grouped`` reads. ``also(store, group)``: more work on each group's store in
    memory (the report's analytics, the stats, the validation: ``pipeline._in_groups``), its result added to
    ``extras`` as (the group's
    towns, result), one pair a group. The rows come back packed (``row_wire``)."""
    plan = groups(disk, ttl_dir, names, skip) if grouped else None
    if not plan:
        grouped = {}
    # the comparisons on the disk first: the longest items, so that the workers end together
    items = [("query", n) for n in queries if n not in grouped] + [("group", g) for g in plan or ()]
    done = fan_out(disk, lambda store, item: _work(store, item, queries, grouped, as_of, also), items, jobs)
    rows = {n: unpack(r) for (kind, n), (r, _, _) in zip(items, done) if kind == "query"}
    if figures is not None:
        figures.update((n, f) for (kind, n), (_, f, _) in zip(items, done) if kind == "query")
    parts = [(g, {name: unpack(p) for name, p in r.items()}) for (kind, g), (r, _, _) in zip(items, done)
             if kind == "group"]
    if extras is not None and also is not None:
        extras += [(g["towns"], extra) for (kind, g), (_, _, extra) in zip(items, done) if kind == "group"]
    again = []
    for name, merged in grouped.items():
        columns = parts[0][1][name][0]
        order = order_of(queries[name].text, columns) if merged else None
        got = None if merged and order is None else _together([(g["names"], r[name][1]) for g, r in parts], order)
        if got is None:
            again.append(name)
            continue
        rows[name] = (columns, got)
        if figures is not None:
            spent = [f[name] for (kind, _), (_, f, _) in zip(items, done) if kind == "group"]
            figures[name] = {"wall": sum(s["wall"] for s in spent), "cpu": sum(s["cpu"] for s in spent),
                             "rows": len(got), "groups": len(spent)}
    for name, (r, f) in zip(again, fan_out(disk, lambda store, n: timed_packed(store, queries[n], as_of), again,
                                           jobs)):
        rows[name] = unpack(r)
        if figures is not None:
            figures[name] = f
    return {n: rows[n] for n in queries}


def _together(parts: list[tuple[set, list[dict]]], order: list | None) -> list[dict] | None:
    """The groups' rows as the whole run gives them, or None when a row is not of its group's towns or the rows
    cannot be merged in ``order``."""
    for towns, rows in parts:
        for r in rows:
            m = r.get(MUNICIPALITY)
            if m is None or m.value not in towns:
                return None
    if order is None:
        return [r for _, rows in parts for r in rows]
    keyed = []
    for _, rows in parts:
        keys = [key_of(r, order) for r in rows]
        if any(k is None for k in keys):
            return None
        keyed.append(list(zip(keys, rows)))
    at = cmp_to_key(compare(order))
    try:
        return [r for _, r in heapq.merge(*keyed, key=lambda kr: at(kr[0]))]
    except TypeError:  # two kinds of value in one column
        return None


def _work(store, item, queries, grouped, as_of, also):
    kind, what = item
    if kind == "query":
        return (*timed_packed(store, queries[what], as_of), None)
    mem = load(what)
    out, spent = {}, {}
    for name in grouped:
        out[name], spent[name] = timed_packed(mem, queries[name], as_of)
    extra = also(mem, what) if also is not None else None
    del mem
    return out, spent, extra
