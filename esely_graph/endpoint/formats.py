"""Content negotiation and conversion of a worker's answer into the format the client asked for.

Every format is written by pyoxigraph: results by ``QuerySolutions.serialize`` (JSON, XML, CSV,
TSV), graphs by ``pyoxigraph.serialize`` (Turtle, N-Triples, JSON-LD, RDF/XML), with the project
prefixes.
"""

from __future__ import annotations

import pyoxigraph as ox

from ..store import PROJECT_PREFIXES

# Turtle cannot abbreviate our slash-separated data IRIs with `id:` (it escapes every `/`): full IRIs read better.
GRAPH_PREFIXES = {p: ns for p, ns in PROJECT_PREFIXES.items() if p not in ("id", "tg")}

RESULTS = {  # media type -> format, first is the default
    "application/sparql-results+json": ox.QueryResultsFormat.JSON,
    "application/json": ox.QueryResultsFormat.JSON,
    "application/sparql-results+xml": ox.QueryResultsFormat.XML,
    "application/xml": ox.QueryResultsFormat.XML,
    "text/csv": ox.QueryResultsFormat.CSV,
    "text/tab-separated-values": ox.QueryResultsFormat.TSV,
}
GRAPHS = {
    "text/turtle": ox.RdfFormat.TURTLE,
    "application/n-triples": ox.RdfFormat.N_TRIPLES,
    "application/ld+json": ox.RdfFormat.JSON_LD,
    "application/rdf+xml": ox.RdfFormat.RDF_XML,
    "text/plain": ox.RdfFormat.N_TRIPLES,
}
SHORT = {"json": "application/sparql-results+json", "xml": "application/sparql-results+xml", "csv": "text/csv",
         "tsv": "text/tab-separated-values", "ttl": "text/turtle", "turtle": "text/turtle",
         "nt": "application/n-triples", "jsonld": "application/ld+json", "rdfxml": "application/rdf+xml"}


def accepted(header: str | None) -> list[str]:
    """Media ranges of an Accept header, best first (q-values honoured, q=0 dropped)."""
    ranked = []
    for i, part in enumerate((header or "*/*").split(",")):
        fields = [f.strip() for f in part.split(";")]
        q = 1.0
        for f in fields[1:]:
            if f.startswith("q="):
                try:
                    q = float(f[2:])
                except ValueError:
                    q = 0.0
        if fields[0] and q > 0:
            ranked.append((-q, i, fields[0].lower()))
    return [m for _, _, m in sorted(ranked)]


def choose(kind: str, accept: str | None, short: str | None = None) -> str | None:
    """The media type to answer with for a result ``kind`` (select, boolean, graph); None = 406."""
    table = GRAPHS if kind == "graph" else RESULTS
    if short:
        media = SHORT.get(short.lower(), short.lower())
        return media if media in table else None
    for media in accepted(accept):
        if media in table:
            return media
        if media in ("*/*", "text/*", "application/*", "text/html"):
            default = next(iter(table))
            return default if media in ("*/*", "text/html") or default.startswith(media[:-1]) else \
                next((m for m in table if m.startswith(media[:-1])), None)
    return None


def convert(response: tuple, media: str) -> bytes:
    """A worker's ('select' | 'graph' | 'boolean', payload, count) in ``media``."""
    kind, payload = response[0], response[1]
    if kind == "graph":
        triples = ox.parse(payload, format=ox.RdfFormat.N_TRIPLES)
        return ox.serialize(triples, format=GRAPHS[media], prefixes=GRAPH_PREFIXES) or b""
    if kind == "boolean":
        results = ox.parse_query_results(b'{"head":{},"boolean":%s}' % (b"true" if payload else b"false"),
                                         format=ox.QueryResultsFormat.JSON)
    else:
        results = ox.parse_query_results(payload, format=ox.QueryResultsFormat.TSV)
    return results.serialize(format=RESULTS[media])


def rows_of(tsv: bytes) -> tuple[list[str], list[dict]]:
    """SPARQL TSV results as (names, rows of name -> term or None), as the CLI has them."""
    from ..store import solutions_rows

    return solutions_rows(ox.parse_query_results(tsv, format=ox.QueryResultsFormat.TSV))
