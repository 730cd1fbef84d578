"""Canonical Turtle, written whole into the output folder (see fsutil.atomic_dir)."""

from __future__ import annotations

from pathlib import Path

from rdflib import Graph

from ..fsutil import atomic_dir


def serialise(g: Graph) -> bytes:
    """Canonical, sorted Turtle: same graph -> same bytes."""
    data = g.serialize(format="longturtle", encoding="utf-8")
    return data


def write_atomically(graphs: dict[str, Graph], out_dir: Path) -> None:
    """Write all files to a temporary folder beside ``out_dir``, then swap it into place."""
    with atomic_dir(out_dir) as tmp:
        for name, g in sorted(graphs.items()):
            (tmp / name).write_bytes(serialise(g))
