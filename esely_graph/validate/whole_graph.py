"""SHACL-SPARQL constraints that look at every triple, run once over the whole graph on Oxigraph.

The "declared ontology terms" constraint asks which esely: terms the data uses; per document it
would scan the shared vocabularies again for every unit. Here it runs once, on pyoxigraph, over
all Turtle files (one named graph per file, queried as their union), with ``$this`` bound to each
sh:targetNode of its shape, as SHACL-SPARQL prescribes; its results are written as
sh:ValidationResult nodes exactly as a SHACL engine writes them, so they merge into the one report.
Each finding names the first document (in file order) that uses the offending term.
"""

from __future__ import annotations

import re
from pathlib import Path

import pyoxigraph as ox
from rdflib import BNode, Graph, Literal, URIRef
from rdflib.namespace import RDF, SH

from ..layout import SHARED_TTL
from ..store import read_triples
from .findings import VOCABULARY, Finding, SEVERITIES
from .shapes import Shapes

# the shared files (layout.SHARED_TTL) but links.ttl, which is validated as a unit of its own
VOCABULARIES = tuple(name for name in SHARED_TTL if name != "links.ttl")


def load_files(files: list[Path]) -> ox.Store:
    """The files in one Oxigraph store, one named graph per file (read by ``store.read_triples``)."""
    store = ox.Store()
    for path in files:
        graph = ox.NamedNode(path.resolve().as_uri())
        store.bulk_extend(ox.Quad(t.subject, t.predicate, t.object, graph) for t in read_triples(path))
    return store


def _prefixes(shapes: Graph, constraint) -> str:
    lines = []
    for decl_node in shapes.objects(constraint, SH.prefixes):
        for d in shapes.objects(decl_node, SH.declare):
            lines.append(f"PREFIX {shapes.value(d, SH.prefix)}: <{shapes.value(d, SH.namespace)}>")
    return "\n".join(sorted(set(lines))) + "\n"


def _to_ox(term):
    return ox.NamedNode(str(term)) if isinstance(term, URIRef) else ox.Literal(str(term))


def _to_rdflib(term):
    if isinstance(term, ox.NamedNode):
        return URIRef(term.value)
    if isinstance(term, ox.BlankNode):
        return BNode(term.value)
    if term.language:
        return Literal(term.value, lang=term.language)
    return Literal(term.value, datatype=URIRef(term.datatype.value))


def _message(template: Literal, row: dict) -> Literal:
    def fill(m):
        value = row.get(m.group(1))
        return "" if value is None else str(value)
    return Literal(re.sub(r"\{[?$](\w+)\}", fill, str(template)), lang=template.language)


def _first_file(store: ox.Store, value) -> str | None:
    if not isinstance(value, URIRef):
        return None
    term = ox.NamedNode(str(value))
    graphs = {q.graph_name.value for q in store.quads_for_pattern(None, term, None)}
    graphs |= {q.graph_name.value for q in store.quads_for_pattern(None, ox.NamedNode(str(RDF.type)), term)}
    docs = sorted(g for g in graphs if not g.endswith(tuple("/" + v for v in VOCABULARIES)))
    return docs[0] if docs else None


def run_whole_graph(shapes: Shapes, files: list[Path]) -> tuple[Graph, list[Finding]]:
    """Results (a graph of sh:ValidationResult nodes) and findings of the whole-graph constraints."""
    results, findings = Graph(), []
    if not shapes.whole:
        return results, findings
    store = load_files(files)
    sg = shapes.full
    for w in shapes.whole:
        query = _prefixes(sg, w.constraint) + str(sg.value(w.constraint, SH.select))
        severity = sg.value(w.constraint, SH.severity) or sg.value(w.shape, SH.severity) or SH.Violation
        messages = list(sg.objects(w.constraint, SH.message)) or list(sg.objects(w.shape, SH.message))
        for this in w.targets:
            solutions = store.query(query, use_default_graph_as_union=True,
                                    substitutions={ox.Variable("this"): _to_ox(this)})
            names = [v.value for v in solutions.variables]
            rows = [{n: _to_rdflib(s[n]) for n in names if s[n] is not None} for s in solutions]
            for row in sorted(rows, key=lambda r: sorted((k, str(v)) for k, v in r.items())):
                r = BNode()
                results.add((r, RDF.type, SH.ValidationResult))
                results.add((r, SH.focusNode, this))
                results.add((r, SH.resultSeverity, severity))
                results.add((r, SH.sourceShape, w.shape))
                results.add((r, SH.sourceConstraint, w.constraint))
                results.add((r, SH.sourceConstraintComponent, SH.SPARQLConstraintComponent))
                value = row.get("value")
                if value is not None:
                    results.add((r, SH.value, value))
                if isinstance(row.get("path"), URIRef):
                    results.add((r, SH.resultPath, row["path"]))
                msgs = [_message(m, row) for m in messages]
                for m in msgs:
                    results.add((r, SH.resultMessage, m))
                hu = next((str(m) for m in msgs if m.language == "hu"), "")
                en = next((str(m) for m in msgs if m.language == "en"), "")
                doc = _first_file(store, value)
                findings.append(Finding(
                    document=Path(doc).stem if doc else VOCABULARY, focus=str(this),
                    severity=SEVERITIES.get(severity, "violation"), shape=str(w.shape),
                    component=str(SH.SPARQLConstraintComponent),
                    path=str(row["path"]) if isinstance(row.get("path"), URIRef) else None,
                    value=None if value is None or isinstance(value, BNode) else str(value),
                    message_hu=hu, message_en=en, file=None, line=None, text=None))
    return results, findings
