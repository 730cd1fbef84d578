"""The only place that turns importer records into triples.

``build(data_dir, out_dir)`` reads the manifest, runs one importer per document (``kinds.py``),
hands its records to the writer of that kind (``tables.py``, ``prose.py``, with ``values.py`` and
``owners.py`` for normalised cells), adds the shared vocabularies (``vocab_graphs.py``) and the
links, and writes one Turtle file per document into a temporary directory that replaces
``out_dir`` only when everything succeeded (``output.py``).
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

from rdflib import Graph

from ..errors import SourceError
from ..importers.context import ImportContext
from ..layout import resource
from ..manifest import load_manifest
from ..namespaces import new_graph
from ..normalise.programmes import ProgrammeFinder
from ..normalise.target_groups import TargetGroupMatcher
from ..vocab import load_vocabularies
from .context import BuildContext
from .iris import doc_iri, hu, org_iri, strategy_iri  # noqa: F401  (re-exported)
from .kinds import KINDS, DocumentGraph
from .cache import DocumentCache, add_observed, observe
from .output import remembered, serialise, write_atomically
from .vocab_graphs import organisations_graph, programmes_graph, strategies_graph

__all__ = ["build", "build_graphs", "BuildResult", "DocumentGraph", "KINDS", "serialise", "write_atomically"]


@dataclass
class BuildResult:
    files: dict[str, int]  # file name -> triple count
    out_dir: Path


def build_graphs(data_dir: Path, ontology_dir: Path, progress=None) -> dict[str, Graph]:
    """Import every document of the manifest and return file name -> graph."""
    manifest = load_manifest(data_dir)
    vocab = load_vocabularies(data_dir)
    tg_path = ontology_dir / "target-groups.ttl"
    matcher = TargetGroupMatcher.from_file(tg_path)
    ctx = BuildContext(vocab, matcher, ProgrammeFinder.from_file(data_dir / "vocab" / "programmes.toml"))
    org_ids = {e.id for e in vocab.organisations}
    for meta in manifest.documents:
        if meta.municipality not in org_ids:
            raise SourceError(str(manifest.path), None, None,
                              f"document {meta.id}: municipality '{meta.municipality}' is not in data/vocab/organisations.toml")
        if meta.strategy and f"{meta.municipality}/{meta.strategy}" not in vocab.strategy_municipality:
            raise SourceError(str(manifest.path), None, None,
                              f"document {meta.id}: strategy '{meta.strategy}' is not in data/vocab/strategies.toml")
    graphs: dict[str, Graph] = {}
    docs = manifest.documents
    cache = DocumentCache.for_build(data_dir, ontology_dir)
    for meta in (progress(docs) if progress else docs):
        path = manifest.source_path(meta)
        key = cache.key(meta, path, vocab) if cache else None
        hit = cache.get(key) if cache else None
        if hit:  # unchanged since it was built: its graph, Turtle and observations from the cache
            add_observed(ctx, hit.aliases, hit.programmes)
            graphs[f"{meta.id}.ttl"] = hit.graph
            continue
        (aliases, programmes), merge = observe(ctx)
        display = os.path.relpath(path)
        kind = KINDS[meta.kind]
        records = kind.read(path, display, ImportContext(matcher, ctx.owners(meta.municipality)), meta.encoding)
        dg = DocumentGraph(meta, ctx, kind.doc_class)
        kind.write(dg, records)
        merge()
        graphs[f"{meta.id}.ttl"] = dg.g
        if cache:
            remembered(dg.g)  # written now, kept with the graph
            cache.put(key, dg.g, aliases, programmes)
    if cache:
        cache.prune()
    graphs["links.ttl"] = links_graph_for(graphs, data_dir, ontology_dir)
    graphs["organisations.ttl"] = organisations_graph(ctx)
    graphs["strategies.ttl"] = strategies_graph(ctx)
    graphs["programmes.ttl"] = programmes_graph(ctx)
    for name in ("esely.ttl", "target-groups.ttl"):
        g = new_graph()
        g.parse(ontology_dir / name)
        graphs["ontology.ttl" if name == "esely.ttl" else name] = g
    return graphs


def links_graph_for(doc_graphs: dict[str, Graph], data_dir: Path, ontology_dir: Path) -> Graph:
    """Link measures to problems, opportunities and other plans' measures (see links.py)."""
    from ..links import link_graph, load_decisions

    merged = Graph()
    for g in doc_graphs.values():
        merged += g
    merged.parse(ontology_dir / "target-groups.ttl")
    path = data_dir / "links.toml"
    return link_graph(merged, load_decisions(path), os.path.relpath(path)).graph



def build(data_dir: Path, out_dir: Path, ontology_dir: Path | None = None, progress=None) -> BuildResult:
    ontology_dir = ontology_dir or resource("ontology")
    graphs = build_graphs(data_dir, ontology_dir, progress)
    write_atomically(graphs, out_dir)
    return BuildResult({name: len(g) for name, g in sorted(graphs.items())}, out_dir)
