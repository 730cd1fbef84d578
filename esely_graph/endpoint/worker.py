"""Queries run in worker processes the server can kill.

pyoxigraph cannot be interrupted inside a thread, so each query goes to a worker process over a
pipe; when the timeout passes, the server kills that process (the work really stops) and starts
a fresh one. A worker opens the on-disk store read-only (instant) or loads a Turtle folder.

A worker first writes results in a lossless, countable form — TSV for SELECT (one line per row),
N-Triples for CONSTRUCT/DESCRIBE (one line per triple) — with pyoxigraph, into a writer that stops
at the row and byte caps, then converts that into the format the client asked for; all of it runs
under the timeout and the memory cap.
"""

from __future__ import annotations

import asyncio
import io
import multiprocessing as mp
from dataclasses import dataclass

TOO_BIG = "too_big"


class _Capped(io.RawIOBase):
    """A byte sink that stops the serialiser once it holds more than ``max_lines`` or ``max_bytes``."""

    def __init__(self, max_lines: int, max_bytes: int):
        self.buf, self.lines, self.max_lines, self.max_bytes = bytearray(), 0, max_lines, max_bytes

    def writable(self) -> bool:
        return True

    def write(self, b) -> int:
        self.buf += b
        self.lines += bytes(b).count(b"\n")
        if self.lines > self.max_lines or len(self.buf) > self.max_bytes:
            raise OverflowError(TOO_BIG)
        return len(b)


def too_big(max_rows: int, max_bytes: int) -> str:
    return (f"the result is larger than the cap ({max_rows} rows or {max_bytes} bytes); add LIMIT or narrow the "
            f"query (az eredmény túl nagy: használjon LIMIT-et)")


def _term(nt: str):
    import pyoxigraph as ox

    return next(iter(ox.parse(f"<urn:x:s> <urn:x:p> {nt} .", format=ox.RdfFormat.N_TRIPLES))).object


def answer(store, request: dict) -> tuple:
    """Run one request on a pyoxigraph store; never raises."""
    try:
        return _answer(store, request)
    except Exception as exc:  # noqa: BLE001 - a worker must answer, whatever the request
        return ("error", 500, f"the query could not be answered: {type(exc).__name__}: {exc}")


def _answer(store, request: dict) -> tuple:
    import pyoxigraph as ox

    from ..errors import EselyError
    from ..sparql_text import query_form
    from ..store import PROJECT_PREFIXES
    from .formats import accepted, choose, convert

    text = request["query"]
    options = {"prefixes": PROJECT_PREFIXES,
               "substitutions": {ox.Variable(k): _term(v) for k, v in request.get("bindings", {}).items()}}
    if request.get("default_graphs") or request.get("named_graphs"):
        options["default_graph"] = [ox.NamedNode(g) for g in request.get("default_graphs", [])] or None
        options["named_graphs"] = [ox.NamedNode(g) for g in request.get("named_graphs", [])] or None
        options = {k: v for k, v in options.items() if v is not None}
    else:
        options["use_default_graph_as_union"] = True
    try:
        query_form(text)
        result = store.query(text, **options)
        if isinstance(result, ox.QueryBoolean):
            kind, payload, count = "boolean", bool(result), 1
        elif isinstance(result, ox.QuerySolutions):
            sink = _Capped(request["max_rows"] + 1, request["max_bytes"])
            result.serialize(sink, ox.QueryResultsFormat.TSV)
            kind, payload, count = "select", bytes(sink.buf), max(sink.lines - 1, 0)
        else:
            sink = _Capped(request["max_rows"], request["max_bytes"])
            result.serialize(sink, ox.RdfFormat.N_TRIPLES)
            kind, payload, count = "graph", bytes(sink.buf), sink.lines
        # the client's format is written here too, so the timeout and the memory cap cover it
        media = choose(kind, request.get("accept"), request.get("format"))
        if media is None:
            return ("error", 406, f"no acceptable format for this {kind} result; accepted: "
                                  f"{', '.join(accepted(request.get('accept')))}")
        return ("ok", kind, convert((kind, payload), media), count, media)
    except SyntaxError as exc:  # explained by the server, not here: that takes a second parser
        return ("syntax", str(exc))
    except EselyError as exc:
        return ("error", 400, str(exc))
    except OverflowError:
        return ("error", 422, too_big(request["max_rows"], request["max_bytes"]))
    except (RuntimeError, ValueError) as exc:
        return ("error", 400, f"query failed: {exc}")
    except OSError as exc:
        return ("error", 500, f"the store could not be read: {exc}")


def worker_main(conn, source: dict) -> None:
    """Process entry: open the graph, cap its memory, say ready, answer requests until the pipe closes."""
    import resource

    import pyoxigraph as ox

    if source.get("store_dir"):
        store = ox.Store.read_only(source["store_dir"])
    else:
        from ..store import load_store

        store = load_store(source["ttl_dir"])
    if source.get("max_memory"):  # an allocation beyond it aborts this process, not the machine
        used = int(next(line for line in open("/proc/self/status") if line.startswith("VmData")).split()[1]) * 1024
        limit = used + source["max_memory"]
        resource.setrlimit(resource.RLIMIT_DATA, (limit, limit))
    conn.send(("ready",))
    while True:
        try:
            request = conn.recv()
        except (EOFError, OSError):
            return
        conn.send(answer(store, request))


@dataclass
class Worker:
    process: mp.Process
    conn: object

    def kill(self) -> None:
        self.process.kill()
        self.process.join(5)
        self.conn.close()


class WorkerPool:
    """``size`` worker processes; ``run`` sends a request to a free one and kills it on timeout."""

    def __init__(self, source: dict, size: int, timeout: float):
        self.source, self.size, self.timeout = source, size, timeout
        self.ctx = mp.get_context("spawn")
        self.idle: asyncio.Queue[Worker] = asyncio.Queue()
        self.workers: list[Worker] = []
        self.replaced = 0
        self._tasks: set = set()

    def _spawn(self) -> Worker:
        parent, child = self.ctx.Pipe()
        proc = self.ctx.Process(target=worker_main, args=(child, self.source), daemon=True)
        proc.start()
        child.close()
        if not parent.poll(120) or parent.recv() != ("ready",):
            proc.kill()
            raise RuntimeError("a query worker did not start")
        return Worker(proc, parent)

    async def start(self) -> None:
        loop = asyncio.get_running_loop()
        for w in await asyncio.gather(*(loop.run_in_executor(None, self._spawn) for _ in range(self.size))):
            self.workers.append(w)
            self.idle.put_nowait(w)

    async def _replace(self, dead: Worker) -> None:
        """Kill ``dead`` now (its query stops using the CPU); start its successor in the background."""
        loop = asyncio.get_running_loop()
        await loop.run_in_executor(None, dead.kill)
        self.workers.remove(dead)
        self.replaced += 1
        self._tasks.add(task := asyncio.ensure_future(self._respawn()))
        task.add_done_callback(self._tasks.discard)

    async def _respawn(self) -> None:
        fresh = await asyncio.get_running_loop().run_in_executor(None, self._spawn)
        self.workers.append(fresh)
        self.idle.put_nowait(fresh)

    async def run(self, request: dict) -> tuple:
        try:  # waiting for a free worker costs no CPU: allow longer than the query timeout
            worker = await asyncio.wait_for(self.idle.get(), timeout=max(30.0, 3 * self.timeout))
        except asyncio.TimeoutError:
            return ("error", 503, "the server is busy with other queries; try again shortly (a szerver foglalt)")
        loop = asyncio.get_running_loop()
        try:
            worker.conn.send(request)
            ready = await loop.run_in_executor(None, worker.conn.poll, self.timeout)
            if ready:
                response = worker.conn.recv()
                self.idle.put_nowait(worker)
                return response
        except (EOFError, OSError):
            await self._replace(worker)
            if worker.process.exitcode == -6:  # SIGABRT: an allocation failed under the memory cap
                return ("error", 503, f"the query needed more memory than the cap "
                                      f"({self.source.get('max_memory', 0) // 2**20} MB) and was stopped; narrow it "
                                      f"(a lekérdezés túllépte a memóriakorlátot)")
            return ("error", 500, "the query worker stopped; try again")
        await self._replace(worker)
        return ("error", 503, f"the query ran longer than the timeout ({self.timeout:g} s) and was stopped; "
                              f"narrow it or add LIMIT (a lekérdezés túllépte az időkorlátot)")

    def close(self) -> None:
        for w in self.workers:
            w.kill()

    def pids(self) -> list[int]:
        return [w.process.pid for w in self.workers]
