"""A SPARQL 1.1 Protocol endpoint for researchers: the `oxigraph` server over the built graph.

``prepare(ttl_dir, store_dir)`` loads every Turtle file into a fresh on-disk
Oxigraph store with the `oxigraph` command-line tool; ``command`` is the
read-only server to run over it (queries see the union of the files).
"""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

from .errors import EselyError
from .store import ttl_files


def oxigraph_binary() -> str:
    candidate = Path(sys.executable).parent / "oxigraph"
    found = str(candidate) if candidate.exists() else shutil.which("oxigraph")
    if not found:
        raise EselyError("the `oxigraph` server is not installed; pip install oxigraph")
    return found


def prepare(ttl_dir: Path, store_dir: Path) -> None:
    files = [str(p) for p in ttl_files(ttl_dir)]
    if store_dir.exists():
        shutil.rmtree(store_dir)
    store_dir.parent.mkdir(parents=True, exist_ok=True)
    proc = subprocess.run([oxigraph_binary(), "load", "--location", str(store_dir), "--file", *files],
                          capture_output=True, text=True)
    if proc.returncode != 0:
        raise EselyError(f"oxigraph load failed: {proc.stderr.strip()[-500:]}")


def command(store_dir: Path, bind: str) -> list[str]:
    return [oxigraph_binary(), "serve-read-only", "--location", str(store_dir), "--bind", bind, "--union-default-graph"]
