"""A query's ORDER BY as a Python order (``row_order``), on rows written by hand."""

import pyoxigraph as ox

from esely_graph import row_order as ro

XSD = "http://www.w3.org/2001/XMLSchema#"


def lit(value, datatype="string"):
    return ox.Literal(value, datatype=ox.NamedNode(XSD + datatype))


def test_only_plain_projected_variables_make_an_order():
    names = ["m", "n", "d"]
    assert ro.order_of("SELECT ?m ?n WHERE {}\nORDER BY DESC(?n) ?m asc( ?d )\n", names) == [
        ("n", True), ("m", False), ("d", False)]
    assert ro.order_of("SELECT * {} ORDER BY DESC(?n + 1) ?m", names) is None  # an expression
    assert ro.order_of("SELECT * {} ORDER BY ?other", names) is None  # not projected
    assert ro.order_of("SELECT * {}", names) is None


def test_keys_compare_as_sparql_orders_them():
    order = [("n", True), ("m", False)]
    rows = [{"n": lit("10", "integer"), "m": lit("B")},
            {"n": lit("9.5", "decimal"), "m": lit("A")},  # 9.5 < 10 as numbers, though "9.5" > "10" as text
            {"n": lit("9.5", "decimal"), "m": lit("Á")},  # code point order: Á after A and B
            {"n": None, "m": lit("A")}]  # unbound first ascending, so last descending
    keys = [ro.key_of(r, order) for r in rows]
    assert ro.in_order(keys, order)
    assert ro.insert([], list(reversed(rows)), order, key=lambda r: ro.key_of(r, order)) == rows
    assert not ro.in_order([keys[1], keys[1]], order)  # equal keys: no order any run would keep
    assert ro.insert([], [rows[0], dict(rows[0])], order, key=lambda r: ro.key_of(r, order)) is None


def test_a_value_of_no_kind_or_two_kinds_in_a_column_give_no_order():
    order = [("n", False)]
    assert ro.key_of({"n": ox.Literal("x", language="hu")}, order) is None
    assert ro.key_of({"n": ox.NamedNode("https://x.example/a")}, order) is None
    mixed = [ro.key_of({"n": lit("1", "integer")}, order), ro.key_of({"n": lit("a")}, order)]
    assert not ro.in_order(mixed, order)


def test_new_rows_are_put_in_place_among_rows_in_order():
    order = [("n", True), ("m", False)]
    rows = [{"n": lit("10", "integer"), "m": lit("B")}, {"n": lit("9.5", "decimal"), "m": lit("A")},
            {"n": lit("2", "integer"), "m": lit("C")}]
    new = [{"n": lit("11", "integer"), "m": lit("Z")},  # first: the largest figure
           {"n": lit("9.5", "decimal"), "m": lit("B")},  # after A's 9.5 (code point order breaks the tie)
           {"n": lit("1", "integer"), "m": lit("A")}]  # last
    key = lambda r: ro.key_of(r, order)  # noqa: E731
    assert ro.insert(rows, new, order, key) == [new[0], rows[0], rows[1], new[1], rows[2], new[2]]
    assert ro.insert(rows, [dict(rows[1])], order, key) is None  # a key equal to one there
    assert ro.insert(rows, [{"n": lit("x"), "m": lit("A")}], order, key) is None  # text among numbers
