"""The named queries (queries/*.rq) as canned queries with their own URLs, and the query UI.

``/queries`` lists them from their headers; ``/queries/NAME?param=value`` runs one with the
parameters bound as RDF terms by ``queries.bind_params`` (never pasted into the text), as an HTML
table, CSV (the same bytes as ``esely-graph query NAME --format csv``) or SPARQL JSON.
The HTML page shows the query text and opens it in the query UI (YASGUI, vendored, offline). A query asked with no
parameter but its defaults is answered from the whole-country results the last `all` kept while they hold
(``kept_answer``: the same bytes as an evaluated answer, under the same caps), else evaluated in a worker.
"""

from __future__ import annotations

import asyncio
import datetime as dt
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
from .formats import accepted, choose, convert, rows_of
from .protocol import error, run_query, text_type
from .worker import too_big

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
    kept = await _kept(request, q, given, fmt)  # the whole-country answer the last `all` kept, while it holds
    if isinstance(kept, Response):
        return kept
    if kept is None:
        text, rest = anchored(q.text, bindings)  # a given municipality's IRI written in: the query starts there
        response, answer = await run_query(request, text, rest, fmt="tsv" if fmt == "html" else fmt)
        if answer is None or fmt == "json":
            return response
        csv_body, tsv = (csv_text(answer[2]) if fmt == "csv" else None), answer[2]
    else:
        csv_body, tsv = kept
    if fmt == "csv":  # written by pyoxigraph, with the CLI's line ends
        return Response(csv_body, media_type="text/csv; charset=utf-8",
                        headers={"Content-Disposition": f'inline; filename="{name}.csv"'})
    names, rows = rows_of(tsv)
    page = TEMPLATES.get_template("query.html.j2").render(
        q=q, names=names, rows=[[term_value(r[n]) for n in names] for r in rows], values=values,
        ui_link=ui_link(substitute(q.text, bindings), q.title),
        csv_link=f"/queries/{name}?" + urlencode({**given, "format": "csv"}),
        json_link=f"/queries/{name}?" + urlencode({**given, "format": "json"}))
    return HTMLResponse(page)


async def _kept(request: Request, q, given: dict[str, str], fmt: str):
    """The query's whole-country answer from the results the last `all` kept (``kept_answer``), as ``canned`` takes
    it: (the CSV's bytes, None) for csv, (None, the TSV) for the HTML page, a response for JSON or for an answer over
    the caps (refused as the worker refuses an evaluated one); None: it is not kept, or no longer holds."""
    settings = request.app.state.settings
    if settings.kept_out is None or "store_dir" not in settings.source:
        return None

    def read():  # off the event loop: files read, and for JSON the TSV written again by pyoxigraph
        from ..kept_answer import kept

        answer = kept(Path(settings.kept_out), Path(settings.source["store_dir"]), _queries(request), q.name, given,
                      settings.as_of or dt.date.today())
        if answer is None or answer.total > settings.max_rows:
            return answer
        if fmt == "csv":
            return answer, answer.csv()
        if fmt == "json":
            media = choose("select", request.headers.get("accept"), "json")
            return answer, convert(("select", answer.tsv()), media), media
        return answer, answer.tsv()

    got = await asyncio.get_running_loop().run_in_executor(None, read)
    if got is None:
        return None
    if not isinstance(got, tuple) or len(got[1]) > settings.max_bytes:
        return error(422, too_big(settings.max_rows, settings.max_bytes))
    request.state.rows = got[0].total
    if fmt == "json":
        return Response(got[1], media_type=text_type(got[2]))
    return (got[1], None) if fmt == "csv" else (None, got[1])


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
