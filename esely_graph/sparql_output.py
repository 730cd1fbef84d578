"""Any query result as text for the command line: rows (SELECT), RDF (CONSTRUCT/DESCRIBE), a boolean (ASK).

SPARQL XML/TSV/JSON/CSV results and every RDF syntax are written by pyoxigraph (``select_text``: no Python
object per row, which at national scale cost ≈ 12 µs a row); ``table`` and ``records`` for SELECT come from
``queries.format_rows`` as for the named queries. CSV keeps the line ends ``format_rows`` writes (``\n``),
so ``query NAME --format csv`` gives the same bytes either way.
"""

from __future__ import annotations

import json
import re
import sys

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


# a quoted CSV field (kept as it is: a value's own line breaks stay) or a record's CRLF (its LF kept)
_CSV_FIELD_OR_CRLF = re.compile(rb'("(?:[^"]|"")*")|\r(\n)')


def csv_text(data: bytes) -> str:
    """SPARQL CSV results as pyoxigraph writes them (RFC 4180: records end in CRLF) with the records ending
    in LF, as ``format_rows(..., "csv")`` writes them; line breaks inside a quoted value are kept."""
    return csv_lf(data).decode("utf-8")


def csv_lf(data: bytes) -> bytes:
    """``csv_text`` as bytes."""
    if b'"' not in data:  # no quoted field: every CRLF ends a record
        return data.replace(b"\r\n", b"\n")
    return _CSV_FIELD_OR_CRLF.sub(rb"\1\2", data)


def select_bytes(result: ox.QuerySolutions, fmt: str) -> bytes | None:
    """A SELECT's solutions serialised by pyoxigraph in ``fmt`` (csv, json, tsv, xml), ending in one line break
    (added where the writer left none: JSON, XML; a TSV's last line break, or the empty line of a last row with no
    value, kept as they are); None for the formats written in Python (table, records)."""
    if fmt == "csv":
        return csv_lf(result.serialize(format=ox.QueryResultsFormat.CSV))
    if fmt in ("json", "xml", "tsv"):
        return _ended(result.serialize(format=RESULT_FORMATS[fmt]))
    return None


def _ended(data: bytes) -> bytes:
    """``data`` with a line break added where the writer left none (JSON, XML); a TSV's own last line break, or the
    empty line of a last row with no value, kept as they are."""
    return data if data.endswith(b"\n") else data + b"\n"


def select_text(result: ox.QuerySolutions, fmt: str) -> str | None:
    """``select_bytes`` as text."""
    data = select_bytes(result, fmt)
    return None if data is None else data.decode("utf-8")


def write_select(result: ox.QuerySolutions, fmt: str) -> bool:
    """``select_bytes`` written to standard output as they are (a whole-country answer is 100 MB and more: not
    decoded and encoded again); False, with nothing written, for the formats written in Python."""
    data = select_bytes(result, fmt)
    if data is None:
        return False
    sys.stdout.flush()
    sys.stdout.buffer.write(data)
    return True


def render(result, fmt: str) -> str:
    if isinstance(result, ox.QuerySolutions):
        text = select_text(result, fmt)
        if text is not None:
            return text
        if fmt in RDF_FORMATS and fmt != "table":
            raise EselyError(f"--format {fmt} is for CONSTRUCT/DESCRIBE; a SELECT gives table, csv, tsv, json, "
                             f"xml or records")
        names, rows = solutions_rows(result)
        return format_rows(names, rows, fmt)
    if isinstance(result, ox.QueryBoolean):
        value = bool(result)
        if fmt in RESULT_FORMATS:
            return _ended(result.serialize(format=RESULT_FORMATS[fmt])).decode("utf-8")
        if fmt == "records":
            return json.dumps(value) + "\n"
        if fmt == "table":
            return ("true" if value else "false") + "\n"
        raise EselyError(f"--format {fmt} does not fit an ASK result; use table, json, xml, csv or tsv")
    if fmt not in RDF_FORMATS:
        raise EselyError(f"--format {fmt} does not fit a CONSTRUCT/DESCRIBE result; use ttl, nt, jsonld or xml")
    return (ox.serialize(result, format=RDF_FORMATS[fmt], prefixes=RDF_PREFIXES) or b"").decode("utf-8")
