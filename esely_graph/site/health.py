"""The state of a plan in figures: overdue items, problems without a measure, incomplete measures, unreadable cells.

Every figure is the length of a list a named query returns (or, for unreadable cells, of the nodes the importer
flagged), restricted to one scope: the whole graph, one municipality or one document.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from .graphindex import E, Index
from .messages import HEALTH
from ..namespaces import BASE

FIGURE_QUERY = {"overdue": "overdue-measures", "problems": "problems-without-measure", "owner": "measures-incomplete",
                "deadline": "measures-incomplete", "indicator": "measures-incomplete",
                "resource": "measures-incomplete", "unreadable": None}


@dataclass
class Status:
    """The named queries' verdicts, by item."""
    overdue: dict = field(default_factory=dict)  # item -> (days late, end date)
    missing: dict = field(default_factory=dict)  # measure -> [template element]
    problems: set = field(default_factory=set)  # problems no measure answers
    unreadable: list = field(default_factory=list)  # (node, entity it belongs to)


def compute_status(raw: dict[str, list[dict]], idx: Index, entity_of) -> Status:
    st = Status()
    for r in raw.get("overdue-measures", []):
        st.overdue[r["item"]] = (int(r["days_overdue"]), r["deadline_end"])
    for r in raw.get("measures-incomplete", []):
        st.missing.setdefault(r["measure"], []).append(r["missing"])
    st.problems = {r["problem_iri"] for r in raw.get("problems-without-measure", [])}
    for s in sorted(idx.sp):
        if E + "Unreadable" in idx.values(s, E + "flag"):
            st.unreadable.append((s, entity_of(s)))
    return st


def owner_of_node(ents: dict):
    def entity_of(node: str) -> str | None:
        target = node
        while target not in ents and "/" in target[len(BASE):]:
            target = target.rsplit("/", 1)[0]
        return target if target in ents else None
    return entity_of


@dataclass
class Figure:
    key: str
    words: tuple[str, str]
    count: int
    page: str  # the list behind it, relative to the language root
    items: list = field(default_factory=list)


def scope_filter(ents: dict, scope: str | None):
    """A predicate on entity IRIs: in this municipality or document (None: everywhere)."""
    town = ents[scope].area if scope is not None and ents[scope].kind == "municipality" else None

    def inside(iri: str | None) -> bool:
        if scope is None:
            return True
        e = ents.get(iri)
        return e is not None and (scope in (e.document, e.municipality, e.iri) or e.area == town)
    return inside


def figure_page(ents: dict, scope: str | None, key: str) -> str:
    """The list behind a figure, relative to the language root: in the scope's town folder (all: at the top)."""
    if scope is None:
        return f"health/all-{key}.html"
    return f"{ents[scope].area}/health/{ents[scope].page[:-5]}-{key}.html"


def figures(st: Status, ents: dict, scope: str | None) -> list[Figure]:
    inside = scope_filter(ents, scope)
    lists = {
        "overdue": [i for i in st.overdue if inside(i)],
        "problems": [p for p in st.problems if inside(p)],
        "unreadable": [n for n, owner in st.unreadable if inside(owner)],
    }
    for key in ("owner", "deadline", "indicator", "resource"):
        lists[key] = [m for m, miss in st.missing.items() if key in miss and inside(m)]
    return [Figure(key, words, len(lists[key]), figure_page(ents, scope, key), sorted(lists[key]))
            for key, words in HEALTH]


def scopes(ents: dict) -> list[str]:
    """The town and its documents: each has its figures and the lists behind them."""
    return sorted(e.iri for e in ents.values() if e.kind in ("municipality", "document"))
