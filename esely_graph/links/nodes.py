"""What the linker compares: the problems, opportunities and measures of the documents, read
from their graphs into plain ``Node`` values (texts, target groups, programmes, source rows)."""

from __future__ import annotations

from dataclasses import dataclass

from rdflib import Graph, URIRef
from rdflib.namespace import DCTERMS, RDF, RDFS, SKOS

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
            out |= set(scheme.transitive_objects(t, _BROADER))
        memo[key] = frozenset(out)
    return memo[key]


# the IRIs collect reads, made once (rdflib makes a new URIRef on every attribute of a namespace)
_DERIVED, _FILE, _LINE, _PART_OF, _ID = (URIRef(p) for p in (provenance.DERIVED_FROM, provenance.SOURCE_FILE,
                                                             provenance.LINE, provenance.PART_OF, provenance.IDENTIFIER))
_TYPE, _LABEL, _TITLE, _DESCRIPTION, _BROADER = RDF.type, RDFS.label, DCTERMS.title, DCTERMS.description, SKOS.broader
(_PROBLEM, _MEASURE, _HEP_MEASURE, _OPPORTUNITY, _PROGRAMME, _GROUP, _GOAL, _SUBTASK, _CODE, _STATEMENT,
 _MUNICIPALITY) = (ESELY[n] for n in ("Problem", "Measure", "HepMeasure", "hasOpportunity", "mentionsProgramme",
                                      "targetGroup", "hasGoal", "subTaskOf", "code", "problemStatement", "municipality"))


def _least(g: Graph, node, p) -> str | None:
    """The least text of ``node``'s values of ``p`` (provenance's reading of a value)."""
    values = [str(o) for o in g.objects(node, p)]
    return min(values) if values else None


def _iri(term) -> URIRef:
    return term if type(term) is URIRef else URIRef(str(term))


def _first_line(g: Graph, node) -> int:
    """provenance.first_source(node).line, or 0: the least line of the rows with a file and a line."""
    best = None
    for row in g.objects(node, _DERIVED):
        row = _iri(row)
        file, line = _least(g, row, _FILE), _least(g, row, _LINE)
        if file and line and (best is None or int(line) < best):
            best = int(line)
    return best or 0


def _doc_id(g: Graph, node) -> str:
    """provenance.document_id: the identifier of the document the node is part of."""
    doc = _least(g, node, _PART_OF)
    return str(_least(g, _iri(doc), _ID) if doc else None)


def _municipality(g: Graph, node) -> str:
    return str(g.value(g.value(node, _PART_OF), _MUNICIPALITY))


def collect(g: Graph, scheme: Graph | None = None, memo: dict | None = None) -> tuple[list[Node], list[Node], list[Node]]:
    """(problems, opportunities, measures) of ``g`` with the texts the linker compares; target groups
    are widened with the broader groups of ``scheme`` (default: ``g`` itself holds the scheme)."""
    scheme = g if scheme is None else scheme
    memo = {} if memo is None else memo
    rows = lambda n: tuple(sorted(g.objects(n, _DERIVED)))  # noqa: E731
    problems, opportunities, measures = [], [], []
    for p in sorted(g.subjects(_TYPE, _PROBLEM)):
        opps = " ".join(str(g.value(o, _LABEL)) for o in sorted(g.objects(p, _OPPORTUNITY)))
        line = _first_line(g, p)
        progs = set(g.objects(p, _PROGRAMME))
        for o in g.objects(p, _OPPORTUNITY):
            progs |= set(g.objects(o, _PROGRAMME))
        problems.append(Node(p, _doc_id(g, p), f"line {line}", line, f"{g.value(p, _LABEL)} {opps}",
                             str(g.value(p, _LABEL)), _closure(scheme, set(g.objects(p, _GROUP)), memo),
                             programmes=frozenset(progs), municipality=_municipality(g, p), rows=rows(p)))
        for o in sorted(g.objects(p, _OPPORTUNITY)):
            ol = _first_line(g, o)
            opportunities.append(Node(o, _doc_id(g, o), f"line {ol}", ol, str(g.value(o, _LABEL)),
                                      groups=_closure(scheme, set(g.objects(p, _GROUP)), memo),
                                      programmes=frozenset(g.objects(o, _PROGRAMME)),
                                      municipality=_municipality(g, o), rows=rows(o)))
    for m in sorted(g.subjects(_TYPE, _MEASURE)):
        parts = [g.value(m, _TITLE), g.value(g.value(m, _GOAL), _LABEL), g.value(m, _DESCRIPTION)]
        parts += [g.value(s, _TITLE) for s in sorted(g.subjects(_SUBTASK, m))]
        text = " ".join(str(x) for x in parts if x is not None)
        groups = set(g.objects(m, _GROUP)) or set(g.objects(g.value(m, _PART_OF), _GROUP))
        progs = set(g.objects(m, _PROGRAMME))
        for st in g.subjects(_SUBTASK, m):
            progs |= set(g.objects(st, _PROGRAMME))
        measures.append(Node(m, _doc_id(g, m), str(g.value(m, _CODE)), _first_line(g, m), text,
                             str(g.value(m, _STATEMENT) or ""), _closure(scheme, groups, memo),
                             (m, _TYPE, _HEP_MEASURE) in g, frozenset(progs), _municipality(g, m), rows(m)))
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
