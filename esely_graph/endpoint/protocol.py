"""The SPARQL 1.1 Protocol at /sparql: GET, POST form, POST application/sparql-query; read-only.

Status codes: 200 answer; 400 bad query (syntax error with a caret, missing query); 403 update or
SERVICE not on the allow-list; 406 no acceptable format; 413 query text too long; 415 unsupported
request body; 422 result over the size cap; 429 too many requests (non-loopback binds);
503 timeout (the work was stopped) or all workers busy.
"""

from __future__ import annotations

import asyncio
from urllib.parse import parse_qs
from dataclasses import dataclass, field

from starlette.requests import Request
from starlette.responses import PlainTextResponse, RedirectResponse, Response

from ..errors import EselyError
from ..sparql_errors import explain_syntax_error
from ..sparql_text import UPDATES_REFUSED, check_service, query_form
from .formats import accepted

MAX_QUERY_CHARS = 100_000


@dataclass
class Settings:
    source: dict                      # {"store_dir": …} or {"ttl_dir": …}
    queries_dir: object = None
    timeout: float = 5.0
    max_rows: int = 100_000
    max_bytes: int = 64 * 1024 * 1024
    workers: int = 2
    cors: bool = False
    allow_service: frozenset = field(default_factory=frozenset)
    rate_per_minute: int | None = None  # None: no limit (loopback binds)
    as_of: object = None              # date for canned queries' date parameters (default: today)
    kept_out: object = None           # the project's out folder: canned queries' whole-country answers kept there
    # by the last `all` are read (``kept_answer``) while they hold; None: every query evaluated


def error(status: int, message: str) -> Response:
    return PlainTextResponse(message.rstrip("\n") + "\n", status_code=status)


def text_type(media: str) -> str:
    return f"{media}; charset=utf-8" if media.startswith("text/") or "json" in media or "xml" in media else media


async def run_query(request: Request, text: str, bindings: dict | None = None, fmt: str | None = None,
                    default_graphs=(), named_graphs=()) -> tuple[Response, tuple | None]:
    """Check, run and serialise one query; (response, the worker's ('ok', kind, body, rows, media) or None)."""
    settings: Settings = request.app.state.settings
    if len(text) > MAX_QUERY_CHARS:
        return error(413, f"the query is longer than {MAX_QUERY_CHARS} characters"), None
    try:
        query_form(text)
    except EselyError as exc:
        return error(403, str(exc)), None
    try:
        check_service(text, settings.allow_service)
    except EselyError as exc:
        return error(403, str(exc)), None
    answer = await request.app.state.pool.run({
        "query": text, "bindings": {getattr(k, "value", k): str(v) for k, v in (bindings or {}).items()},
        "max_rows": settings.max_rows, "max_bytes": settings.max_bytes, "accept": request.headers.get("accept"),
        "format": fmt, "default_graphs": list(default_graphs), "named_graphs": list(named_graphs)})
    if answer[0] == "syntax":
        explained = await asyncio.get_running_loop().run_in_executor(None, explain_syntax_error, text, answer[1])
        return error(400, explained), None
    if answer[0] == "error":
        return error(answer[1], answer[2]), None
    _, kind, body, count, media = answer
    request.state.rows = count
    return Response(body, media_type=text_type(media)), answer


async def sparql(request: Request) -> Response:
    params = request.query_params
    default_graphs, named_graphs = params.getlist("default-graph-uri"), params.getlist("named-graph-uri")
    if request.method == "GET":
        if "update" in params:
            return error(403, UPDATES_REFUSED)
        text = params.get("query")
        if text is None:
            if "text/html" in accepted(request.headers.get("accept"))[:1]:
                return RedirectResponse("/", status_code=303)
            return error(400, "missing 'query' parameter (SPARQL 1.1 Protocol: GET /sparql?query=…)")
    else:
        ctype = request.headers.get("content-type", "").split(";")[0].strip().lower()
        if ctype == "application/x-www-form-urlencoded":
            try:
                form = parse_qs((await request.body()).decode("utf-8"), keep_blank_values=True)
            except UnicodeDecodeError:
                return error(400, "the form is not valid UTF-8")
            if "update" in form:
                return error(403, UPDATES_REFUSED)
            if not form.get("query"):
                return error(400, "missing 'query' field in the form")
            text = form["query"][0]
            default_graphs = default_graphs + form.get("default-graph-uri", [])
            named_graphs = named_graphs + form.get("named-graph-uri", [])
        elif ctype == "application/sparql-query":
            try:
                text = (await request.body()).decode("utf-8")
            except UnicodeDecodeError:
                return error(400, "the query is not valid UTF-8")
        elif ctype == "application/sparql-update":
            return error(403, UPDATES_REFUSED)
        else:
            return error(415, f"unsupported Content-Type '{ctype}'; send application/sparql-query or "
                              f"application/x-www-form-urlencoded")
    response, _ = await run_query(request, text, fmt=params.get("format"),
                                  default_graphs=default_graphs, named_graphs=named_graphs)
    return response
