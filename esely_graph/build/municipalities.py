"""Manifest checks that concern municipalities, and the settlements graph.

Every manifest municipality must be an organisation entry of kind ``municipality`` and a settlement
of the KSH register (by its ``ksh`` code, else by its id or label); otherwise the build stops with
the closest matches. An entry marked ``fictional = true`` (a test corpus, a benchmark's synthetic
towns) is no settlement and gets none. Two documents that claim to be the same municipality's HEP part (same kind)
for the same period are reported — a build warning and an ``esely:DuplicatePlan`` flag on both —
never merged.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field

from rdflib import Graph, Literal, URIRef
from rdflib.namespace import DCTERMS, RDF, RDFS, SKOS

from ..errors import SourceError
from ..manifest import HEP_KINDS, Manifest
from ..namespaces import BASE, ESELY, new_graph
from ..settlements import Register, Settlement
from ..vocab import Vocabularies
from .iris import hu


def settlement_iri(ksh: str) -> URIRef:
    return URIRef(f"{BASE}settlement/{ksh}")


@dataclass
class MunicipalityCheck:
    settlements: dict[str, Settlement] = field(default_factory=dict)  # municipality id -> settlement
    duplicates: dict[str, list[str]] = field(default_factory=dict)     # document id -> the other documents
    warnings: list[str] = field(default_factory=list)


def settlement_of(entry_id: str, vocab: Vocabularies, register: Register, where: str, entry=None) -> Settlement:
    entry = entry or next(e for e in vocab.organisations if e.id == entry_id)  # given: no scan per town
    code = vocab.ksh.get(entry_id)
    if code is not None:
        s = register.by_ksh.get(code)
        if s is None:
            raise SourceError(where, None, None, f"municipality '{entry_id}': KSH code {code} is not in the "
                              f"settlement register / a KSH-kód nincs a helységnévtárban")
        return s
    for name in (entry_id, entry.label, *entry.aliases):
        s = register.find(name)
        if s is not None:
            return s
    near = ", ".join(f"{c.name} ({c.ksh}, {c.county})" for c in register.closest(entry.label))
    raise SourceError(where, None, None,
                      f"municipality '{entry_id}' ({entry.label}) is not a settlement of the KSH register / nem "
                      f"található a helységnévtárban; closest / leghasonlóbb: {near}; add ksh = \"…\" to its "
                      f"[[org]] entry in data/vocab/organisations.toml (or fictional = true for a made-up town)")


def check_municipalities(manifest: Manifest, vocab: Vocabularies, register: Register) -> MunicipalityCheck:
    where = str(manifest.path)
    munis = {e.id: e for e in vocab.municipalities()}
    out = MunicipalityCheck()
    for meta in manifest.documents:
        if meta.municipality not in munis:
            near = ", ".join(f"{c.name} ({c.ksh})" for c in register.closest(meta.municipality))
            known = ", ".join(sorted(munis)) or "none"
            raise SourceError(where, None, None,
                              f"document {meta.id}: municipality '{meta.municipality}' is not in "
                              f"data/vocab/organisations.toml as a municipality (known: {known}); closest settlements / "
                              f"leghasonlóbb települések: {near}")
        if meta.strategy and f"{meta.municipality}/{meta.strategy}" not in vocab.strategy_municipality:
            raise SourceError(where, None, None,
                              f"document {meta.id}: strategy '{meta.strategy}' is not in data/vocab/strategies.toml")
        if meta.municipality not in out.settlements and meta.municipality not in vocab.fictional:
            out.settlements[meta.municipality] = settlement_of(meta.municipality, vocab, register, where,
                                                               munis[meta.municipality])
    by_plan: dict[tuple, list[str]] = defaultdict(list)
    for meta in manifest.documents:
        if meta.kind in HEP_KINDS:
            by_plan[(meta.municipality, meta.kind, meta.plan_period)].append(meta.id)
    for (muni, kind, period), ids in sorted(by_plan.items()):
        if len(ids) > 1:
            out.warnings.append(f"{', '.join(ids)}: {len(ids)} documents claim to be {muni}'s {kind} for {period}; "
                                f"kept apart, not merged / {len(ids)} dokumentum ugyanaz a HEP-rész ugyanarra az "
                                f"időszakra")
            for i in ids:
                out.duplicates[i] = [j for j in ids if j != i]
    return out


def flag_duplicate(g: Graph, doc: URIRef, others: list[str]) -> None:
    g.add((doc, ESELY.flag, ESELY.DuplicatePlan))
    note = URIRef(f"{doc}/flag/DuplicatePlan")  # the note as a node, like every parse note (build/document.py)
    g.add((doc, ESELY.parseNote, note))
    g.add((note, RDF.type, ESELY.ParseNote))
    g.add((note, ESELY.flagClass, ESELY.DuplicatePlan))
    g.add((note, RDFS.comment, Literal(f"same municipality, kind and period as {', '.join(others)}")))


def settlements_graph(settlements: list[Settlement]) -> Graph:
    g = new_graph()
    for s in sorted(set(settlements), key=lambda s: s.ksh):
        node = settlement_iri(s.ksh)
        g.add((node, RDF.type, ESELY.Settlement))
        g.add((node, DCTERMS.identifier, Literal(s.ksh)))
        g.add((node, SKOS.prefLabel, hu(s.name)))
        g.add((node, RDFS.label, hu(s.name)))
        for alias in s.aliases:
            g.add((node, SKOS.altLabel, hu(alias)))
        g.add((node, ESELY.county, Literal(s.county)))
        if s.district:
            g.add((node, ESELY.district, Literal(s.district)))
        g.add((node, ESELY.legalStatus, Literal(s.status)))
        g.add((node, DCTERMS.source, Literal("KSH területi számjelrendszer 2018 (teroszt, CC0)")))
    return g
