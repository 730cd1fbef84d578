"""The query store: the committed Turtle files loaded into Oxigraph.

rdflib builds the triples; queries run here, on pyoxigraph, which loads and
answers an order of magnitude faster than rdflib's default store. All files go
into the default graph, so a triple that several files state (a resolution
cited by two documents) is one triple, not one solution per file.
"""

from __future__ import annotations

from pathlib import Path

import pyoxigraph as ox

from .errors import EselyError
from .namespaces import PREFIXES


def ttl_files(data_dir: Path) -> list[Path]:
    files = sorted(data_dir.glob("*.ttl"))
    if not files:
        raise EselyError(f"{data_dir}: no .ttl files; run `esely-graph build` first")
    return files


def load_store(data_dir: Path) -> ox.Store:
    store = ox.Store()
    for path in ttl_files(data_dir):
        try:
            store.bulk_load(path=str(path), format=ox.RdfFormat.TURTLE)
        except SyntaxError as exc:
            raise EselyError(f"{path}: not valid Turtle: {exc}") from None
    return store


def select(store: ox.Store, query: str, substitutions: dict | None = None) -> tuple[list[str], list[dict]]:
    """Run a SELECT; return (variable names, rows of name -> term or None)."""
    result = store.query(query, use_default_graph_as_union=True, substitutions=substitutions or {},
                         prefixes={p: str(ns) for p, ns in PREFIXES.items()})
    if not isinstance(result, ox.QuerySolutions):
        raise EselyError("only SELECT queries are supported here")
    names = [v.value for v in result.variables]
    rows = [{n: sol[n] for n in names} for sol in result]
    return names, rows
