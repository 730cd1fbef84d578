"""Each item's description as Turtle and JSON-LD: its own triples and those of its value nodes
(deadline, resources, amounts, owner mentions, indicators) that have no page of their own."""

from __future__ import annotations

import json

import pyoxigraph as ox

from ..namespaces import PREFIXES
from .graphindex import Index

PREFIX_MAP = {p: str(ns) for p, ns in PREFIXES.items()}


def description_nodes(idx: Index, iri: str, ents: dict) -> list[str]:
    """The item and the value nodes hanging from it (objects without a page, minted under the item's IRI)."""
    nodes, todo = [], [iri]
    while todo:
        n = todo.pop()
        if n in nodes:
            continue
        nodes.append(n)
        for p, vals in idx.sp.get(n, {}).items():
            for o, is_iri, _ in vals:
                if is_iri and o not in ents and o.startswith(iri + "/") and o in idx.sp:
                    todo.append(o)
    return sorted(nodes)


def by_subject(triples, base: dict | None = None) -> dict[str, list[ox.Triple]]:
    """Subject IRI -> its triples; a subject not among ``triples`` is looked up in ``base``."""
    from .graphindex import Layered

    out: dict[str, list[ox.Triple]] = {}
    for t in triples:
        out.setdefault(t.subject.value, []).append(t)
    return Layered(out, base)


def description(subjects: dict, nodes: list[str]) -> list[ox.Triple]:
    out = []
    for n in nodes:
        out.extend(subjects.get(n, ()))
    return sorted(set(out), key=str)


def turtle(triples: list[ox.Triple]) -> bytes:
    return ox.serialize(triples, format=ox.RdfFormat.TURTLE, prefixes=PREFIX_MAP)


def jsonld(triples: list[ox.Triple]) -> bytes:
    raw = json.loads(ox.serialize(triples, format=ox.RdfFormat.JSON_LD))
    graph = raw.get("@graph", raw) if isinstance(raw, dict) else raw
    doc = {"@context": PREFIX_MAP, "@graph": graph}
    return (json.dumps(doc, ensure_ascii=False, indent=1, sort_keys=True) + "\n").encode("utf-8")


def embedded(data: bytes) -> str:
    """JSON-LD for a <script type="application/ld+json"> element: nothing in it can close the element."""
    return data.decode("utf-8").replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")
