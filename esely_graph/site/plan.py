"""Which towns to render again, and the named queries' rows they are rendered from.

A town's rows of a named query are the query's answer for that town (``esely-graph query NAME --municipality
TOWN``: the query anchored on the town's IRI), run only for the towns whose own input changed (their document files,
their share of the shared files, their findings, the code, the day, the national vocabularies). A few queries
compare a town with the others (``ACROSS_TOWNS``): when a changed town's rows of one of them changed, that query is
run again for every town, and the towns whose rows it changed are rendered again too; so are they when a file of no
town (``similarity.ttl``: what the build derives from every town) changed.
"""

from __future__ import annotations

from ..namespaces import BASE
from .rows import run_rows
from .towns import digest, shown_rows

ACROSS_TOWNS = ("compare-programmes", "compare-similar", "shared-programmes")


def rows_digest(name: str, rows: list[dict]) -> str:
    return digest([(name, len(rows), str(shown_rows({name: rows})[name]))])


class Plan:
    """``own``: town -> the digest of its own input; ``previous``: the state of the site there (town -> {"own",
    "rows", "hash", "summary"}); ``store`` and ``queries`` to run the rows; ``across``: a file of no town changed
    (what the build derives from all towns, such as the similar towns), so the comparisons are run for every town."""

    def __init__(self, store, queries: dict, as_of, own: dict[str, str], previous: dict, across: bool = False):
        self.store, self.queries, self.as_of = store, queries, as_of
        self.names = sorted(queries)
        self.own, self.previous = own, previous
        self.rows: dict[str, dict[str, list[dict]]] = {}
        self.digests: dict[str, dict[str, str]] = {}
        self.changed = [t for t in own if (previous.get(t) or {}).get("own") != own[t]
                        or sorted((previous.get(t) or {}).get("rows", {})) != self.names]
        for town in self.changed:
            self.run(town, self.names)
        for town in own:
            if town not in self.digests:
                self.digests[town] = dict(previous[town]["rows"])
        gone = set(previous) - set(own)
        for name in ACROSS_TOWNS:
            if name in queries and (gone or across or any((self.previous.get(t) or {}).get("rows", {}).get(name)
                                                != self.digests[t][name] for t in self.changed)):
                for town in own:
                    if town not in self.changed:
                        self.run(town, [name])

    def run(self, town: str, names: list[str]) -> None:
        rows = self.rows.setdefault(town, {})
        digests = self.digests.setdefault(town, dict((self.previous.get(town) or {}).get("rows", {})))
        for name in names:
            rows[name] = run_rows(self.store, self.queries[name], self.as_of, {"municipality": BASE + "org/" + town})
            digests[name] = rows_digest(name, rows[name])

    def hash(self, town: str) -> str:
        return digest(self.own[town], sorted(self.digests[town].items()))

    def rows_of(self, town: str) -> dict[str, list[dict]]:
        """Every query's rows for a town to be rendered (run now where they were not)."""
        missing = [n for n in self.names if n not in self.rows.get(town, {})]
        if missing:
            self.run(town, missing)
        return {n: self.rows[town][n] for n in self.names}

    def state(self, town: str) -> dict:
        return {"own": self.own[town], "rows": self.digests[town], "hash": self.hash(town)}
