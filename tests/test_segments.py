"""A query's result kept in segments (``segments.py``), on rows written by hand with a report head of 3 rows: the
result's CSV, count and first rows; a town's rows put back by name; a segment come into the first rows read again."""

import pyoxigraph as ox
import pytest

from esely_graph import segments as seg

XSD = "http://www.w3.org/2001/XMLSchema#"
NAMES = ["municipality", "code"]
LABELS = {"Alsó": "t:a", "Felső": "t:f", "Közép": "t:k"}


def row(town, code):
    return {"municipality": ox.Literal(town), "code": ox.Literal(code)}


ROWS = [row("Alsó", "1"), row("Alsó", "2"), row("Felső", "1"), row("Felső", "=2"), row("Közép", "1")]


@pytest.fixture(autouse=True)
def head_of_three(monkeypatch):
    monkeypatch.setattr(seg, "HEAD", 3)


def kept(rows):
    k = {"names": NAMES, "kind": "town", "segments": seg.cut(NAMES, rows, LABELS)}
    return k


def test_a_result_cut_by_town_reads_as_the_whole():
    k = kept(ROWS)
    assert [(s[0], s[1], s[2]) for s in k["segments"]] == [("Alsó", "t:a", 2), ("Felső", "t:f", 2), ("Közép", "t:k", 1)]
    assert k["segments"][2][4] is None  # it starts beyond the first three rows: its rows are not kept
    got = seg.results({"q": k})["q"]
    assert got.total == 5 and got.head == ROWS[:3]
    assert got.csv == b"municipality,code\nAls\xc3\xb3,1\nAls\xc3\xb3,2\nFels\xc5\x91,1\nFels\xc5\x91,'=2\nK\xc3\xb6z\xc3\xa9p,1\n"


def test_names_out_of_order_or_of_two_towns_are_not_cut():
    assert seg.cut(NAMES, [ROWS[2], ROWS[0]], LABELS) is None
    assert seg.cut(NAMES, ROWS, {**LABELS, "Felső": ""}) is None  # a name of two towns


def test_a_town_put_back_and_a_segment_come_into_the_first_rows_read_again():
    k = kept(ROWS)
    seg.trim({"q": k})
    assert seg.splice(k, {"t:a": [row("Alsó", "1")]})  # Alsó now has one row: Közép's first row comes into view
    assert [s[1] for s in k["segments"]] == ["t:a", "t:f", "t:k"]
    asked = []
    assert seg.heads(k, lambda town: asked.append(town) or [r for r in ROWS if LABELS[r["municipality"].value] == town])
    assert asked == []  # Felső's rows were kept (it started within the first three); Közép starts at the fourth
    assert seg.splice(k, {"t:a": [], "t:f": [row("Felső", "1")]})  # Alsó gone: Közép now the second segment
    assert seg.heads(k, lambda town: asked.append(town) or [r for r in ROWS if LABELS[r["municipality"].value] == town])
    assert asked == ["t:k"]
    got = seg.results({"q": k})["q"]
    assert got.total == 2 and got.head == [row("Felső", "1"), row("Közép", "1")]
    assert not seg.splice(k, {"t:x": [row("Felső", "9")]})  # another town under a name already kept


def test_a_comparisons_rows_kept_in_their_order_as_runs_of_one_town():
    rows = [row("Felső", "9"), row("Alsó", "8"), row("Alsó", "7"), row("Felső", "6")]  # not by name: by a count
    segments = seg.cut(NAMES, rows, LABELS, by_name=False)
    assert [(s[0], s[1], s[2], s[5]) for s in segments] == [("Felső", "t:f", 1, None), ("Alsó", "t:a", 2, None),
                                                           ("Felső", "t:f", 1, None)]
    assert b"".join(s[3] for s in segments if s[1] == "t:f") == "Felső,9\nFelső,6\n".encode("utf-8")
    got = seg.results({"q": {"names": NAMES, "kind": "across", "segments": segments}})["q"]
    assert got.total == 4 and got.head == rows[:3]
    assert seg.cut(NAMES, rows + [row("Sehol", "1")], LABELS, by_name=False) is None  # a name of no town


def test_a_segment_keeps_its_rows_as_tsv_and_its_plain_csv_where_the_report_neutralised_a_cell():
    """The TSV lines read back as the same terms (datatype, language, unbound); the plain CSV is kept only when a cell
    was neutralised for spreadsheets."""
    names = ["municipality", "code", "days"]
    rows = [{"municipality": ox.Literal("Felső", language="hu"), "code": ox.Literal("a\tb\n\"c\""),
             "days": ox.Literal("12", datatype=ox.NamedNode(XSD + "integer"))},
            {"municipality": ox.Literal("Felső", language="hu"), "code": ox.Literal("=2"), "days": None}]
    s = seg.segment("Felső", "t:f", names, rows)
    back = ox.parse_query_results(b"?municipality\t?code\t?days\n" + s[6], format=ox.QueryResultsFormat.TSV)
    assert [dict(zip(names, r)) for r in back] == rows
    assert s[3].decode().splitlines()[-1] == "Felső,'=2,"  # the report's CSV
    assert s[7] == 'Felső,"a\tb\n""c""",12\nFelső,=2,\n'.encode()  # as `query --format csv` writes it
    plain = seg.segment("Felső", "t:f", names, rows[:1])
    assert plain[7] is None  # nothing neutralised: the report's CSV is the plain one
    quoted = seg.segment("Felső", "t:f", ["code"], [{"code": ox.Literal("it'-s")}])
    assert quoted[3] == b"it'-s\n" and quoted[7] is None  # a quote before a sign in a value, not a neutralised cell
