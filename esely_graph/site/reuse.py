"""National pages rendered again only when what they show changed.

The national pages are made from every town's summary, so an update of one town would render them all again
(tens of seconds at 3,200 towns). They are written in groups (entity pages, overview, per-town lists, comparison,
pages by kind, search, ontology); each group's inputs (the fields of the towns' summaries it reads, the national
vocabularies, the code, the day) are hashed, and a group whose hash is the one recorded in the site's state, and
whose files are all still in the live tree, is not rendered: its files stay where they are (``output``)."""

from __future__ import annotations

import hashlib
import json
from pathlib import Path

from ..state_file import values_digest
from .towns import digest

STUB = ("iri", "town", "page", "labels")  # what every national page may link to: the towns


NULL = hashlib.sha256(b"null").digest()  # a field a summary lacks, as ``field_digests`` hashes None


def field_digests(summary: dict) -> dict[str, bytes]:
    """Each field of a town's summary hashed as stable text (JSON, keys sorted): kept with the town in the site's
    state, so a town not rendered again is not hashed again (``projection``)."""
    return {f: hashlib.sha256(json.dumps(v, ensure_ascii=False, sort_keys=True).encode("utf-8")).digest()
            for f, v in summary.items()}


def projection(summaries: list[dict], fields: tuple[str, ...], digests: dict[str, dict[str, bytes]]) -> bytes:
    """The towns' summaries cut to what a group reads (and the stubs every page links to), as one hash: the fields'
    hashes (``digests``: a town's IRI -> its ``field_digests``) in the towns' order. The JSON of every town's fields,
    written for each group on every update, took 0.55 s at 3,200 towns."""
    h = hashlib.sha256()
    for s in summaries:
        mine = digests[s["iri"]]
        for f in STUB + fields:
            h.update(mine.get(f, NULL))
    return h.digest()


def cells_digest(rows: list) -> bytes:
    """A hash of a per-town list's rows ((town, [(count, href, gap)]) each: plain values, ``state_file.values_digest``);
    ``towns.digest`` wrote each row as text."""
    return values_digest(rows)


class Reuse:
    """``previous``: group -> {"digest", "files"} of the site at ``live`` (None: a site made from scratch);
    ``base``: what every group depends on (code, day, national triples and findings)."""

    def __init__(self, previous: dict, live: Path | None, base: str):
        self.previous, self.live, self.base = previous or {}, live, base
        self.now: dict[str, dict] = {}
        self.kept: set[str] = set()  # files of groups not rendered again, left in the live tree
        self.reused: list[str] = []
        self.pages = 0  # pages of the groups not rendered again

    def _keep(self, name: str, key: str) -> bool:
        """Whether the group's files in the live tree were made from the same inputs (then they are kept)."""
        old = self.previous.get(name)
        if not (old and old.get("digest") == key and self.live is not None
                and all((self.live / f).is_file() for f in old["files"])):
            return False
        self.now[name] = old
        self.kept.update(old["files"])
        self.reused.append(name)
        self.pages += old.get("pages", 0)
        return True

    def group(self, w, name: str, inputs, render, files=None) -> None:
        """Render the group with ``render()`` unless its inputs are those of the live tree's files; ``files()``:
        the files it wrote, when not written through ``w``."""
        key = digest(self.base, name, inputs)
        if self._keep(name, key):
            return
        start, pages = len(w.written), w.pages
        render()
        written = files() if files is not None else w.written[start:]
        self.now[name] = {"digest": key, "files": sorted(set(written)), "pages": w.pages - pages}

    def groups(self, w, specs: list[tuple[str, object]], render) -> None:
        """Groups of one page each (``specs``: (prefix + the page's path under a language root, its inputs)) whose
        changed ones are rendered by one ``render(names)`` (one pass: one child for the English pages, not one a
        page); a group's files are its page and its CSV file in each language."""
        todo = {name: key for name, key in ((name, digest(self.base, name, inputs)) for name, inputs in specs)
                if not self._keep(name, key)}
        if not todo:
            return
        start = len(w.written)
        render(set(todo))
        mine: dict[str, set[str]] = {name: set() for name in todo}
        stems = {name.split(":", 1)[-1][:-len(".html")]: name for name in todo}
        for f in w.written[start:]:
            stem, _, ext = f.split("/", 1)[-1].rpartition(".")
            if stem in stems and ext in ("html", "csv"):
                mine[stems[stem]].add(f)
        for name, key in todo.items():
            files = sorted(mine[name])
            self.now[name] = {"digest": key, "files": files, "pages": sum(f.endswith(".html") for f in files)}
