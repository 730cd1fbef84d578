"""Offline search over all text: a lunr.js index built in Python (lunr.py), loaded from a script file.

Text is folded (no accents, lower case) on both sides, so "kozossegi" finds "közösségi"; no English stemmer
or stop-word list touches Hungarian words (the builder gets only lunr's trimmer).
"""

from __future__ import annotations

import json
import re

from lunr.builder import Builder
from lunr.trimmer import trimmer

from ..text import fold
from .messages import KIND_NAMES


def words(text: str) -> str:
    """Folded text cut into words at anything but letters, digits, '/' and '.', so codes (I/1, 1/7.1) stay
    whole and markup-like text (<b>, (1)) does not glue words together. site.js cuts queries the same way."""
    return re.sub(r"[^\w/.]+", " ", fold(text))


def _body(e) -> str:
    parts = []
    for f in e.facts:
        parts += [v.hu for v in f.vals if v.kind == "text"]
    return " ".join(parts)


def search_files(ents: dict, href=lambda e: e.path) -> tuple[str, str]:
    """(index script, documents script): each sets a window variable, so file:// pages can load them.
    ``href(entity)``: its page relative to the search page (a town's search page is in the town's folder)."""
    builder = Builder()
    builder.pipeline.add(trimmer)
    builder.ref("id")
    builder.field("title", boost=10)
    builder.field("code", boost=10)
    builder.field("owners", boost=2)
    builder.field("body")
    docs = []
    for i, e in enumerate(sorted(ents.values(), key=lambda e: e.iri)):
        owners = [ents[t].label() for _, _, t in e.out if t in ents and ents[t].kind == "owner"]
        body = _body(e)
        builder.add({"id": str(i), "title": words(e.label()), "code": words(e.code or ""),
                     "owners": words(" ".join(owners)), "body": words(body)})
        doc = ents.get(e.document) if e.document != e.iri else None
        doc = doc if doc is not None and doc.short else None
        names = KIND_NAMES[e.kind]
        docs.append({"p": href(e), "t": e.label(), "te": e.label("en"), "k": [names[0], names[1]],
                     "c": e.code or "", "d": [doc.short["hu"], doc.short["en"]] if doc else None,
                     "o": "; ".join(owners), "b": body[:600]})
    index = builder.build().serialize()
    return (_script("ESELY_INDEX", index), _script("ESELY_DOCS", docs))


def _script(name: str, data) -> str:
    text = json.dumps(data, ensure_ascii=False, separators=(",", ":")).replace("<", "\\u003c")
    return f"window.{name} = {text};\n"
