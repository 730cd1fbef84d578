"""`esely-graph site --serve`: the built site over HTTP, so the query page can load WebAssembly and modules.

Starlette's ``StaticFiles`` behind uvicorn — the stack the endpoint already runs (no second server to learn,
no HTTP parsing of our own): it refuses paths outside the folder, answers ``index.html`` for a folder
(``html=True``), sends ETag/Last-Modified, and takes the content type from Python's ``mimetypes``
(``application/wasm`` registered here in case the platform's table lacks it: browsers compile WebAssembly
streamed only with that type). The bind address is checked by the endpoint's ``parse_bind``, before anything
is printed or built.
"""

from __future__ import annotations

import mimetypes
import socket
from pathlib import Path

from starlette.applications import Starlette
from starlette.routing import Mount
from starlette.staticfiles import StaticFiles

from ..endpoint import open_socket, parse_bind

DEFAULT_BIND = "127.0.0.1:8000"
mimetypes.add_type("application/wasm", ".wasm")
mimetypes.add_type("text/javascript", ".js")
mimetypes.add_type("text/turtle", ".ttl")


def static_app(site_dir: Path) -> Starlette:
    return Starlette(routes=[Mount("/", StaticFiles(directory=Path(site_dir), html=True), name="site")])


def check_bind(bind: str) -> tuple[str, int]:
    host, port, _ = parse_bind(bind)
    return host, port


def serve_sock(site_dir: Path, sock: socket.socket) -> None:
    """Serve ``site_dir`` on an already bound socket until interrupted."""
    import uvicorn

    config = uvicorn.Config(static_app(site_dir), log_level="warning", access_log=False, lifespan="off")
    uvicorn.Server(config).run(sockets=[sock])


def serve_site(site_dir: Path, bind: str = DEFAULT_BIND, echo=print) -> None:
    host, port = check_bind(bind)
    sock = open_socket(host, port)
    shown = f"[{host}]" if ":" in host else host
    pages = sorted(p.relative_to(site_dir).as_posix() for p in Path(site_dir).rglob("query.html"))
    echo(f"site: http://{shown}:{port}/  " + "  ".join(f"SPARQL: http://{shown}:{port}/{p}" for p in pages)
         + "  (Ctrl-C stops it / Ctrl-C leállítja)")
    serve_sock(site_dir, sock)
