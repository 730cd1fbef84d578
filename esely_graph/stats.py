"""Counts per class and per document."""

from __future__ import annotations

from pathlib import Path

from .store import load_store, select

PREFIX = "PREFIX dcterms: <http://purl.org/dc/terms/>\n"
# A typed subject, its class and its document's identifier ("(vocabulary)" when it is part of none): what is counted.
PATTERN = """?s a ?class .
  OPTIONAL { ?s dcterms:isPartOf/dcterms:identifier ?doc }
  BIND(COALESCE(?doc, "(vocabulary)") AS ?document)"""
STATS_QUERY = PREFIX + """SELECT ?document ?class (COUNT(DISTINCT ?s) AS ?n) WHERE {
  %s
} GROUP BY ?document ?class ORDER BY ?document ?class
""" % PATTERN
NAMES = ["document", "class", "n"]


def stats(data_dir: Path, store=None) -> tuple[list[str], list[dict]]:
    """``store``: the on-disk store (``disk_store.open_read_only``) or any ``store.GraphStore``; when None, the
    Turtle files of ``data_dir`` are loaded into memory."""
    return select(store if store is not None else load_store(data_dir), STATS_QUERY)
