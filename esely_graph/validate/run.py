"""Validate a built graph: SHACL per unit (in parallel; the whole-graph constraints too, see
``whole_graph``), one report.

Units whose result is in the cache (``cache``: same document, same vocabulary nodes, same shapes,
day and code) are not validated again; the report is the same with or without the cache."""

from __future__ import annotations

import datetime as dt
import os
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

from ..errors import EselyError
from .cache import NodeDigests, ValidationCache, file_digest, files_digest, findings_from_json, findings_to_json
from .findings import VOCABULARY, Report, read_findings, tag_messages
from .merge import merge
from .shapes import load_shapes, shape_files
from .targets import select, targets_as_nodes, unit_store
from .units import declarations, load_unit, shared_graph, units
from .whole_graph import run_whole_graph

_RUN: dict = {}  # per process: shapes directory, day and shared files of the current run


def _start(shapes_dir: str, day: dt.date, shared: list[str]) -> None:
    """Per worker: remember the run; the shapes and the shared vocabularies are parsed when first needed."""
    _RUN.clear()
    _RUN.update(shapes_dir=Path(shapes_dir), day=day, shared_files=[Path(f) for f in shared])


def _shapes():
    return load_shapes(_RUN["shapes_dir"], _RUN["day"])


def _shared():
    if "shared" not in _RUN:
        _RUN["shared"] = shared_graph(_RUN["shared_files"])
        _RUN["digests"] = NodeDigests(_RUN["shared"])
    return _RUN["shared"]


def validate_unit(name: str, files: list[str]) -> dict:
    """Validate one unit: its findings and its results as N-Triples, and (for a document) the
    vocabulary nodes it consulted with their digest (for the cache); picklable."""
    from pyshacl import validate as shacl

    consulted, own = set(), set()
    shapes = _shapes()
    data = load_unit(name, [Path(f) for f in files], _shared(), consulted, own)
    extra = declarations(data, _shared(), consulted) if shapes.whole and name != VOCABULARY else ()
    store = unit_store(data, extra)
    with targets_as_nodes(shapes.graph, select(store, shapes.targets)) as graph:
        _, results, _ = shacl(data, shacl_graph=graph, advanced=True, inference="none",
                              allow_warnings=True, allow_infos=True, inplace=True)
    tag_messages(results, shapes.full)
    findings, nt = read_findings(results, data, name), results.serialize(format="nt")
    if shapes.whole:
        whole, found = run_whole_graph(shapes, store, name, own)
        findings, nt = findings + found, nt + whole.serialize(format="nt")
    out = {"findings": findings, "nt": nt}
    if name != VOCABULARY:
        out["consulted"] = sorted(str(n) for n in consulted)
        out["vocabulary"] = _RUN["digests"].of(consulted)
    return out


def default_jobs(n_units: int) -> int:
    return max(1, min(os.cpu_count() or 1, n_units))


def _still_valid(entry: dict, shared_digest: str) -> bool:
    """A document unit's entry holds if the vocabulary files are unchanged, or else the nodes it consulted."""
    if entry.get("shared") == shared_digest:
        return True
    from rdflib import URIRef

    _shared()
    return _RUN["digests"].of(URIRef(n) for n in entry["consulted"]) == entry["vocabulary"]


ENGINES = ("fast", "pyshacl")


def validate(data_dir: Path, shapes_dir: Path, jobs: int | None = None, progress=None,
             as_of: dt.date | None = None, cache: bool = True, engine: str = "fast", store=None) -> Report:
    """Validate the Turtle files of ``data_dir`` against ``shapes_dir`` as of ``as_of`` (default today).

    ``engine``: ``fast`` (the shapes compiled into SPARQL on Oxigraph, ``fast_run``) or ``pyshacl``
    (the reference: pySHACL per document unit); ``store``: the on-disk store kept equal to
    ``data_dir`` (``disk_store``), read by the fast engine instead of loading the Turtle;
    ``jobs``: pySHACL's worker processes (default: one per core, never more than there are units);
    ``cache``: reuse the results of unchanged units (``ESELY_NO_CACHE=1`` turns it off too)."""
    data_dir, shapes_dir = Path(data_dir), Path(shapes_dir)
    day = as_of or dt.date.today()
    if jobs is not None and jobs < 1:
        raise EselyError(f"--jobs {jobs}: expected 1 or more / legalább 1 kell")
    if engine not in ENGINES:
        raise EselyError(f"--engine {engine}: expected one of {', '.join(ENGINES)} / ismeretlen motor")
    if engine == "fast":
        from .fast_run import validate_fast

        return validate_fast(data_dir, shapes_dir, day, store=store, cache=cache, progress=progress)
    sfiles = shape_files(shapes_dir)
    todo = units(data_dir)
    shared = [str(f) for _, fs in todo if _ == VOCABULARY for f in fs]
    _start(str(shapes_dir), day, shared)
    _shapes()  # a broken shapes file is reported before any work
    store = ValidationCache.for_run(data_dir, sfiles, day, "pyshacl") if cache else None
    all_files = sorted(data_dir.glob("*.ttl"))
    digests = {f.name: file_digest(f) for f in all_files} if store else {}
    shared_digest = files_digest([(Path(f).name, digests[Path(f).name]) for f in shared]) if store else ""

    outputs: dict[str, dict] = {}
    keys: dict[str, str] = {}
    for name, fs in todo:
        if store is None:
            continue
        keys[name] = store.key("vocabulary", shared_digest) if name == VOCABULARY else \
            store.key("unit", name, digests[fs[0].name])
        entry = store.get(keys[name])
        if entry is not None and (name == VOCABULARY or _still_valid(entry, shared_digest)):
            outputs[name] = {**entry, "findings": findings_from_json(entry["findings"])}
            if name != VOCABULARY and entry.get("shared") != shared_digest:  # next time: no vocabulary walk
                store.put(keys[name], {**entry, "shared": shared_digest})
    tasks = [(n, [str(f) for f in fs]) for n, fs in todo if n not in outputs]

    def done(name: str, out: dict) -> None:
        outputs[name] = out
        if store:
            store.put(keys[name], {**out, "findings": findings_to_json(out["findings"]), "shared": shared_digest})

    jobs = min(jobs or default_jobs(len(tasks)), max(1, len(tasks)))
    if jobs > 1:
        with ProcessPoolExecutor(max_workers=jobs, initializer=_start, initargs=(str(shapes_dir), day, shared)) as pool:
            futures = {pool.submit(validate_unit, n, fs): n for n, fs in tasks}
            for fut in (progress(list(futures)) if progress else futures):
                done(futures[fut], fut.result())
    else:
        for n, fs in (progress(tasks) if progress else tasks):
            done(n, validate_unit(n, fs))
    if store:
        store.prune()
    report = merge([(outputs[n]["findings"], outputs[n]["nt"]) for n, _ in todo], len(todo))
    report.validated = [n for n, _ in tasks]
    return report
