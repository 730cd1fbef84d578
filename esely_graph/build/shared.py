"""The shared files (organisations, settlements, strategies, programmes, ontology, target groups),
written town by town where they grow with the number of towns.

organisations.ttl, strategies.ttl and settlements.ttl describe every municipality; each is the
union of one graph per town (per group of towns, when a unit's parent is another town's) with no
subject in common, so it is written as one ``FlatChunk`` of canonical Turtle per town and merged
(``output.merge_chunks``: the bytes of the whole graph's Turtle). With a ``shelf`` (the build
cache) a town's chunk is kept under the text of everything its graph is made from (its entries,
the spellings documents used for them, their basis, its settlement) and the code: a rebuild
after one town changed builds and writes one town's graph, not the nation's.
"""

from __future__ import annotations

from collections import defaultdict
from pathlib import Path

from rdflib import Graph, URIRef

from ..namespaces import TG, new_graph
from ..store import read_graph
from .context import BuildContext
from .municipalities import settlement_iri, settlements_graph
from .output import flat_chunk, merge_chunks, serialise
from .vocab_graphs import mark_national, organisations_graph, programmes_graph, strategies_graph

TG_SCHEME = URIRef(str(TG))


def _town(entry_id: str) -> str:
    return entry_id.split("/", 1)[0]


def _chunked(groups: dict[str, list], describe, make, shelf, name: str, merged=None) -> tuple[bytes, int]:
    """Merge the chunks of ``make(items)`` for each group; ``describe(item)`` is all that
    ``make`` reads of an item (the shelf's key). With ``merged`` (``build.merged.MergedFile``) only the
    groups whose key changed are read and spliced into the last file."""
    chunks, triples = [], 0
    for group, items in sorted(groups.items()):
        key = f"{name} {group}\n" + "\n".join(repr(describe(i)) for i in items) if shelf is not None else None
        same = merged.unchanged(group, key) if merged is not None else None
        if same is not None:
            shelf.touch(key)
            merged.add(group, key, None, same)
            continue
        kept = shelf.get(key) if key is not None else None
        if kept is None:
            g = make(items)
            chunk = flat_chunk(g, foreign=None)
            if chunk is None:
                raise ValueError(f"{name} of {group} is not flat Turtle (build/output.py)")
            kept = (chunk, len(g))
            if key is not None:
                shelf[key] = kept
        chunks.append(kept[0])
        triples += kept[1]
        if merged is not None:
            merged.add(group, key, *kept)
    return merged.finish() if merged is not None else (merge_chunks(chunks), triples)


def _organisation_groups(entries) -> dict[str, list]:
    """Entries by town; towns joined when an entry's parent is another town's (its triples name
    the parent as a subject: org:hasUnit)."""
    root: dict[str, str] = {}

    def find(t: str) -> str:
        while root.setdefault(t, t) != t:
            t = root[t]
        return t

    for e in entries:
        a, b = find(_town(e.id)), find(_town(e.parent or e.id))
        if a != b:
            root[max(a, b)] = min(a, b)
    groups: dict[str, list] = defaultdict(list)
    for e in entries:
        groups[find(_town(e.id))].append(e)
    return groups


def shared_files(ctx: BuildContext, check, ontology_dir: Path, shelf=None,
                 merged=None) -> dict[str, tuple[bytes, int]]:
    """File name -> (canonical Turtle, triple count) of every shared file; ``merged``: file name ->
    ``build.merged.MergedFile`` for the files made of town chunks."""
    merged = merged or {}
    settlements = {m: settlement_iri(s.ksh) for m, s in check.settlements.items()}
    out = {}
    out["organisations.ttl"] = _chunked(
        _organisation_groups(ctx.organisation_entries()),
        lambda e: (ctx.entry_text(e), settlements.get(e.id), sorted(ctx.observed_aliases.get(e.id, ())), ctx.basis(e.id)),
        lambda entries: organisations_graph(ctx, settlements, entries), shelf, "organisations",
        merged.get("organisations.ttl"))
    strategies: dict[str, list] = defaultdict(list)
    for e in ctx.strategy_entries():
        strategies[ctx.strategy_municipality(e.id)].append(e)
    out["strategies.ttl"] = _chunked(
        strategies, lambda e: (ctx.entry_text(e), ctx.strategy_municipality(e.id), sorted(ctx.observed_aliases.get(e.id, ()))),
        lambda entries: strategies_graph(ctx, entries), shelf, "strategies", merged.get("strategies.ttl"))
    by_ksh: dict[str, list] = defaultdict(list)
    for s in set(check.settlements.values()):
        by_ksh[s.ksh].append(s)
    out["settlements.ttl"] = _chunked(by_ksh, lambda s: s, settlements_graph, shelf, "settlements",
                                      merged.get("settlements.ttl"))
    for name, g in national_graphs(ctx, ontology_dir).items():
        out[name] = (serialise(g), len(g))
    return dict(sorted(out.items()))


def national_graphs(ctx: BuildContext, ontology_dir: Path) -> dict[str, Graph]:
    """What every municipality shares: the programmes, the ontology, the target-group scheme."""
    graphs = {"programmes.ttl": programmes_graph(ctx)}
    for name in ("esely.ttl", "target-groups.ttl"):
        g = read_graph(ontology_dir / name, new_graph())
        graphs["ontology.ttl" if name == "esely.ttl" else name] = g
    mark_national(graphs["target-groups.ttl"], TG_SCHEME)
    return graphs


def shared_graphs(ctx: BuildContext, check, ontology_dir: Path) -> dict[str, Graph]:
    """The shared files as graphs, whole (``build_graphs``)."""
    graphs = {"organisations.ttl": organisations_graph(ctx, {m: settlement_iri(s.ksh) for m, s in check.settlements.items()}),
              "settlements.ttl": settlements_graph(list(check.settlements.values())),
              "strategies.ttl": strategies_graph(ctx)}
    return graphs | national_graphs(ctx, ontology_dir)
