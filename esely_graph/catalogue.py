"""The named queries' whole-country results for the report, kept town by town between runs.

At 3,200 towns the named queries take minutes on the on-disk store and their CSVs 300 MB, yet after one town's
new plan most of every result is as it was. A query ordered by municipality first (``ORDER BY ?municipality …``)
that takes a ``municipality`` parameter and names no other town in a town's rows (not ``ACROSS_TOWNS``) is kept
as one segment per town: a town's rows in the whole result are its rows anchored on it (as the site renders them,
``site/plan.py``). After a change only the changed towns' segments are run again, anchored, and put back at their
place by the municipality's name. A query ordered by a figure first (``ORDER BY DESC(?days_overdue) ?municipality
…``) is kept row by row with each row's sort key (``row_order``: plain variables only, and only while no two keys are
equal): the changed towns' rows are run again, anchored, and merged in. Of the comparisons, one lists each town's
similar towns (``SIMILAR_TOWNS``): its segments are run again for the changed towns and for those whose unit of the
similarity file changed, and it is run whole when a changed town's name or county changed (other towns' rows name
it) or the similarity file's own graph changed; the others count over every town (``across``): they are kept row
by row with their town, and run whole again unless every changed town's own rows, run anchored, are as they were
(a town's share of a count in another town's row shows in its own rows: a programme it names or no longer names).

What changed is read from the on-disk store's marker (the digest of every graph, as the incremental validation
reads it) against the one kept with the state. Everything is run again when there is no state or another one
(another day, other queries, other code), when a graph of no town changed (the ontology, the vocabularies), or when
a municipality's name is not one town's. The state (``<out>/catalogue/state.marshal``) keeps, for each query, what
the report shows, in segments (``segments.py``: a town's rows or one row, with the result's first rows); the
segments' CSV bytes are in a rows file beside it (``row_file.py``: an update appends the changed towns' segments and
rewrites only the small state). ``tests/test_catalogue.py`` compares every update with a whole run.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

import pyoxigraph as ox

from . import state_file
from .catalogue_groups import run_grouped
from .collector import calmed
from .fanout import fan_out
from .kept_answer import save_index
from .namespaces import BASE
from .queries import ACROSS_TOWNS, SIMILAR_TOWNS, NamedQuery, run_catalogue, run_named, runnable
from .row_file import RowFile
from .row_order import order_of
from . import segments as seg
from .segments import Result
from .store import select
from .validate.incremental import store_files
from .validate.scope import Towns, towns_map

FORMAT = 5  # 5: segments keep their rows' TSV and plain CSV (``kept_answer``)
ORG = BASE + "org/"
LABELS = """PREFIX esely: <https://w3id.org/esely/ontology#>
PREFIX skos: <http://www.w3.org/2004/02/skos/core#>
SELECT DISTINCT ?m ?label ?county WHERE { %s ?d esely:municipality ?m . ?m skos:prefLabel ?l BIND (STR(?l) AS ?label)
  OPTIONAL { ?m esely:settlement/esely:county ?county } }"""
_BY_TOWN = re.compile(r"ORDER\s+BY\s+(?:ASC\s*\(\s*)?\?municipality(?![\w])", re.IGNORECASE)
_CODE = tuple(Path(__file__).with_name(f) for f in ("catalogue.py", "segments.py", "row_order.py", "queries.py",
                                                     "row_file.py"))
# The files whose graphs only the comparisons (``ACROSS_TOWNS``) read: the similar towns, one unit per town
# (``tests/test_catalogue.py`` checks that no other query kept town by town names them).
COMPARED = frozenset({"similarity"})


@dataclass
class Catalogue:
    """``sections``: every runnable query's ``Result``; ``rows``: the queries run whole this time (name -> (names,
    rows), what the site may take instead of running them); ``mode``: what was run (Hungarian / English)."""
    sections: dict[str, Result]
    rows: dict[str, tuple[list[str], list[dict]]] = field(default_factory=dict)
    mode: str = ""
    towns: list[str] | None = None  # the changed towns run again (None: a whole run)
    anchored: dict = field(default_factory=dict)  # (town, query) -> (names, rows): the rows run anchored on a town,
    # as the site's changed towns need them (``site/plan.py`` takes them instead of running them again)


def _order_by(q: NamedQuery) -> int | None:
    """Where ``q``'s final ORDER BY starts, when the query can be anchored on a town (a ``municipality`` parameter) and
    its whole result is not cut (no LIMIT or OFFSET after it); else None."""
    at = q.text.upper().rfind("ORDER BY")
    if at < 0 or not any(p.name == "municipality" for p in q.params) \
            or re.search(r"\b(LIMIT|OFFSET)\b", q.text[at:], re.I):
        return None
    return at


def by_town(q: NamedQuery) -> bool:
    """Whether ``q``'s whole result is its towns' anchored results one after another, in municipality order."""
    at = _order_by(q)
    return ((q.name not in ACROSS_TOWNS or q.name in SIMILAR_TOWNS) and at is not None
            and _BY_TOWN.match(q.text, at) is not None)


def state_path(out_dir: Path) -> Path:
    return Path(out_dir) / "catalogue" / "state.marshal"


def run_key(queries: dict[str, NamedQuery], as_of) -> str:
    return state_file.code_key(f"catalogue {FORMAT}", _CODE, as_of.isoformat(),
                               *(f"{name}\0{queries[name].text}" for name in sorted(queries)))


def _labels(store, towns: list[str] | None = None) -> tuple[dict[str, str], dict[str, list]]:
    """(a municipality's name (the queries' ``?municipality``) -> its town's IRI ("" when it names several), a
    town's IRI -> its names and counties as the comparisons name it), of every town or of ``towns`` only."""
    out: dict[str, str] = {}
    named: dict[str, list] = {}
    values = "" if towns is None else "VALUES ?m { %s }" % " ".join(f"<{t}>" for t in towns)
    for r in select(store, LABELS % values)[1]:
        label, town = r["label"].value, r["m"].value
        out[label] = town if out.get(label, town) == town else ""
        named.setdefault(town, []).append([label, r["county"].value if r["county"] is not None else None])
    return out, {t: sorted(n, key=repr) for t, n in sorted(named.items())}


def _whole(q: NamedQuery, names: list[str], rows: list[dict], labels: dict[str, str]) -> dict:
    """A whole run's result kept: by town (``by_town``), else in its order when ``ordered``, else whole."""
    segments = seg.cut(names, rows, labels) if by_town(q) else None
    if segments is not None:
        return {"names": names, "kind": "town", "segments": segments}
    order = ordered(q, names)
    segments = seg.by_order(order, names, rows, labels) if order else None
    if segments is not None:
        return {"names": names, "kind": "order", "order": order, "segments": segments}
    segments = seg.cut(names, rows, labels, by_name=False) if across(q) else None
    if segments is not None:
        return {"names": names, "kind": "across", "segments": segments}
    return {"names": names, "kind": "whole", "segments": [seg.segment(None, None, names, rows)]}


def ordered(q: NamedQuery, names: list[str]) -> list[tuple[str, bool]] | None:
    """The order of a query whose whole result is its towns' anchored results merged in its ORDER BY
    (``row_order``): one with a ``municipality`` parameter that compares no towns; None for the others."""
    if q.name in ACROSS_TOWNS or _order_by(q) is None:
        return None
    return order_of(q.text, names)


def across(q: NamedQuery) -> bool:
    """Whether ``q`` is a comparison counting over every town (``ACROSS_TOWNS``, not ``SIMILAR_TOWNS``) that can be
    anchored on a town: kept with each row's town, and after a change run whole again unless every changed town's own
    rows are as they were (a town's share of a count in another town's row shows in its own rows)."""
    return q.name in ACROSS_TOWNS and q.name not in SIMILAR_TOWNS and _order_by(q) is not None


@calmed  # large kept states: the collector's full passes would walk them over and over (collector.py)
def national_results(store: ox.Store, store_dir: Path, out_dir: Path, queries: dict[str, NamedQuery], as_of,
                     reader=None, jobs: int | None = None, figures: dict | None = None,
                     ttl_dir: Path | None = None, also=None, extras: list | None = None,
                     every_graph: bool = False) -> Catalogue:
    """Every runnable named query's whole-country result on ``store`` (the on-disk store of ``store_dir``), the
    changed towns' segments only when the state under ``out_dir`` allows (see the module's text); ``reader``: the
    same graphs in memory, where a whole run reads them; else ``ttl_dir``, the Turtle folder the store is synced
    with: a whole run loads it a group of towns at a time (``catalogue_groups``); ``figures``: filled with each
    query's wall and CPU seconds and rows when all are run whole (``queries.run_catalogue``); ``also``, ``extras``:
    more work on each group in memory and its results, when it runs in groups (``catalogue_groups.run_grouped``);
    ``every_graph``: the groups load the similar towns' graphs too (``COMPARED``: no grouped query reads them, but the
    validation in the groups does: ``validate.groups``)."""
    queries = {n: q for n, q in queries.items() if runnable(q)}
    key, files, path = run_key(queries, as_of), store_files(store_dir), state_path(out_dir)
    state = state_file.load(path, FORMAT)
    kept_rows = RowFile.open(path.parent, state) if state is not None else None
    if state is None or kept_rows is None or state.get("key") != key or sorted(state["queries"]) != sorted(queries):
        return _full(store if reader is None else reader, queries, as_of, key, files, path,
                     "teljes: nincs érvényes előző állapot / full: no valid earlier state", jobs, figures,
                     ttl_dir if reader is None else None, also, extras, every_graph)
    known = dict(state["towns"])
    kept = state["queries"]
    if files == state["files"]:
        return Catalogue(seg.results(kept, kept_rows.spans), {}, "változatlan / unchanged", [])
    changed = changed_towns(store, files, state["files"], known)
    if isinstance(changed, str):
        return _full(store if reader is None else reader, queries, as_of, key, files, path, changed, jobs, figures,
                     ttl_dir if reader is None else None, also, extras, every_graph)
    return _update(store, queries, as_of, state, kept_rows, changed, known, key, files, path, jobs)


def changed_towns(store: ox.Store, files: dict, old: dict, known: dict) -> tuple[list[str], list[str] | None] | str:
    """(the towns (IRIs) whose graphs differ between the store's marker ``files`` and ``old`` (stem -> digest), the
    towns whose similar towns changed: their unit of a ``COMPARED`` file, by the unit's name; None when the file's own
    graph changed); ``known``: stem -> town, read where missing, updated. A str (Hungarian / English) when a graph of
    no town changed: then it cannot say."""
    town = Towns(store, known)
    towns, similar = set(), set()
    for st in sorted(st for st in set(files) | set(old) if files.get(st) != old.get(st)):
        stem, _, unit = st.partition("/")
        if stem in COMPARED:
            if not unit:
                similar = None
            elif similar is not None:
                similar.add(ORG + unit)
            continue
        if st in files:
            known.pop(st, None)  # read again: its content changed
        t = town(st) if st in files else known.pop(st, "")
        if not t:
            return f"teljes: közös gráf változott ({st}) / full: a shared graph changed ({st})"
        towns.add(t)
    return sorted(towns), (sorted(similar) if similar is not None else None)


def _full(store, queries, as_of, key, files, path, mode, jobs, figures=None, ttl_dir=None, also=None,
          extras=None, every_graph=False) -> Catalogue:
    labels = _labels(store)  # once: the groups' names and the kept segments' towns
    if ttl_dir is None:
        rows = run_catalogue(store, queries, as_of, jobs, figures)
    else:  # the queries that can be anchored on a town, a group of towns at a time in memory
        grouped = {n: not by_town(q) for n, q in queries.items() if n not in ACROSS_TOWNS and _order_by(q) is not None}
        rows = run_grouped(store, ttl_dir, queries, grouped, one_name(*labels), as_of,
                           frozenset() if every_graph else COMPARED, jobs, figures, also, extras)
    return Catalogue(_keep(store, queries, rows, key, files, path, labels), rows, mode)


def one_name(labels: dict[str, str], named: dict[str, list]) -> dict[str, str]:
    """town -> its name, for the towns with one name that no other town has (``_labels``)."""
    out = {}
    for town, pairs in named.items():
        names = {label for label, _ in pairs}
        if len(names) == 1 and labels.get(next(iter(names))) == town:
            out[town] = next(iter(names))
    return out


def _keep(store, queries, rows, key, files, path, labels_named) -> dict[str, Result]:
    labels, named = labels_named
    kept = {n: _whole(queries[n], *rows[n], labels) for n in rows}
    results = seg.results(kept)
    seg.trim(kept)
    rows_file = RowFile.fresh(path.parent)
    where = rows_file.keep(s for k in kept.values() for s in k["segments"])
    state_file.save(path, {"format": FORMAT, "key": key, "files": files, "towns": towns_map(store),
                           "named": named, "queries": kept, **where})
    save_index(path.parent, FORMAT, key, files, where, kept)
    rows_file.forget_others()
    return results


def _update(store, queries, as_of, state, rows_file, changed, known, key, files, path, jobs) -> Catalogue:
    kept, (towns, similar) = state["queries"], changed
    fresh = _labels(store, towns)[1] if towns else {}  # the changed towns' names; every town's only if run whole
    renamed = any(state["named"].get(t) != fresh.get(t) for t in towns if t in fresh and t in state["named"])
    named = {t: n for t, n in state["named"].items() if t not in towns}
    named.update(fresh)
    again = [n for n in sorted(queries) if kept[n]["kind"] == "whole"
             or (n in SIMILAR_TOWNS and (similar is None or renamed))]  # the comparisons: as the module's text says
    spliced = {n: sorted(set(towns) | set(similar or ()) if n in SIMILAR_TOWNS else towns)
               for n in sorted(queries) if n not in again}
    # the comparisons count over every town, the longest runs (≈ 1 s each at 3,200 towns): started first, so that the
    # workers, which take the pairs in turn, end together rather than one running the last comparison alone
    pairs = sorted(((t, n) for n, ts in spliced.items() for t in ts), key=lambda p: p[1] not in ACROSS_TOWNS)
    got = dict(zip(pairs, fan_out(store, lambda s, p: run_named(s, queries[p[1]], as_of, {"municipality": p[0]}),
                                   pairs, jobs)))
    for name, ts in spliced.items():
        k, new = kept[name], {t: got[(t, name)][1] for t in ts}
        if k["kind"] == "across":  # unchanged while every changed town's rows are
            if any(rows_file.joined([s[3] for s in k["segments"] if s[1] == t])
                   != seg.csv_parts(k["names"], new[t])[1]
                   for t in ts):
                again.append(name)
            continue
        if not (seg.splice(k, new) if k["kind"] == "town" else seg.merge(k, new)) \
                or not seg.heads(k, lambda town: run_named(store, queries[name], as_of, {"municipality": town})[1]):
            again.append(name)
    rows = run_catalogue(store, {n: queries[n] for n in again}, as_of, jobs) if again else {}
    labels = _labels(store)[0] if rows else {}
    for name in rows:
        kept[name] = _whole(queries[name], *rows[name], labels)
    results = seg.results(kept, rows_file.spans)
    seg.trim(kept)
    where = rows_file.keep(s for k in kept.values() for s in k["segments"])  # the new segments appended
    state_file.save(path, {"format": FORMAT, "key": key, "files": files, "towns": known, "named": named,
                           "queries": kept, **where})
    save_index(path.parent, FORMAT, key, files, where, kept)  # what `query` reads (``kept_answer``)
    rows_file.forget_others()  # after a compaction into the next file
    return Catalogue(results, rows, f"növekményes: {len(towns)} település, {len(rows)} lekérdezés egészben / "
                                    f"incremental: {len(towns)} town(s), {len(rows)} whole quer(ies)", towns, got)
