"""The links graph: every candidate and decision an ``esely:Link`` node with its score, method,
strength and origin; the links that stand also as plain triples queries use."""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal

from rdflib import Graph, Literal, URIRef
from rdflib.namespace import PROV, RDF, XSD

from ..errors import SourceError
from ..build.graph import DocGraph
from ..namespaces import BASE, ESELY
from .curation import Decision
from .nodes import Node, collect, collect_all
from .scoring import METHOD, Candidate, propose_for


@dataclass
class LinkResult:
    graph: Graph
    candidates: list[Candidate] = field(default_factory=list)


def _key(n: Node) -> str:
    return f"{n.doc}:{n.code}"


PROPS = {"problem": ESELY.answersProblem, "opportunity": ESELY.takesUpOpportunity, "measure": ESELY.servesMeasure}


def link_graph(g: Graph, decisions: list[Decision], decisions_file: str) -> LinkResult:
    """The links graph of one graph holding the documents (and the target-group scheme)."""
    return link_nodes(collect(g), decisions, decisions_file)


def link_documents(graphs, scheme: Graph, decisions: list[Decision], decisions_file: str, memo=None) -> LinkResult:
    """The links graph of the documents' graphs, each read on its own (no merged copy); ``memo``
    keeps each town's scores (see ``propose_for``)."""
    return link_nodes(collect_all(graphs, scheme), decisions, decisions_file, memo)


def link_nodes(nodes: tuple[list[Node], list[Node], list[Node]], decisions: list[Decision],
               decisions_file: str, memo=None, targets: tuple = ([], [], [])) -> LinkResult:
    """The links graph: automatic candidates and curated decisions, kept apart by origin.
    ``targets``: more (problems, opportunities, measures) a decision may name (another town's)."""
    problems, opportunities, measures = nodes
    by_key = {}
    for kind, ns in zip(("problem", "opportunity", "measure"), zip(targets, nodes)):
        by_key |= {(kind, _key(n)): n for group in ns for n in group}
    candidates = propose_for(problems, opportunities, measures, memo)
    out = DocGraph()  # plain dictionaries (written by build.output.flat_chunk, or .to_rdflib())
    decided = {(d.measure, d.target, d.kind): d for d in decisions}
    links_of: dict[str, int] = {}
    doc_node = URIRef(f"{BASE}doc/links-curated")

    def link_node(c_src: Node, c_tgt: Node, kind: str, origin: str) -> URIRef:
        return URIRef(f"{c_src.iri}/link/{kind}/{c_tgt.doc}/{c_tgt.code.replace(' ', '-').replace('/', '-')}/{origin}")

    for c in candidates:
        if not c.accepted and c.strength == "secondary":
            continue  # only the primary candidate is kept when below threshold: it is what a reviewer checks
        node = link_node(c.source, c.target, c.kind, "automatic")
        out.add((node, RDF.type, ESELY.Link))
        out.add((node, ESELY.linkFrom, c.source.iri))
        out.add((node, ESELY.linkTo, c.target.iri))
        out.add((node, ESELY.linkKind, Literal(c.kind)))
        out.add((node, ESELY.score, Literal(Decimal(str(c.score)), datatype=XSD.decimal)))
        out.add((node, ESELY.method, Literal(METHOD)))
        out.add((node, ESELY.strength, Literal(c.strength)))
        out.add((node, ESELY.origin, Literal("automatic")))
        out.add((node, ESELY.accepted, Literal(c.accepted)))
        for n in (c.source, c.target):
            for row in n.rows:
                out.add((node, PROV.wasDerivedFrom, row))
        d = decided.get((_key(c.source), _key(c.target), c.kind))
        stands = c.accepted and not (d and d.action == "reject")
        if d and d.action == "reject":
            out.add((node, ESELY.rejectedBecause, Literal(d.reason, lang="hu")))
        if stands:
            out.add((c.source.iri, PROPS[c.kind], c.target.iri))
            if c.kind == "problem" and c.strength == "primary":
                links_of[_key(c.source)] = links_of.get(_key(c.source), 0) + 1
    for d in decisions:
        if d.action == "reject":
            continue
        src, tgt = by_key.get(("measure", d.measure)), by_key.get((d.kind, d.target))
        if src is None or tgt is None:
            missing = d.measure if src is None else d.target
            raise SourceError(decisions_file, d.line, None,
                              f"'{missing}' names no measure, problem or opportunity; expected 'document-id:CODE' "
                              "or 'document-id:line N'")
        node = link_node(src, tgt, d.kind, "curated")
        out.add((node, RDF.type, ESELY.Link))
        out.add((node, ESELY.linkFrom, src.iri))
        out.add((node, ESELY.linkTo, tgt.iri))
        out.add((node, ESELY.linkKind, Literal(d.kind)))
        out.add((node, ESELY.strength, Literal(d.strength)))
        out.add((node, ESELY.origin, Literal("curated")))
        out.add((node, ESELY.accepted, Literal(True)))
        out.add((node, ESELY.decisionReason, Literal(d.reason, lang="hu")))
        out.add((node, PROV.wasDerivedFrom, URIRef(f"{doc_node}/line/{d.line}")))
        out.add((URIRef(f"{doc_node}/line/{d.line}"), RDF.type, ESELY.SourceRow))
        out.add((URIRef(f"{doc_node}/line/{d.line}"), ESELY.lineNumber, Literal(d.line, datatype=XSD.positiveInteger)))
        out.add((URIRef(f"{doc_node}/line/{d.line}"), ESELY.sourceFile, Literal("links.toml")))
        out.add((src.iri, PROPS[d.kind], tgt.iri))
        if d.kind == "problem" and d.strength == "primary":
            links_of[d.measure] = links_of.get(d.measure, 0) + 1
    for m in measures:
        if m.hep and not links_of.get(_key(m)) and not (m.iri, ESELY.answersProblem, None) in out:
            out.add((m.iri, ESELY.answersNoProblem, Literal(True)))
    return LinkResult(out, candidates)


