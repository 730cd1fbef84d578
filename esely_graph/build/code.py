"""The code a build runs, as one hash (the build cache's key part for the program).

Only the modules the build imports count: ``esely_graph.build`` and ``esely_graph.links`` and every
module of the package they import, found by reading their import statements (imports inside
functions too, so the PDF or Word reader counts although it is imported only when needed),
with the parent packages each import runs; and the data files the build reads beside them (the
``.toml`` and ``.csv`` files of ``normalise/`` and ``resources/``). A change to the site, the
validation or the CLI leaves every cached document, link and shared part valid.
"""

from __future__ import annotations

import hashlib
import re
from functools import lru_cache
from pathlib import Path

PACKAGE = Path(__file__).resolve().parent.parent
ROOTS = ("esely_graph.build", "esely_graph.links")
DATA_DIRS = ("normalise", "resources")  # their .toml/.csv files (not the symlinked ontology, shapes, queries)
DATA_SUFFIXES = (".toml", ".csv")


def _file(module: str) -> Path | None:
    """The source of ``esely_graph.…`` module or package ``module``, None when there is none."""
    parts = module.split(".")[1:]
    base = PACKAGE.joinpath(*parts)
    if (base / "__init__.py").is_file():
        return base / "__init__.py"
    path = base.with_suffix(".py") if parts else None
    return path if path is not None and path.is_file() else None


_IMPORT = re.compile(r"^[ \t]*(?:from[ \t]+(\.*)([\w.]*)[ \t]+import[ \t]+(\([^)]*\)|[^\n#]*)"
                     r"|import[ \t]+([\w., \t]+))", re.MULTILINE)


def _imports(module: str, path: Path) -> set[str]:
    """The package's modules ``path`` imports (``from X import Y`` may name module X.Y). Import
    statements are found by a regular expression (an import in a string counts too: a file more,
    never one less); parsing every module would take longer than the rest of an unchanged build."""
    package = module if path.name == "__init__.py" else module.rpartition(".")[0]
    out: set[str] = set()
    for dots, name, names, plain in _IMPORT.findall(path.read_text(encoding="utf-8")):
        if plain:
            out.update(n.split()[0] for n in plain.split(",") if n.strip())
            continue
        if dots:
            parts = package.split(".")
            parts = parts[:len(parts) - (len(dots) - 1)]
            target = ".".join(parts + ([name] if name else []))
        else:
            target = name
        out.add(target)
        out.update(f"{target}.{n.split()[0]}" for n in names.strip("()").replace("\n", ",").split(",")
                   if n.strip() and not n.strip().startswith("#"))
    return {m for m in out if m == "esely_graph" or m.startswith("esely_graph.")}


def build_files() -> list[Path]:
    """Every module the build imports and the data files it reads, sorted."""
    seen: dict[str, Path | None] = {}
    todo = list(ROOTS)
    while todo:
        module = todo.pop()
        if module in seen:
            continue
        seen[module] = path = _file(module)
        if path is None:
            continue
        parts = module.split(".")
        todo += [".".join(parts[:i]) for i in range(1, len(parts))]  # importing a.b.c runs a and a.b
        todo += sorted(_imports(module, path))
    files = {p for p in seen.values() if p is not None}
    files |= {p for d in DATA_DIRS for p in (PACKAGE / d).iterdir() if p.is_file() and p.suffix in DATA_SUFFIXES}
    return sorted(files)


@lru_cache(maxsize=1)
def code_hash(salt: bytes = b"") -> bytes:
    """SHA-256 of ``salt`` and the build's files (each its path in the package and its bytes)."""
    h = hashlib.sha256(salt)
    for path in build_files():
        h.update(str(path.relative_to(PACKAGE)).encode() + b"\0")
        h.update(path.read_bytes())
    return h.digest()
