"""SPARQL in the static site: a query page that runs the named queries and the reader's own SPARQL in the
browser, on Oxigraph's WebAssembly build, with the YASGUI editor.

``add_query_page(site_dir, ttl_dir, queries_dir, lang)`` writes into a built site folder:

- ``query.html`` — the page (jinja2, autoescape); the named queries with their headers (title, answers,
  params, columns) and text are embedded in it as JSON, so nothing but the graph is fetched;
- ``sparql/graph/all.ttl`` and ``sparql/graph/<municipality>.ttl`` — the graph to load, written with
  pyoxigraph's Turtle serialiser (one town: the selection of ``esely-graph export --municipality``, made
  for all towns in one pass by ``split``);
- ``sparql/oxigraph/`` (the vendored npm package ``oxigraph``: ``web.js``, ``web_bg.wasm``, licence),
  ``sparql/yasgui/`` (the endpoint's vendored YASGUI files, copied, not vendored twice), ``sparql/query.js``.

The page needs an HTTP origin (browsers load neither WebAssembly nor module scripts from ``file://``):
``esely-graph site --serve`` hosts the site (``site_query.serve``). Opened from disk the page says so, in
Hungarian and English; the other pages of the site need no JavaScript and keep working from disk.
"""

from __future__ import annotations

import json
import os
import shutil
from pathlib import Path

import jinja2
import pyoxigraph as ox

from ..address import CANDIDATES, municipalities as town_list
from ..export import PREFIXES, quads
from ..queries import load_queries
from ..store import PROJECT_PREFIXES, load_store, select
from .split import triples_by_municipality

HERE = Path(__file__).resolve().parent
OXIGRAPH = HERE / "vendor" / "oxigraph"
YASGUI = HERE.parent / "endpoint" / "static"
YASGUI_FILES = ("yasgui.min.js", "yasgui.min.css", "LICENSE-yasgui.txt")
STATIC = HERE / "static"
LANGS = ("hu", "en")
OTHER = {"hu": "en", "en": "hu"}

DOCUMENTS = """
PREFIX esely: <https://w3id.org/esely/ontology#>
PREFIX dcterms: <http://purl.org/dc/terms/>
SELECT DISTINCT ?id WHERE { ?doc esely:municipality ?m ; dcterms:identifier ?id } ORDER BY ?id
"""


def choices(ttl_dir) -> tuple[dict[str, str], dict[str, list[str]]]:
    """(town id -> label, the values offered for the parameters municipality, county and document):
    what ``address.resolve_params`` would turn a typed address into, so the page binds the same terms.
    ``ttl_dir``: the Turtle folder or a store already loaded from it."""
    store = ttl_dir if isinstance(ttl_dir, ox.Store) else load_store(ttl_dir)
    towns = town_list(store)
    labels = {m.iri.rstrip("/").rsplit("/", 1)[-1]: m.label for m in towns}
    docs = [r["id"].value for r in select(store, DOCUMENTS)[1]]
    return labels, {"municipality": sorted(m.label for m in towns),
                    "county": sorted({m.county for m in towns if m.county}), "document": docs}


def write_graph(path: Path, triples) -> int:
    """One Turtle file; returns the number of triples written."""
    count = 0

    def counted():
        nonlocal count
        for t in triples:
            count += 1
            yield t

    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("wb") as out:
        ox.serialize(counted(), out, format=ox.RdfFormat.TURTLE, prefixes=PREFIXES)
    return count


def _script_json(value) -> str:
    """JSON safe inside a <script> element."""
    return json.dumps(value, ensure_ascii=False).replace("<", "\\u003c").replace(">", "\\u003e")


def _copy(src: Path, dst: Path) -> None:
    dst.parent.mkdir(parents=True, exist_ok=True)
    shutil.copyfile(src, dst)


def add_query_page(site_dir: Path, ttl_dir: Path, queries_dir: Path, lang: str,
                   assets_dir: Path | None = None) -> dict:
    """Write ``query.html`` into ``site_dir`` and its graph files and scripts into ``assets_dir``
    (default ``site_dir/sparql``; give one shared folder when several language folders get a page)."""
    if lang not in LANGS:
        raise ValueError(f"lang must be one of {LANGS}")
    site_dir, ttl_dir = Path(site_dir), Path(ttl_dir)
    assets = Path(assets_dir) if assets_dir is not None else site_dir / "sparql"
    labels, offered = choices(ttl_dir)
    graphs = [{"id": "", "label": None, "file": "graph/all.ttl",
               "triples": write_graph(assets / "graph" / "all.ttl", (q.triple for q in quads(ttl_dir)))}]
    for ident, triples in triples_by_municipality(ttl_dir).items():
        graphs.append({"id": ident, "label": labels.get(ident, ident), "file": f"graph/{ident}.ttl",
                       "triples": write_graph(assets / "graph" / f"{ident}.ttl", triples)})
    return write_query_page(site_dir, lang, graphs, offered, queries_dir, assets)


def write_query_page(site_dir: Path, lang: str, graphs: list[dict], offered: dict, queries_dir: Path,
                     assets: Path) -> dict:
    """The page and its scripts, for graph files already written into ``assets/graph`` (``graphs``: id, label,
    file, triples; id "" is the whole graph) and the parameter values ``offered`` (``choices``)."""
    site_dir, assets = Path(site_dir), Path(assets)
    for name in ("web.js", "web_bg.wasm", "LICENSE-oxigraph.txt"):
        _copy(OXIGRAPH / name, assets / "oxigraph" / name)
    for name in YASGUI_FILES:
        _copy(YASGUI / name, assets / "yasgui" / name)
    for src in sorted(STATIC.iterdir()):
        _copy(src, assets / src.name)
    queries = [{"name": q.name, "title": q.title, "answers": q.answers, "columns": list(q.columns),
                "params": [{"name": p.name, "type": p.type, "default": p.default, "doc": p.doc} for p in q.params],
                "text": q.text} for q in load_queries(queries_dir).values()]
    env = jinja2.Environment(loader=jinja2.FileSystemLoader(HERE / "templates"), autoescape=True,
                             keep_trailing_newline=True)
    rel = Path(os.path.relpath(assets, site_dir)).as_posix()
    page = env.get_template("query.html.j2").render(
        lang=lang, assets=rel, graphs=graphs, queries=queries,
        other=f"../{OTHER[lang]}/query.html" if site_dir.name == lang else None,
        config_json=_script_json({"graphs": graphs, "queries": queries, "prefixes": PROJECT_PREFIXES, "choices": offered, "candidates": CANDIDATES,
                                  "lang": lang, "assets": rel}))
    (site_dir / "query.html").write_text(page, encoding="utf-8")
    return {"page": site_dir / "query.html", "graphs": len(graphs), "queries": len(queries)}
