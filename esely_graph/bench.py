"""Benchmarks: how long the main steps take, on the seeds and on a synthetic scale-up.

Prints figures; asserts nothing. ``--scale N`` loads N renamed copies of every
document graph into Oxigraph (as if N municipalities had the same plans) and
times the named queries there, to check the design against the target scale
(~3,200 plans, a few million triples).
"""

from __future__ import annotations

import datetime as dt
import resource
import statistics
import tempfile
import time
from pathlib import Path

import pyoxigraph as ox

from .queries import bind_params, load_queries, run_sparql


def _t(fn, repeat=1):
    times, result = [], None
    for _ in range(repeat):
        t0 = time.perf_counter()
        result = fn()
        times.append(time.perf_counter() - t0)
    return statistics.median(times), result


def scaled_store(ttl_dir: Path, copies: int) -> tuple[ox.Store, int]:
    store = ox.Store()
    shared = {"ontology.ttl", "target-groups.ttl", "organisations.ttl", "strategies.ttl", "programmes.ttl"}
    for f in sorted(ttl_dir.glob("*.ttl")):
        text = f.read_text(encoding="utf-8")
        if f.name in shared:
            store.load(text.encode(), format=ox.RdfFormat.TURTLE)
            continue
        for k in range(copies):
            renamed = text.replace("https://w3id.org/esely/id/doc/", f"https://w3id.org/esely/id/doc/c{k}-") \
                          .replace('dcterms:identifier "', f'dcterms:identifier "c{k}-')
            store.bulk_load(renamed.encode(), format=ox.RdfFormat.TURTLE)
    return store, len(store)


def run(lay, scale: int, echo=print) -> None:
    """Time every stage on the project of ``lay`` (a Layout)."""
    data_dir, ttl_dir = lay.data, lay.ttl
    from .build import build
    from .site import build_site
    from .store import load_store
    from .validate import validate

    with tempfile.TemporaryDirectory() as tmp:
        secs, res = _t(lambda: build(data_dir, Path(tmp) / "ttl", lay.ontology))
        echo(f"build ({len(res.files)} files, {sum(res.files.values())} triples): {secs:.2f} s")
    secs, store = _t(lambda: load_store(ttl_dir), 3)
    echo(f"load data/ttl into Oxigraph: {secs * 1000:.0f} ms ({len(store)} quads)")
    queries = load_queries(lay.queries)
    params = {}  # queries that need a user-given value are skipped below
    for name, q in queries.items():
        if any(p.default is None for p in q.params):
            continue
        subs = bind_params(q, params.get(name, {}))
        secs, (_, rows) = _t(lambda: run_sparql(store, q.text, subs), 5)
        echo(f"  query {name}: {secs * 1000:.1f} ms, {len(rows)} rows")
    for jobs in (1, 2):
        secs, rep = _t(lambda: validate(ttl_dir, lay.shapes, jobs=jobs))
        echo(f"validate ({rep.units} units, jobs={jobs}): {secs:.2f} s")
    with tempfile.TemporaryDirectory() as tmp:
        rep = validate(ttl_dir, lay.shapes, jobs=1)
        secs, res = _t(lambda: build_site(ttl_dir, Path(tmp) / "site", lay.shapes, lay.queries,
                                          ttl_dir / "ontology.ttl", rep, dt.date.today()))
        echo(f"site: {res['pages']} pages in {secs:.2f} s")
    if scale > 1:
        secs, (big, n) = _t(lambda: scaled_store(ttl_dir, scale))
        echo(f"scale x{scale}: {n} quads loaded into Oxigraph in {secs:.1f} s")
        for name, q in queries.items():
            if any(p.default is None for p in q.params):
                continue
            subs = bind_params(q, params.get(name, {}))
            secs, (_, rows) = _t(lambda: run_sparql(big, q.text, subs), 1)
            echo(f"  query {name}: {secs:.2f} s, {len(rows)} rows")
    echo(f"max RSS: {resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024:.0f} MB")
