"""The graph of one source document: provenance, flags, the document node, resolutions it cites."""

from __future__ import annotations

from rdflib import Literal, URIRef
from rdflib.namespace import DCTERMS, PROV, RDF, RDFS, XSD

from ..manifest import DocumentMeta
from ..namespaces import BASE, ELI, ESELY, TG
from ..normalise.resolutions import ResolutionRef, find_resolution_refs
from ..records import Cell
from .context import BuildContext
from .graph import DocGraph
from .iris import doc_iri, hu, org_iri, strategy_iri


TIMINGS = {"OpenEnded", "Recurring", "Immediate", "EventBased"}
# made once: a namespace's attribute is a new URIRef each time it is read
_TYPE, _PART_OF, _DERIVED_FROM, _POSITIVE = RDF.type, DCTERMS.isPartOf, PROV.wasDerivedFrom, XSD.positiveInteger
_SOURCE_ROW, _LINE_NUMBER, _SOURCE_FILE, _SOURCE_PLACE = (ESELY.SourceRow, ESELY.lineNumber, ESELY.sourceFile,
                                                          ESELY.sourcePlace)


class CoreWriter:
    """Provenance, flags, items, the document node and resolution nodes (mixed into DocumentGraph)."""

    def __init__(self, meta: DocumentMeta, ctx: BuildContext, doc_class: URIRef):
        self.meta = meta
        self.ctx = ctx
        self.g = DocGraph()
        self.doc = doc_iri(meta.id)
        self.muni = meta.municipality
        self.doc_class = doc_class
        self._rows: dict[int, URIRef] = {}  # line -> its source row node
        self._file: Literal | None = None
        self.places: dict[int, str] = {}  # row number -> place in words, from the reader

    # ---------------------------------------------------------------- provenance

    def row(self, line: int) -> URIRef:
        node = self._rows.get(line)
        if node is None:
            node = self._rows[line] = URIRef(f"{self.doc}/line/{line}")
            g = self.g
            g.add((node, _TYPE, _SOURCE_ROW))
            g.add((node, _LINE_NUMBER, Literal(line, datatype=_POSITIVE)))
            if self._file is None:
                self._file = Literal(self.meta.file)
            g.add((node, _SOURCE_FILE, self._file))
            g.add((node, _PART_OF, self.doc))
            place = self.places.get(line)
            if place and place != f"line {line}":  # Word table/row, Excel sheet/row, PDF page/row
                g.add((node, _SOURCE_PLACE, Literal(place)))
        return node

    def derived(self, node: URIRef, lines: list[int] | tuple[int, ...]) -> None:
        for line in lines:
            self.g.add((node, _DERIVED_FROM, self.row(line)))

    def flag(self, node: URIRef, flags: list[tuple[str, str]]) -> None:
        """Parse flags, each note a node of its own (node esely:parseNote [esely:flagClass F; rdfs:comment
        note]); OpenEnded, Recurring, Immediate and EventBased are facts about a time (esely:timing), not flags."""
        for name, note in flags:
            if name in TIMINGS:
                self.g.add((node, ESELY.timing, ESELY[name]))
                if note:
                    self.g.add((node, RDFS.comment, Literal(note)))
                continue
            self.g.add((node, ESELY.flag, ESELY[name]))
            if note:
                n = URIRef(f"{node}/flag/{name}")
                self.g.add((node, ESELY.parseNote, n))
                self.g.add((n, RDF.type, ESELY.ParseNote))
                self.g.add((n, ESELY.flagClass, ESELY[name]))
                self.g.add((n, RDFS.comment, Literal(note)))

    def item(self, node: URIRef, cls: URIRef, cell: Cell | None) -> None:
        """Common triples of an extracted item: type, document, provenance."""
        self.g.add((node, _TYPE, cls))
        self.g.add((node, _PART_OF, self.doc))
        if cell is not None:
            self.derived(node, cell.lines)

    # ---------------------------------------------------------------- the document itself

    def document(self, title_as_written: str | None = None) -> None:
        g, m = self.g, self.meta
        g.add((self.doc, RDF.type, self.doc_class))
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

