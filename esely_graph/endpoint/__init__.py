"""`esely-graph serve`: the graph as a SPARQL 1.1 Protocol endpoint for researchers.

pyoxigraph answers, Starlette routes, uvicorn serves (no HTTP parsing of our own). Queries run in
worker processes (``worker``) that are killed on timeout; ``protocol`` is /sparql, ``canned``
the named queries and the query UI, ``formats`` content negotiation. This module assembles the
application: request log, per-client rate limit (non-loopback binds), CORS, static files.
"""

from __future__ import annotations

import contextlib
import ipaddress
import socket
import sys
import time
from pathlib import Path

from starlette.applications import Starlette
from starlette.middleware import Middleware
from starlette.middleware.cors import CORSMiddleware
from starlette.requests import Request
from starlette.responses import JSONResponse, PlainTextResponse, Response
from starlette.routing import Mount, Route
from starlette.staticfiles import StaticFiles

from ..errors import EselyError
from .canned import canned, listing, ui
from .protocol import Settings, sparql
from .worker import WorkerPool

STATIC = Path(__file__).parent / "static"


def parse_bind(bind: str) -> tuple[str, int, bool]:
    """'HOST:PORT' (IPv6 as '[::1]:PORT') -> (host, port, is_loopback); clear error otherwise."""
    host, sep, port_text = bind.rpartition(":")
    if not sep or not host:
        raise EselyError(f"--bind '{bind}': expected HOST:PORT, e.g. 127.0.0.1:7878")
    host = host[1:-1] if host.startswith("[") and host.endswith("]") else host
    if not port_text.isdigit() or not 0 < int(port_text) < 65536:
        raise EselyError(f"--bind '{bind}': the port must be a number from 1 to 65535")
    if host == "localhost":
        return "127.0.0.1", int(port_text), True
    try:
        address = ipaddress.ip_address(host)
    except ValueError:
        raise EselyError(f"--bind '{bind}': '{host}' is not an IP address (or localhost)") from None
    return host, int(port_text), address.is_loopback


def open_socket(host: str, port: int) -> socket.socket:
    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    sock = socket.socket(family, socket.SOCK_STREAM)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    try:
        sock.bind((host, port))
    except OSError as exc:
        sock.close()
        raise EselyError(f"cannot listen on {host}:{port}: {exc.strerror} (a cím nem használható)") from None
    return sock


class RateLimit:
    """A token bucket per client address: ``per_minute`` requests, refilled continuously."""

    def __init__(self, per_minute: int):
        self.rate, self.capacity = per_minute / 60.0, float(per_minute)
        self.buckets: dict[str, tuple[float, float]] = {}

    def allow(self, client: str, now: float | None = None) -> bool:
        now = time.monotonic() if now is None else now
        tokens, last = self.buckets.get(client, (self.capacity, now))
        tokens = min(self.capacity, tokens + (now - last) * self.rate)
        if len(self.buckets) > 10_000:
            self.buckets.clear()
        if tokens < 1:
            self.buckets[client] = (tokens, now)
            return False
        self.buckets[client] = (tokens - 1, now)
        return True


class RequestLog:
    """ASGI middleware: one log line per request (time, client, method, path, status, duration, rows)."""

    def __init__(self, app, rate: RateLimit | None = None, stream=None):
        self.app, self.rate, self.stream = app, rate, stream or sys.stderr

    async def __call__(self, scope, receive, send):
        if scope["type"] != "http":
            return await self.app(scope, receive, send)
        t0, status = time.perf_counter(), {"code": 500}
        client = (scope.get("client") or ("-", 0))[0]

        async def send_status(message):
            if message["type"] == "http.response.start":
                status["code"] = message["status"]
            await send(message)

        if self.rate is not None and not self.rate.allow(client):
            await PlainTextResponse("too many requests from this address; slow down (túl sok kérés)\n",
                                    status_code=429, headers={"Retry-After": "5"})(scope, receive, send_status)
        else:
            await self.app(scope, receive, send_status)
        rows = scope.get("state", {}).get("rows", "-")
        stamp = time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime())
        self.stream.write(f"{stamp} {client} {scope['method']} {scope['path']} {status['code']} "
                          f"{time.perf_counter() - t0:.3f}s rows={rows}\n")
        self.stream.flush()


async def status(request: Request):
    pool: WorkerPool = request.app.state.pool
    return JSONResponse({"workers": pool.pids(), "replaced": pool.replaced,
                         "timeout": request.app.state.settings.timeout,
                         "max_rows": request.app.state.settings.max_rows})


def create_app(settings: Settings, log_stream=None) -> Starlette:
    @contextlib.asynccontextmanager
    async def lifespan(app):
        app.state.settings = settings
        app.state.pool = WorkerPool(settings.source, settings.workers, settings.timeout)
        await app.state.pool.start()
        try:
            yield
        finally:
            app.state.pool.close()

    middleware = [Middleware(RequestLog, rate=RateLimit(settings.rate_per_minute) if settings.rate_per_minute
                             else None, stream=log_stream)]
    if settings.cors:
        middleware.append(Middleware(CORSMiddleware, allow_origins=["*"], allow_methods=["GET", "POST"],
                                     allow_headers=["*"], expose_headers=["Content-Type"]))
    routes = [Route("/", ui), Route("/sparql", sparql, methods=["GET", "POST"]),
              Route("/queries", listing), Route("/queries/{name}", canned), Route("/status", status),
              Route("/favicon.ico", lambda request: Response(status_code=204)),
              Mount("/static", StaticFiles(directory=STATIC), name="static")]
    return Starlette(routes=routes, middleware=middleware, lifespan=lifespan)


def run(settings: Settings, sock: socket.socket) -> None:
    """Serve until interrupted, on an already bound socket."""
    import uvicorn

    config = uvicorn.Config(create_app(settings), log_level="warning", access_log=False, lifespan="on")
    uvicorn.Server(config).run(sockets=[sock])
