"""A remote SPARQL 1.1 endpoint as a ``GraphStore`` (queries over the SPARQL 1.1 Protocol, httpx).

The project prefixes the query does not declare are prepended; parameters are bound by
``sparql_text.substitute`` (terms written by pyoxigraph, never pasted); answers are read with
pyoxigraph's result and RDF parsers, so rows are the same pyoxigraph terms a local store gives.
The endpoint's default graph must be the union of the named graphs ``publish`` writes
(Oxigraph: ``--union-default-graph``; Virtuoso and GraphDB do so by default).
"""

from __future__ import annotations

import httpx
import pyoxigraph as ox

from .errors import EselyError
from .sparql_text import query_form, substitute, tokens
from .store import PROJECT_PREFIXES, GraphStore


def with_prologue(text: str) -> str:
    """``text`` with a PREFIX line for every project prefix it uses but does not declare."""
    toks = tokens(text)
    declared = {toks[i + 1].text[:-1] for i, t in enumerate(toks[:-1])
                if t.kind == "word" and t.text.upper() == "PREFIX" and toks[i + 1].kind == "pname"}
    used = {t.text.split(":", 1)[0] for t in toks if t.kind == "pname"}
    lines = [f"PREFIX {p}: <{ns}>" for p, ns in PROJECT_PREFIXES.items() if p in used - declared]
    return "\n".join(lines + [text]) if lines else text


class RemoteGraph(GraphStore):
    def __init__(self, url: str, timeout: float = 60.0, client: httpx.Client | None = None):
        self.url = url
        self.client = client or httpx.Client(timeout=timeout, follow_redirects=True)

    def query(self, text: str, bindings: dict | None = None):
        form = query_form(text)  # refuses updates in plain words
        graph = form in ("CONSTRUCT", "DESCRIBE")
        accept = "application/n-triples" if graph else "application/sparql-results+json"
        body = with_prologue(substitute(text, bindings or {}))
        try:
            r = self.client.post(self.url, data={"query": body}, headers={"Accept": accept})
        except httpx.HTTPError as exc:
            raise EselyError(f"cannot reach the SPARQL endpoint {self.url}: {exc}") from None
        if r.status_code != 200:
            raise EselyError(f"the SPARQL endpoint {self.url} answered {r.status_code}: {r.text.strip()[:800]}")
        try:
            if graph:
                return ox.parse(r.content, format=ox.RdfFormat.N_TRIPLES)
            return ox.parse_query_results(r.content, format=ox.QueryResultsFormat.JSON)
        except SyntaxError as exc:
            raise EselyError(f"the SPARQL endpoint {self.url} sent an answer that cannot be read: {exc}") from None
