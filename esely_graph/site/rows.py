"""The named queries' rows the site shows, run once on the whole graph or anchored on one town's IRI.

A cell a query makes with ``GROUP_CONCAT(DISTINCT ?x; SEPARATOR="s") AS ?col`` lists its parts in whatever order
the engine met them, which differs between a whole-graph run and a run anchored on one town, and between an
in-memory store and the on-disk one; the site lists them in Hungarian alphabetical order, so the same graph gives
the same pages whichever way the rows were found.
"""

from __future__ import annotations

import re

from ..queries import bind_params, run_sparql
from .fmt import collate_key
from .tables import as_records

CONCAT = re.compile(r'GROUP_CONCAT\s*\(\s*DISTINCT\s+\?\w+\s*;\s*SEPARATOR\s*=\s*"([^"]*)"\s*\)\s*AS\s+\?(\w+)',
                    re.IGNORECASE)


def concatenated(text: str) -> dict[str, str]:
    """column -> separator, for the columns a query's text makes with GROUP_CONCAT(DISTINCT …)."""
    return {m.group(2): m.group(1) for m in CONCAT.finditer(text)}


def ordered_cells(text: str, rows: list[dict]) -> list[dict]:
    cols = concatenated(text)
    if not cols:
        return rows
    out = []
    for r in rows:
        r = dict(r)
        for col, sep in cols.items():
            if r.get(col) and sep:
                r[col] = sep.join(sorted(r[col].split(sep), key=lambda part: (collate_key(part), part)))
        out.append(r)
    return out


def run_rows(store, q, as_of, given: dict | None = None) -> list[dict]:
    """One named query's rows (its defaults, the day, ``given`` parameters) as records of strings."""
    given = dict(given or {})
    if any(p.name == "as_of" for p in q.params):
        given["as_of"] = as_of.isoformat()
    return shared_rows(q, *run_sparql(store, q.text, bind_params(q, given)))


def shared_rows(q, names: list[str], rows: list[dict]) -> list[dict]:
    """A query's rows run elsewhere (``queries.run_catalogue``: pyoxigraph terms) as ``run_rows`` gives them."""
    return ordered_cells(q.text, as_records(names, rows))
