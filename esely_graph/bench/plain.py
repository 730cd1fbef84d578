"""The same work done the plain way, for comparison on the same built graph.

- plain stack: rdflib's default store loads every Turtle file, rdflib's SPARQL engine runs the
  named queries, pySHACL validates the whole graph at once with the same shapes;
- raw engine: pyoxigraph bulk-loads the graph as one N-Triples text and runs the named queries.

A query rdflib cannot run (e.g. an unbound variable it rejects) is counted as failed, not timed; one that runs longer
than ``QUERY_LIMIT`` is stopped there and listed (its time up to then counts: the ratio is then a lower bound).
"""

from __future__ import annotations

import datetime as dt

from ..layout import Layout
from ..time_limit import OverLimit, time_limit
from .meter import Stage, measure
from .stages import runnable_queries


def _rdflib_term(term):
    import pyoxigraph as ox
    from rdflib import Literal, URIRef

    if isinstance(term, ox.NamedNode):
        return URIRef(term.value)
    if isinstance(term, ox.Literal):
        if term.language:
            return Literal(term.value, lang=term.language)
        return Literal(term.value, datatype=URIRef(term.datatype.value))
    return term


QUERY_LIMIT = 120.0  # seconds: rdflib's engine can take hours on one query (measures-incomplete at 10 towns: > 38 min)


def run_plain(lay: Layout, day: dt.date, echo=print) -> list[Stage]:
    import pyoxigraph as ox
    from pyshacl import validate as shacl

    from ..validate.shapes import set_day
    from rdflib import Graph

    from ..namespaces import PREFIXES
    from ..queries import bind_params

    stages: list[Stage] = []

    def stage(name: str) -> measure:
        stages.append(Stage(name))
        echo(f"  {name} …")
        return measure(stages[-1])

    files = sorted(lay.ttl.glob("*.ttl"))
    queries = runnable_queries(lay)
    g = Graph()
    with stage("plain load (rdflib)") as s:
        for f in files:
            g.parse(f)
        s.detail = {"triples": len(g)}
    with stage("plain queries (rdflib SPARQL)") as s:
        failed, stopped = [], []
        for name, q in sorted(queries.items()):
            bindings = {getattr(k, "value", k): _rdflib_term(v) for k, v in bind_params(q, {}, day).items()}
            try:
                with time_limit(QUERY_LIMIT):
                    list(g.query(q.text, initNs={p: str(ns) for p, ns in PREFIXES.items()}, initBindings=bindings))
            except OverLimit:
                stopped.append(name)
            except Exception as exc:
                failed.append(f"{name}: {type(exc).__name__}")
        s.detail = {"queries": len(queries), "failed": failed, f"stopped after {QUERY_LIMIT:g} s": stopped}
    with stage("plain validate (pySHACL, whole graph)") as s:
        shapes = Graph()
        for f in sorted(lay.shapes.glob("*.ttl")):
            shapes.parse(f)
        set_day(shapes, day)  # the one clock: the same day our validation gives the shapes
        conforms, results, _ = shacl(g, shacl_graph=shapes, advanced=True, inference="none",
                                     allow_warnings=True, allow_infos=True)
        s.detail = {"conforms": bool(conforms)}
    del g
    store = ox.Store()
    text = b"".join(ox.serialize(ox.parse(path=str(f), format=ox.RdfFormat.TURTLE), format=ox.RdfFormat.N_TRIPLES)
                    for f in files)
    with stage("raw load (pyoxigraph bulk, N-Triples)") as s:
        store.bulk_load(text, format=ox.RdfFormat.N_TRIPLES)
        s.detail = {"quads": len(store)}
    with stage("raw queries (pyoxigraph)"):
        for name, q in sorted(queries.items()):
            list(store.query(q.text, use_default_graph_as_union=True, substitutions=bind_params(q, {}, day),
                             prefixes={p: str(ns) for p, ns in PREFIXES.items()}))
    return stages


def ratios(project: list[Stage], plain: list[Stage]) -> dict[str, float | None]:
    """CPU seconds of the plain way divided by the project's, per comparable step and end to end."""
    p = {("load" if s.name.startswith("store sync") else s.name): s.cpu for s in project}  # the project loads its store once
    q = {s.name.split(" (")[0]: s.cpu for s in plain}

    def ratio(a: float, b: float) -> float | None:
        return round(a / b, 2) if b > 0 else None

    both = "validate" in p and "plain validate" in q  # end to end compares the same steps only
    ends_project = p.get("load", 0) + p.get("queries", 0) + (p["validate"] if both else 0)
    ends_plain = q.get("plain load", 0) + q.get("plain queries", 0) + (q["plain validate"] if both else 0)
    end = "load+queries+validate" if both else "load+queries"
    return {
        "load: rdflib / project": ratio(q.get("plain load", 0), p.get("load", 0)),
        "queries: rdflib / project": ratio(q.get("plain queries", 0), p.get("queries", 0)),
        "validate: pySHACL whole graph / project": ratio(q.get("plain validate", 0), p.get("validate", 0)),
        f"{end}: plain / project": ratio(ends_plain, ends_project),
        "load: project / raw pyoxigraph": ratio(p.get("load", 0), q.get("raw load", 0)),
        "queries: project / raw pyoxigraph": ratio(p.get("queries", 0), q.get("raw queries", 0)),
    }
