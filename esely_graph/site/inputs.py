"""The site's inputs, read without reading every file: what each Turtle file is, and each town's slice.

A document file is read only when its content changed since the site was last made (its SHA-256, re-hashed only
when its size or modification time changed): what the site needs of an unchanged one (the towns it names, its
documents, the programmes it mentions) comes from the site's state. The shared files (organisations, links,
strategies …) are shared out among the towns as ``site_query.split`` does (same triples, same order): a file in
canonical flat form is cut into its subjects' blocks (``blocks``) and each town's share kept as byte ranges of the
file, with its hash. That cut is kept in the site's state and reused while the file's SHA-256 and what decides a
subject's towns (the towns, their documents, the programmes they mention) are unchanged: at 3,200 towns, cutting
the files and finding 270,000 subjects' towns is most of a one-town update's reading. A town's document files and
its share of the shared files are parsed when its pages are rendered (in the worker that renders them).
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
from .recut import Last, recut
from ..state_file import values_digest
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
    parts: dict[str, dict[str, list]] = field(default_factory=dict)  # town -> file -> triples (a file not cut)
    shared: list = field(default_factory=list)
    doc_files: dict[str, list[str]] = field(default_factory=dict)  # town -> its document files, in order
    doc_towns: dict[str, set[str]] = field(default_factory=dict)
    identifiers: dict[str, str] = field(default_factory=dict)  # a document's identifier -> its town
    cuts: dict[str, dict] = field(default_factory=dict)  # a file cut into blocks -> ``cut_file``'s (kept in the state)
    _bytes: dict[str, bytes] = field(default_factory=dict)

    def data(self, name: str) -> bytes:
        """A shared file's bytes, read once."""
        if name not in self._bytes:
            self._bytes[name] = (self.data_dir / name).read_bytes()
        return self._bytes[name]

    def _blocks(self, town: str, name: str) -> list[bytes]:
        data = self.data(name)
        return [data[a:b] for a, b in self.cuts[name]["ranges"].get(town, ())]

    def part(self, town: str, name: str) -> list:
        if name in self.cuts:
            return parse(self.cuts[name]["head"], self._blocks(town, name))
        return list(self.parts[town].get(name, ()))

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
        """A hash of the town's share of one shared file (its blocks' bytes after the PREFIX lines, or its
        triples)."""
        if name in self.cuts:
            cut = self.cuts[name]
            return cut["digests"].get(town) or cut["empty"]
        return triples_digest(self.parts.get(town, {}).get(name, []))

    def shared_digest(self, town: str) -> str:
        """A hash of the town's share of the shared files."""
        return digest([(f, self.file_digest(town, f)) for f in self.files])

    def whole_triples(self) -> list:
        return [t for f in self.files for t in self.whole.get(f, ())]


def owners_key(towns, doc_towns: dict, programme_towns: dict) -> str:
    """A hash of what ``Owners`` decides a subject's towns by (``state_file.values_digest``)."""
    return values_digest((sorted(towns), sorted((d, sorted(t)) for d, t in doc_towns.items()),
                          sorted((p, sorted(t)) for p, t in programme_towns.items()))).hex()


def cut_file(data: bytes, owners: Owners, programme_towns: dict) -> dict | None:
    """A shared file in canonical flat form shared out by its blocks: {"head": its PREFIX lines, "ranges": town ->
    [(start, end)] of its blocks in the file, "digests": town -> SHA-256 of its share (``blocks.digest`` of the
    PREFIX lines and its blocks), "empty": the hash of no share, "national": the ranges of the blocks no town owns
    and of the programmes}; None when the file cannot be cut by bytes."""
    cut = blocks(data)
    if cut is None:
        return None
    head, ranges, national = cut[0], defaultdict(list), []
    for subject, at, end in cut[1]:
        targets = owners(subject)
        for town in targets:
            ranges[town].append((at, end))
        if not targets or subject in programme_towns:
            national.append((at, end))
    digests = {town: block_digest([head, *(data[a:b] for a, b in rs)]) for town, rs in ranges.items()}
    return {"head": head, "ranges": dict(ranges), "digests": digests, "empty": block_digest([head]),
            "national": national}


def slices(data_dir: Path, infos: dict[str, dict], kept: dict | None = None, last: Path | None = None) -> Slices:
    """Each town's slice of the Turtle files (``infos``: ``file_infos``); ``kept``: the ``cuts`` of the last run
    (a file whose hash and owners' key are the same is not read again; one that changed is cut again where it
    changed, ``recut``, when ``last`` holds the version it was cut from)."""
    last = Last(last)
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
    key = owners_key(towns, doc_towns, programme_towns)
    kept = kept or {}
    out.parts = {town: defaultdict(list) for town in out.doc_files}
    for name in infos:
        if name not in SHARED_TTL:
            continue
        out.files.append(name)
        path = out.data_dir / name
        if name in WHOLE_FILES:
            out.whole[name] = [q.triple for q in read_triples(path)]
            continue
        old = kept.get(name)
        if old is not None and old.get("sha") == infos[name]["sha"] and old.get("owners") == key:
            cut = old
        else:
            before = last.old(name, old) if old is not None and old.get("owners") == key else None
            cut = recut(before, out.data(name), old, owners, programme_towns) if before is not None else None
            if cut is None:
                cut = cut_file(out.data(name), owners, programme_towns)
            if cut is not None:
                cut.update(sha=infos[name]["sha"], owners=key)
        if cut is not None:
            cut = last.kept(path, cut)
        if cut is not None:
            out.cuts[name] = cut
            if cut["national"]:
                data = out.data(name)
                out.shared += parse(cut["head"], [data[a:b] for a, b in cut["national"]])
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
