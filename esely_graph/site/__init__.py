"""The cross-reference site: Hungarian pages under hu/, English under en/, per-item Turtle and JSON-LD under data/.

Gather once, render many: every triple is read from the store once into an index (graphindex), the named
queries give the plan's state (health), and pages are rendered from both with jinja2 (autoescape on). Entity
pages link each other both ways by construction. The tree is written to a temporary directory beside the
output and swapped into place only when every page rendered (output).
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from pathlib import Path

from ..queries import load_queries, run_catalogue
from ..site_query import add_query_page
from ..store import load_store, read_graph
from ..validate import Report
from .chain import owners
from .entity_pages import write_entity_pages
from .graphindex import load_index, page_name
from .health import compute_status, owner_of_node
from .model import classify, gather
from .other_pages import (
    write_coverage,
    write_index,
    write_kinds,
    write_ontology,
    write_timeline,
)
from .output import write_tree_atomically
from .query_pages import QueryPages
from .render import Writer
from .search import search_files
from .source_pages import write_source_pages
from .tables import as_records

__all__ = ["build_site", "page_name"]
STATIC = Path(__file__).resolve().parent.parent / "templates" / "static"


def named_results(store, queries: dict, as_of: dt.date) -> dict[str, list[dict]]:
    """Every named query that needs no value from a user, run once."""
    return {name: as_records(*result) for name, result in run_catalogue(store, queries, as_of).items()}


def build_site(data_dir: Path, out_dir: Path, shapes_dir: Path, query_dir: Path, ontology_file: Path,
               report: Report | None, as_of: dt.date) -> dict:
    store = load_store(data_dir)
    onto = read_graph(ontology_file)
    idx = load_index(store)
    queries = load_queries(query_dir)
    raw = named_results(store, queries, as_of)
    status = compute_status(raw, idx, owner_of_node(classify(idx)))
    ents = gather(idx, report, status)
    counts = {}

    def fill(tmp: Path) -> None:
        w = Writer(tmp, ents, {"as_of": as_of.isoformat(), "idx": idx,
                               "owners": lambda iri: owners(idx, iri)})
        for f in sorted(STATIC.iterdir()):
            if f.is_file():
                w.file(f"static/{f.name}", f.read_bytes())
        index_js, docs_js = search_files(ents)
        w.file("static/search-index.js", index_js)
        w.file("static/search-docs.js", docs_js)
        write_entity_pages(w, store, idx, ents, status)
        qp = QueryPages(w, queries, raw, ents, status, lambda iri: owners(idx, iri))
        qp.write()
        gaps, plain = qp.listed()
        write_index(w, ents, status, gaps, plain)
        write_coverage(w, ents, idx)
        write_timeline(w, ents, idx, status, as_of)
        write_ontology(w, onto, shapes_dir)
        write_kinds(w, ents)
        write_source_pages(w, idx, ents)
        w.page("search.html", "search.html.j2")
        for lang in ("hu", "en"):  # SPARQL in the browser: <lang>/query.html, graph files and scripts in sparql/
            add_query_page(tmp / lang, data_dir, query_dir, lang, assets_dir=tmp / "sparql")
        (tmp / "index.html").write_text(w.env.get_template("landing.html.j2").render(), encoding="utf-8")
        counts["pages"] = w.pages + 1

    write_tree_atomically(out_dir, fill)
    by_kind = Counter(e.kind for e in ents.values())
    return {"pages": counts["pages"], "entities": len(ents), "by_kind": dict(sorted(by_kind.items()))}
