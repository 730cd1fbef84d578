"""A per-unit cache of validation results, so that re-validating after a change redoes only what changed.

A unit's findings depend on its data graph (the document file plus the vocabulary nodes it pulls
in, see ``units``), the shapes, the day (``--as-of``), the engines and our own code. The run's key
hashes the shapes files, the day, the engine versions and the code of ``esely_graph/validate`` and
of the modules it imports (reading Turtle, provenance). A document unit's entry is found under
SHA-256(run key, unit name, the document file's bytes) and holds, besides the findings and the
results as N-Triples, the vocabulary nodes the unit looked at (every node ``units.unit_graph`` and
``units.declarations`` consulted) with a digest of their descriptions. The entry is used when the
vocabulary files are byte for byte those it was made with, or else when the descriptions of the
nodes it consulted are unchanged (then the unit graph is the same: the walk that builds it reads
nothing else). The vocabulary unit is keyed by the bytes of the vocabulary files. Change one
town's document and only that town's units miss.

The cache lives in ``data/.cache/validation`` (beside the build's ``data/.cache/documents``; not
committed; delete it any time); entries older than two weeks are removed after each run (the day is
part of the key, so a daily run rewrites what it uses). Entries are JSON. Set ``ESELY_NO_CACHE=1``
to validate without it.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import os
import tempfile
import time
from functools import lru_cache
from importlib import metadata
from pathlib import Path

from rdflib import BNode, Graph

from .findings import Finding

PACKAGE = Path(__file__).resolve().parent
IMPORTED = ("store.py", "provenance.py", "namespaces.py", "layout.py", "errors.py")  # what validate/ imports
FORMAT = b"esely-validation-cache 1"


@lru_cache(maxsize=1)
def code_hash() -> bytes:
    """Our validation code (esely_graph/validate and the modules it imports) and the versions of the
    engines it calls."""
    h = hashlib.sha256(FORMAT)
    for path in sorted(PACKAGE.glob("*.py")) + [PACKAGE.parent / name for name in IMPORTED]:
        h.update(path.name.encode())
        h.update(path.read_bytes())
    for dist in ("pyshacl", "rdflib", "pyoxigraph"):
        try:
            h.update(f"{dist} {metadata.version(dist)}".encode())
        except metadata.PackageNotFoundError:
            h.update(f"{dist} -".encode())
    return h.digest()


def file_digest(path: Path) -> str:
    return hashlib.sha256(Path(path).read_bytes()).hexdigest()


def files_digest(digests: list[tuple[str, str]]) -> str:
    """One digest of (file name, content digest) pairs."""
    return hashlib.sha256(json.dumps(sorted(digests)).encode()).hexdigest()


class NodeDigests:
    """Digests of node descriptions in the shared vocabularies (a node's triples and, through blank
    nodes, theirs), independent of blank node labels; each computed once per graph."""

    def __init__(self, shared: Graph):
        self.shared, self.memo = shared, {}

    def __call__(self, node) -> str:
        if node not in self.memo:
            self.memo[node] = ""  # a cycle through blank nodes reads as empty, the same every time
            lines = sorted(f"{p.n3()} {'_:' + self(o) if isinstance(o, BNode) else o.n3()}"
                           for p, o in self.shared.predicate_objects(node))
            self.memo[node] = hashlib.sha256("\n".join(lines).encode()).hexdigest()
        return self.memo[node]

    def of(self, nodes) -> str:
        return hashlib.sha256("\n".join(f"{n} {self(n)}" for n in sorted(nodes)).encode()).hexdigest()


def findings_to_json(findings: list[Finding]) -> list[dict]:
    return [f._asdict() for f in findings]


def findings_from_json(rows: list[dict]) -> list[Finding]:
    return [Finding(**r) for r in rows]


class ValidationCache:
    def __init__(self, root: Path, run_key: str):
        self.root, self.run_key = root, run_key

    @classmethod
    def for_run(cls, data_dir: Path, shape_files: list[Path], day: dt.date, engine: str) -> "ValidationCache | None":
        """The cache beside the build's (``<data>/.cache/validation`` for the Turtle folder ``<data>/ttl``)."""
        if os.environ.get("ESELY_NO_CACHE"):
            return None
        h = hashlib.sha256(code_hash())
        h.update(f"{day.isoformat()} {engine}".encode())
        for f in shape_files:
            h.update(f.name.encode())
            h.update(f.read_bytes())
        return cls(Path(data_dir).resolve().parent / ".cache" / "validation", h.hexdigest())

    def key(self, *parts: str) -> str:
        return hashlib.sha256("\n".join((self.run_key, *parts)).encode()).hexdigest()

    def get(self, key: str) -> dict | None:
        try:
            return json.loads((self.root / key[:2] / key).read_text(encoding="utf-8"))
        except (OSError, ValueError):  # missing or damaged: a miss
            return None

    def put(self, key: str, entry: dict) -> None:
        path = self.root / key[:2] / key
        path.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=".tmp-")
        with os.fdopen(fd, "w", encoding="utf-8") as fh:
            json.dump(entry, fh, ensure_ascii=False)
        os.replace(tmp, path)  # readers see the whole entry or none

    def prune(self, max_age_days: float = 14) -> None:
        """Remove entries written more than ``max_age_days`` ago (other days, older code or documents)."""
        limit = time.time() - max_age_days * 86400
        for path in self.root.glob("*/*"):
            try:
                if path.stat().st_mtime < limit:
                    path.unlink()
            except OSError:  # another run removed it
                pass
