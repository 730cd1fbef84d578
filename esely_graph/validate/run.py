"""Validate a built graph: SHACL per unit (in parallel), whole-graph constraints once, one report."""

from __future__ import annotations

import datetime as dt
import os
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

from rdflib import Graph, Literal, URIRef
from rdflib.namespace import RDF, SH

from ..errors import EselyError
from ..namespaces import BASE
from .findings import RANK, VOCABULARY, Finding, Report, read_findings, result_closure, tag_messages
from .shapes import load_shapes, shape_files
from .units import load_unit, shared_graph, units
from .whole_graph import run_whole_graph

_RUN: dict = {}  # per process: shapes directory, day and shared files of the current run


def _start(shapes_dir: str, day: dt.date, shared: list[str]) -> None:
    """Per worker (and in-process): parse the shapes and the shared vocabularies once."""
    _RUN.update(shapes=load_shapes(Path(shapes_dir), day), shared=shared_graph([Path(f) for f in shared]))


def validate_unit(name: str, files: list[str]) -> tuple[list[Finding], str]:
    """Validate one unit; return its findings and its results as N-Triples (picklable)."""
    from pyshacl import validate as shacl

    data = load_unit(name, [Path(f) for f in files], _RUN["shared"])
    _, results, _ = shacl(data, shacl_graph=_RUN["shapes"].graph, advanced=True, inference="none",
                          allow_warnings=True, allow_infos=True, inplace=True)
    tag_messages(results, _RUN["shapes"].full)
    return read_findings(results, data, name), results.serialize(format="nt")


def default_jobs(n_units: int) -> int:
    return max(1, min(os.cpu_count() or 1, n_units))


def validate(data_dir: Path, shapes_dir: Path, jobs: int | None = None, progress=None,
             as_of: dt.date | None = None) -> Report:
    """Validate the Turtle files of ``data_dir`` against ``shapes_dir`` as of ``as_of`` (default today).

    ``jobs``: worker processes (default: one per core, never more than there are units)."""
    data_dir, shapes_dir = Path(data_dir), Path(shapes_dir)
    day = as_of or dt.date.today()
    shape_files(shapes_dir)
    todo = units(data_dir)
    if jobs is not None and jobs < 1:
        raise EselyError(f"--jobs {jobs}: expected 1 or more / legalább 1 kell")
    jobs = min(jobs or default_jobs(len(todo)), len(todo))
    shared = [str(f) for _, fs in todo if _ == VOCABULARY for f in fs]
    _start(str(shapes_dir), day, shared)
    tasks = [(n, [str(f) for f in fs]) for n, fs in todo]
    outputs: list[tuple[list[Finding], str]] = []
    if jobs > 1:
        with ProcessPoolExecutor(max_workers=jobs, initializer=_start,
                                 initargs=(str(shapes_dir), day, shared)) as pool:
            futures = [pool.submit(validate_unit, n, fs) for n, fs in tasks]
            whole = run_whole_graph(_RUN["shapes"], sorted(data_dir.glob("*.ttl")))
            for fut in (progress(futures) if progress else futures):
                outputs.append(fut.result())
    else:
        whole = run_whole_graph(_RUN["shapes"], sorted(data_dir.glob("*.ttl")))
        for n, fs in (progress(tasks) if progress else tasks):
            outputs.append(validate_unit(n, fs))
    outputs.append((whole[1], whole[0].serialize(format="nt")))
    return merge(outputs, len(todo))


def merge(outputs: list[tuple[list[Finding], str]], n_units: int) -> Report:
    """One sh:ValidationReport and one sorted list of findings from the units' outputs."""
    seen: dict[tuple, Finding] = {}
    seen_results: set[tuple] = set()
    merged = Graph()
    merged.bind("sh", SH)
    report = URIRef(f"{BASE}validation-report")
    merged.add((report, RDF.type, SH.ValidationReport))
    for findings, nt in outputs:
        g = Graph().parse(data=nt, format="nt")
        for r in g.subjects(RDF.type, SH.ValidationResult):
            key = (str(g.value(r, SH.focusNode)), str(g.value(r, SH.sourceShape)),
                   str(g.value(r, SH.sourceConstraintComponent)), str(g.value(r, SH.value)))
            if key in seen_results:
                continue
            seen_results.add(key)
            merged.add((report, SH.result, r))
            for t in result_closure(g, r):
                merged.add(t)
        for f in findings:
            if f.key not in seen or (seen[f.key].document == VOCABULARY and f.document != VOCABULARY):
                seen[f.key] = f
    findings = sorted(seen.values(), key=lambda f: (f.document == VOCABULARY, f.document, f.line or 0, f.focus,
                                                    -RANK[f.severity], f.shape, f.value or ""))
    merged.add((report, SH.conforms, Literal(not findings)))
    return Report(findings, merged, n_units)
