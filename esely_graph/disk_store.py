"""The persistent on-disk Oxigraph store (``out/store``): loaded once, updated per changed file.

Each Turtle file of the graph folder is one named graph (``graph_name(file)``). Queries read the union
of the graphs, which — unlike the in-memory store that loads every file into one default graph — keeps
a triple that two files state twice (counts and rows without DISTINCT would differ). The build states
every triple in one file only (``tests/test_store_union.py`` checks it with ``repeated`` on the seeds,
the fixture towns and a synthetic corpus); an incremental ``sync`` checks the files it reloads and
names any repeat in its report. A marker file in
the store folder records that esely-graph created the folder and the SHA-256 of every file loaded;
``sync`` reloads only files whose hash changed, drops graphs of files that are gone, and never
touches (let alone deletes) a folder it did not create.
"""

from __future__ import annotations

import hashlib
import json
import os
from dataclasses import dataclass, field
from pathlib import Path

import pyoxigraph as ox

from .errors import EselyError
from .namespaces import BASE
from .store import read_triples

MARKER = ".esely-graph-store.json"
GRAPH_BASE = BASE + "graph/"


def graph_name(path: Path | str) -> ox.NamedNode:
    return ox.NamedNode(GRAPH_BASE + Path(path).stem)


def file_hash(path: Path) -> str:
    h = hashlib.sha256()
    with open(path, "rb") as f:
        for chunk in iter(lambda: f.read(1 << 20), b""):
            h.update(chunk)
    return "sha256:" + h.hexdigest()


@dataclass
class SyncReport:
    loaded: list[str] = field(default_factory=list)
    removed: list[str] = field(default_factory=list)
    unchanged: list[str] = field(default_factory=list)
    repeated: list[tuple[ox.Triple, list[str]]] = field(default_factory=list)  # (triple, files stating it)


def _read_marker(store_dir: Path) -> dict:
    marker = store_dir / MARKER
    try:
        return json.loads(marker.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        raise EselyError(f"{store_dir}: the store's marker file {MARKER} is unreadable; "
                         f"delete the folder yourself if it is an esely-graph store") from None


def _write_marker(store_dir: Path, state: dict) -> None:
    tmp = store_dir / (MARKER + ".tmp")
    tmp.write_text(json.dumps(state, indent=1, sort_keys=True), encoding="utf-8")
    os.replace(tmp, store_dir / MARKER)


def claim(store_dir: Path) -> dict:
    """The store folder's state; creates the folder (with a marker) if it does not exist.

    A folder that exists without our marker is refused: it is not ours to write into.
    """
    if (store_dir / MARKER).is_file():
        return _read_marker(store_dir)
    if store_dir.exists() and (not store_dir.is_dir() or any(store_dir.iterdir())):
        raise EselyError(f"{store_dir} exists and was not created by esely-graph (no {MARKER}); "
                         f"choose another --store folder (a mappát nem az esely-graph hozta létre)")
    store_dir.mkdir(parents=True, exist_ok=True)
    state = {"created_by": "esely-graph", "files": {}}
    _write_marker(store_dir, state)
    return state


def sync(ttl_dir: Path, store_dir: Path) -> SyncReport:
    """Make the store equal the Turtle folder, touching only graphs whose file changed."""
    from .store import ttl_files

    files = ttl_files(ttl_dir)
    state = claim(store_dir)
    known: dict[str, str] = state.setdefault("files", {})
    report = SyncReport()
    digests = {path.stem: file_hash(path) for path in files}
    if digests == known:  # nothing to do: do not even open the store for writing
        report.unchanged = sorted(digests)
        return report
    try:
        store = ox.Store(str(store_dir))
    except OSError as exc:
        raise EselyError(f"{store_dir}: the store cannot be opened for writing ({exc}); is another esely-graph "
                         f"process updating it? (a tár nem nyitható meg írásra)") from None
    try:
        for stem in sorted(set(known) - {p.stem for p in files}):
            if store.contains_named_graph(graph_name(stem)):
                store.remove_graph(graph_name(stem))
            del known[stem]
            report.removed.append(stem)
            _write_marker(store_dir, state)
        stale = [p for p in files if known.get(p.stem) != digests[p.stem]]
        report.unchanged = [p.stem for p in files if known.get(p.stem) == digests[p.stem]]
        for path in stale:  # forget first: a crash from here on reloads these files next time
            known.pop(path.stem, None)
        _write_marker(store_dir, state)
        for path in stale:
            if store.contains_named_graph(graph_name(path)):
                store.remove_graph(graph_name(path))
        store.bulk_extend(_quads(stale))  # one bulk load for all of them: far faster than one per file
        if len(stale) < len(files):  # an update: its few files checked (a full load is the build's, tested)
            report.repeated = repeated(store, [graph_name(p) for p in stale])
        for path in stale:
            known[path.stem] = digests[path.stem]
            report.loaded.append(path.stem)
        _write_marker(store_dir, state)
        store.flush()
        if len(stale) == len(files): store.optimize()  # noqa: E701 after a full load, compacted: reads 1.2-3x less CPU
    finally:
        del store
    return report


def repeated(store: ox.Store, graphs: list[ox.NamedNode] | None = None,
             limit: int = 20) -> list[tuple[ox.Triple, list[str]]]:
    """Triples of ``graphs`` (default: every named graph) that another graph of the store states too, with
    the files (graph names' last part) stating each; at most ``limit``. One index look-up per triple."""
    out: list[tuple[ox.Triple, list[str]]] = []
    seen: set[ox.Triple] = set()
    for g in graphs if graphs is not None else sorted(store.named_graphs(), key=str):
        for q in store.quads_for_pattern(None, None, None, g):
            t = q.triple
            if t in seen:
                continue
            where = [x.graph_name for x in store.quads_for_pattern(q.subject, q.predicate, q.object, None)]
            if len(where) > 1:
                seen.add(t)
                out.append((t, sorted(w.value.removeprefix(GRAPH_BASE) if isinstance(w, ox.NamedNode)
                                      else "(default graph)" for w in where)))
                if len(out) >= limit:
                    return out
    return out


def _quads(files: list[Path]):
    for path in files:
        g = graph_name(path)
        for q in read_triples(path):
            yield ox.Quad(q.subject, q.predicate, q.object, g)


def open_read_only(store_dir: Path) -> ox.Store:
    """The store for reading (the union of its graphs is what queries see: ``store.execute`` asks it so).

    Read-only, so any number of readers (a report, the site's workers, ``serve``) share the folder."""
    if not (store_dir / MARKER).is_file():
        raise EselyError(f"{store_dir}: not an esely-graph store (no {MARKER}); "
                         f"create it with `esely-graph store sync` or `esely-graph serve`")
    return ox.Store.read_only(str(store_dir))


def open_synced(ttl_dir: Path, store_dir: Path) -> tuple[SyncReport, ox.Store]:
    """``sync`` the store with the Turtle folder, then open it read-only: what `all` and the bench read."""
    report = sync(ttl_dir, store_dir)
    return report, open_read_only(store_dir)

