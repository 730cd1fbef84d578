"""The only place that turns importer records into triples.

``build(data_dir, out_dir)`` reads the manifest, runs one importer per document,
normalises dates, money, owners and strategy names, and writes one Turtle file
per document plus the ontology and vocabularies — into a temporary directory
that replaces ``out_dir`` only when everything succeeded.
"""

from __future__ import annotations

import os
import re
import shutil
import tempfile
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable

from rdflib import Graph, Literal, URIRef
from rdflib.namespace import DCTERMS, FOAF, ORG, PROV, RDF, RDFS, SKOS, TIME, XSD

from .errors import SourceError
from .importers import (council_proposal, council_resolution, hep_action_plan, hep_conclusions,
                        strategy_action_plan)
from .importers.context import ImportContext
from .manifest import DocumentMeta, load_manifest
from .namespaces import BASE, ELI, ESELY, SCHEMA, TG, new_graph
from .normalise import dates as D
from .normalise.money import BUDGET, EU_FUND, GRANT, GROSS, NET, RESOLUTION, parse_funding
from .normalise.names import Gazetteer, Segment
from .normalise.programmes import ProgrammeFinder
from .normalise.resolutions import ResolutionRef, find_resolution_refs
from .normalise.target_groups import TargetGroupMatcher
from .records import Cell, Item, ProseDocument, TableDocument
from .text import slug, starts_lower
from .layout import resource
from .vocab import Vocabularies, load_vocabularies

IMPORTERS: dict[str, Callable] = {
    "hep-conclusions": hep_conclusions.read,
    "hep-action-plan": hep_action_plan.read,
    "strategy-action-plan": strategy_action_plan.read,
    "council-resolution": council_resolution.read,
    "council-proposal": council_proposal.read,
}
DOC_CLASS = {
    "hep-conclusions": ESELY.SituationAnalysis,
    "hep-action-plan": ESELY.ActionPlan,
    "strategy-action-plan": ESELY.StrategyActionPlan,
    "council-resolution": ESELY.ResolutionText,
    "council-proposal": ESELY.Proposal,
}
GRANULARITY = {
    D.DAY: TIME.unitDay, D.MONTH: TIME.unitMonth, D.QUARTER: ESELY.unitQuarter,
    D.HALF_YEAR: ESELY.unitHalfYear, D.YEAR: TIME.unitYear, D.YEAR_END: ESELY.unitYearEnd,
}
TIME_FLAGS = {D.UNREADABLE: "Unreadable", D.OPEN_ENDED: "OpenEnded", D.RECURRING: "Recurring", D.IMMEDIATE: "Immediate"}
FUNDING = {BUDGET: ESELY.Budget, GRANT: ESELY.Grant, EU_FUND: ESELY.EuFund, RESOLUTION: ESELY.ResolutionFunding}
BASIS = {GROSS: ESELY.Gross, NET: ESELY.Net}
ORG_CLASS = {
    "municipality": ORG.Organization, "council": ORG.Organization, "committee": ORG.OrganizationalUnit,
    "office": ORG.OrganizationalUnit, "department": ORG.OrganizationalUnit, "unit": ORG.OrganizationalUnit,
    "post": ORG.Post, "organisation": ORG.Organization,
}
# HEP IT template columns that are plain text on the measure
HEP_TEXT = {"B": ESELY.problemStatement, "E": ESELY.nationalStrategyText, "F": DCTERMS.description,
            "K": ESELY.sustainability, "L": ESELY.interMunicipalCooperation}


def org_iri(entry_id: str) -> URIRef:
    return URIRef(f"{BASE}org/{entry_id}")


def strategy_iri(entry_id: str) -> URIRef:
    return URIRef(f"{BASE}strategy/{entry_id}")


def doc_iri(doc_id: str) -> URIRef:
    return URIRef(f"{BASE}doc/{doc_id}")


def hu(text: str) -> Literal:
    return Literal(text, lang="hu")


@dataclass
class BuildContext:
    vocab: Vocabularies
    target_groups: TargetGroupMatcher
    programmes: ProgrammeFinder = field(default_factory=lambda: ProgrammeFinder([]))
    programmes_seen: set[str] = field(default_factory=set)
    owner_gazetteers: dict[str, Gazetteer] = field(default_factory=dict)
    strategy_gazetteers: dict[str, Gazetteer] = field(default_factory=dict)
    observed_aliases: dict[str, set[str]] = field(default_factory=lambda: defaultdict(set))

    def owners(self, municipality: str) -> Gazetteer:
        if municipality not in self.owner_gazetteers:
            entries = [e for e in self.vocab.organisations
                       if e.id == municipality or e.id.startswith(municipality + "/")]
            self.owner_gazetteers[municipality] = Gazetteer(entries)
        return self.owner_gazetteers[municipality]

    def strategies(self, municipality: str) -> Gazetteer:
        if municipality not in self.strategy_gazetteers:
            entries = [e for e in self.vocab.strategies if self.vocab.strategy_municipality[e.id] == municipality]
            self.strategy_gazetteers[municipality] = Gazetteer(entries)
        return self.strategy_gazetteers[municipality]

    def council(self, municipality: str) -> URIRef | None:
        for e in self.vocab.organisations:
            if e.kind == "council" and e.parent == municipality:
                return org_iri(e.id)
        return None


class DocumentGraph:
    """Builds the graph of one source document."""

    def __init__(self, meta: DocumentMeta, ctx: BuildContext):
        self.meta = meta
        self.ctx = ctx
        self.g = new_graph()
        self.doc = doc_iri(meta.id)
        self.muni = meta.municipality
        self._rows: set[int] = set()

    # ---------------------------------------------------------------- provenance

    def row(self, line: int) -> URIRef:
        node = URIRef(f"{self.doc}/line/{line}")
        if line not in self._rows:
            self._rows.add(line)
            g = self.g
            g.add((node, RDF.type, ESELY.SourceRow))
            g.add((node, ESELY.lineNumber, Literal(line, datatype=XSD.positiveInteger)))
            g.add((node, ESELY.sourceFile, Literal(self.meta.file)))
            g.add((node, DCTERMS.isPartOf, self.doc))
        return node

    def derived(self, node: URIRef, lines: list[int] | tuple[int, ...]) -> None:
        for line in lines:
            self.g.add((node, PROV.wasDerivedFrom, self.row(line)))

    def flag(self, node: URIRef, flags: list[tuple[str, str]]) -> None:
        for name, note in flags:
            self.g.add((node, ESELY.flag, ESELY[name]))
            if note:
                self.g.add((node, ESELY.flagNote, Literal(f"{name}: {note}")))

    def item(self, node: URIRef, cls: URIRef, cell: Cell | None) -> None:
        """Common triples of an extracted item: type, document, provenance."""
        self.g.add((node, RDF.type, cls))
        self.g.add((node, DCTERMS.isPartOf, self.doc))
        if cell is not None:
            self.derived(node, cell.lines)

    # ---------------------------------------------------------------- the document itself

    def document(self, title_as_written: str | None = None) -> None:
        g, m = self.g, self.meta
        g.add((self.doc, RDF.type, DOC_CLASS[m.kind]))
        g.add((self.doc, DCTERMS.identifier, Literal(m.id)))
        g.add((self.doc, DCTERMS.title, hu(m.title)))
        g.add((self.doc, ESELY.documentKind, Literal(m.kind)))
        g.add((self.doc, ESELY.municipality, org_iri(m.municipality)))
        g.add((self.doc, ESELY.sourceFile, Literal(m.file)))
        if m.date:
            g.add((self.doc, DCTERMS.date, Literal(m.date, datatype=XSD.date)))
        elif m.year:
            g.add((self.doc, DCTERMS.date, Literal(str(m.year), datatype=XSD.gYear)))
        if title_as_written:
            g.add((self.doc, DCTERMS.alternative, hu(title_as_written)))
        if m.strategy:
            g.add((self.doc, ESELY.implements, strategy_iri(f"{m.municipality}/{m.strategy}")))
        for tg in m.target_groups:
            g.add((self.doc, ESELY.targetGroup, TG[tg]))

    # ---------------------------------------------------------------- normalised values

    def resolution(self, ref: ResolutionRef) -> URIRef:
        node = URIRef(f"{BASE}resolution/{self.muni}/{ref.key}")
        g = self.g
        g.add((node, RDF.type, ELI.LegalResource))
        g.add((node, ELI.id_local, Literal(ref.local_id)))
        g.add((node, ELI.date_document, Literal(ref.date, datatype=XSD.date)))
        g.add((node, RDFS.label, hu(f"{ref.local_id} határozat")))
        if ref.number is not None:
            g.add((node, ELI.number, Literal(str(ref.number))))
        else:
            g.add((node, ESELY.draft, Literal(True)))
        council = self.ctx.council(self.muni)
        if council is not None:
            g.add((node, ELI.passed_by, council))
        return node

    def cite_resolutions(self, node: URIRef, text: str) -> list[URIRef]:
        out = []
        for ref in find_resolution_refs(text):
            res = self.resolution(ref)
            self.g.add((node, ESELY.citesResolution, res))
            out.append(res)
        return out

    def time(self, node: URIRef, prop: URIRef, cell: Cell, name: str) -> None:
        ts = URIRef(f"{node}/{name}")
        self._time_spec(ts, D.parse_period(cell.text), cell)
        self.g.add((node, prop, ts))

    def _time_spec(self, ts: URIRef, period: D.Period, cell: Cell) -> None:
        g = self.g
        self.item(ts, ESELY.TimeSpec, cell)
        g.add((ts, ESELY.originalText, hu(period.original)))
        g.add((ts, ESELY.sourceColumn, Literal(cell.column)))
        if period.start is not None:
            for part, when in (("begin", period.start), ("end", period.end)):
                instant = URIRef(f"{ts}/{part}")
                g.add((instant, RDF.type, TIME.Instant))
                g.add((instant, TIME.inXSDDate, Literal(when, datatype=XSD.date)))
                g.add((ts, TIME.hasBeginning if part == "begin" else TIME.hasEnd, instant))
            g.add((ts, ESELY.granularity, GRANULARITY[period.granularity]))
        for f in period.flags:
            self.flag(ts, [(TIME_FLAGS[f], period.problem or "")])
        if period.recurrence:
            g.add((ts, ESELY.recurrence, Literal(period.recurrence, datatype=XSD.duration)))
        if period.milestone is not None:
            ms = URIRef(f"{ts}/milestone")
            self._time_spec(ms, period.milestone, cell)
            g.add((ts, ESELY.milestone, ms))
        self.cite_resolutions(ts, period.original)

    def resource(self, node: URIRef, cell: Cell, key: str) -> None:
        g = self.g
        res = URIRef(f"{node}/resource/{key}")
        funding = parse_funding(cell.text)
        self.item(res, ESELY.Resource, cell)
        g.add((node, ESELY.hasResource, res))
        g.add((res, ESELY.originalText, hu(funding.original)))
        g.add((res, ESELY.sourceColumn, Literal(cell.column)))
        for source in funding.sources:
            g.add((res, ESELY.fundingSource, FUNDING[source]))
        if funding.no_extra_funding:
            g.add((res, ESELY.noExtraFunding, Literal(True)))
        for i, amount in enumerate(funding.amounts, 1):
            a = URIRef(f"{res}/amount/{i}")
            self.item(a, SCHEMA.MonetaryAmount, cell)
            g.add((res, ESELY.hasAmount, a))
            g.add((a, SCHEMA.value, Literal(amount.value, datatype=XSD.decimal)))
            g.add((a, SCHEMA.currency, Literal("HUF")))
            g.add((a, ESELY.basis, BASIS.get(amount.basis, ESELY.BasisUnspecified)))
            if amount.vat_included is not None:
                g.add((a, ESELY.vatIncluded, Literal(amount.vat_included)))
            g.add((a, ESELY.originalText, hu(amount.text)))
            if not amount.currency_written:
                self.flag(a, [("NoCurrency", "no currency written; read as HUF")])
        if not funding.understood:
            self.flag(res, [("Unreadable", "no amount, funding source or 'no extra funding' found")])
        self.cite_resolutions(res, funding.original)

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
                    and re.fullmatch(r"(?:Dr\.\s+)?(?:[A-ZÁÉÍÓÖŐÚÜŰ][\w-]+\s?){2,3}", seg.text)):
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

    def indicators(self, node: URIRef, cell: Cell) -> None:
        g = self.g
        g.add((node, ESELY.indicatorText, hu(cell.text)))
        for i, text in enumerate(_split_list(cell.text), 1):
            ind = URIRef(f"{node}/indicator/{i}")
            self.item(ind, ESELY.Indicator, cell)
            g.add((ind, RDFS.label, hu(text)))
            g.add((node, ESELY.hasIndicator, ind))

    # ---------------------------------------------------------------- tables

    def sections(self, table: TableDocument) -> dict[int, URIRef]:
        out = {}
        for s in table.sections:
            node = URIRef(f"{self.doc}/section/{s.order}")
            self.item(node, ESELY.Section, Cell(s.label, "section", [s.line]))
            self.g.add((node, RDFS.label, hu(s.label)))
            self.g.add((node, ESELY.sectionOrder, Literal(s.order)))
            if s.code:
                self.g.add((node, ESELY.code, Literal(s.code)))
            for tg in s.target_groups:
                self.g.add((node, ESELY.targetGroup, URIRef(tg)))
            out[s.order] = node
        return out

    def text_item(self, kind: str, cls: URIRef, cell: Cell, section: URIRef) -> URIRef:
        """A problem or opportunity: one cell of text, named by its first source line."""
        node = URIRef(f"{self.doc}/{kind}/{cell.lines[0]}")
        self.item(node, cls, cell)
        self.g.add((node, RDFS.label, hu(cell.text)))
        self.g.add((node, ESELY.sourceColumn, Literal(cell.column)))
        self.g.add((node, ESELY.inSection, section))
        self.programmes(node, cell.text)
        return node

    def table(self, table: TableDocument) -> None:
        g = self.g
        self.document(table.title)
        for key, text in table.header:
            g.add((self.doc, ESELY.columnHeader, hu(f"{key}: {text}")))
        for note in table.notes:
            g.add((self.doc, ESELY.note, hu(note.text)))
        for line, why in table.skipped:
            g.add((self.doc, ESELY.note, Literal(f"line {line} skipped: {why}")))
        sections = self.sections(table)
        for p in table.problems:
            node = self.text_item("problem", ESELY.Problem, p.text, sections[p.section.order])
            for tg in p.section.target_groups:
                g.add((node, ESELY.targetGroup, URIRef(tg)))
            self.flag(node, p.flags)
            for o in p.opportunities:
                onode = self.text_item("opportunity", ESELY.DevelopmentOpportunity, o.text, sections[p.section.order])
                g.add((node, ESELY.hasOpportunity, onode))
        for m in table.measures:
            node = URIRef(f"{self.doc}/measure/{slug(m.code)}")
            self.measure_like(node, m, ESELY.HepMeasure if m.hep else ESELY.Measure)
            if m.hep:
                g.add((node, RDF.type, ESELY.Measure))
            if m.section is not None:
                g.add((node, ESELY.inSection, sections[m.section.order]))
                groups = m.section.target_groups or [str(TG[t]) for t in self.meta.target_groups]
            else:
                groups = [str(TG[t]) for t in self.meta.target_groups]
            for tg in groups:
                g.add((node, ESELY.targetGroup, URIRef(tg)))
            for st in m.subtasks:
                snode = URIRef(f"{self.doc}/subtask/{slug(st.code)}")
                self.measure_like(snode, st, ESELY.SubTask)
                g.add((snode, ESELY.subTaskOf, node))

    def measure_like(self, node: URIRef, item: Item, cls: URIRef) -> None:
        g = self.g
        self.g.add((node, RDF.type, cls))
        g.add((node, DCTERMS.isPartOf, self.doc))
        self.derived(node, item.lines)
        g.add((node, ESELY.code, Literal(item.code)))
        if item.title is not None:
            g.add((node, DCTERMS.title, hu(item.title.text)))
            self.cite_resolutions(node, item.title.text)
        self.programmes(node, *([item.title.text] if item.title else []),
                        *(c.text for k, c in sorted(item.cells.items()) if k in ("C", "F", "I", "source")))
        self.flag(node, item.flags)
        for key, cell in sorted(item.cells.items()):
            if key in HEP_TEXT:
                g.add((node, HEP_TEXT[key], hu(cell.text)))
                self.cite_resolutions(node, cell.text)
            elif key == "C":
                goal = URIRef(f"{node}/goal")
                self.item(goal, ESELY.Goal, cell)
                g.add((goal, RDFS.label, hu(cell.text)))
                g.add((node, ESELY.hasGoal, goal))
            elif key == "D":
                self.aligned(node, cell)
            elif key in ("G", "owner"):
                self.owners(node, cell)
            elif key in ("H", "end"):
                self.time(node, ESELY.deadline, cell, "deadline")
            elif key == "start":
                self.time(node, ESELY.start, cell, "start")
            elif key == "I":
                self.indicators(node, cell)
            elif key in ("J", "source", "amount"):
                self.resource(node, cell, {"J": "J", "source": "source", "amount": "amount"}[key])
            else:  # pragma: no cover - importers only produce the keys above
                raise AssertionError(f"unhandled column {key}")

    # ---------------------------------------------------------------- prose

    def prose_lines(self, prose: ProseDocument) -> None:
        """A prose document keeps every line's text on its source row: nothing is lost."""
        for number, text in prose.lines:
            self.g.add((self.row(number), ESELY.originalText, hu(text)))

    def resolution_text(self, prose: ProseDocument) -> None:
        g = self.g
        self.document()
        self.prose_lines(prose)
        refs = find_resolution_refs(prose.heading.text)
        res = self.resolution(refs[0])
        self.derived(res, prose.heading.lines)
        g.add((self.doc, FOAF.primaryTopic, res))
        g.add((self.doc, ESELY.citesResolution, res))
        if prose.title is not None:
            g.add((res, ELI.title, hu(prose.title.text)))
            self.derived(res, prose.title.lines)
        if prose.body is not None:
            g.add((res, ESELY.note, hu(prose.body.text)))
        for p in prose.points:
            pnode = URIRef(f"{res}/point/{p.number}")
            self.item(pnode, ELI.LegalResourceSubdivision, p.text)
            g.add((pnode, ELI.number, Literal(str(p.number))))
            g.add((pnode, ELI.is_part_of, res))
            g.add((res, ELI.has_part, pnode))
            g.add((pnode, RDFS.label, hu(p.text.text)))
            mentioned = [strategy_iri(s.entry.id) for s in self.strategy_mentions(p.text.text)]
            if re.search(r"jóváhagy|elfogad", p.text.text) and not re.search(r"elfogadott", p.text.text):
                for s in mentioned:
                    g.add((res, ESELY.adopts, s))
                    g.add((pnode, ESELY.adopts, s))
            for i, goal_cell in enumerate(p.goals, 1):
                goal = URIRef(f"{pnode}/goal/{i}")
                self.item(goal, ESELY.Goal, goal_cell)
                g.add((goal, RDFS.label, hu(goal_cell.text)))
                g.add((pnode, ESELY.setsGoal, goal))
                g.add((res, ESELY.setsGoal, goal))
                for s in mentioned:
                    g.add((goal, ESELY.alignedWith, s))
            if p.deadline is not None:
                self.time(pnode, ESELY.deadline, p.deadline, "deadline")
        if prose.owner is not None:
            self.owners(res, prose.owner)
        if prose.deadline is not None:
            self.time(res, ESELY.deadline, prose.deadline, "deadline")

    def proposal(self, prose: ProseDocument) -> None:
        g = self.g
        self.document()
        self.prose_lines(prose)
        if prose.title is not None:
            g.add((self.doc, DCTERMS.alternative, hu(prose.title.text)))
        owners = self.ctx.owners(self.muni)
        if prose.case_number is not None:
            g.add((self.doc, ESELY.caseNumber, Literal(prose.case_number.text)))
        if prose.committee is not None:
            for seg in owners.segment(prose.committee.text):
                if seg.entry is not None and seg.entry.kind == "committee":
                    g.add((self.doc, ESELY.submittedBy, org_iri(seg.entry.id)))
        if prose.meeting_date is not None:
            when = council_proposal.parse_hu_date(prose.meeting_date.text)
            if when is not None:
                g.add((self.doc, ESELY.meetingDate, Literal(when, datatype=XSD.date)))
            for seg in owners.segment(prose.meeting_date.text):
                if seg.entry is not None and seg.entry.kind == "council":
                    g.add((self.doc, ESELY.submittedTo, org_iri(seg.entry.id)))
        if prose.dated is not None:
            g.add((self.doc, DCTERMS.created, hu(prose.dated.text)))
        for cell in prose.prepared_by:
            g.add((self.doc, DCTERMS.contributor, hu(cell.text)))
            for seg in owners.segment(cell.text):
                if seg.entry is not None:
                    g.add((self.doc, ESELY.preparedBy, org_iri(seg.entry.id)))
        for para in prose.paragraphs:
            g.add((self.doc, ESELY.note, hu(para.text)))
        # the plan the proposal is about, and what it implements ("… végrehajtásához")
        plans = [strategy_iri(s.entry.id) for s in self.strategy_mentions(prose.title.text)] if prose.title else []
        for plan in plans:
            g.add((self.doc, DCTERMS.subject, plan))
        if len(plans) > 1 and re.search(r"végrehajtás", prose.title.text):
            for other in plans[1:]:
                g.add((plans[0], ESELY.implements, other))
        for i, wg in enumerate(prose.workshop_groups, 1):
            node = URIRef(f"{self.doc}/workshop-group/{i}")
            self.item(node, ESELY.WorkshopGroup, wg)
            g.add((node, RDFS.label, hu(wg.text)))
            g.add((self.doc, ESELY.hasWorkshopGroup, node))
            if plans:
                g.add((plans[0], ESELY.hasWorkshopGroup, node))
        for cell in prose.adopted_by_reference:
            for sentence in re.split(r"(?<=[.!?])\s+(?=[A-ZÁÉÍÓÖŐÚÜŰ])", cell.text):
                if not re.search(r"fogadta el|elfogad", sentence):
                    continue
                for res in self.cite_resolutions(self.doc, sentence):
                    self.derived(res, cell.lines)
                    for s in self.strategy_mentions(sentence):
                        g.add((res, ESELY.adopts, strategy_iri(s.entry.id)))
        if prose.draft_resolution is not None:
            refs = find_resolution_refs(prose.draft_resolution.text)
            if refs:
                res = self.resolution(refs[0])
                self.derived(res, prose.draft_resolution.lines)
                g.add((self.doc, ESELY.draftResolution, res))
                if plans:
                    g.add((res, ESELY.adopts, plans[0]))
                    for other in plans[1:]:
                        g.add((res, ESELY.implements, other))
                if prose.owner is not None:
                    self.owners(res, prose.owner)
                if prose.deadline is not None:
                    self.time(res, ESELY.deadline, prose.deadline, "deadline")


def _split_list(text: str) -> list[str]:
    """Split an indicator cell on top-level commas (not inside brackets)."""
    parts, depth, buf = [], 0, ""
    for ch in text:
        depth += ch in "([" and 1 or 0
        depth -= ch in ")]" and 1 or 0
        if ch == "," and depth <= 0:
            parts.append(buf)
            buf = ""
        else:
            buf += ch
    parts.append(buf)
    return [p.strip() for p in parts if p.strip(" -")]


# ---------------------------------------------------------------------- vocabularies


def organisations_graph(ctx: BuildContext) -> Graph:
    g = new_graph()
    for e in ctx.vocab.organisations:
        node = org_iri(e.id)
        g.add((node, RDF.type, ORG_CLASS[e.kind]))
        if e.kind in ("council", "committee", "municipality"):
            g.add((node, RDF.type, ORG.FormalOrganization if e.kind == "municipality" else ORG.Organization))
        g.add((node, SKOS.prefLabel, hu(e.label)))
        g.add((node, RDFS.label, hu(e.label)))
        for alias in sorted(set(e.aliases) | ctx.observed_aliases.get(e.id, set())):
            if alias != e.label:
                g.add((node, ESELY.alias, hu(alias)))
        if e.parent:
            parent = org_iri(e.parent)
            if e.kind == "post":
                g.add((node, ORG.postIn, parent))
            elif ORG_CLASS[e.kind] == ORG.OrganizationalUnit:
                g.add((node, ORG.unitOf, parent))
                g.add((parent, ORG.hasUnit, node))
            else:
                g.add((node, ORG.subOrganizationOf, parent))
        basis = ctx.vocab.basis.get(e.id)
        if basis:
            g.add((node, DCTERMS.source, Literal(basis)))
    return g


def programmes_graph(ctx: BuildContext) -> Graph:
    g = new_graph()
    for p in ctx.programmes.programmes:
        node = URIRef(f"{BASE}programme/{p.id}")
        g.add((node, RDF.type, ESELY.Programme))
        g.add((node, SKOS.prefLabel, hu(p.label)))
        g.add((node, RDFS.label, hu(p.label)))
        for alias in p.aliases:
            g.add((node, SKOS.altLabel, hu(alias)))
    return g


def strategies_graph(ctx: BuildContext) -> Graph:
    g = new_graph()
    for e in ctx.vocab.strategies:
        node = strategy_iri(e.id)
        g.add((node, RDF.type, ESELY.LocalStrategy))
        g.add((node, SKOS.prefLabel, hu(e.label)))
        g.add((node, RDFS.label, hu(e.label)))
        g.add((node, ESELY.municipality, org_iri(ctx.vocab.strategy_municipality[e.id])))
        for alias in sorted(set(e.aliases) | ctx.observed_aliases.get(e.id, set())):
            if alias != e.label:
                g.add((node, SKOS.altLabel, hu(alias)))
    return g


# ---------------------------------------------------------------------- driver


def serialise(g: Graph) -> bytes:
    """Canonical, sorted Turtle: same graph -> same bytes."""
    data = g.serialize(format="longturtle", encoding="utf-8")
    return data


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
    for meta in (progress(docs) if progress else docs):
        path = manifest.source_path(meta)
        display = os.path.relpath(path)
        importer = IMPORTERS[meta.kind]
        records = importer(path, display, ImportContext(matcher, ctx.owners(meta.municipality)), meta.encoding)
        dg = DocumentGraph(meta, ctx)
        if isinstance(records, TableDocument):
            dg.table(records)
        elif meta.kind == "council-resolution":
            dg.resolution_text(records)
        else:
            dg.proposal(records)
        graphs[f"{meta.id}.ttl"] = dg.g
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
    from .links import link_graph, load_decisions

    merged = Graph()
    for g in doc_graphs.values():
        merged += g
    merged.parse(ontology_dir / "target-groups.ttl")
    path = data_dir / "links.toml"
    return link_graph(merged, load_decisions(path), os.path.relpath(path)).graph


def write_atomically(graphs: dict[str, Graph], out_dir: Path) -> None:
    """Write all files to a temporary directory, then swap it into place."""
    out_dir = out_dir.resolve()
    out_dir.parent.mkdir(parents=True, exist_ok=True)
    tmp = Path(tempfile.mkdtemp(prefix=f".{out_dir.name}-", dir=out_dir.parent))
    try:
        for name, g in sorted(graphs.items()):
            (tmp / name).write_bytes(serialise(g))
        old = None
        if out_dir.exists():
            old = out_dir.parent / f".{out_dir.name}-old-{os.getpid()}"
            os.replace(out_dir, old)
        os.replace(tmp, out_dir)
        if old is not None:
            shutil.rmtree(old)
    except BaseException:
        shutil.rmtree(tmp, ignore_errors=True)
        raise


def build(data_dir: Path, out_dir: Path, ontology_dir: Path | None = None, progress=None) -> BuildResult:
    ontology_dir = ontology_dir or resource("ontology")
    graphs = build_graphs(data_dir, ontology_dir, progress)
    write_atomically(graphs, out_dir)
    return BuildResult({name: len(g) for name, g in sorted(graphs.items())}, out_dir)
