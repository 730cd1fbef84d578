"""A query's rows handed from a worker process to the one that started it: each distinct term once, as plain values.

Pickling pyoxigraph terms costs ≈ 10 µs a term there and back (each is rebuilt through its class, its datatype a
term of its own); at 3,200 towns the whole-country queries handed back ≈ 8.7 million terms, 92 s of CPU. Packed,
each distinct term is a tuple of strings (pickled as such) and each row a tuple of indices into them; unpacked, the
rows are the same dicts (name -> term or None) with every distinct term one object, which the process that keeps
them also holds once (a municipality's name is in many rows). ``tests/test_row_wire.py``.
"""

from __future__ import annotations

import pyoxigraph as ox

XSD_STRING = "http://www.w3.org/2001/XMLSchema#string"
IRI, PLAIN, LANG, TYPED, BLANK, OTHER = range(6)


def _plain(term) -> tuple:
    if isinstance(term, ox.NamedNode):
        return IRI, term.value
    if isinstance(term, ox.Literal):
        if term.language:
            return LANG, term.value, term.language
        datatype = term.datatype.value
        return (PLAIN, term.value) if datatype == XSD_STRING else (TYPED, term.value, datatype)
    if isinstance(term, ox.BlankNode):
        return BLANK, term.value
    return OTHER, term  # a quoted triple (RDF-star, from an endpoint): pickled as it is


def pack(names: list[str], rows: list[dict]) -> tuple:
    """(names, the distinct terms as plain tuples, each row as a tuple of indices: 0 for unbound)."""
    index: dict = {None: 0}
    at = index.setdefault
    coded = [tuple(at(r[n], len(index)) for n in names) for r in rows]
    return names, [_plain(t) for t in list(index)[1:]], coded


def unpack(packed: tuple) -> tuple[list[str], list[dict]]:
    """The (names, rows) ``pack`` was given; (names, rows) not packed, as they are."""
    if len(packed) == 2:
        return packed
    names, plain, coded = packed
    datatypes: dict[str, ox.NamedNode] = {}
    terms: list = [None]
    for p in plain:
        kind = p[0]
        if kind == IRI:
            terms.append(ox.NamedNode(p[1]))
        elif kind == PLAIN:
            terms.append(ox.Literal(p[1]))
        elif kind == LANG:
            terms.append(ox.Literal(p[1], language=p[2]))
        elif kind == TYPED:
            datatype = datatypes.get(p[2]) or datatypes.setdefault(p[2], ox.NamedNode(p[2]))
            terms.append(ox.Literal(p[1], datatype=datatype))
        elif kind == BLANK:
            terms.append(ox.BlankNode(p[1]))
        else:
            terms.append(p[1])
    pick = terms.__getitem__
    return names, [dict(zip(names, map(pick, r))) for r in coded]
