"""The only place that turns importer records into triples.

``build(data_dir, out_dir)`` reads the manifest, runs one importer per document (``kinds.py``),
hands its records to the writer of that kind (``tables.py``, ``prose.py``, with ``values.py`` and
``owners.py`` for normalised cells), adds the shared vocabularies (``vocab_graphs.py``) and the
links, and writes one Turtle file per document into a temporary directory that replaces
``out_dir`` only when everything succeeded (``output.py``).
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path

from rdflib import Graph, URIRef

from ..errors import SourceError
from ..importers.context import ImportContext
from ..fsutil import refuse_overlap
from ..layout import SHARED_TTL, resource
from ..limits import check_file, check_records
from ..manifest import DocumentMeta, Manifest, load_manifest
from ..namespaces import TG, new_graph
from ..normalise.programmes import ProgrammeFinder
from ..normalise.target_groups import TargetGroupMatcher
from ..settlements import register
from ..store import read_graph
from ..vocab import load_vocabularies
from .context import BuildContext
from .iris import doc_iri, hu, org_iri, strategy_iri  # noqa: F401  (re-exported)
from .kinds import KINDS, DocumentGraph
from .cache import DocumentCache, add_observed, observe
from .municipalities import check_municipalities, flag_duplicate, settlement_iri, settlements_graph
from .output import remembered, serialise, write_atomically
from .vocab_graphs import mark_national, organisations_graph, programmes_graph, strategies_graph

TG_SCHEME = URIRef(str(TG))

__all__ = ["build", "build_graphs", "BuildResult", "DocumentGraph", "KINDS", "serialise", "write_atomically"]


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


def build_context(data_dir: Path, ontology_dir: Path) -> tuple[Manifest, BuildContext]:
    """The manifest and what every document's build shares (vocabularies, matchers)."""
    manifest = load_manifest(data_dir)
    vocab = load_vocabularies(data_dir)
    matcher = TargetGroupMatcher.from_file(ontology_dir / "target-groups.ttl")
    return manifest, BuildContext(vocab, matcher, ProgrammeFinder.from_file(data_dir / "vocab" / "programmes.toml"))


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


def build_graphs(data_dir: Path, ontology_dir: Path, progress=None, strict: bool = False,
                 skipped: list[SkippedDocument] | None = None,
                 warnings: list[str] | None = None) -> dict[str, Graph]:
    """Import every document of the manifest and return file name -> graph.

    A document that cannot be read is appended to ``skipped`` and left out (the rest builds);
    with ``strict`` its error stops the whole build. The manifest's municipalities are checked
    against the settlement register first (``municipalities.py``); what is worth a warning but
    not a stop goes to ``warnings``.
    """
    manifest, ctx = build_context(data_dir, ontology_dir)
    vocab = ctx.vocab
    check = check_municipalities(manifest, vocab, register())
    graphs: dict[str, Graph] = {}
    docs = manifest.documents
    cache = DocumentCache.for_build(data_dir, ontology_dir)
    for meta in (progress(docs) if progress else docs):
        path = manifest.source_path(meta)
        key = cache.key(meta, path, vocab) if cache else None
        duplicate = check.duplicates.get(meta.id)
        hit = cache.get(key) if cache and not duplicate else None  # a duplicate's flag depends on other documents
        if hit:  # unchanged since it was built: its graph, Turtle and observations from the cache
            add_observed(ctx, hit.observed)
            graphs[f"{meta.id}.ttl"] = hit.graph
            continue
        observed, done = observe(ctx)
        built = False
        display = os.path.relpath(path)
        try:
            dg = import_document(meta, ctx, path, display)
            built = True
        except SourceError as exc:
            if strict:
                raise
            if skipped is not None:
                skipped.append(SkippedDocument(meta.id, str(exc)))
            continue
        finally:
            done(built)  # a document left out registers nothing in the shared vocabularies
        if duplicate:
            flag_duplicate(dg.g, dg.doc, duplicate)
        graphs[f"{meta.id}.ttl"] = dg.g
        if cache and not duplicate:
            remembered(dg.g)  # written now, kept with the graph
            cache.put(key, dg.g, observed)
    if cache:
        cache.prune()
    left_out = {s.id for s in skipped or ()}
    scores = cache.town_scores() if cache else None
    graphs["links.ttl"] = links_graph_for(graphs, data_dir, ontology_dir, left_out, scores)
    if scores is not None:
        scores.prune()
    graphs["organisations.ttl"] = organisations_graph(
        ctx, {m: settlement_iri(s.ksh) for m, s in check.settlements.items()})
    graphs["settlements.ttl"] = settlements_graph(list(check.settlements.values()))
    graphs["strategies.ttl"] = strategies_graph(ctx)
    graphs["programmes.ttl"] = programmes_graph(ctx)
    for name in ("esely.ttl", "target-groups.ttl"):
        g = read_graph(ontology_dir / name, new_graph())
        graphs["ontology.ttl" if name == "esely.ttl" else name] = g
    mark_national(graphs["target-groups.ttl"], TG_SCHEME)
    if warnings is not None:
        warnings.extend(check.warnings)
    return graphs


def links_graph_for(doc_graphs: dict[str, Graph], data_dir: Path, ontology_dir: Path,
                    left_out: set[str] = frozenset(), scores=None) -> Graph:
    """Link measures to problems, opportunities and other plans' measures (see links.py).

    Curated decisions about a document that was left out (unreadable) wait until it is readable.
    """
    from ..links import link_documents, load_decisions

    scheme = read_graph(ontology_dir / "target-groups.ttl")
    path = data_dir / "links.toml"
    decisions = [d for d in load_decisions(path)
                 if d.measure.split(":")[0] not in left_out and d.target.split(":")[0] not in left_out]
    return link_documents(doc_graphs.values(), scheme, decisions, os.path.relpath(path), scores).graph



def build(data_dir: Path, out_dir: Path, ontology_dir: Path | None = None, progress=None,
          strict: bool = False) -> BuildResult:
    ontology_dir = ontology_dir or resource("ontology")
    refuse_overlap(out_dir, data_dir / "sources", data_dir / "vocab", data_dir)
    skipped: list[SkippedDocument] = []
    warnings: list[str] = []
    graphs = build_graphs(data_dir, ontology_dir, progress, strict, skipped, warnings)
    if not any(name not in SHARED_TTL for name in graphs):
        raise SourceError(str(data_dir / "sources.toml"), None, None,
                          "no document could be read: " + "; ".join(s.error for s in skipped))
    write_atomically(graphs, out_dir)
    return BuildResult({name: len(g) for name, g in sorted(graphs.items())}, out_dir, skipped, tuple(warnings))
