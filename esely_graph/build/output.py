"""Canonical Turtle and the atomic swap of the output folder."""

from __future__ import annotations

import os
import shutil
import tempfile
from pathlib import Path

from rdflib import Graph


def serialise(g: Graph) -> bytes:
    """Canonical, sorted Turtle: same graph -> same bytes."""
    data = g.serialize(format="longturtle", encoding="utf-8")
    return data




def write_atomically(graphs: dict[str, Graph], out_dir: Path) -> None:
    """Write all files to a temporary directory, then swap it into place."""
    out_dir = out_dir.resolve()
    out_dir.parent.mkdir(parents=True, exist_ok=True)
    tmp = Path(tempfile.mkdtemp(prefix=f".{out_dir.name}-", dir=out_dir.parent))
    try:
        for name, g in sorted(graphs.items()):
            (tmp / name).write_bytes(serialise(g))
        old = None
        if out_dir.exists():
            old = out_dir.parent / f".{out_dir.name}-old-{os.getpid()}"
            os.replace(out_dir, old)
        os.replace(tmp, out_dir)
        if old is not None:
            shutil.rmtree(old)
    except BaseException:
        shutil.rmtree(tmp, ignore_errors=True)
        raise

