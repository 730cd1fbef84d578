"""The shapes, parsed once per process and set to the run's day.

One clock: the shapes hold no NOW(). A parameterised SPARQL target type whose parameter is
``eshp:asOf`` (shapes/overdue.ttl) gets the run's day as an ``xsd:date`` on each of its target
declarations here, in the shapes graph. Why the shapes graph and not a clock node in the data:
the data graph stays exactly the documents (no node that other shapes, the declared-terms check or
the report's provenance would see), the day is one triple per target declaration of a graph parsed
once per process, and the parameter is standard SHACL-AF that any SHACL-SPARQL engine binds.

Constraints marked ``eshp:wholeGraph true`` are taken out of the per-unit shapes and returned
separately: they run once over the whole graph (see ``whole_graph.py``).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path

from rdflib import Graph, Literal, Namespace
from rdflib.namespace import RDF, SH, XSD

from ..errors import EselyError
from ..store import read_graph
from .targets import split_targets

ESHP = Namespace("https://w3id.org/esely/shapes#")


@dataclass(frozen=True)
class WholeGraphConstraint:
    shape: object       # the node shape (IRI)
    constraint: object  # the sh:SPARQLConstraint node
    targets: tuple      # sh:targetNode values of the shape


@dataclass
class Shapes:
    graph: Graph                      # per-unit shapes, day set, whole-graph constraints and SPARQL targets removed
    targets: list                     # the SPARQL-based targets (``targets``), selected per unit on Oxigraph
    whole: list[WholeGraphConstraint]
    full: Graph                       # all shapes, day set (whole-graph constraints kept)


_CACHE: dict[tuple, Shapes] = {}


def shape_files(shapes_dir: Path) -> list[Path]:
    files = sorted(Path(shapes_dir).glob("*.ttl"))
    if not files:
        raise EselyError(f"{shapes_dir}: no shape files / nincs alakzatfájl (*.ttl)")
    return files


def set_day(g: Graph, day: dt.date) -> None:
    """Give every declaration of a target type with an ``eshp:asOf`` parameter the day."""
    for target_type in set(g.subjects(RDF.type, SH.SPARQLTargetType)):
        if any(g.value(p, SH.path) == ESHP.asOf for p in g.objects(target_type, SH.parameter)):
            for decl in set(g.subjects(RDF.type, target_type)):
                g.set((decl, ESHP.asOf, Literal(day.isoformat(), datatype=XSD.date)))


def load_shapes(shapes_dir: Path, day: dt.date | None = None) -> Shapes:
    """The shapes of ``shapes_dir`` for ``day`` (default today); parsed once per process."""
    day = day or dt.date.today()
    files = shape_files(shapes_dir)
    key = (tuple((str(f), f.stat().st_mtime_ns, f.stat().st_size) for f in files), day)
    if key not in _CACHE:
        full = read_graph(files)  # a broken shapes file is a one-line user error, not a traceback
        set_day(full, day)
        unit = Graph()
        for prefix, ns in full.namespaces():
            unit.bind(prefix, ns)
        whole = []
        for shape, constraint in full.subject_objects(SH.sparql):
            if full.value(constraint, ESHP.wholeGraph) == Literal(True):
                whole.append(WholeGraphConstraint(shape, constraint, tuple(sorted(full.objects(shape, SH.targetNode)))))
        skip = {(w.shape, SH.sparql, w.constraint) for w in whole}
        for t in full:
            if t not in skip:
                unit.add(t)
        if len(_CACHE) >= 4:  # a process judges one or two days, not many
            _CACHE.clear()
        unit, targets = split_targets(unit)
        _CACHE[key] = Shapes(unit, targets, sorted(whole, key=lambda w: str(w.constraint)), full)
    return _CACHE[key]
