"""A named query's ORDER BY as a Python order, for the rows the catalogue keeps town by town (``catalogue.py``).

A query ordered by a figure first (``ORDER BY DESC(?days_overdue) ?municipality …``) interleaves the towns' rows:
its whole result is every town's rows merged in that order. Only the plainest clause is taken: projected variables,
each ascending or ``DESC``; their values unbound, numbers, plain strings or dates (a column holding two of these
kinds, a language tag, an IRI or any other expression: no order is given, and the query is run whole). Unbound
comes first, numbers compare by value, strings and dates by code point, as Oxigraph orders them; ``DESC`` reverses
the whole order of its key. The catalogue keeps a query's rows by this order only when the whole run's rows come in
exactly this order with no two keys equal, and checks every merge for ties again.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from functools import cmp_to_key

XSD = "http://www.w3.org/2001/XMLSchema#"
NUMBERS = {XSD + t for t in ("integer", "decimal", "double", "float", "int", "long", "short", "byte",
                             "nonNegativeInteger", "positiveInteger", "nonPositiveInteger", "negativeInteger",
                             "unsignedInt", "unsignedLong", "unsignedShort", "unsignedByte")}
_TERM = re.compile(r"\s*(?:(ASC|DESC)\s*\(\s*\?(\w+)\s*\)|\?(\w+))", re.IGNORECASE)


def order_of(text: str, names: list[str]) -> list[tuple[str, bool]] | None:
    """The final ORDER BY of ``text`` as (variable, descending) pairs, None when it is not plain projected variables."""
    at = text.upper().rfind("ORDER BY")
    if at < 0:
        return None
    clause = text[at + len("ORDER BY"):].split("#", 1)[0].strip()
    out, pos = [], 0
    while pos < len(clause):
        m = _TERM.match(clause, pos)
        if m is None:
            return None
        var = m.group(2) or m.group(3)
        if var not in names:
            return None
        out.append((var, (m.group(1) or "").upper() == "DESC"))
        pos = m.end()
        while pos < len(clause) and clause[pos].isspace():
            pos += 1
    return out or None


def key_of(row: dict, order: list[tuple[str, bool]]) -> list | None:
    """A row's sort key as plain values (``marshal``): per variable [kind, value], kind 0 unbound, 1 number,
    2 string, 3 date; None when a value is of no such kind."""
    out = []
    for var, _ in order:
        term = row.get(var)
        if term is None:
            out.append([0, 0])
            continue
        datatype = getattr(term, "datatype", None)
        if datatype is None or getattr(term, "language", None):
            return None
        if datatype.value in NUMBERS:
            try:
                out.append([1, float(term.value)])
            except ValueError:
                return None
        elif datatype.value == XSD + "string":
            out.append([2, term.value])
        elif datatype.value == XSD + "date":
            out.append([3, term.value])
        else:
            return None
    return out


def compare(order: list[tuple[str, bool]]):
    """A comparison of two keys (``key_of``) in ``order``; raises ``TypeError`` on two kinds in one column."""
    def cmp(a: list, b: list) -> int:
        for (_, desc), x, y in zip(order, a, b):
            if x == y:
                continue
            if x[0] and y[0] and x[0] != y[0]:
                raise TypeError("two kinds of value in one column")
            c = -1 if (x[0], x[1]) < (y[0], y[1]) else 1
            return -c if desc else c
        return 0
    return cmp


def in_order(keys: list[list], order: list[tuple[str, bool]]) -> bool:
    """Whether ``keys`` are in ``order`` with no two equal (so the order is the one any run gives)."""
    cmp = compare(order)
    try:
        return all(cmp(a, b) < 0 for a, b in zip(keys, keys[1:]))
    except TypeError:
        return False


def insert(items: list, new: list, order: list[tuple[str, bool]], key) -> list | None:
    """``items`` (in ``order`` of ``key(item)``, no two equal) with the ``new`` ones put in place by bisection (a
    changed town's rows among the country's: no sort of them all); None when a new key equals one there or is not
    comparable."""
    cmp = compare(order)
    at = cmp_to_key(cmp)
    out = list(items)
    try:
        for item in new:
            k = key(item)
            i = bisect_right(out, at(k), key=lambda x: at(key(x)))
            if (i and cmp(key(out[i - 1]), k) >= 0) or (i < len(out) and cmp(k, key(out[i])) >= 0):
                return None
            out.insert(i, item)
    except TypeError:
        return None
    return out
