"""`query NAME --format csv|json` and `sparql --format csv|json` are written by pyoxigraph (no Python row
objects, issue 13): the same CSV bytes as the rows written by ``format_rows`` (LF line ends, values raw),
the same SPARQL JSON as ``sparql_json``, for every named query and for values that need quoting."""

import json

import pyoxigraph as ox
import pytest

from esely_graph.address import resolve_params
from esely_graph.queries import bind_params, format_rows, sparql_json
from esely_graph.sparql_output import csv_text, select_text
from esely_graph.store import execute, solutions_rows
from conftest import AS_OF
from test_queries import PARAMS, QUERIES, STORE

EX = "http://example.org/"


def both(store, text: str, subs=None, union=True):
    """(pyoxigraph's CSV text, format_rows' CSV text, pyoxigraph's JSON, sparql_json) of one SELECT."""
    names, rows = solutions_rows(execute(store, text, subs, union))
    return (select_text(execute(store, text, subs, union), "csv"), format_rows(names, rows, "csv"),
            json.loads(select_text(execute(store, text, subs, union), "json")), sparql_json(names, rows))


@pytest.mark.parametrize("name", sorted(QUERIES))
def test_named_query_csv_and_json_are_the_rows_written_in_python(name):
    q = QUERIES[name]
    subs = bind_params(q, resolve_params(STORE, q, dict(PARAMS.get(name, {}))), AS_OF)
    ox_csv, py_csv, ox_json, py_json = both(STORE, q.text, subs)
    assert ox_csv.count("\n") > 1, f"{name}: no row on the fixture: nothing compared"
    assert ox_csv == py_csv
    assert ox_json == py_json


def tricky_store() -> ox.Store:
    store = ox.Store()
    values = {  # each needs something of the writer: quoting, doubled quotes, kept line breaks, no neutralising
        "a": ox.Literal('comma, and "quotes"'),
        "b": ox.Literal("two\nlines"),
        "c": ox.Literal("windows\r\nline end"),
        "d": ox.Literal("=SUM(A1)", language="hu"),
        "e": ox.Literal("42", datatype=ox.NamedNode("http://www.w3.org/2001/XMLSchema#integer")),
        "f": ox.NamedNode(EX + "node"),
        "g": ox.Literal("plain"),
    }
    for key, value in values.items():
        store.add(ox.Quad(ox.NamedNode(EX + key), ox.NamedNode(EX + "p"), value))
    store.add(ox.Quad(ox.NamedNode(EX + "g"), ox.NamedNode(EX + "q"), ox.Literal("")))
    return store


def test_values_that_need_quoting_are_written_as_python_writes_them():
    text = f"SELECT ?s ?o ?extra WHERE {{ ?s <{EX}p> ?o OPTIONAL {{ ?s <{EX}q> ?extra }} }} ORDER BY ?s"
    ox_csv, py_csv, ox_json, py_json = both(tricky_store(), text, union=False)
    assert ox_csv == py_csv
    assert ox_csv.startswith("s,o,extra\nhttp://example.org/a,\"comma, and \"\"quotes\"\"\",\n")
    assert '"windows\r\nline end"' in ox_csv and '"two\nlines"' in ox_csv  # a value's own line breaks kept
    assert "http://example.org/d,=SUM(A1),\n" in ox_csv  # raw values, as `query --format csv` always gave
    assert ox_json == py_json


def test_csv_text_keeps_crlf_inside_a_quoted_value():
    assert csv_text(b'a,b\r\n"x\r\ny",2\r\n"",3\r\n') == 'a,b\n"x\r\ny",2\n"",3\n'
    assert csv_text(b"a\r\n1\r\n") == "a\n1\n"


def test_a_last_row_with_no_value_is_kept_in_every_format():
    """A one-column result whose last row is unbound ends in an empty line in TSV and CSV: still a row, not a
    trailing line break to trim (``sparql --format tsv`` lost it)."""
    text = "SELECT ?x WHERE { VALUES ?x { 1 UNDEF } }"
    store = ox.Store()
    assert select_text(execute(store, text), "csv") == "x\n1\n\n"  # CSV is not parsed back (lossy)
    for fmt in ("tsv", "json", "xml"):
        got = select_text(execute(store, text), fmt)
        back = ox.parse_query_results(got.encode(), format=getattr(ox.QueryResultsFormat, fmt.upper()))
        one = ox.Literal("1", datatype=ox.NamedNode("http://www.w3.org/2001/XMLSchema#integer"))
        assert [s[0] for s in back] == [one, None], fmt
        assert got.endswith("\n") and not got.endswith("\n\n\n"), fmt
