"""What the linker compares: the problems, opportunities and measures of the documents, read
from their graphs into plain ``Node`` values (texts, target groups, programmes, source rows)."""

from __future__ import annotations

from dataclasses import dataclass

from rdflib import Graph, URIRef
from rdflib.namespace import DCTERMS, PROV, RDF, RDFS, SKOS

from .. import provenance
from ..namespaces import ESELY


@dataclass
class Node:
    iri: URIRef
    doc: str
    code: str  # measure code, or "line N" for problems and opportunities
    line: int
    text: str  # what is compared
    statement: str = ""  # column B of a HEP measure
    groups: frozenset = frozenset()
    hep: bool = False
    programmes: frozenset = frozenset()
    municipality: str = ""
    rows: tuple = ()  # the source rows it was derived from (prov:wasDerivedFrom)


def _closure(scheme: Graph, groups, memo: dict) -> frozenset:
    """The groups and every broader group of the scheme (skos:broader, transitively)."""
    key = frozenset(groups)
    if key not in memo:
        out = set(groups)
        for t in groups:
            out |= set(scheme.transitive_objects(t, SKOS.broader))
        memo[key] = frozenset(out)
    return memo[key]


def _first_line(g: Graph, node) -> int:
    src = provenance.first_source(provenance.RdflibView(g), node)
    return src.line if src else 0


def _doc_id(g: Graph, node) -> str:
    return str(provenance.document_id(provenance.RdflibView(g), node))


def _municipality(g: Graph, node) -> str:
    return str(g.value(g.value(node, DCTERMS.isPartOf), ESELY.municipality))


def collect(g: Graph, scheme: Graph | None = None, memo: dict | None = None) -> tuple[list[Node], list[Node], list[Node]]:
    """(problems, opportunities, measures) of ``g`` with the texts the linker compares; target groups
    are widened with the broader groups of ``scheme`` (default: ``g`` itself holds the scheme)."""
    scheme = g if scheme is None else scheme
    memo = {} if memo is None else memo
    rows = lambda n: tuple(sorted(g.objects(n, PROV.wasDerivedFrom)))  # noqa: E731
    problems, opportunities, measures = [], [], []
    for p in sorted(g.subjects(RDF.type, ESELY.Problem)):
        opps = " ".join(str(g.value(o, RDFS.label)) for o in sorted(g.objects(p, ESELY.hasOpportunity)))
        line = _first_line(g, p)
        progs = set(g.objects(p, ESELY.mentionsProgramme))
        for o in g.objects(p, ESELY.hasOpportunity):
            progs |= set(g.objects(o, ESELY.mentionsProgramme))
        problems.append(Node(p, _doc_id(g, p), f"line {line}", line, f"{g.value(p, RDFS.label)} {opps}",
                             str(g.value(p, RDFS.label)), _closure(scheme, set(g.objects(p, ESELY.targetGroup)), memo),
                             programmes=frozenset(progs), municipality=_municipality(g, p), rows=rows(p)))
        for o in sorted(g.objects(p, ESELY.hasOpportunity)):
            ol = _first_line(g, o)
            opportunities.append(Node(o, _doc_id(g, o), f"line {ol}", ol, str(g.value(o, RDFS.label)),
                                      groups=_closure(scheme, set(g.objects(p, ESELY.targetGroup)), memo),
                                      programmes=frozenset(g.objects(o, ESELY.mentionsProgramme)),
                                      municipality=_municipality(g, o), rows=rows(o)))
    for m in sorted(g.subjects(RDF.type, ESELY.Measure)):
        parts = [g.value(m, DCTERMS.title), g.value(g.value(m, ESELY.hasGoal), RDFS.label), g.value(m, DCTERMS.description)]
        parts += [g.value(s, DCTERMS.title) for s in sorted(g.subjects(ESELY.subTaskOf, m))]
        text = " ".join(str(x) for x in parts if x is not None)
        groups = set(g.objects(m, ESELY.targetGroup)) or set(g.objects(g.value(m, DCTERMS.isPartOf), ESELY.targetGroup))
        progs = set(g.objects(m, ESELY.mentionsProgramme))
        for st in g.subjects(ESELY.subTaskOf, m):
            progs |= set(g.objects(st, ESELY.mentionsProgramme))
        measures.append(Node(m, _doc_id(g, m), str(g.value(m, ESELY.code)), _first_line(g, m), text,
                             str(g.value(m, ESELY.problemStatement) or ""), _closure(scheme, groups, memo),
                             (m, RDF.type, ESELY.HepMeasure) in g, frozenset(progs), _municipality(g, m), rows(m)))
    return problems, opportunities, measures




def link_nodes_of(g: Graph, scheme: Graph, memo: dict | None = None) -> tuple[list[Node], list[Node], list[Node]]:
    """``collect`` on one document's graph, remembered with the graph."""
    known = getattr(g, "_esely_link_nodes", None)
    if known is None or known[0] != len(g):
        known = (len(g), collect(g, scheme, memo))
        g._esely_link_nodes = known
    return known[1]


def collect_all(graphs, scheme: Graph) -> tuple[list[Node], list[Node], list[Node]]:
    """``collect`` over each document's graph on its own (no merged copy), lists in IRI order."""
    memo: dict = {}
    out: tuple[list[Node], list[Node], list[Node]] = ([], [], [])
    for g in graphs:
        for acc, nodes in zip(out, link_nodes_of(g, scheme, memo)):
            acc.extend(nodes)
    for acc in out:
        acc.sort(key=lambda n: str(n.iri))
    return out
