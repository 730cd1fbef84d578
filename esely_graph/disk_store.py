"""The persistent on-disk Oxigraph store (``out/store``): loaded once, updated per changed town.

Each Turtle file of the graph folder is one named graph (``graph_name(file)``), except the files that grow
with the number of towns: one named graph per town or document in them (``graph_units``). Queries read the
union of the graphs, which — unlike the in-memory store that loads every file into one default graph —
keeps a triple that two graphs state twice (counts and rows without DISTINCT would differ). The build
states every triple in one file only (``tests/test_store_union.py`` checks it with ``repeated`` on the
seeds, the fixture towns and a synthetic corpus); an incremental ``sync`` checks the graphs it reloads
and names any repeat in its report. A marker file in the store folder records that esely-graph created
the folder, the SHA-256 of every graph loaded and each file's status (size, inode, times): ``sync`` reads
only files whose status changed, reloads only graphs whose hash changed, drops graphs that are gone, and
never touches (let alone deletes) a folder it did not create. ``SyncReport.changed_graphs()``: the
graphs reloaded or removed.
"""

from __future__ import annotations

import hashlib
import json
import os
import time
from dataclasses import dataclass, field
from pathlib import Path

import pyoxigraph as ox

from .errors import EselyError
from .fsutil import link_into
from .graph_units import GRAPH_BASE, SPLIT, changed_units, graph_name, quads, units  # noqa: F401  (graph_name re-exported)

MARKER = ".esely-graph-store.json"
RACY_NS = 2_000_000_000  # a file modified this close to its reading is read again next time (build.memo's rule)


def file_hash(path: Path) -> str:
    h = hashlib.sha256()
    with open(path, "rb") as f:
        for chunk in iter(lambda: f.read(1 << 20), b""):
            h.update(chunk)
    return "sha256:" + h.hexdigest()


@dataclass
class SyncReport:
    loaded: list[str] = field(default_factory=list)  # file stems with a graph reloaded
    removed: list[str] = field(default_factory=list)  # file stems gone from the folder
    unchanged: list[str] = field(default_factory=list)  # file stems none of whose graphs changed
    repeated: list[tuple[ox.Triple, list[str]]] = field(default_factory=list)  # (triple, graphs stating it)
    graphs_loaded: list[ox.NamedNode] = field(default_factory=list)
    graphs_removed: list[ox.NamedNode] = field(default_factory=list)

    def changed_graphs(self) -> list[ox.NamedNode]:
        """The named graphs the sync reloaded or removed (what an incremental validation re-checks)."""
        return sorted(set(self.graphs_loaded) | set(self.graphs_removed), key=lambda g: g.value)


def _read_marker(store_dir: Path) -> dict:
    marker = store_dir / MARKER
    try:
        return json.loads(marker.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        raise EselyError(f"{store_dir}: the store's marker file {MARKER} is unreadable; "
                         f"delete the folder yourself if it is an esely-graph store") from None


def _write_marker(store_dir: Path, state: dict) -> None:
    tmp = store_dir / (MARKER + ".tmp")
    tmp.write_text(json.dumps(state, sort_keys=True, separators=(",", ":")), encoding="utf-8")  # no indent: the C encoder
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


def _stem(key: str) -> str:
    """The file a graph key (``graph_name`` without its base) comes from: ``links/x`` -> ``links``."""
    return key.split("/", 1)[0]


def _status(path: Path) -> list[int]:
    st = path.stat()
    return [st.st_size, st.st_ino, st.st_mtime_ns, st.st_ctime_ns]


def _current(files: list[Path], known: dict[str, str], status: dict[str, list[int]], last: Path | None = None):
    """Graph key -> (digest, PREFIX lines, blocks, file) of every graph the files make, and each file's
    status. A file whose status (size, inode, modification and change times) is the one remembered, and
    that was not modified within ``RACY_NS`` of being read then, is not read: its graphs are as known
    (git's index does the same); a file read again whose bytes are the ones remembered is not split again,
    and one of the files split into units is compared with its last version (``last``, ``_keep_last``):
    only the units whose blocks differ are split out (``graph_units.changed_units``)."""
    by_file: dict[str, list[str]] = {}
    for key in known:
        by_file.setdefault(_stem(key), []).append(key)
    current, now = {}, {}
    for path in files:
        stem = path.stem  # once: 9,600 files at 3,200 towns, on every sync
        st, seen = _status(path), status.get(stem)
        # as it was: its graphs are the ones known (none for a file of no triples: its status is kept only while
        # what is known of it is; a sync clears every status before it changes what is known)
        if seen is not None and seen[:4] == st and st[2] < seen[4] - RACY_NS:
            current.update({k: (known[k], None, None, path) for k in by_file.get(stem, ())})
            now[stem] = seen
            continue
        taken = time.time_ns()
        data = path.read_bytes()
        digest = hashlib.sha256(data).hexdigest()
        if seen is not None and seen[5:] == [digest] and stem in by_file:  # rewritten, the same bytes
            current.update({k: (known[k], None, None, path) for k in by_file[stem]})
        elif (diff := _changed(path, data, seen, last, by_file[stem]) if stem in by_file else None) is not None:
            current.update({k: (known[k], None, None, path) for k in by_file[stem] if k not in diff})
            current.update({k: (*v, path) for k, v in diff.items() if v is not None})
        else:
            current.update({k: (d, h, b, path) for k, (d, h, b) in units(path, data).items()})
        now[stem] = st + [taken, digest]
    return current, now


LAST = ".turtle-last"  # in the store folder: hard links to the split files as last loaded


def _changed(path: Path, data: bytes, seen: list | None, last: Path | None, keys: list[str]):
    """The changed units of a split file (``graph_units.changed_units``) against its version last loaded,
    kept in ``last`` as a hard link to that file (the build writes a new file, a new inode, when it changes
    one); None when there is no such version, or it is not the one loaded (size, inode, time)."""
    if last is None or seen is None or path.stem not in SPLIT:
        return None
    prev = last / path.name
    try:
        st = prev.stat()
    except OSError:
        return None
    if [st.st_size, st.st_ino, st.st_mtime_ns] != seen[:3]:
        return None
    return changed_units(path, data, prev.read_bytes(), old_split=any("/" in k for k in keys))


def _keep_last(files: list[Path], status: dict[str, list], last: Path) -> None:
    """Link each split file as loaded into ``last`` (no bytes copied); the link changes the file's change
    time, so its remembered status takes the new one when nothing else about it changed."""
    for path in files:
        stem = path.stem
        if stem not in SPLIT:
            continue
        seen = status.get(stem)
        if seen is None:
            continue
        prev = last / path.name
        try:
            st = prev.stat()
            if [st.st_size, st.st_ino, st.st_mtime_ns] == seen[:3]:
                continue
        except OSError:
            pass
        if not link_into(path, last):  # another file system, or gone: the next change is split whole
            continue
        try:
            now = _status(path)
        except OSError:
            continue
        if now[:3] == seen[:3]:
            seen[3] = now[3]


def sync(ttl_dir: Path, store_dir: Path) -> SyncReport:
    """Make the store equal the Turtle folder, touching only graphs whose part of a file changed."""
    from .store import ttl_files

    files = ttl_files(ttl_dir)
    state = claim(store_dir)
    known: dict[str, str] = state.setdefault("files", {})  # graph key -> digest
    fresh = not known  # nothing loaded yet: one bulk load of the folder as TriG (``_load_fresh``)
    current, status = _current(files, known, state.get("status", {}), store_dir / LAST)
    report = SyncReport()
    stale = sorted(k for k, v in current.items() if known.get(k) != v[0])
    gone = sorted(set(known) - set(current))
    changed = {_stem(k) for k in stale}
    report.loaded = sorted(changed)
    stems = [p.stem for p in files]
    report.removed = sorted({_stem(k) for k in gone} - set(stems))
    report.unchanged = sorted(st for st in stems if st not in changed)
    report.graphs_loaded = [ox.NamedNode(GRAPH_BASE + k) for k in stale]
    report.graphs_removed = [ox.NamedNode(GRAPH_BASE + k) for k in gone]
    if not stale and not gone:  # nothing to load: do not even open the store for writing
        _keep_last(files, status, store_dir / LAST)
        if status != state.get("status"):
            state["status"] = status
            _write_marker(store_dir, state)
        return report
    try:
        store = ox.Store(str(store_dir))
    except OSError as exc:
        raise EselyError(f"{store_dir}: the store cannot be opened for writing ({exc}); is another esely-graph "
                         f"process updating it? (a tár nem nyitható meg írásra)") from None
    try:
        for key in stale:  # forget first: a crash from here on reloads these graphs next time
            known.pop(key, None)
        state.pop("status", None)
        _write_marker(store_dir, state)
        for key in gone + stale:
            g = ox.NamedNode(GRAPH_BASE + key)
            if store.contains_named_graph(g):
                store.remove_graph(g)
            known.pop(key, None)
        if fresh and not gone:
            _load_fresh(store, stale, current)
        else:  # one bulk load for all of them: far faster than one per file
            store.bulk_extend(q for k in stale for q in quads(k, *current[k][1:]))
        # an update (not a full or near-full load: those are the build's, tested): its graphs checked
        if len(stale) < len(current) and (2 * len(stale) <= len(current) or len(stale) <= 100):
            report.repeated = repeated(store, report.graphs_loaded)
        known.update({k: current[k][0] for k in stale})
        _keep_last(files, status, store_dir / LAST)
        state["status"] = status
        _write_marker(store_dir, state)
        store.flush()
        if len(stale) == len(current): store.optimize()  # noqa: E701 after a full load, compacted: reads 1.2-3x less CPU
    finally:
        del store
    return report


def _load_fresh(store: ox.Store, keys: list[str], current: dict) -> None:
    """A fresh store's full load: every graph in one TriG bulk load (``trig_load``), parsed by Oxigraph alone.
    The graphs in the order of their files (a file's units together: its PREFIX lines written once)."""
    from .trig_load import bulk_load

    order = sorted(keys, key=lambda k: (str(current[k][3]), k))
    bulk_load(store, [(k, current[k][1], current[k][2], current[k][3]) for k in order])


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

