"""The named queries (queries/*.rq) as canned queries with their own URLs, and the query UI.

``/queries`` lists them from their headers; ``/queries/NAME?param=value`` runs one with the
parameters bound as RDF terms by ``queries.bind_params`` (never pasted into the text), as an HTML
table, CSV (the same bytes as ``esely-graph query NAME --format csv``) or SPARQL JSON.
The HTML page shows the query text and opens it in the query UI (YASGUI, vendored, offline).
"""

from __future__ import annotations

import json
from pathlib import Path
from urllib.parse import quote, urlencode

from jinja2 import Environment, FileSystemLoader, select_autoescape
from starlette.requests import Request
from starlette.responses import HTMLResponse, JSONResponse, Response

from ..errors import EselyError
from ..queries import bind_params, load_queries, term_value
from ..sparql_output import csv_text
from ..sparql_text import anchored, substitute
from ..store import PROJECT_PREFIXES
from .formats import accepted, rows_of
from .protocol import error, run_query

TEMPLATES = Environment(loader=FileSystemLoader(Path(__file__).parent / "templates"),
                        autoescape=select_autoescape(default=True, default_for_string=True))
PROLOGUE = "".join(f"PREFIX {p}: <{ns}>\n" for p, ns in PROJECT_PREFIXES.items())


def _queries(request: Request) -> dict:
    return load_queries(request.app.state.settings.queries_dir)


def ui_link(text: str, title: str) -> str:
    """A link that opens ``text`` in a new tab of the query UI (YASGUI reads the URL fragment)."""
    return "/#" + urlencode({"query": text, "tabTitle": title}, quote_via=quote)


async def ui(request: Request) -> Response:
    examples = [{"name": q.name, "title": q.title, "answers": q.answers, "text": q.text}
                for q in _queries(request).values()]
    default = PROLOGUE + "\nSELECT ?measure ?code ?title WHERE {\n  ?measure a esely:Measure ; esely:code ?code ;" \
                         " dcterms:title ?title .\n} LIMIT 20\n"
    page = TEMPLATES.get_template("ui.html.j2").render(examples=examples, examples_json=_script_json(examples),
                                                       default_query=_script_json(default))
    return HTMLResponse(page)


def _script_json(value) -> str:
    """JSON safe inside a <script> element (no '</script>' can close it)."""
    return json.dumps(value, ensure_ascii=False).replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")


async def listing(request: Request) -> Response:
    queries = _queries(request)
    items = [{"name": q.name, "title": q.title, "answers": q.answers, "columns": list(q.columns),
              "params": [{"name": p.name, "type": p.type, "default": p.default, "doc": p.doc} for p in q.params],
              "url": f"/queries/{q.name}"} for q in queries.values()]
    if _wants(request, ("json", "application/json")) == "json":
        return JSONResponse(items)
    return HTMLResponse(TEMPLATES.get_template("queries.html.j2").render(items=items))


def _wants(request: Request, options: tuple[str, ...]) -> str:
    fmt = request.query_params.get("format")
    if fmt:
        return fmt.lower()
    for media in accepted(request.headers.get("accept")):
        if media in ("text/html", "*/*"):
            return "html"
        if media == "text/csv":
            return "csv"
        if media in ("application/json", "application/sparql-results+json"):
            return "json"
    return "html"


async def canned(request: Request) -> Response:
    settings = request.app.state.settings
    name = request.path_params["name"]
    queries = _queries(request)
    if name not in queries:
        return error(404, f"unknown query '{name}'; see /queries (ismeretlen lekérdezés)")
    q = queries[name]
    given = {k: v for k, v in request.query_params.items() if k != "format"}
    fmt = _wants(request, ())
    if fmt not in ("html", "csv", "json"):
        return error(406, f"unknown format '{fmt}'; expected html, csv or json")
    values = {p.name: given.get(p.name, p.default or "") for p in q.params}
    try:
        given = _resolved(settings, q, given)
        bindings = bind_params(q, given, today=settings.as_of)
    except EselyError as exc:
        if fmt != "html":
            return error(400, str(exc))
        page = TEMPLATES.get_template("query.html.j2").render(q=q, names=[], rows=[], values=values,
                                                              problem=str(exc), ui_link=ui_link(q.text, q.title))
        return HTMLResponse(page, status_code=400)
    text, rest = anchored(q.text, bindings)  # a given municipality's IRI written in: the query starts there
    response, answer = await run_query(request, text, rest, fmt="tsv" if fmt == "html" else fmt)
    if answer is None or fmt == "json":
        return response
    if fmt == "csv":  # written by pyoxigraph in the worker, with the CLI's line ends
        return Response(csv_text(answer[2]), media_type="text/csv; charset=utf-8",
                        headers={"Content-Disposition": f'inline; filename="{name}.csv"'})
    names, rows = rows_of(answer[2])
    page = TEMPLATES.get_template("query.html.j2").render(
        q=q, names=names, rows=[[term_value(r[n]) for n in names] for r in rows], values=values,
        ui_link=ui_link(substitute(q.text, bindings), q.title),
        csv_link=f"/queries/{name}?" + urlencode({**given, "format": "csv"}),
        json_link=f"/queries/{name}?" + urlencode({**given, "format": "json"}))
    return HTMLResponse(page)


def _resolved(settings, q, given: dict[str, str]) -> dict[str, str]:
    """Addresses (a municipality's name, a county, trace's measure code) resolved as the CLI resolves
    them (address.resolve_params), on a read-only view of the served graph."""
    from ..address import resolve_params
    from ..store import open_graph

    if not any(k in given for k in ("municipality", "county", "node")):
        return given
    src = settings.source
    graph = open_graph(store_dir=src["store_dir"]) if "store_dir" in src else open_graph(src["ttl_dir"])
    return resolve_params(graph, q, given)
