"""Prose documents: council resolutions and proposals."""

from __future__ import annotations

import re

from rdflib import Literal, URIRef
from rdflib.namespace import DCTERMS, FOAF, RDF, RDFS, XSD

from ..importers import council_proposal
from ..namespaces import ELI, ESELY
from ..normalise.phrases import actions, says
from ..normalise.statutory import passing_body, read_owners
from ..records import ProseDocument, Resolution, ResolutionPoint
from .iris import hu, org_iri, strategy_iri

# The EU's language authority table (ELI's eli:language range).
HUNGARIAN = URIRef("http://publications.europa.eu/resource/authority/language/HUN")


# phrase rule -> (property towards a plan or strategy, property towards a resolution)
ACTS = (("adopts", ESELY.adopts, ESELY.adopts), ("reviews", ESELY.reviews, ESELY.reviews),
        ("amends", ESELY.amends, ELI.amends), ("repeals", ESELY.repeals, ELI.repeals))


class ProseWriter:
    """Mixed into DocumentGraph."""

    def prose_lines(self, prose: ProseDocument) -> None:
        """A prose document keeps every line's text on its source row: nothing is lost."""
        for number, text in prose.lines:
            self.g.add((self.row(number), ESELY.originalText, hu(text)))

    def resolution_text(self, prose: ProseDocument) -> None:
        self.document()
        self.prose_lines(prose)
        for r in prose.resolutions:
            self.resolution_parts(r, topic=True)

    def resolution_parts(self, r: Resolution, topic: bool = False, draft: bool = False) -> URIRef:
        """One resolution: its node (or the document, flagged, when no number or date was found), body,
        title, enacting sentence, points, owner and deadline, what it adopts, reviews, amends, repeals, cites.

        A proposal's draft (``draft``) keeps its sentences as the proposal's notes, and needs no number."""
        g = self.g
        own = None
        if r.ref is not None:
            res = self.resolution(r.ref)
            own = res
            self.derived(res, r.heading.lines)
            self._passed_by(res, r)
            if topic:
                g.add((self.doc, FOAF.primaryTopic, res))
                g.add((self.doc, ESELY.citesResolution, res))
        else:
            res = self.doc
            if not draft:
                self.flag(res, r.flags)
        if r.title is not None:
            if own is not None:  # ELI: the title belongs to the resolution's (Hungarian) expression
                expr = URIRef(f"{res}/hu")
                g.add((res, ELI.is_realized_by, expr))
                g.add((expr, RDF.type, ELI.LegalExpression))
                g.add((expr, ELI.realizes, res))
                g.add((expr, ELI.language, HUNGARIAN))
                g.add((expr, ELI.title, hu(r.title.text)))
                g.add((res, DCTERMS.title, hu(r.title.text)))  # the resolution's name where it is listed
                self.derived(expr, r.title.lines)
            else:
                g.add((res, DCTERMS.alternative, hu(r.title.text)))
            self.derived(res, r.title.lines)
        for cell in (r.enacting, r.emergency, *r.paragraphs):
            if cell is not None:
                if not draft:
                    g.add((res, ESELY.note, hu(cell.text)))
                self._acts(res, None, cell.text, own)
        used: set[str] = set()
        for p in r.points:
            self._point(res, res, p, p.number, used, own)
        if r.owner is not None:
            self.owners(res, r.owner)
        if r.deadline is not None:
            self.time(res, ESELY.deadline, r.deadline, "deadline")
        return res

    def _passed_by(self, res: URIRef, r: Resolution) -> None:
        """The body the heading and enacting sentence name; under an emergency, the mayor decides for the council."""
        text = " ".join(c.text for c in (r.enacting, r.emergency) if c is not None)
        emergency = r.emergency is not None
        body, decider = passing_body(self.ctx.owners(self.muni), self.muni, r.heading.text, text, emergency)
        where = f"{self.meta.id} line {r.heading.lines[0]}"
        if body is not None:
            self.g.remove((res, ELI.passed_by, None))
            self.g.add((res, ELI.passed_by, org_iri(self.ctx.register(body, where).id)))
        if decider is not None:
            self.g.add((res, ESELY.decidedBy, org_iri(self.ctx.register(decider, where).id)))
            if emergency:
                self.g.add((res, ESELY.emergencyBasis, hu(r.emergency.text)))

    def _point(self, res: URIRef, parent: URIRef, p: ResolutionPoint, path: str, used: set[str], own) -> None:
        g = self.g
        key = path if path not in used else f"{path}-{len(used)}"
        used.add(key)
        pnode = URIRef(f"{res}/point/{key}")
        self.item(pnode, ELI.LegalResourceSubdivision, p.text)
        g.add((pnode, ELI.number, Literal(p.number)))
        g.add((pnode, ELI.is_part_of, parent))
        g.add((parent, ELI.has_part, pnode))
        g.add((pnode, RDFS.label, hu(p.text.text)))
        mentioned = self._acts(res, pnode, p.text.text, own)
        for i, goal_cell in enumerate(p.goals, 1):
            goal = URIRef(f"{pnode}/goal/{i}")
            self.item(goal, ESELY.Goal, goal_cell)
            g.add((goal, RDFS.label, hu(goal_cell.text)))
            g.add((pnode, ESELY.setsGoal, goal))
            g.add((res, ESELY.setsGoal, goal))
            for s in mentioned:
                g.add((goal, ESELY.alignedWith, s))
        if p.owner is not None:
            self.owners(pnode, p.owner)
        if p.deadline is not None:
            self.time(pnode, ESELY.deadline, p.deadline, "deadline")
        for sub in p.points:
            self._point(res, pnode, sub, f"{key}/{sub.number}", used, own)

    def _acts(self, res: URIRef, pnode: URIRef | None, text: str, own) -> list[URIRef]:
        """What a sentence does with the plans and resolutions it names (phrase rules in phrases.toml)."""
        g = self.g
        mentioned = [strategy_iri(s.entry.id) for s in self.strategy_mentions(text)]
        cited = [r for r in self.cite_resolutions(pnode or res, text) if r != own]
        done = actions(text)
        for subject in filter(None, (res, pnode)):
            for act, plan_prop, res_prop in ACTS:
                if act in done:
                    for s in mentioned:
                        g.add((subject, plan_prop, s))
                    for c in cited:
                        g.add((subject, res_prop, c))
        for c in cited:
            if "amended_by" in done:
                g.add((c, ELI.amends, pnode or res))
            if "repealed_by" in done:
                g.add((c, ELI.repeals, pnode or res))
        return mentioned

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
        if prose.submitter is not None:
            g.add((self.doc, DCTERMS.contributor, hu(prose.submitter.text)))
            for found in read_owners(owners, self.muni, prose.submitter.text):
                if found.entry is not None:
                    entry = self.ctx.register(found.entry, f"{self.meta.id} line {prose.submitter.lines[0]}")
                    g.add((self.doc, ESELY.submittedBy, org_iri(entry.id)))
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
            for found in read_owners(owners, self.muni, cell.text):
                if found.entry is not None:
                    entry = self.ctx.register(found.entry, f"{self.meta.id} line {cell.lines[0]}")
                    g.add((self.doc, ESELY.preparedBy, org_iri(entry.id)))
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
        for flag in prose.flags:
            self.flag(self.doc, [flag])
        for r in prose.resolutions:  # the draft resolution(s) after "HATÁROZAT-TERVEZET" / "Határozati javaslat"
            res = self.resolution_parts(r, draft=True)
            if res == self.doc:
                continue
            g.add((self.doc, ESELY.draftResolution, res))
            if plans:
                g.add((res, ESELY.adopts, plans[0]))
                for other in plans[1:]:
                    g.add((res, ESELY.implements, other))
