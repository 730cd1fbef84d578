"""Which town a node, a query row or a finding belongs to, and a town's slice of the site's inputs.

The site is sharded by municipality: each town's pages are rendered from its own triples (``site_query.split``),
its rows of the named queries and its validation findings, into its own folder named by the town's id (the last
segment of its IRI ``…/org/<id>``, the id ``export --municipality`` and the query page use).
"""

from __future__ import annotations

import hashlib
from collections import defaultdict

from ..namespaces import BASE
from ..state_file import values_digest

ORG, STRATEGY, RESOLUTION = BASE + "org/", BASE + "strategy/", BASE + "resolution/"
MAX_TOWN_ROWS = 500  # a query's rows shown for one town (pairwise comparisons return a row per other town)


class TownOf:
    """Node IRI -> town id, from the IRI itself: ``…/org/<town>…``, ``…/strategy/<town>/…``,
    ``…/resolution/<town>/…``, or a node under one of the town's documents (``split``: the towns and
    ``doc_towns``, as ``site.inputs.Slices`` has them)."""

    def __init__(self, split):
        self.towns = set(split.docs)
        self.doc_towns = {d: min(t) for d, t in split.doc_towns.items() if t}
        self.identifiers = split.identifiers  # a document's identifier (the queries' "document" column) -> town

    def __call__(self, iri: str | None) -> str | None:
        if not iri or not iri.startswith(BASE):
            return None
        for base in (ORG, STRATEGY, RESOLUTION):
            if iri.startswith(base):
                head = iri[len(base):].partition("/")[0]
                if head in self.towns:
                    return head
        i = iri.find("/", len(BASE))
        while i != -1:
            i = iri.find("/", i + 1)
            town = self.doc_towns.get(iri if i == -1 else iri[:i])
            if town:
                return town
        return None


def split_rows(raw: dict[str, list[dict]], columns: dict[str, list[str]], town_of: TownOf):
    """(town -> query -> rows, query -> rows of no town). A row belongs to the town of its first IRI column that
    names one, else of its document, else of its municipality's name (as the other rows say it)."""
    towns: dict[str, dict[str, list[dict]]] = defaultdict(lambda: {name: [] for name in raw})
    national: dict[str, list[dict]] = {name: [] for name in raw}
    by_label: dict[str, str] = {}
    pending = []
    for name, rows in raw.items():
        iri_cols = [c for c in columns[name] if c.endswith("_iri") or c in ("measure", "item", "node")]
        for r in rows:
            town = next((t for t in (town_of(r.get(c)) for c in iri_cols) if t), None) \
                or town_of.identifiers.get(r.get("document"))
            if town and r.get("municipality"):
                by_label.setdefault(r["municipality"], town)
            pending.append((name, r, town))
    for name, r, town in pending:
        town = town or by_label.get(r.get("municipality"))
        (national[name] if town is None else towns[town][name]).append(r)
    return towns, national


def shown_rows(raw: dict[str, list[dict]]) -> dict[str, list[dict]]:
    """What a town's tables show: at most MAX_TOWN_ROWS rows of a query, in the query's order."""
    return {name: rows[:MAX_TOWN_ROWS] for name, rows in raw.items()}


def split_findings(findings, town_of: TownOf) -> dict[str, list]:
    out = defaultdict(list)
    for f in (findings.findings if findings is not None else []):
        out[town_of(f.focus)].append(f)
    return out


def digest(*parts) -> str:
    """A content hash of a town's inputs: its triples (N-Triples, sorted), its rows, its findings, the code."""
    h = hashlib.sha256()
    for part in parts:
        if isinstance(part, bytes):
            h.update(part)
        elif isinstance(part, (list, tuple)):
            for item in part:
                h.update(str(item).encode("utf-8"))
                h.update(b"\n")
        else:
            h.update(repr(part).encode("utf-8"))
        h.update(b"\0")
    return h.hexdigest()


def findings_digest(findings) -> bytes:
    """A content hash of findings (``validate.Finding``: tuples of strings, numbers and None) as plain values: their
    text form, ``digest``'s way, cost 0.6 s for the 98,500 findings of 3,200 towns on every update."""
    return values_digest([tuple(f) for f in findings])


def triples_digest(triples) -> str:
    return hashlib.sha256("\n".join(sorted(str(t) for t in triples)).encode("utf-8")).hexdigest()
