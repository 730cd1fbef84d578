"""Incremental fast validation: after one town's files changed, only what the change can affect is
checked again; the other findings come from the previous run (the same findings as a full run:
tests/test_validate_incremental.py compares every field on the fixture towns and a synthetic corpus).

The state (``<out>/validation/state.marshal``, written atomically) holds the previous run's findings, each
with the graphs stating its focus node, the town of every graph read so far (``scope``), the SHA-256 of
every file of the store (its marker) and the run's key (code of validate/, shapes, day). What changed
is the store's files whose digest differs from the state's (and the ``graphs`` the last sync names).
A full run (and a fresh state) when: no state, an unreadable one, another key, a shared graph changed
(ontology, vocabularies, a national file), a removed graph of unknown town, a town's node stated or
named by another town's graph (``scope.CrossTown``), or a blank node to check.

Incremental: every compiled check's target is selected from the scope's graphs only (Oxigraph reads a
few graphs in milliseconds where a SPARQL target over the whole store takes seconds) and restricted to
the scope's focus nodes; the constraints themselves run on the whole store (``fast.run_checks``). A
whole-graph check (``eshp:wholeGraph``: terms used anywhere) is run on the towns' graphs and those
declaring the terms they use; an earlier finding of it stays while its term is still used somewhere.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import hashlib
import json
import os
import sys
from pathlib import Path

import pyoxigraph as ox

from ..collector import calmed
from ..disk_store import MARKER
from ..state_file import loads as state_loads, save as _save
from .cache import code_hash
from .compile import FOCUS
from .fast import findings_of, run_checks
from .fast_run import compiled, validate_fast
from .findings import Finding, Report
from .merge import ordered
from .scope import STATING, CrossTown, Towns, pairs, graph, scope, stem, towns_map
from .shapes import shape_files
from .whole_graph import VOCABULARIES

FORMAT = 2
FIELDS = Finding._fields  # a finding in the state: these, then its homes
BARE_TARGET = "{ SELECT DISTINCT ?this WHERE { %s } }" % FOCUS
USED = "ASK { { ?s %(v)s ?o } UNION { ?s a %(v)s } }"


def changed_graphs(report) -> list[ox.NamedNode]:
    """The named graphs a ``disk_store.sync`` reloaded or removed (the one thing taken from the sync)."""
    return report.changed_graphs()


def state_path(out_dir: Path) -> Path:
    return Path(out_dir) / "validation" / "state.marshal"


def run_key(shapes_dir: Path, day: dt.date) -> str:
    h = hashlib.sha256(code_hash())
    h.update(f"incremental {FORMAT} {sys.version_info[:2]} {day.isoformat()}".encode())  # marshal: per Python
    for f in shape_files(shapes_dir):
        h.update(f.name.encode() + b"\0" + f.read_bytes())
    return h.hexdigest()


def _load(path: Path) -> dict | None:
    """The state, or None if missing, unreadable or of another format (marshal: plain values only, fast
    at national scale — 100,000 findings — and no code is run when reading it)."""
    try:
        state = state_loads(path.read_bytes())
        if not (isinstance(state, dict) and state.get("format") == FORMAT and isinstance(state.get("files"), dict)
                and isinstance(state.get("towns"), dict) and isinstance(state.get("findings"), list)):
            return None
        state["old"] = [(_finding(r), tuple(r[-1]), r) for r in state["findings"]]
        return state
    except (OSError, ValueError, EOFError, TypeError, IndexError):
        return None


def full_needed(out_dir: Path, shapes_dir: Path, day: dt.date) -> bool:
    """Whether ``validate_incremental`` would validate everything for want of a state it can use (the pipeline then
    validates in the named queries' groups: ``groups``)."""
    try:  # only the key: the findings (98,500 at 3,200 towns) are made into Findings by the run that reads them
        state = state_loads(state_path(out_dir).read_bytes())
    except (OSError, ValueError, EOFError, TypeError):
        return True
    return not isinstance(state, dict) or state.get("format") != FORMAT or state.get("key") != run_key(shapes_dir, day)


def _shared(rows: list[tuple]) -> list[tuple]:
    """The rows with each distinct string one object: ``marshal`` then writes a repeated one (a shape, a message,
    a document) once and refers to it, and reading it back gives shared objects again (at 98,000 findings: 58 →
    18 MB, read in 0.1 s, not 0.4). The rows an update keeps are written as they were read, still shared."""
    pool: dict = {}
    one = pool.setdefault
    return [tuple(one(v, v) if isinstance(v, str) else v for v in r[:-1]) + (tuple(one(h, h) for h in r[-1]),)
            for r in rows]


def _unit_count(data_dir: Path) -> int:
    """What a whole run counts as units (``units.units``: a document file each, and the vocabularies),
    without sorting paths (1 s at 9,600 files)."""
    return 1 + sum(1 for e in os.scandir(data_dir) if e.name.endswith(".ttl") and not e.name.startswith(".")
                   and e.name not in VOCABULARIES)


def _finding(row: tuple) -> Finding:
    return Finding._make(row[:-1])


def _row(f: Finding, homes) -> tuple:
    return (*(getattr(f, k) for k in FIELDS), tuple(homes))


_MARKERS: dict = {}  # a marker's path -> (its bytes, its graphs): parsed once per version in a process


def store_files(store_dir: Path) -> dict:
    """The on-disk store's graphs (stems) and their digests, as its marker lists them ({} when unreadable). The stats,
    the validation, the queries and the analytics of one `all` each read it: the JSON (24,000 graphs at 3,200 towns)
    is parsed once while its bytes are the same."""
    path = Path(store_dir) / MARKER
    try:
        data = path.read_bytes()
        kept = _MARKERS.get(path)
        if kept is None or kept[0] != data:
            kept = _MARKERS[path] = (data, json.loads(data.decode("utf-8")).get("files", {}))
        return dict(kept[1])
    except (OSError, ValueError):
        return {}


def _homes(store: ox.Store, foci) -> dict:
    """node -> the graphs stating it (``scope``'s chunked look-up of the same pairs)."""
    out: dict = {}
    for n, g in pairs(store, STATING, {ox.NamedNode(f) for f in foci if f.startswith("http")}):
        out.setdefault(n.value, []).append(stem(g))
    return {n: sorted(gs) for n, gs in out.items()}


def _record(findings: list[Finding], homes: dict) -> list[tuple]:
    return [_row(f, homes.get(f.focus, ())) for f in findings]


def _target(query: str) -> str:
    """The target group of a compiled check (the braces around ``compile.FOCUS``)."""
    start = query.rindex("{ SELECT DISTINCT ?this WHERE {", 0, query.index(FOCUS))
    depth = 0
    for i in range(start, len(query)):
        depth += {"{": 1, "}": -1}.get(query[i], 0)
        if depth == 0:
            return query[start:i + 1]
    raise ValueError("unbalanced target")


def _prefixes(query: str) -> str:
    return "".join(line + "\n" for line in query.split("\n") if line.startswith("PREFIX "))


def _checks_on(store: ox.Store, checks: list, sc) -> list[tuple]:
    """The results of every check on the scope: each target selected from the scope's graphs, then
    the constraint run on the whole store for the selected nodes."""
    dataset = [graph(s) for s in sorted(sc.dataset)]
    selected: dict[str, list] = {}
    results = []
    for check in checks:
        if check.whole:
            results += _whole(store, check, [graph(s) for s in sorted(sc.declared)], sc)
            continue
        target = _target(check.query)
        if target not in selected:
            q = _prefixes(check.query) + "SELECT DISTINCT ?this WHERE { %s }" % target.replace(FOCUS, "")
            nodes = {s["this"] for s in store.query(q, default_graph=dataset)}
            selected[target] = sorted(nodes & sc.focus, key=str)
        bare = dataclasses.replace(check, query=check.query.replace(target, BARE_TARGET),
                                   per_focus=tuple(q.replace(target, BARE_TARGET) for q in check.per_focus))
        results += [(check, *r[1:]) if r[0] is bare else r for r in run_checks(store, [bare], focus=selected[target])]
    return results


def _whole(store: ox.Store, check, dataset: list, sc) -> list[tuple]:
    """A whole-graph check: its results on the scope's graphs (copied into memory, where Oxigraph reads
    every triple of a few graphs 100x faster than through the on-disk store's union of graphs), and the
    earlier ones whose term is still used."""
    mem = ox.Store()
    mem.extend(ox.Quad(q.subject, q.predicate, q.object) for g in dataset
               for q in store.quads_for_pattern(None, None, None, g))
    out, seen = [], set()
    for s in mem.query(check.query.replace(FOCUS, "")):
        row = {v: s[v] for v in check.variables if s[v] is not None}
        key = (s["this"], tuple(sorted(row.items(), key=str)))
        if key not in seen:
            seen.add(key)
            out.append((check, s["this"], row.get("value"), row, None))
    for f in sc.old_whole.get(str(check.shape), ()):
        v, this = ox.NamedNode(f.value), ox.NamedNode(f.focus)
        key = (this, (("value", v),))
        if key not in seen and store.query(USED % {"v": str(v)}, use_default_graph_as_union=True):
            seen.add(key)
            out.append((check, this, v, {"value": v}, None))
    return out


def save_full(report: Report, store: ox.Store, store_dir: Path, out_dir: Path, shapes_dir: Path,
              day: dt.date, reader: ox.Store | None = None) -> None:
    """Write the state of a full fast run (``report``) on ``store`` (the on-disk store of ``store_dir``).
    The town of every graph stating a finding's node is read now (the first update would otherwise read
    them: 1,818 graphs, 31 s on the on-disk store at 3,200 towns), from ``reader`` when given: a copy of the
    same named graphs in memory (``store.load_named``), where it costs a fraction of a second."""
    reader = store if reader is None else reader
    homes = _homes(reader, {f.focus for f in report.findings})
    known = towns_map(reader)
    town = Towns(reader, known)
    for stems in homes.values():
        for st in stems:
            town(st)
    _save(state_path(out_dir), {"format": FORMAT, "key": run_key(shapes_dir, day), "files": store_files(store_dir),
                                "towns": known, "findings": _shared(_record(report.findings, homes))})


def _full(data_dir, shapes_dir, day, store, store_dir, out_dir, reason: str, reader=None) -> Report:
    report = validate_fast(data_dir, shapes_dir, day, store=store if reader is None else reader)
    save_full(report, store, store_dir, out_dir, shapes_dir, day, reader=reader)
    report.mode = reason
    return report


@calmed
def validate_incremental(data_dir: Path, shapes_dir: Path, day: dt.date, store: ox.Store, store_dir: Path,
                         out_dir: Path, graphs=(), full: bool = False, reader: ox.Store | None = None) -> Report:
    """Validate the on-disk ``store`` (kept equal to ``data_dir``) again after a change, using the state
    under ``out_dir``; ``graphs``: the named graphs the last sync changed; ``full``: ignore the state;
    ``reader``: the same named graphs in memory (`all --in-memory`), read by a full run instead of the store.
    ``report.mode`` says what was done (Hungarian / English)."""

    def whole(reason: str) -> Report:
        return _full(data_dir, shapes_dir, day, store, store_dir, out_dir, reason, reader)

    path, files = state_path(out_dir), store_files(store_dir)
    state = None if full else _load(path)
    if state is None or state.get("key") != run_key(shapes_dir, day):
        why = "teljes: kérésre / full: asked for" if full else "teljes: nincs érvényes előző állapot / " \
              "full: no valid earlier state"
        return whole(why)
    old_files, known = state["files"], state.get("towns", {})
    changed = {st for st in set(files) | set(old_files) if files.get(st) != old_files.get(st)}
    changed |= {stem(g) for g in graphs}
    town = Towns(store, known)
    towns = set()
    for st in sorted(changed):
        if st in files:
            known.pop(st, None)  # read again: its content changed
        t = town(st) if st in files else known.get(st, "")
        if not t:
            return whole(f"teljes: közös gráf változott ({st}) / full: a shared graph changed ({st})")
        towns.add(t)
    if not towns:
        report = Report([f for f, _, _ in state["old"]],
                        lambda: validate_fast(data_dir, shapes_dir, day, store=store).graph, _unit_count(data_dir), [])
        report.mode = "változatlan / unchanged"
        return report
    try:
        sc = scope(store, towns, town)
    except CrossTown as exc:
        return whole(f"teljes / full: {exc}")
    checks, _ = compiled(shapes_dir, day)
    whole = {str(c.shape) for c in checks if c.whole}
    old, again = state["old"], sc.graphs | changed
    sc.old_whole, keep = {}, []
    for f, homes, _ in old:  # a finding on a node of the changed towns' graphs or of shared graphs only: checked again
        if not f.focus.startswith("http"):
            return whole("teljes: üres csomópont / full: a blank node")
        if f.shape in whole and f.component.endswith("SPARQLConstraintComponent"):
            sc.old_whole.setdefault(f.shape, []).append(f)
        elif set(homes) & again or all(town(h) == "" for h in homes if h in files):
            sc.focus.add(ox.NamedNode(f.focus))
    checked = {n.value for n in sc.focus}
    keep = [(f, row) for f, _, row in old if not (f.shape in whole and f.component.endswith("SPARQLConstraintComponent"))
            and f.focus not in checked]
    results = _checks_on(store, checks, sc)
    new = findings_of(store, results)
    homes = _homes(store, {f.focus for f in new})
    findings = ordered([f for f, _ in keep] + new)
    rows = {id(f): row for f, row in keep}  # a kept finding's row as it was read (its homes, its shared strings)
    _save(path, {"format": FORMAT, "key": state["key"], "files": files, "towns": known,
                 "findings": [rows.get(id(f)) or _row(f, homes.get(f.focus, ())) for f in findings]})
    report = Report(findings, lambda: validate_fast(data_dir, shapes_dir, day, store=store).graph,
                    _unit_count(data_dir), validated=sorted(sc.graphs))
    report.mode = (f"növekményes: {len(sc.graphs)} gráf, {len(sc.focus)} csomópont / "
                   f"incremental: {len(sc.graphs)} graph(s), {len(sc.focus)} node(s)")
    return report
