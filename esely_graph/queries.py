"""Named SPARQL queries: files in queries/ with a header the program reads.

Header lines at the top of each ``.rq`` file::

    # title: Measures
    # answers: One row per measure of any document …
    # param: as_of date = today — the day to compare deadlines with
    # param: municipality string = any — only this municipality (``any``: left unbound, no restriction)
    # columns: document, code, title, …

The file stem is the query's name. Parameters are bound as RDF terms
(SPARQL SEP-0007 substitutions), never pasted into the query text.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
import re
import time
from dataclasses import dataclass
from pathlib import Path

import pyoxigraph as ox

from .errors import EselyError
from .namespaces import PREFIXES

PARAM_TYPES = ("date", "string", "iri", "integer")
ANY = "any"  # the default of an optional parameter: left unbound unless given
# A parameter given as the IRI of its node (``address.resolve_params`` resolves a municipality's name to
# it) is bound to this variable instead: every query with the parameter joins its town on it first, so
# the engine starts from that one node. Given as a label (a page that offers labels), it binds the
# parameter's own variable, which the queries check against the label: the same rows, more work.
ANCHORS = {"municipality": "municipality_iri"}  # sparql_text.ANCHOR_VARIABLES: written into the text
IRI_VALUE = re.compile(r"^https?://\S+$")


@dataclass(frozen=True)
class Param:
    name: str
    type: str
    default: str | None
    doc: str


@dataclass(frozen=True)
class NamedQuery:
    name: str
    path: Path
    title: str
    answers: str
    params: tuple[Param, ...]
    columns: tuple[str, ...]
    text: str


def parse_header(path: Path) -> NamedQuery:
    text = path.read_text(encoding="utf-8")
    head: dict[str, str] = {}
    params: list[Param] = []
    for line in text.splitlines():
        if not line.startswith("#"):
            break
        m = re.match(r"#\s*(title|answers|columns|params?):\s*(.*)$", line)
        if not m:
            continue
        key, value = m.group(1), m.group(2).strip()
        if key == "param":
            pm = re.match(r"(\w+)\s+(\w+)(?:\s*=\s*(\S+))?\s*(?:—|--|-)?\s*(.*)$", value)
            if not pm or pm.group(2) not in PARAM_TYPES:
                raise EselyError(f"{path}: bad '# param:' line '{value}'; expected 'NAME TYPE [= DEFAULT] — text' "
                                 f"with TYPE one of {', '.join(PARAM_TYPES)}")
            params.append(Param(pm.group(1), pm.group(2), pm.group(3), pm.group(4)))
        else:
            head[key] = value
    for key in ("title", "answers", "columns"):
        if not head.get(key):
            raise EselyError(f"{path}: header lacks '# {key}:'")
    columns = tuple(c.strip() for c in head["columns"].split(","))
    return NamedQuery(path.stem, path, head["title"], head["answers"], tuple(params), columns, text)


def load_queries(query_dir: Path) -> dict[str, NamedQuery]:
    return {p.stem: parse_header(p) for p in sorted(query_dir.glob("*.rq"))}


def get_query(query_dir: Path, name: str) -> NamedQuery:
    queries = load_queries(query_dir)
    if name not in queries:
        raise EselyError(f"unknown query '{name}'; available: {', '.join(queries)}")
    return queries[name]


def bind_params(query: NamedQuery, given: dict[str, str], today: dt.date | None = None) -> dict:
    known = {p.name: p for p in query.params}
    for key in given:
        if key not in known:
            expected = ", ".join(f"{p.name} ({p.type})" for p in query.params) or "none"
            raise EselyError(f"query '{query.name}' has no parameter '{key}'; parameters: {expected}")
    out = {}
    for p in query.params:
        raw = given.get(p.name, p.default)
        if raw == ANY:
            continue
        if raw is None:
            raise EselyError(f"query '{query.name}' needs parameter {p.name} ({p.type}): --param {p.name}=…")
        if p.name in ANCHORS and IRI_VALUE.match(raw):
            out[ox.Variable(ANCHORS[p.name])] = ox.NamedNode(raw)
            continue
        out[ox.Variable(p.name)] = to_term(p, raw, today)
    return out


def to_term(p: Param, raw: str, today: dt.date | None = None):
    if p.type == "date":
        if raw == "today":
            raw = (today or dt.date.today()).isoformat()
        try:
            dt.date.fromisoformat(raw)
        except ValueError:
            raise EselyError(f"parameter {p.name}: '{raw}' is not a date; expected YYYY-MM-DD") from None
        return ox.Literal(raw, datatype=ox.NamedNode("http://www.w3.org/2001/XMLSchema#date"))
    if p.type == "integer":
        if not re.fullmatch(r"-?\d+", raw):
            raise EselyError(f"parameter {p.name}: '{raw}' is not an integer")
        return ox.Literal(raw, datatype=ox.NamedNode("http://www.w3.org/2001/XMLSchema#integer"))
    if p.type == "iri":
        if not re.match(r"^[a-z][a-z0-9+.-]*:", raw):
            raise EselyError(f"parameter {p.name}: '{raw}' is not an IRI; expected e.g. https://…")
        return ox.NamedNode(raw)
    return ox.Literal(raw)


def run_sparql(store, text: str, substitutions: dict | None = None) -> tuple[list[str], list[dict]]:
    """A SELECT on a pyoxigraph store or a ``store.GraphStore`` (local, on disk or remote)."""
    from .store import select

    return select(store, text, substitutions)


# ---------------------------------------------------------------- formatting


def term_value(term) -> str:
    if term is None:
        return ""
    return term.value


def compact(value: str) -> str:
    for prefix, ns in sorted(PREFIXES.items(), key=lambda kv: -len(str(kv[1]))):
        if value.startswith(str(ns)) and prefix not in ("rdf", "xsd"):
            return f"{prefix}:{value[len(str(ns)):]}"
    return value


FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def spreadsheet_cell(text: str) -> str:
    """OWASP CSV-injection defence: a cell a spreadsheet would run as a formula gets a leading quote."""
    return "'" + text if text.startswith(FORMULA_START) else text


def format_rows(names: list[str], rows: list[dict], fmt: str, spreadsheet: bool = False) -> str:
    """Rows as text. ``spreadsheet=True`` (report CSVs opened in Excel) neutralises formula cells;
    ``query --format csv`` keeps the raw values."""
    if fmt == "csv":
        buf = io.StringIO()
        w = csv.writer(buf, lineterminator="\n")
        w.writerow(names)
        for r in rows:
            vals = [term_value(r[n]) for n in names]
            w.writerow([spreadsheet_cell(v) for v in vals] if spreadsheet else vals)
        return buf.getvalue()
    if fmt == "json":
        return json.dumps(sparql_json(names, rows), ensure_ascii=False, indent=1) + "\n"
    if fmt == "records":
        return json.dumps([{n: term_value(r[n]) for n in names} for r in rows], ensure_ascii=False, indent=1) + "\n"
    if fmt == "table":
        cells = [[compact(term_value(r[n])) if isinstance(r[n], ox.NamedNode) else term_value(r[n]) for n in names]
                 for r in rows]
        cells = [[c if len(c) <= 60 else c[:59] + "…" for c in row] for row in cells]
        widths = [max([len(n)] + [len(row[i]) for row in cells]) for i, n in enumerate(names)]
        lines = ["  ".join(n.ljust(w) for n, w in zip(names, widths)),
                 "  ".join("-" * w for w in widths)]
        lines += ["  ".join(c.ljust(w) for c, w in zip(row, widths)).rstrip() for row in cells]
        lines.append(f"({len(rows)} rows)")
        return "\n".join(lines) + "\n"
    raise EselyError(f"unknown format '{fmt}'; expected table, csv, json or records")


def sparql_json(names: list[str], rows: list[dict]) -> dict:
    """SPARQL 1.1 Query Results JSON Format."""
    def enc(term):
        if isinstance(term, ox.NamedNode):
            return {"type": "uri", "value": term.value}
        if isinstance(term, ox.BlankNode):
            return {"type": "bnode", "value": term.value}
        out = {"type": "literal", "value": term.value}
        if term.language:
            out["xml:lang"] = term.language
        elif term.datatype and term.datatype.value != "http://www.w3.org/2001/XMLSchema#string":
            out["datatype"] = term.datatype.value
        return out

    return {"head": {"vars": names},
            "results": {"bindings": [{n: enc(r[n]) for n in names if r[n] is not None} for r in rows]}}


# The queries whose rows for one town name other towns (comparisons): a change to one town changes other towns' rows.
ACROSS_TOWNS = ("compare-programmes", "compare-similar", "shared-programmes")
# Of those, the queries whose rows for a town are its similar towns (the similarity file's unit of the town), named
# with their municipality's name and county: another town's rows change only when its similar towns or their names do.
SIMILAR_TOWNS = ("compare-similar",)


def runnable(q: NamedQuery) -> bool:
    """A named query every report can run: none of its parameters needs a value only a user can give."""
    return not any(p.default is None for p in q.params)


def run_named(store, q: NamedQuery, as_of, given: dict | None = None) -> tuple[list[str], list[dict]]:
    """Run a named query for a report or a page: its defaults (or ``given``), and the day (``as_of``) where it has
    one."""
    given = dict(given or {})
    if any(p.name == "as_of" for p in q.params):
        given["as_of"] = as_of.isoformat()
    return run_sparql(store, q.text, bind_params(q, given))


def run_catalogue(store, queries: dict[str, NamedQuery], as_of, jobs: int | None = None,
                  figures: dict | None = None) -> dict[str, tuple[list[str], list[dict]]]:
    """Every runnable named query, run once on ``store`` as of one day: the report and the site both
    read the catalogue through this function (`all` runs it once for both), so they show the same rows
    for the same day. The queries run side by side in workers (``fanout``); same rows, same order. ``figures``:
    filled with each query's wall and CPU seconds (of the worker's thread that ran it) and rows (the bench's)."""
    from .fanout import fan_out
    from .row_wire import unpack

    names = [name for name, q in queries.items() if runnable(q)]
    done = fan_out(store, lambda s, name: timed_packed(s, queries[name], as_of), names, jobs)
    if figures is not None:
        figures.update((name, f) for name, (_, f) in zip(names, done))
    return {name: unpack(rows) for name, (rows, _) in zip(names, done)}


def timed_packed(store, q: NamedQuery, as_of) -> tuple:
    """A named query's rows and figures (``timed``), the rows packed (``row_wire``) when a worker process of
    ``fan_out`` hands them back (a thread or this process hands them as they are: ``row_wire.unpack`` takes both)."""
    from .fanout import in_worker_process
    from .row_wire import pack

    rows, spent = timed(run_named, store, q, as_of)
    return (pack(*rows) if in_worker_process() else rows), spent


def timed(run, *args) -> tuple:
    """``run(*args)``'s rows and figures: wall and CPU seconds of this thread, rows."""
    t0, c0 = time.perf_counter(), time.thread_time()
    names, rows = run(*args)
    return (names, rows), {"wall": time.perf_counter() - t0, "cpu": time.thread_time() - c0, "rows": len(rows)}
