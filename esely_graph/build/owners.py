"""Owners, strategies and programmes named in a cell, resolved against the vocabularies."""

from __future__ import annotations

from rdflib import Literal, URIRef
from rdflib.namespace import FOAF, ORG, RDF, RDFS, SKOS

from ..namespaces import BASE, ESELY
from ..errors import SourceError
from ..normalise.names import Segment
from ..limits import LIMITS
from ..normalise.statutory import Owner, name_part, read_owners
from ..records import Cell
from ..text import slug, starts_lower
from .iris import hu, org_iri, strategy_iri


class OwnerWriter:
    """Mixed into DocumentGraph."""

    def owners(self, node: URIRef, cell: Cell) -> None:
        g = self.g
        limit = LIMITS.cell_chars
        if len(cell.text) > limit:
            raise SourceError(self.meta.file, cell.lines[0], None,
                              f"owner cell (column {cell.column}) holds {len(cell.text):,} characters; the limit is "
                              f"{limit:,} (ESELY_MAX_CELL_CHARS) / a felelős cellája {len(cell.text):,} karakter, "
                              f"a határ {limit:,}")
        g.add((node, ESELY.ownerText, hu(cell.text)))
        n = 0
        for i, found in enumerate(read_owners(self.ctx.owners(self.muni), self.muni, cell.text)):
            if found.entry is None and i == 0 and starts_lower(found.text) and len(found.text.split()) == 1:
                g.add((node, ESELY.strayText, hu(found.text)))
                self.flag(node, [("StrayWord", f"'{found.text}' at the start of the owner cell belongs to a neighbouring cell")])
                continue
            owner = self._owner_node(found, cell)
            if found.holder is not None:
                person = URIRef(f"{BASE}person/{self.muni}/{slug(found.holder)}")
                g.add((person, RDF.type, FOAF.Person))
                g.add((person, FOAF.name, Literal(found.holder)))
                g.add((owner, ORG.heldBy, person))
                self.derived(person, cell.lines)
            n += 1
            mention = URIRef(f"{node}/owner/{n}")
            self.item(mention, ESELY.OwnerMention, cell)
            g.add((mention, ESELY.mentionOf, owner))
            g.add((mention, ESELY.originalText, hu(found.text)))
            g.add((mention, ESELY.sourceColumn, Literal(cell.column)))
            g.add((node, ESELY.ownerMention, mention))
            g.add((node, ESELY.responsible, owner))

    def _owner_node(self, found: Owner, cell: Cell) -> URIRef:
        if found.entry is not None:
            entry = self.ctx.register(found.entry, f"{self.meta.id} line {cell.lines[0]}")
            spelling = name_part(found.text)
            if spelling != entry.label:
                self.ctx.observed_aliases[entry.id].add(spelling)
            return org_iri(entry.id)
        node = org_iri(f"{self.muni}/unresolved/{slug(found.text)}")
        self.g.add((node, RDF.type, ORG.Organization))
        self.g.add((node, SKOS.prefLabel, hu(found.text)))
        self.g.add((node, RDFS.label, hu(found.text)))
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
        return [s for s in self.ctx.strategies(self.muni).segment(text)
                if s.entry is not None and self.ctx.strategy(s.entry)]

    def aligned(self, node: URIRef, cell: Cell) -> None:
        g = self.g
        g.add((node, ESELY.alignmentText, hu(cell.text)))
        for seg in self.ctx.strategies(self.muni).segment(cell.text):
            if seg.entry is not None:
                target = strategy_iri(self.ctx.strategy(seg.entry).id)
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

