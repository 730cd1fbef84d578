"""Publish the graph to a store someone already runs, through the SPARQL 1.1 Graph Store HTTP Protocol.

One named graph per Turtle file (``disk_store.graph_name``), replaced with PUT only when the file's
SHA-256 differs from the one recorded at the last publish; graphs of files that are gone are
DELETEd. The hashes live in one small graph on the store (``VERSIONS_GRAPH``:
``<graph> dcterms:hasVersion "sha256:…"``), written last, so an interrupted publish re-sends what
it could not confirm.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

import httpx
import pyoxigraph as ox

from .disk_store import GRAPH_BASE, file_hash, graph_name
from .errors import EselyError
from .store import ttl_files

VERSIONS_GRAPH = ox.NamedNode(GRAPH_BASE + "esely-graph-versions")
HAS_VERSION = ox.NamedNode("http://purl.org/dc/terms/hasVersion")


@dataclass
class PublishReport:
    uploaded: list[str] = field(default_factory=list)
    removed: list[str] = field(default_factory=list)
    unchanged: list[str] = field(default_factory=list)


def default_graph_store(endpoint: str) -> str:
    """Oxigraph serves queries at …/query and the Graph Store Protocol at …/store."""
    base, _, last = endpoint.rstrip("/").rpartition("/")
    if last in ("query", "sparql"):
        return f"{base}/store"
    raise EselyError(f"cannot guess the Graph Store Protocol URL of {endpoint}; give --graph-store URL")


class GraphStoreClient:
    def __init__(self, url: str, client: httpx.Client | None = None):
        self.url, self.client = url, client or httpx.Client(timeout=300, follow_redirects=True)

    def _call(self, method: str, graph: ox.NamedNode, **kw) -> httpx.Response:
        try:
            r = self.client.request(method, self.url, params={"graph": graph.value}, **kw)
        except httpx.HTTPError as exc:
            raise EselyError(f"cannot reach the graph store {self.url}: {exc}") from None
        if r.status_code >= 400 and not (r.status_code == 404 and method in ("GET", "DELETE")):
            raise EselyError(f"the graph store {self.url} answered {r.status_code} to {method} "
                             f"<{graph.value}>: {r.text.strip()[:500]}")
        return r

    def versions(self) -> dict[str, str]:
        r = self._call("GET", VERSIONS_GRAPH, headers={"Accept": "application/n-triples"})
        if r.status_code == 404:
            return {}
        return {q.subject.value: q.object.value for q in ox.parse(r.content, format=ox.RdfFormat.N_TRIPLES)
                if q.predicate == HAS_VERSION}

    def put_file(self, graph: ox.NamedNode, path: Path) -> None:
        with open(path, "rb") as f:
            self._call("PUT", graph, content=f.read(), headers={"Content-Type": "text/turtle"})

    def put_versions(self, versions: dict[str, str]) -> None:
        triples = [ox.Triple(ox.NamedNode(g), HAS_VERSION, ox.Literal(h)) for g, h in sorted(versions.items())]
        body = ox.serialize(triples, format=ox.RdfFormat.N_TRIPLES) or b""
        self._call("PUT", VERSIONS_GRAPH, content=body, headers={"Content-Type": "application/n-triples"})

    def delete(self, graph: ox.NamedNode) -> None:
        self._call("DELETE", graph)


def publish(ttl_dir: Path, graph_store_url: str, client: httpx.Client | None = None) -> PublishReport:
    store = GraphStoreClient(graph_store_url, client)
    files = {graph_name(p).value: p for p in ttl_files(ttl_dir)}
    before = store.versions()
    after = dict(before)
    report = PublishReport()
    for g in sorted(set(before) - set(files)):
        store.delete(ox.NamedNode(g))
        del after[g]
        report.removed.append(g.removeprefix(GRAPH_BASE))
    for g, path in sorted(files.items()):
        digest = file_hash(path)
        if before.get(g) == digest:
            report.unchanged.append(path.stem)
            continue
        store.put_file(ox.NamedNode(g), path)
        after[g] = digest
        report.uploaded.append(path.stem)
    if after != before:
        store.put_versions(after)
    return report
