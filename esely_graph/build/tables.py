"""Table documents (situation-analysis conclusions, action plans): sections, problems, measures."""

from __future__ import annotations

from rdflib import Literal, URIRef
from rdflib.namespace import DCTERMS, RDF, RDFS

from ..namespaces import ESELY, TG
from ..records import Cell, Item, TableDocument
from ..text import slug
from .iris import hu

# HEP IT template columns that are plain text on the measure
# HEP IT template columns that are plain text on the measure
HEP_TEXT = {"B": ESELY.problemStatement, "E": ESELY.nationalStrategyText, "F": DCTERMS.description,
            "K": ESELY.sustainability, "L": ESELY.interMunicipalCooperation}


class TableWriter:
    """Mixed into DocumentGraph."""

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
            self.other_columns(node, getattr(p, "extra", []))
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
            self.derived(node, item.title.lines)  # a title continued on a later row cites that row too
            self.cite_resolutions(node, item.title.text)
        self.programmes(node, *([item.title.text] if item.title else []),
                        *(c.text for k, c in sorted(item.cells.items()) if k in ("C", "F", "I", "source")))
        self.flag(node, item.flags)
        self.other_columns(node, getattr(item, "extra", []))
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


    def other_columns(self, node: URIRef, cells: list[Cell]) -> None:
        """Cells under a column no template meaning fits: kept with their header, never dropped."""
        for n, cell in enumerate(cells, 1):
            other = URIRef(f"{node}/other-column/{n}")
            self.item(other, ESELY.OtherColumnCell, cell)
            self.g.add((other, ESELY.headerText, hu(cell.column)))
            self.g.add((other, ESELY.originalText, hu(cell.text)))
            self.g.add((node, ESELY.otherColumnCell, other))
