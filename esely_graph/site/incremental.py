"""Re-render only the towns whose input changed.

The site records, for each town, a content hash of what its pages are made of (the code and templates, the day,
the national vocabularies, the town's triples, its rows of the named queries, its findings) and the summary the
national pages need (``.site-state.json`` at the site's root). The next run renders a town again only when its
hash differs (or its folders are missing); an unchanged town's files are left where they are (``output``).
"""

from __future__ import annotations

import hashlib
import json
from pathlib import Path

STATE = ".site-state.json"
VERSION = 2
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
    "rows", "hash", "summary"}} of the site now at ``out_dir`` (empty when there is none or it is unreadable)."""
    try:
        state = json.loads((Path(out_dir) / STATE).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    return state if state.get("version") == VERSION else {}


def save_state(tmp: Path, state: dict) -> None:
    (tmp / STATE).write_text(json.dumps({"version": VERSION, **state}, ensure_ascii=False, sort_keys=True),
                             encoding="utf-8")
