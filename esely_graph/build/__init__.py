"""The only place that turns importer records into triples.

``build(data_dir, out_dir)`` reads the manifest, runs one importer per document (``kinds.py``),
hands its records to the writer of that kind (``tables.py``, ``prose.py``, with ``values.py`` and
``owners.py`` for normalised cells), writes its Turtle into a temporary directory at once and drops
its graph (the build cache, ``cache.py``, keeps the Turtle for the next build), computes the links
town by town (``links/towns.py``), adds the shared vocabularies (``vocab_graphs.py``); the
output changes only when everything succeeded, and then only the files that differ (``fsutil.updated_dir``). The
documents the cache does not have are imported on all cores (``parallel.py``), written in manifest order.
"""

from __future__ import annotations

import gc
import os
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

from rdflib import Graph

from ..collector import calm
from ..errors import SourceError
from ..importers.context import ImportContext
from ..fsutil import refuse_overlap, updated_dir
from ..layout import resource
from ..limits import check_file, check_records
from ..manifest import DocumentMeta, Manifest, load_manifest
from ..normalise.programmes import ProgrammeFinder
from ..normalise.target_groups import TargetGroupMatcher
from ..settlements import register
from ..store import read_graph
from ..vocab import load_vocabularies
from .context import BuildContext
from .iris import doc_iri, hu, org_iri, strategy_iri  # noqa: F401  (re-exported)
from .kinds import KINDS, DocumentGraph
from .cache import DocumentCache, add_observed
from .municipalities import check_municipalities, flag_duplicate  # noqa: F401  (re-exported)
from .output import serialise, write_atomically
from .shared import shared_files, shared_graphs
from .merged import MergedFile
from .similarity import FILE as SIMILARITY_FILE, Profiles, profile_of_triples, similarity_graph

MERGED = ("links.ttl", "organisations.ttl", "strategies.ttl", "settlements.ttl")  # merged from town chunks
__all__ = ["build", "build_graphs", "build_documents", "BuildResult", "Built", "DocumentGraph", "KINDS", "serialise",
           "write_atomically"]


@dataclass
class BuildResult:
    files: dict[str, int]  # file name -> triple count
    out_dir: Path
    skipped: list[SkippedDocument] = field(default_factory=list)
    warnings: tuple[str, ...] = ()


@dataclass(frozen=True)
class SkippedDocument:
    """A document that could not be read: left out of the graph, reported (file, place, expected)."""
    id: str
    error: str


def build_context(data_dir: Path, ontology_dir: Path, cache: DocumentCache | None = None) -> tuple[Manifest, BuildContext]:
    """The manifest and what every document's build shares (vocabularies, matchers)."""
    manifest = cache.manifest(data_dir, load_manifest) if cache else load_manifest(data_dir)
    vocab = cache.vocabularies(data_dir, load_vocabularies) if cache else load_vocabularies(data_dir)
    matcher = TargetGroupMatcher.from_file(ontology_dir / "target-groups.ttl")
    ctx = BuildContext(vocab, matcher, ProgrammeFinder.from_file(data_dir / "vocab" / "programmes.toml"))
    if cache:
        ctx.entry_reprs = cache.entry_reprs
    return manifest, ctx


def import_document(meta: DocumentMeta, ctx: BuildContext, path: Path, display: str) -> DocumentGraph:
    """Read one source document and write its triples (limits checked before the slow steps)."""
    kind = KINDS[meta.kind]
    check_file(path, display)
    records = kind.read(path, display, ImportContext(ctx.target_groups, ctx.owners(meta.municipality)), meta.encoding)
    check_records(records, display)
    dg = DocumentGraph(meta, ctx, kind.doc_class)
    dg.places = dict(getattr(records, "places", {}) or {})
    kind.write(dg, records)
    dg.records = records
    return dg


@dataclass
class Built:
    """One document of the manifest, built now (``graph``, ``turtle``, ``nodes``) or from the
    cache (``cached``: its Turtle file), or left out (``error``)."""
    meta: DocumentMeta
    triples: int = 0
    key: str | None = None  # its cache key (None: not cached)
    turtle: bytes | None = None
    cached: Path | str | None = None  # its Turtle in the cache (built now or before)
    graph: Graph | None = None
    nodes: tuple | None = None  # its link nodes (links.nodes.collect)
    error: str | None = None
    profile: object = None  # its similarity profile, when built now
    stamp: tuple | None = None  # the cached Turtle's inode, size and time, when it was in the cache before


def build_documents(manifest: Manifest, ctx: BuildContext, check, cache: DocumentCache | None, scheme: Graph,
                    progress=None, strict: bool = False, jobs: int | None = 1, keep_graph: bool = True):
    """Each document of the manifest in order (a generator: the caller writes it and drops it),
    the cache's misses built on ``jobs`` processes (``parallel.py``; None: one per core), with its
    graph when ``keep_graph`` (then in this process). A document that cannot be read comes with
    its ``error`` (with ``strict`` the error stops the build); what building it observed joins
    ``ctx`` in manifest order, only when it was built."""
    from .parallel import Builder

    docs = manifest.documents
    plan, todo = [], []
    for meta in docs:
        path = manifest.source_path(meta)
        duplicate = check.duplicates.get(meta.id)
        key = cache.key(meta, path, ctx.vocab) if cache and not duplicate else None  # a duplicate's flag
        hit = cache.get(key) if key else None                                   # depends on other documents
        plan.append((key, hit))
        if not hit:
            todo.append((meta, path, os.path.relpath(path), duplicate))
    with Builder(todo, ctx, scheme, jobs, keep_graph) as builder:
        for meta, (key, hit) in zip(progress(docs) if progress else docs, plan):
            if hit:  # unchanged since it was built: its Turtle and observations from the cache
                add_observed(ctx, hit.observed)
                yield Built(meta, hit.triples, key, cached=hit.turtle, stamp=hit.stamp)
                continue
            done = builder.get(meta)
            if done.error is not None:
                if strict:
                    raise done.exception()
                yield Built(meta, error=str(done.exception()))
                continue
            add_observed(ctx, done.observed)  # a document left out registers nothing
            cached = cache.put(key, done.turtle, done.triples, done.nodes, done.observed) if key else None
            yield Built(meta, done.triples, key, done.turtle, cached, done.graph, done.nodes, profile=done.profile)


def _decisions(data_dir: Path, left_out=frozenset()):
    from ..links import load_decisions

    path = data_dir / "links.toml"
    return [d for d in load_decisions(path) if d.measure.split(":")[0] not in left_out
            and d.target.split(":")[0] not in left_out], os.path.relpath(path)


def build_graphs(data_dir: Path, ontology_dir: Path, progress=None, strict: bool = False,
                 skipped: list[SkippedDocument] | None = None,
                 warnings: list[str] | None = None) -> dict[str, Graph]:
    """Every file's graph, file name -> graph, all in memory (``build`` writes them one at a time
    instead). Every document is built afresh (no cache). A document that cannot be read is
    appended to ``skipped`` and left out; with ``strict`` its error stops the whole build."""
    manifest, ctx = build_context(data_dir, ontology_dir)
    check = check_municipalities(manifest, ctx.vocab, register())
    scheme = read_graph(ontology_dir / "target-groups.ttl")
    graphs: dict[str, Graph] = {}
    for b in build_documents(manifest, ctx, check, None, scheme, progress, strict):
        if b.error is not None:
            if skipped is not None:
                skipped.append(SkippedDocument(b.meta.id, b.error))
            continue
        graphs[f"{b.meta.id}.ttl"] = b.graph
    from ..links import link_documents

    decisions, display = _decisions(data_dir, {s.id for s in skipped or ()})
    parts = [profile_of_triples(g) for g in graphs.values()]  # the documents
    graphs["links.ttl"] = link_documents(graphs.values(), scheme, decisions, display).graph
    graphs |= shared_graphs(ctx, check, ontology_dir)
    graphs[SIMILARITY_FILE] = similarity_graph(parts, scheme)
    if warnings is not None:
        warnings.extend(check.warnings)
    return graphs


@contextmanager
def _collector():
    """The cyclic garbage collector, calmer during a build: a collection every 50,000 new containers, not
    700 (a one-town rebuild at 3,200 towns allocates millions: 1.2 of its 6 s went to collections), and
    what the build loaded is frozen (``_settled``) so full passes do not walk it; as before afterwards."""
    try:
        with calm():
            yield
    finally:
        gc.unfreeze()


def _settled() -> None:
    """What is loaded now lives to the build's end (the cache's indexes, the vocabularies)."""
    gc.freeze()


def build(data_dir: Path, out_dir: Path, ontology_dir: Path | None = None, progress=None,
          strict: bool = False, jobs: int | None = None) -> BuildResult:
    """``_build`` with the collector calmed (``_collector``)."""
    with _collector():
        return _build(data_dir, out_dir, ontology_dir, progress, strict, jobs)


def _build(data_dir: Path, out_dir: Path, ontology_dir: Path | None = None, progress=None,
           strict: bool = False, jobs: int | None = None) -> BuildResult:
    """Build every document and write it at once into a temporary folder (then drop it: only its
    link nodes wait for its town's links), then links.ttl and the shared files; the folder
    replaces ``out_dir`` only when all of it succeeded; only the files that differ are replaced
    (fsutil.updated_dir)."""
    from ..links.towns import TownLinks

    ontology_dir = ontology_dir or resource("ontology")
    refuse_overlap(out_dir, data_dir / "sources", data_dir / "vocab", data_dir)
    cache = DocumentCache.for_build(data_dir, ontology_dir)
    manifest, ctx = build_context(data_dir, ontology_dir, cache)
    check = check_municipalities(manifest, ctx.vocab, register())
    scheme = read_graph(ontology_dir / "target-groups.ttl")
    decisions, display = _decisions(data_dir)
    shared = cache.shelf("shared") if cache else None
    profiles = Profiles(cache.one_file_shelf("similarity") if cache else None,  # similarity.ttl (build/similarity.py)
                        cache.shelf("similarity-ranking") if cache else None)
    merged = {name: MergedFile(out_dir / name, cache.root.parent / f"merged-{name}.index" if cache else None)
              for name in MERGED}
    links = TownLinks(decisions, display, {m.id: m.municipality for m in manifest.documents},
                      cache.nodes if cache else None, cache.shelf("links") if cache else None,
                      merged=merged["links.ttl"] if cache else None)
    skipped: list[SkippedDocument] = []
    files: dict[str, int] = {}
    _settled()
    with updated_dir(out_dir) as out:
        for b in build_documents(manifest, ctx, check, cache, scheme, progress, strict, jobs, keep_graph=False):
            if b.error is not None:
                skipped.append(SkippedDocument(b.meta.id, b.error))
                links.skip(b.meta.id)
                continue
            name = f"{b.meta.id}.ttl"
            if b.cached is not None:
                out.place(b.cached, name, b.stamp)
            else:
                out.write(name, b.turtle)
            files[name] = b.triples
            links.done(b.meta.id, b.key, b.nodes)
            profiles.add(b.key, b.turtle, b.cached, b.profile)
        if not files:
            raise SourceError(str(data_dir / "sources.toml"), None, None,
                              "no document could be read: " + "; ".join(s.error for s in skipped))
        turtle, files["links.ttl"] = links.finish()
        out.write("links.ttl", turtle)
        for name, (turtle, files[name]) in shared_files(ctx, check, ontology_dir, shared, merged if cache else None).items():
            out.write(name, turtle)
        turtle, files[SIMILARITY_FILE] = profiles.turtle(scheme)
        out.write(SIMILARITY_FILE, turtle)
    if cache:
        for m in merged.values():
            m.save()
        for store in (cache, links.shelf, shared, profiles.shelf, profiles.state):
            store.prune()
    return BuildResult(dict(sorted(files.items())), out_dir, skipped, tuple(check.warnings))
