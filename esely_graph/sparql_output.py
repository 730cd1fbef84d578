"""Any query result as text for the command line: rows (SELECT), RDF (CONSTRUCT/DESCRIBE), a boolean (ASK).

SPARQL XML/TSV/JSON results and every RDF syntax are written by pyoxigraph; ``table``, ``csv`` and
``records`` for SELECT come from ``queries.format_rows`` as for the named queries.
"""

from __future__ import annotations

import json

import pyoxigraph as ox

from .errors import EselyError
from .queries import format_rows
from .store import PROJECT_PREFIXES, solutions_rows

RESULT_FORMATS = {"xml": ox.QueryResultsFormat.XML, "tsv": ox.QueryResultsFormat.TSV,
                  "json": ox.QueryResultsFormat.JSON, "csv": ox.QueryResultsFormat.CSV}
RDF_FORMATS = {"table": ox.RdfFormat.TURTLE, "ttl": ox.RdfFormat.TURTLE, "nt": ox.RdfFormat.N_TRIPLES,
               "jsonld": ox.RdfFormat.JSON_LD, "xml": ox.RdfFormat.RDF_XML}
# Turtle cannot abbreviate slash-separated data IRIs with `id:` (it escapes every `/`): full IRIs read better.
RDF_PREFIXES = {p: ns for p, ns in PROJECT_PREFIXES.items() if p not in ("id", "tg")}


def render(result, fmt: str) -> str:
    if isinstance(result, ox.QuerySolutions):
        if fmt in ("xml", "tsv"):
            return result.serialize(format=RESULT_FORMATS[fmt]).decode("utf-8").rstrip("\n") + "\n"
        if fmt in RDF_FORMATS and fmt != "table":
            raise EselyError(f"--format {fmt} is for CONSTRUCT/DESCRIBE; a SELECT gives table, csv, tsv, json, "
                             f"xml or records")
        names, rows = solutions_rows(result)
        return format_rows(names, rows, fmt)
    if isinstance(result, ox.QueryBoolean):
        value = bool(result)
        if fmt in RESULT_FORMATS:
            return result.serialize(format=RESULT_FORMATS[fmt]).decode("utf-8").rstrip("\n") + "\n"
        if fmt == "records":
            return json.dumps(value) + "\n"
        if fmt == "table":
            return ("true" if value else "false") + "\n"
        raise EselyError(f"--format {fmt} does not fit an ASK result; use table, json, xml, csv or tsv")
    if fmt not in RDF_FORMATS:
        raise EselyError(f"--format {fmt} does not fit a CONSTRUCT/DESCRIBE result; use ttl, nt, jsonld or xml")
    return (ox.serialize(result, format=RDF_FORMATS[fmt], prefixes=RDF_PREFIXES) or b"").decode("utf-8")
