"""Rows handed from a worker process (``row_wire``): the same names, rows and terms come out as went in, each
distinct term one object, whatever kind of term, unbound cells included."""

import pickle

import pyoxigraph as ox

from esely_graph.row_wire import pack, unpack

XSD = "http://www.w3.org/2001/XMLSchema#"
TOWN = ox.Literal("Kisbéka")
ROWS = [
    {"municipality": TOWN, "measure": ox.NamedNode("https://w3id.org/esely/id/doc/kisbeka-hep-it/measure/1"),
     "title": ox.Literal("Idősek nappali ellátása", language="hu"),
     "cost": ox.Literal("2000000", datatype=ox.NamedNode(XSD + "decimal")), "due": None},
    {"municipality": TOWN, "measure": ox.BlankNode("b0"), "title": ox.Literal("1", datatype=ox.NamedNode(XSD + "string")),
     "cost": ox.Literal("2027-06-30", datatype=ox.NamedNode(XSD + "date")),
     "due": ox.Triple(ox.NamedNode("urn:x:s"), ox.NamedNode("urn:x:p"), ox.Literal("o"))},
    {"municipality": None, "measure": None, "title": None, "cost": None, "due": None},
]
NAMES = ["municipality", "measure", "title", "cost", "due"]


def test_rows_come_out_as_they_went_in():
    names, rows = unpack(pickle.loads(pickle.dumps(pack(NAMES, ROWS))))
    assert names == NAMES and rows == ROWS
    assert [list(r) for r in rows] == [NAMES] * 3  # every name a key, in order
    assert rows[1]["title"] == ox.Literal("1") and rows[1]["title"].datatype == ox.NamedNode(XSD + "string")
    assert rows[0]["title"].language == "hu" and rows[0]["cost"].datatype.value == XSD + "decimal"


def test_each_distinct_term_is_packed_once_and_shared():
    names, plain, coded = pack(NAMES, ROWS)
    assert len(plain) == 8  # Kisbéka once, and no entry for unbound
    assert coded[2] == (0, 0, 0, 0, 0) and coded[0][0] == coded[1][0]
    _, rows = unpack((names, plain, coded))
    assert rows[0]["municipality"] is rows[1]["municipality"]
    assert pack([], []) == ([], [], [])
    assert unpack((NAMES, ROWS)) == (NAMES, ROWS)  # rows a thread handed back, not packed


def test_rows_are_packed_only_in_a_worker_process(tmp_path):
    """``queries.timed_packed`` packs only where the rows cross processes: in ``fan_out``'s forked workers."""
    from esely_graph import fanout
    from esely_graph.queries import NamedQuery, timed_packed

    store = ox.Store()
    store.add(ox.Quad(ox.NamedNode("urn:x:a"), ox.NamedNode("urn:x:p"), TOWN))
    q = NamedQuery("t", tmp_path / "t.rq", "t", "", (), ("o",), "SELECT ?o WHERE { ?s ?p ?o }")
    here, _ = timed_packed(store, q, None)
    assert here == (["o"], [{"o": TOWN}])
    try:
        fanout._JOB["forked"] = True
        there, _ = timed_packed(store, q, None)
    finally:
        fanout._JOB.clear()
    assert there == (["o"], [(1, "Kisbéka")], [(1,)])  # a plain literal, then the row's index of it
    assert unpack(there) == here
