"""Counts per class and per document."""

from __future__ import annotations

from pathlib import Path

from .store import load_store, select

STATS_QUERY = """
PREFIX dcterms: <http://purl.org/dc/terms/>
SELECT ?document ?class (COUNT(DISTINCT ?s) AS ?n) WHERE {
  ?s a ?class .
  OPTIONAL { ?s dcterms:isPartOf/dcterms:identifier ?doc }
  BIND(COALESCE(?doc, "(vocabulary)") AS ?document)
} GROUP BY ?document ?class ORDER BY ?document ?class
"""


def stats(data_dir: Path, store=None) -> tuple[list[str], list[dict]]:
    """``store``: the on-disk store (``disk_store.open_read_only``) or any ``store.GraphStore``; when None, the
    Turtle files of ``data_dir`` are loaded into memory."""
    return select(store if store is not None else load_store(data_dir), STATS_QUERY)
