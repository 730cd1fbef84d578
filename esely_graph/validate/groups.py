"""A whole run's validation taken in the named queries' groups of towns (``catalogue_groups``), in memory.

The fast engine reads the on-disk store once per check: at 3,200 towns its 120 checks took 268 s of CPU there and
their findings' provenance 74 s more; on one group's in-memory store (≈ 90 towns) the same checks and findings take
≈ 2.5 s, and the groups are loaded anyway for the queries. Each group runs every check on its store (its towns'
graphs and every graph of no town: ``group_findings``); this process puts the findings together (``from_groups``),
or returns None and the whole store is validated on disk as before.

A group's findings equal the whole run's when what a check reads of a group's node lies in the group. This is checked,
not assumed, with each node's 64-bit hash (``_h``):

- a node its own graphs state (a subject) is stated by no graph of another group, nor by a graph loaded in every
  group (then each group would read only its part of the node);
- a node its own graphs name (an object) and no graph in the group states is stated by no other group's graphs
  (it is another group's node, whose triples this group lacks; else it is stated nowhere: an outside IRI);
- a finding on a node that no own graph states (a node of the graphs loaded in every group, or an outside IRI)
  is the same in every group that has it, except its document, where each group knows only the files of its
  towns that name the node: the first of them all is taken, as a whole run does; a node of the graphs loaded in
  every group must have the finding in every group (else it depends on the towns, and the groups do not tell);
- a term the whole-graph check (``eshp:wholeGraph``) finds undeclared is declared by no group's graphs;
- no finding is on a blank node (its label is the store's own);
- every graph of the store was loaded by a group (the groups load the similar towns' graphs too when they validate:
  ``catalogue.national_results(every_graph=True)``; those name several towns' nodes, so they are graphs of no town,
  loaded in every group).

What this still takes as given, as the incremental validation does (``incremental``): a check on a town's node
does not walk back from a node of the graphs loaded in every group (a concept) to other towns' nodes; a shape that
compares towns is a whole-graph check. ``tests/test_catalogue_groups.py`` compares the findings with the on-disk
run, field by field, and ``tests/test_validate_groups.py`` shows each refusal.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from array import array
from bisect import bisect_left
from pathlib import Path

import pyoxigraph as ox

from ..graph_units import GRAPH_BASE, graph_name
from ..state_file import save
from .fast import findings_of, run_checks
from .fast_run import compiled, validate_fast
from .findings import VOCABULARY, Finding, Report
from .incremental import FORMAT, _homes, _record, _shared, _unit_count, run_key, state_path, store_files
from .merge import ordered
from .scope import Towns, towns_map
from .units import units

OWN, SHARED, OUTSIDE = 0, 1, 2  # where a finding's focus node is stated: the group's graphs, every group's, none
FULL = "teljes: nincs érvényes előző állapot / full: no valid earlier state"
# why the groups' findings are not taken (the run's mode says it)
STATED_SHARED = ("település gráfja és közös gráf is állít róla / "
                 "a node stated by a town's graph and a graph of no town")
BLANK = "üres csomópontról szóló eltérés / a finding on a blank node"
TWO_GROUPS = "két csoport gráfjai állítanak egy csomópontról / a node stated by graphs of two groups"
NAMES_OTHER = ("egy csoport gráfja másik csoport csomópontját nevezi meg / "
               "a group's graph names a node of another group")
TERM_STATED = ("település gráfja állít a fogalomról / "
               "a term the whole-graph check reports is stated by a town's graph")
OTHER_NODE = "másik csoport csomópontja / another group's node, checked without its graphs"
NOT_LOADED = "egy gráfot egyik csoport sem töltött be / a graph no group loaded"
NOT_EVERYWHERE = ("közös csomópont eltérése nem minden csoportban / "
                  "a finding on a node of no town that not every group has")


STATED = "SELECT DISTINCT ?n WHERE { VALUES ?g { %s } GRAPH ?g { ?n ?p ?o } FILTER (isIRI(?n)) }"
NAMED = "SELECT DISTINCT ?n WHERE { VALUES ?g { %s } GRAPH ?g { ?s ?p ?n } FILTER (isIRI(?n)) }"


def _h(iri: str) -> int:
    return int.from_bytes(hashlib.blake2b(iri.encode("utf-8"), digest_size=8).digest(), "little", signed=True)


def item_graph(item) -> str:
    """The named graph of one item of a group's plan (``catalogue_groups.groups``)."""
    kind, what = item
    return graph_name(what).value if kind == "file" else GRAPH_BASE + what[0]


def group_findings(mem: ox.Store, group: dict, shapes_dir: Path, day: dt.date) -> dict:
    """A group's findings, each with where its focus is stated (``OWN``, ``SHARED``, ``OUTSIDE``), their homes (the
    graphs stating them) and the town of each own graph among them, and the hashes ``from_groups`` checks: the nodes
    the group's own graphs state, and those they name that no graph in the group states. ``fail``: why not."""
    shared = [ox.NamedNode(item_graph(i)) for i in group["items"][:group["shared"]]]
    shared_names = {g.value for g in shared}
    own_graphs = [g for g in mem.named_graphs() if g.value not in shared_names]
    stated_shared = _nodes(mem, STATED, shared)
    own, named = _nodes(mem, STATED, own_graphs), _nodes(mem, NAMED, own_graphs)
    out = {"fail": None, "own": array("q", sorted(_h(n) for n in own)),
           "outside": array("q", sorted(_h(n) for n in named - own - stated_shared)),
           "loaded": sorted(g.value[len(GRAPH_BASE):] for g in mem.named_graphs())}
    if own & stated_shared:
        out["fail"] = f"{min(own & stated_shared)}: {STATED_SHARED}"
        return out
    checks, _ = compiled(shapes_dir, day)
    results = run_checks(mem, checks)
    if any(isinstance(r[1], ox.BlankNode) for r in results):
        out["fail"] = BLANK
        return out
    findings = findings_of(mem, results)
    out["findings"] = [tuple(f) for f in findings]
    out["where"] = bytes(OWN if f.focus in own else SHARED if f.focus in stated_shared else OUTSIDE
                         for f in findings)
    out["whole"] = bytes(bool(r[0].whole) for r in results)
    homes = _homes(mem, {f.focus for f in findings if f.focus in own})
    own_names = {g.value for g in own_graphs}
    town = Towns(mem, {st: t for st, t in towns_map(mem).items() if GRAPH_BASE + st in own_names})
    out["homes"] = homes
    out["towns"] = {st: town(st) for stems in homes.values() for st in stems if GRAPH_BASE + st in own_names}
    return out


def _nodes(mem: ox.Store, query: str, graphs: list) -> set[str]:
    """The IRIs the graphs state (``STATED``) or name (``NAMED``)."""
    if not graphs:
        return set()
    return {s[0].value for s in mem.query(query % " ".join(str(g) for g in graphs))}


def from_groups(parts: list[dict]) -> tuple[list[Finding], dict, dict] | str:
    """The groups' findings put together (see the module's text), with the homes and towns of the own nodes'
    graphs; else why not (a message)."""
    why = next((p["fail"] for p in parts if p["fail"]), None)
    if why:
        return why
    own = array("q", sorted(h for p in parts for h in p["own"]))
    if any(own[i] == own[i + 1] for i in range(len(own) - 1)):
        return TWO_GROUPS
    if any(_in(own, h) for p in parts for h in p["outside"]):
        return NAMES_OTHER
    found: list[Finding] = []
    others: dict[tuple, list] = {}  # a finding's fields but its document -> [its documents, its groups, everywhere]
    homes, towns = {}, {}
    for i, p in enumerate(parts):
        homes.update(p["homes"])
        towns.update(p["towns"])
        for row, where, whole in zip(p["findings"], p["where"], p["whole"]):
            f = Finding._make(row)
            if whole and f.value is not None and _in(own, _h(f.value)):
                return f"{f.value}: {TERM_STATED}"
            if where == OWN and not whole:
                found.append(f)
                continue
            if not whole and _in(own, _h(f.focus)):
                return f"{f.focus}: {OTHER_NODE}"
            got = others.setdefault(f._replace(document=""), [set(), set(), where == SHARED and not whole])
            got[0].add(f.document)
            got[1].add(i)
    for f, (docs, groups, everywhere) in others.items():
        if everywhere and len(groups) != len(parts):
            return f"{f.focus}: {NOT_EVERYWHERE} ({f.shape})"
        found.append(f._replace(document=first_document(docs)))
    return found, homes, towns


def first_document(docs) -> str:
    """The first document of those that name a node, as a whole run names it (``fast._unit_of``)."""
    named = sorted(d for d in docs if d != VOCABULARY)
    return named[0] if named else VOCABULARY


def _in(sorted_hashes: array, h: int) -> bool:
    i = bisect_left(sorted_hashes, h)
    return i < len(sorted_hashes) and sorted_hashes[i] == h


def known_towns(store: ox.Store, homes: dict, towns: dict) -> dict:
    """stem -> town of every graph stating a finding's node: the groups' own graphs as the groups read them, the
    others from the store (``scope.Towns``)."""
    known = towns_map(store)
    known.update(towns)
    town = Towns(store, known)
    for stems in homes.values():
        for st in stems:
            town(st)
    return known


def validate_grouped(parts: list[dict], store: ox.Store, store_dir: Path, data_dir: Path, out_dir: Path,
                     shapes_dir: Path, day: dt.date):
    """The whole run's report from the groups' parts (``group_findings``), its state saved for the next update as
    ``incremental.save_full`` saves it; None when ``from_groups`` refuses them (then: the whole store, on disk)."""
    got = from_groups(parts)
    if isinstance(got, str):
        return None, got
    found, homes, towns = got
    files = store_files(store_dir)
    missing = sorted(set(files).difference(*(p["loaded"] for p in parts)))
    if missing:
        return None, f"{missing[0]}: {NOT_LOADED}"
    findings = ordered(found)
    homes.update(_homes(store, {f.focus for f in findings if f.focus not in homes}))
    known = known_towns(store, homes, towns)
    save(state_path(out_dir), {"format": FORMAT, "key": run_key(shapes_dir, day), "files": files, "towns": known,
                               "findings": _shared(_record(findings, homes))})
    report = Report(findings, lambda: validate_fast(data_dir, shapes_dir, day, store=store).graph,
                    _unit_count(data_dir), [n for n, _ in units(data_dir)])
    report.mode = f"{FULL} (csoportonként / in groups)"
    return report, None
