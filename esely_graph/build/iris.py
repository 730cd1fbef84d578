"""The IRIs the build mints, and the Hungarian literal helper."""

from __future__ import annotations

from rdflib import Literal, URIRef

from ..namespaces import BASE


def org_iri(entry_id: str) -> URIRef:
    return URIRef(f"{BASE}org/{entry_id}")


def strategy_iri(entry_id: str) -> URIRef:
    return URIRef(f"{BASE}strategy/{entry_id}")


def doc_iri(doc_id: str) -> URIRef:
    return URIRef(f"{BASE}doc/{doc_id}")


def hu(text: str) -> Literal:
    return Literal(text, lang="hu")


