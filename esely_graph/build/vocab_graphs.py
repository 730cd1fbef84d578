"""The shared vocabulary graphs: organisations, programmes, strategies.

Every organisation node and strategy belongs to a municipality (``esely:municipality``, the
municipality node itself included, which also names its settlement, ``esely:settlement``);
what every municipality shares (programmes, the target-group scheme) is ``esely:scope esely:National``.
"""

from __future__ import annotations

from rdflib import Graph, Literal, URIRef
from rdflib.namespace import DCTERMS, ORG, RDF, RDFS, SKOS

from ..namespaces import BASE, ESELY, new_graph
from .context import BuildContext
from .iris import hu, org_iri, strategy_iri

ORG_CLASS = {
    "municipality": ORG.Organization, "council": ORG.Organization, "committee": ORG.OrganizationalUnit,
    "office": ORG.OrganizationalUnit, "department": ORG.OrganizationalUnit, "unit": ORG.OrganizationalUnit,
    "post": ORG.Post, "organisation": ORG.Organization,
}


def organisations_graph(ctx: BuildContext, settlements: dict[str, URIRef] | None = None, entries=None) -> Graph:
    """``settlements``: municipality id -> its settlement node; ``entries``: these only (default: all)."""
    g = new_graph()
    for e in ctx.organisation_entries() if entries is None else entries:
        node = org_iri(e.id)
        muni = ctx.vocab.municipality_of(e.id)
        g.add((node, ESELY.municipality, org_iri(muni)))
        if e.kind == "municipality" and settlements and e.id in settlements:
            g.add((node, ESELY.settlement, settlements[e.id]))
        g.add((node, RDF.type, ORG_CLASS[e.kind]))
        if e.kind in ("council", "committee", "municipality"):
            g.add((node, RDF.type, ORG.FormalOrganization if e.kind == "municipality" else ORG.Organization))
        g.add((node, SKOS.prefLabel, hu(e.label)))
        g.add((node, RDFS.label, hu(e.label)))
        for alias in sorted(set(e.aliases) | ctx.observed_aliases.get(e.id, set())):
            if alias != e.label:
                g.add((node, SKOS.altLabel, hu(alias)))
        if e.parent:
            parent = org_iri(e.parent)
            if e.kind == "post":
                g.add((node, ORG.postIn, parent))
            elif ORG_CLASS[e.kind] == ORG.OrganizationalUnit:
                g.add((node, ORG.unitOf, parent))
                g.add((parent, ORG.hasUnit, node))
            else:
                g.add((node, ORG.subOrganizationOf, parent))
        if e.origin == "form":
            g.add((node, ESELY.flag, ESELY.NotCurated))
        basis = ctx.basis(e.id)
        if basis:
            g.add((node, DCTERMS.source, Literal(basis)))
    return g


def programmes_graph(ctx: BuildContext) -> Graph:
    g = new_graph()
    for p in ctx.programmes.programmes:
        node = URIRef(f"{BASE}programme/{p.id}")
        g.add((node, RDF.type, ESELY.Programme))
        g.add((node, ESELY.scope, ESELY.National))
        g.add((node, SKOS.prefLabel, hu(p.label)))
        g.add((node, RDFS.label, hu(p.label)))
        for alias in p.aliases:
            g.add((node, SKOS.altLabel, hu(alias)))
    return g


def strategies_graph(ctx: BuildContext, entries=None) -> Graph:
    g = new_graph()
    for e in ctx.strategy_entries() if entries is None else entries:
        node = strategy_iri(e.id)
        g.add((node, RDF.type, ESELY.LocalStrategy))
        g.add((node, SKOS.prefLabel, hu(e.label)))
        g.add((node, RDFS.label, hu(e.label)))
        g.add((node, ESELY.municipality, org_iri(ctx.strategy_municipality(e.id))))
        for alias in sorted(set(e.aliases) | ctx.observed_aliases.get(e.id, set())):
            if alias != e.label:
                g.add((node, SKOS.altLabel, hu(alias)))
    return g




def mark_national(g: Graph, scheme: URIRef) -> None:
    """The target-group scheme is every municipality's."""
    g.add((scheme, ESELY.scope, ESELY.National))
