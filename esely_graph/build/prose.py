"""Prose documents: council resolutions and proposals."""

from __future__ import annotations

import re

from rdflib import Literal, URIRef
from rdflib.namespace import DCTERMS, FOAF, RDFS, XSD

from ..importers import council_proposal
from ..namespaces import ELI, ESELY
from ..normalise.phrases import says
from ..normalise.resolutions import find_resolution_refs
from ..records import ProseDocument
from .iris import hu, org_iri, strategy_iri


class ProseWriter:
    """Mixed into DocumentGraph."""

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
            if says("adopts", p.text.text):
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
        if len(plans) > 1 and says("implements", prose.title.text):
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
                if not says("adopts", sentence):
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

