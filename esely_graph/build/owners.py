"""Owners, strategies and programmes named in a cell, resolved against the vocabularies."""

from __future__ import annotations

from rdflib import Literal, URIRef
from rdflib.namespace import FOAF, ORG, RDF, RDFS, SKOS

from ..namespaces import BASE, ESELY
from ..normalise.names import Segment, looks_like_person
from ..records import Cell
from ..text import slug, starts_lower
from .iris import hu, org_iri, strategy_iri


class OwnerWriter:
    """Mixed into DocumentGraph."""

    def owners(self, node: URIRef, cell: Cell) -> None:
        g = self.g
        g.add((node, ESELY.ownerText, hu(cell.text)))
        gaz = self.ctx.owners(self.muni)
        segments = gaz.collapse_paths(gaz.segment(cell.text))
        n = 0
        for i, seg in enumerate(segments):
            nxt = segments[i + 1] if i + 1 < len(segments) else None
            if seg.entry is None and i == 0 and starts_lower(seg.text) and len(seg.text.split()) == 1:
                g.add((node, ESELY.strayText, hu(seg.text)))
                self.flag(node, [("StrayWord", f"'{seg.text}' at the start of the owner cell belongs to a neighbouring cell")])
                continue
            if (seg.entry is None and nxt is not None and nxt.entry is not None and nxt.entry.kind == "post"
                    and looks_like_person(seg.text)):
                person = URIRef(f"{BASE}person/{self.muni}/{slug(seg.text)}")
                g.add((person, RDF.type, FOAF.Person))
                g.add((person, FOAF.name, Literal(seg.text)))
                g.add((org_iri(nxt.entry.id), ORG.heldBy, person))
                self.derived(person, cell.lines)
                continue
            n += 1
            owner = self._owner_node(seg, cell)
            mention = URIRef(f"{node}/owner/{n}")
            self.item(mention, ESELY.OwnerMention, cell)
            g.add((mention, ESELY.mentionOf, owner))
            g.add((mention, ESELY.originalText, hu(seg.text)))
            g.add((mention, ESELY.sourceColumn, Literal(cell.column)))
            g.add((node, ESELY.ownerMention, mention))
            g.add((node, ESELY.responsible, owner))

    def _owner_node(self, seg: Segment, cell: Cell) -> URIRef:
        if seg.entry is not None:
            if seg.text != seg.entry.label:
                self.ctx.observed_aliases[seg.entry.id].add(seg.text)
            return org_iri(seg.entry.id)
        node = org_iri(f"{self.muni}/unresolved/{slug(seg.text)}")
        self.g.add((node, RDF.type, ORG.Organization))
        self.g.add((node, SKOS.prefLabel, hu(seg.text)))
        self.g.add((node, RDFS.label, hu(seg.text)))
        self.flag(node, [("UnknownName", "not in data/vocab/organisations.toml")])
        self.derived(node, cell.lines)
        return node

    def programmes(self, node: URIRef, *texts: str) -> None:
        """Link the item to every named programme its texts mention."""
        for text in texts:
            for p in self.ctx.programmes.find(text):
                self.g.add((node, ESELY.mentionsProgramme, URIRef(f"{BASE}programme/{p.id}")))
                self.ctx.programmes_seen.add(p.id)

    def strategy_mentions(self, text: str) -> list[Segment]:
        return [s for s in self.ctx.strategies(self.muni).segment(text) if s.entry is not None]

    def aligned(self, node: URIRef, cell: Cell) -> None:
        g = self.g
        g.add((node, ESELY.alignmentText, hu(cell.text)))
        for seg in self.ctx.strategies(self.muni).segment(cell.text):
            if seg.entry is not None:
                target = strategy_iri(seg.entry.id)
                if seg.text != seg.entry.label:
                    self.ctx.observed_aliases[seg.entry.id].add(seg.text)
            elif seg.text.strip(" -,"):
                target = strategy_iri(f"{self.muni}/unresolved/{slug(seg.text)}")
                g.add((target, RDF.type, ESELY.LocalStrategy))
                g.add((target, SKOS.prefLabel, hu(seg.text)))
                g.add((target, ESELY.municipality, org_iri(self.muni)))
                self.flag(target, [("UnknownName", "not in data/vocab/strategies.toml")])
                self.derived(target, cell.lines)
            else:
                continue
            g.add((node, ESELY.alignedWith, target))

