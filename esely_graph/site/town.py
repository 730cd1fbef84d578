"""One municipality's pages, from its slice of the graph: its entities (and its views of the national target groups
and programmes it names), its source rows, its named-query tables and plan-health lists, its overview, coverage,
timeline, per-kind lists and search, its SPARQL graph file; all under ``<lang>/<town>/``, ``data/<town>/`` and
``sparql/graph/<town>.ttl``. Returns what the national pages say about the town."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path

from ..site_query import write_graph
from .chain import owners
from .entity_pages import write_entity_pages
from .graphindex import BASE, Index, Layered, load_index
from .health import compute_status, figures, owner_of_node
from .languages import side_by_side
from .linkeddata import by_subject
from .model import NATIONAL, classify, gather
from .other_pages import write_coverage, write_index, write_kinds, write_timeline
from .query_pages import QueryPages
from .render import Writer
from .search import search_files
from .source_pages import write_source_pages


@dataclass
class Nation:
    """What every town's pages share: the national index (ontology, target groups, programmes), the national
    entities and their kinds, their triples by subject, the named queries, the day, the compiled templates."""
    idx: Index
    ents: dict
    kinds: dict
    subjects: dict
    whole: list
    queries: dict
    as_of: dt.date
    env: object


def town_paths(town: str) -> list[str]:
    """Everything a town's render writes, relative to the site's root."""
    return [f"hu/{town}", f"en/{town}", f"data/{town}", f"sparql/graph/{town}.ttl"]


def render_town(tmp: Path, town: str, own: list, raw: dict, findings: list, nation: Nation,
                split: bool = False) -> dict:
    """``split``: the two languages' pages side by side (``languages.side_by_side``)."""
    idx = load_index(own, nation.idx)
    kinds = classify(idx, nation.kinds)
    status = compute_status(raw, idx, owner_of_node(kinds))
    ents = gather(idx, findings, status, kinds, area=town)
    muni = BASE + "org/" + town
    if muni not in ents:
        raise ValueError(f"{town}: its municipality {muni} has no page")
    prefix = f"{town}/"
    links = Layered(ents, nation.ents)  # what a page links to: the town's entities, else the national pages
    w = Writer(tmp, links, {"as_of": nation.as_of.isoformat(), "idx": idx, "owners": lambda iri: owners(idx, iri),
                           "town": ents[muni].label()}, area=town, env=nation.env)
    with side_by_side(w, split):  # Hungarian here, English in a child (``languages``)
        write_entity_pages(w, by_subject(own, nation.subjects), idx, ents, status,
                           extra=lambda e: {"national": f"{NATIONAL}/e/{e.page}"} if e.iri in nation.kinds else {})
        qp = QueryPages(w, nation.queries, raw, links, status, lambda iri: owners(idx, iri), prefix)
        qp.write()
        gaps, plain = qp.listed()
        write_index(w, ents, status, gaps, plain, muni, prefix)
        coverage, hep = write_coverage(w, ents, idx, prefix)
        deadlines, overdue = write_timeline(w, ents, idx, status, nation.as_of, prefix)
        counts = write_kinds(w, ents, prefix)
        write_source_pages(w, idx, ents)
        w.page(f"{prefix}search.html", "search.html.j2", index_stem=prefix)
    index_js, docs_js = search_files(ents, href=lambda e: "e/" + e.page)
    w.file(f"data/{town}/search-index.js", index_js)
    w.file(f"data/{town}/search-docs.js", docs_js)
    graph_triples = write_graph(tmp / "sparql" / "graph" / f"{town}.ttl", nation.whole + own)
    docs = sorted((e for e in ents.values() if e.kind == "document"), key=lambda e: e.short["hu"])
    return {"town": town, "iri": muni, "labels": ents[muni].labels, "page": ents[muni].page,
            "docs": [{"iri": d.iri, "labels": d.labels, "short": d.short, "page": d.page} for d in docs],
            "figures": {f.key: f.count for f in figures(status, ents, muni)},
            "queries": {name: len(rows) for name, rows in raw.items()},
            "kinds": counts, "coverage": coverage, "hep": hep, "deadlines": deadlines, "overdue": overdue,
            "shared": {e.iri: len({s for _, _, s in e.inn}) for e in ents.values() if e.iri in nation.kinds},
            "pages": w.pages, "graph_triples": graph_triples}
