"""Which towns to render again, and the named queries' rows they are rendered from.

A town's rows of a named query are the query's answer for that town (``esely-graph query NAME --municipality
TOWN``: the query anchored on the town's IRI), run only for the towns whose own input changed (their document files,
their share of the shared files, their findings, the code, the day, the national vocabularies). A few queries
compare a town with the others (``ACROSS_TOWNS``): when a changed town's rows of one of them changed, that query is
run again for every town, and the towns whose rows it changed are rendered again too; so are they when a file of no
town (``similarity.ttl``: what the build derives from every town) changed.
"""

from __future__ import annotations

from ..fanout import fan_out
from ..queries import ACROSS_TOWNS
from .rows import run_rows, shared_rows
from .towns import ORG, digest, shown_rows, split_rows

WHOLE_SHARE = 30  # run a query once on the whole graph (rows shared out by town) for more than 1/30 of the towns:
# anchored on one town a query costs ~1/30 of its whole-graph run at 400 towns and less as towns are added


def rows_digest(name: str, rows: list[dict]) -> str:
    return digest([(name, len(rows), str(shown_rows({name: rows})[name]))])


class Plan:
    """``own``: town -> the digest of its own input; ``previous``: the state of the site there (town -> {"own",
    "rows", "hash", "summary"}); ``store`` and ``queries`` to run the rows; ``across``: a file of no town changed
    (what the build derives from all towns, such as the similar towns), so the comparisons are run for every town;
    ``catalogue``: the queries' whole-graph rows already run (``queries.run_catalogue``), used instead of a run;
    ``anchored``: rows already run anchored on a town ((town's IRI, query) -> (names, rows): the kept national
    results run them for the changed towns, ``catalogue.py``), used instead of running them again."""

    def __init__(self, store, queries: dict, as_of, own: dict[str, str], previous: dict, town_of,
                 across: bool = False, catalogue: dict | None = None, anchored: dict | None = None):
        self.store, self.queries, self.as_of, self.town_of = store, queries, as_of, town_of
        self.catalogue = catalogue or {}
        self.anchored = anchored or {}
        self.names = sorted(queries)
        self.own, self.previous = own, previous
        self.rows: dict[str, dict[str, list[dict]]] = {}
        self.digests: dict[str, dict[str, str]] = {}
        self.changed = [t for t in own if (previous.get(t) or {}).get("own") != own[t]
                        or sorted((previous.get(t) or {}).get("rows", {})) != self.names]
        self.run_many(self.changed, self.names)
        for town in own:
            if town not in self.digests:
                self.digests[town] = dict(previous[town]["rows"])
        gone = set(previous) - set(own)
        for name in ACROSS_TOWNS:
            if name in queries and (gone or across or any((self.previous.get(t) or {}).get("rows", {}).get(name)
                                                != self.digests[t][name] for t in self.changed)):
                self.run_many([t for t in own if t not in self.changed], [name])

    def run_many(self, towns: list[str], names: list[str]) -> None:
        """The towns' rows of the queries: each query once on the whole graph when many towns need it, its rows
        shared out by town (``towns.split_rows``: the same rows as anchored on each town), else anchored."""
        if not towns or not names:
            return
        if len(towns) * WHOLE_SHARE <= len(self.own):
            # side by side (``fanout``), the comparisons first: they read every town's mentions (0.55-0.6 s each
            # for one town on disk at 3,200 towns, the others 0.01-0.3 s), so a worker free later takes the short
            # ones; in name order both ran late on one worker (1.4 s wall, 1.2 s comparisons first)
            pairs = sorted(((town, n) for town in towns for n in names), key=lambda p: p[1] not in ACROSS_TOWNS)
            ran = {(ORG + town, n): shared_rows(self.queries[n], *self.anchored[(ORG + town, n)])
                   for town, n in pairs if (ORG + town, n) in self.anchored}
            todo = [p for p in pairs if (ORG + p[0], p[1]) not in ran]
            ran.update(((ORG + t, n), rows) for (t, n), rows in zip(todo, fan_out(self.store, self._anchored, todo)))
            by_town: dict[str, dict[str, list[dict]]] = {}
            for town, name in pairs:
                by_town.setdefault(town, {})[name] = ran[(ORG + town, name)]
            for town in towns:
                self.keep(town, by_town[town])
            return
        raw = {n: shared_rows(self.queries[n], *self.catalogue[n]) if n in self.catalogue
               else run_rows(self.store, self.queries[n], self.as_of) for n in names}
        by_town, _ = split_rows(raw, {n: self.queries[n].columns for n in names}, self.town_of)
        for town in towns:
            self.keep(town, by_town.get(town) or {n: [] for n in names})

    def _anchored(self, store, pair: tuple[str, str]) -> list[dict]:
        town, name = pair
        return run_rows(store, self.queries[name], self.as_of, {"municipality": ORG + town})

    def keep(self, town: str, rows: dict[str, list[dict]]) -> None:
        self.rows.setdefault(town, {}).update(rows)
        digests = self.digests.setdefault(town, dict((self.previous.get(town) or {}).get("rows", {})))
        digests.update((n, rows_digest(n, r)) for n, r in rows.items())

    def prepare(self, towns: list[str]) -> None:
        """Run what the towns about to be rendered lack."""
        for name in self.names:
            self.run_many([t for t in towns if name not in self.rows.get(t, {})], [name])

    def hash(self, town: str) -> str:
        return digest(self.own[town], sorted(self.digests[town].items()))

    def rows_of(self, town: str) -> dict[str, list[dict]]:
        """Every query's rows for a town to be rendered (``prepare`` first)."""
        return {n: self.rows[town][n] for n in self.names}

    def state(self, town: str) -> dict:
        return {"own": self.own[town], "rows": self.digests[town], "hash": self.hash(town)}
