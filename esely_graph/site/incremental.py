"""Re-render only the towns whose input changed.

The site records, for each town, a content hash of what its pages are made of (the code and templates, the day,
the national vocabularies, the town's triples, its rows of the named queries, its findings) and the summary the
national pages need (``.site-state.marshal`` at the site's root: plain values only, read and written in a
fraction of the time JSON takes at national scale — 27 MB for 3,200 towns — and no code is run when reading it;
``marshal``'s format is Python's own, so the state of another Python version is not read). The next run renders a
town again only when its hash differs (or its folders are missing); an unchanged town's files are left where they
are (``output``).
"""

from __future__ import annotations

import hashlib
import marshal
import os
import sys
from pathlib import Path

from ..state_file import loads

STATE = ".site-state.marshal"
VERSION = [3, *sys.version_info[:2]]
PACKAGE = Path(__file__).resolve().parent.parent
CODE = ["site", "site_query", "templates"]


def code_digest(query_dir: Path) -> str:
    """The site's code, templates and vendored scripts, and the named queries' texts (their headers title the
    tables)."""
    h = hashlib.sha256()
    files = sorted(p for d in CODE for p in (PACKAGE / d).rglob("*") if p.is_file() and "__pycache__" not in p.parts)
    files += sorted(Path(query_dir).glob("*.rq"))
    for p in files:
        h.update(p.name.encode("utf-8"))
        h.update(p.read_bytes())
    return h.hexdigest()


def load_state(out_dir: Path) -> dict:
    """{"files": name -> what the site knows of a Turtle file (``inputs.file_infos``), "towns": town -> {"own",
    "rows", "hash", "summary"}, "slices": how the shared files were shared out (``inputs.slices``)} of the site now
    at ``out_dir`` (empty when there is none or it is unreadable)."""
    try:
        state = loads((Path(out_dir) / STATE).read_bytes())
    except (OSError, ValueError, EOFError, TypeError):
        return {}
    return state if isinstance(state, dict) and state.get("version") == VERSION else {}


def save_state(tmp: Path, state: dict) -> None:
    path = Path(tmp) / STATE
    path.write_bytes(marshal.dumps({"version": VERSION, **state}, 2))  # version 2: no back-references, so the same
    # state gives the same bytes whatever objects it happens to share
    os.chmod(path, 0o644)
