"""The site's inputs, read without reading every file: what each Turtle file is, and each town's slice.

A document file is read only when its content changed since the site was last made (its SHA-256, re-hashed only
when its size or modification time changed): what the site needs of an unchanged one (the towns it names, its
documents, the programmes it mentions) comes from the site's state. The shared files (organisations, links,
strategies …) are read every time and shared out among the towns as ``site_query.split`` does (same triples, same
order); a town's document files are parsed when its pages are rendered (in the worker that renders them).
"""

from __future__ import annotations

import hashlib
import os
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path

import pyoxigraph as ox

from ..export import WHOLE_FILES
from ..layout import SHARED_TTL
from ..namespaces import ESELY
from ..site_query.split import ORG, Owners
from ..store import read_triples, ttl_files
from .blocks import blocks, parse
from .blocks import digest as block_digest
from .towns import digest, triples_digest

MUNICIPALITY, MENTIONS = ox.NamedNode(str(ESELY.municipality)), ox.NamedNode(str(ESELY.mentionsProgramme))
IDENTIFIER = ox.NamedNode("http://purl.org/dc/terms/identifier")


def sha256(path: Path) -> str:
    h = hashlib.sha256()
    with open(path, "rb") as f:
        for chunk in iter(lambda: f.read(1 << 20), b""):
            h.update(chunk)
    return h.hexdigest()


def describe(triples) -> dict:
    """What the site keeps of a document file: its documents and their towns, the programmes it mentions, its
    documents' identifiers (the queries' "document" column)."""
    docs = defaultdict(set)
    programmes, identifiers = set(), []
    for t in triples:
        if t.predicate == MUNICIPALITY and t.object.value.startswith(ORG):
            docs[t.subject.value].add(t.object.value[len(ORG):])
        elif t.predicate == MENTIONS:
            programmes.add(t.object.value)
        elif t.predicate == IDENTIFIER:
            identifiers.append((t.subject.value, t.object.value))
    return {"docs": {d: sorted(ts) for d, ts in sorted(docs.items())}, "programmes": sorted(programmes),
            "ids": sorted({(i, d) for d, i in identifiers if d in docs})}


def file_infos(data_dir: Path, previous: dict) -> dict[str, dict]:
    """file name -> {"stat", "sha", and for a document file "docs", "programmes"}; ``previous``: the same from the
    last run (a file whose size and modification time are unchanged is not hashed again; one whose hash is
    unchanged is not parsed again)."""
    out = {}
    for path in ttl_files(data_dir):
        st = os.stat(path)
        stat = [st.st_size, st.st_mtime_ns]
        old = previous.get(path.name) or {}
        sha = old["sha"] if old.get("stat") == stat else sha256(path)
        info = {"stat": stat, "sha": sha}
        if path.name not in SHARED_TTL:
            if old.get("sha") == sha and "ids" in old:
                info.update(docs=old["docs"], programmes=old["programmes"], ids=old["ids"])
            else:
                info.update(describe(q.triple for q in read_triples(path)))
        out[path.name] = info
    return out


@dataclass
class Slices:
    """The same parts as ``site_query.split.Split``, with a town's document triples read on demand."""
    data_dir: Path
    files: list[str] = field(default_factory=list)  # the shared files, in order
    whole: dict[str, list] = field(default_factory=dict)
    parts: dict[str, dict[str, list]] = field(default_factory=dict)
    shared: list = field(default_factory=list)
    doc_files: dict[str, list[str]] = field(default_factory=dict)  # town -> its document files, in order
    doc_towns: dict[str, set[str]] = field(default_factory=dict)
    identifiers: dict[str, str] = field(default_factory=dict)  # a document's identifier -> its town
    heads: dict[str, bytes] = field(default_factory=dict)  # a file cut into blocks (``blocks``) -> its PREFIX lines;
    # its parts are then lists of blocks, parsed when asked for

    def part(self, town: str, name: str) -> list:
        got = self.parts[town].get(name, ())
        return parse(self.heads[name], got) if name in self.heads else list(got)

    @property
    def docs(self) -> dict[str, list[str]]:
        """The towns, in order (what ``Split.docs`` is keyed by)."""
        return self.doc_files

    def own(self, town: str) -> list:
        """The town's triples without the whole files (``Split.own``)."""
        docs = [q.triple for f in self.doc_files[town] for q in read_triples(self.data_dir / f)]
        return docs + self.shared_part(town)

    def shared_part(self, town: str) -> list:
        return [t for f in self.files for t in self.part(town, f)]

    def file_digest(self, town: str, name: str) -> str:
        """A hash of the town's share of one shared file."""
        got = self.parts.get(town, {}).get(name, [])
        return block_digest([self.heads[name], *got]) if name in self.heads else triples_digest(got)

    def shared_digest(self, town: str) -> str:
        """A hash of the town's share of the shared files (its blocks' bytes, or its triples)."""
        return digest([(f, self.file_digest(town, f)) for f in self.files])

    def whole_triples(self) -> list:
        return [t for f in self.files for t in self.whole.get(f, ())]


def slices(data_dir: Path, infos: dict[str, dict]) -> Slices:
    doc_files: dict[str, list[str]] = defaultdict(list)
    doc_towns: dict[str, set[str]] = defaultdict(set)
    programme_towns: dict[str, set[str]] = defaultdict(set)
    for name, info in infos.items():
        if name in SHARED_TTL:
            continue
        towns = sorted({t for ts in info["docs"].values() for t in ts})
        for doc, ts in info["docs"].items():
            doc_towns[doc].update(ts)
        for town in towns:
            doc_files[town].append(name)
            for p in info["programmes"]:
                programme_towns[p].add(town)
    out = Slices(Path(data_dir), doc_files=dict(sorted(doc_files.items())), doc_towns=dict(doc_towns))
    for name, info in infos.items():
        for ident, doc in info.get("ids", ()):
            out.identifiers[ident] = min(doc_towns[doc])
    towns = set(out.doc_files)
    owners = Owners(towns, doc_towns, programme_towns)
    out.parts = {town: defaultdict(list) for town in out.doc_files}
    for name in infos:
        if name not in SHARED_TTL:
            continue
        out.files.append(name)
        path = out.data_dir / name
        if name in WHOLE_FILES:
            out.whole[name] = [q.triple for q in read_triples(path)]
            continue
        cut = blocks(path.read_bytes())
        if cut is not None:
            out.heads[name], national = cut[0], []
            for subject, block in cut[1]:
                targets = owners(subject)
                for town in targets:
                    out.parts[town][name].append(block)
                if not targets or subject in programme_towns:
                    national.append(block)
            out.shared += parse(cut[0], national)
            continue
        subject, targets = None, ()
        for q in read_triples(path):
            t = q.triple
            if t.subject != subject:  # a file states a subject's triples together: its towns found once
                subject = t.subject
                targets = owners(subject.value) \
                    if isinstance(subject, ox.NamedNode) else ()
            for town in targets:
                out.parts[town][name].append(t)
            if not targets or t.subject.value in programme_towns:
                out.shared.append(t)
    return out
