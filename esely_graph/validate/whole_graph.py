"""SHACL-SPARQL constraints that look at every triple (``eshp:wholeGraph true``), run on Oxigraph.

The "declared ontology terms" constraint asks which esely: terms the data uses and are not declared.
Run by pySHACL on each unit it would scan the unit again with rdflib's SPARQL; over all files at
once it would cost a pass over the whole graph for any change. So it runs per unit, on the unit's
Oxigraph store (``targets.unit_store``), whose graph is the unit's data graph plus the declarations
of every term the unit uses (``units.declarations``: their rdf:type triples in the shared
vocabularies and those types' rdfs:subClassOf chains). A term is used in the whole graph iff some
unit uses it, and it is declared in the whole graph iff it is declared in the unit graph — the
declarations live in the shared vocabularies (the ontology), never in a document — so the union of
the units' results is the whole graph's (tests/test_validate.py compares with one pySHACL run over
everything), and one changed document re-runs it for that document only.

``$this`` is bound to each sh:targetNode of the shape, as SHACL-SPARQL prescribes; results are
written as sh:ValidationResult nodes exactly as a SHACL engine writes them, so they merge into the
one report. A finding names the unit's document when the document's own triples use the term, else
the vocabularies; merged, the first document (in file order) that uses the term is named.
"""

from __future__ import annotations

import re

import pyoxigraph as ox
from rdflib import BNode, Graph, Literal, URIRef
from rdflib.namespace import RDF, SH

from ..layout import SHARED_TTL
from ..store import to_rdflib
from .findings import VOCABULARY, Finding, SEVERITIES
from .shapes import Shapes

# the shared files (layout.SHARED_TTL) but links.ttl, which is validated as a unit of its own
VOCABULARIES = tuple(name for name in SHARED_TTL if name != "links.ttl")


def _prefixes(shapes: Graph, constraint) -> str:
    lines = []
    for decl_node in shapes.objects(constraint, SH.prefixes):
        for d in shapes.objects(decl_node, SH.declare):
            lines.append(f"PREFIX {shapes.value(d, SH.prefix)}: <{shapes.value(d, SH.namespace)}>")
    return "\n".join(sorted(set(lines))) + "\n"


def _to_ox(term):
    return ox.NamedNode(str(term)) if isinstance(term, URIRef) else ox.Literal(str(term))




def _message(template: Literal, row: dict) -> Literal:
    def fill(m):
        value = row.get(m.group(1))
        return "" if value is None else str(value)
    return Literal(re.sub(r"\{[?$](\w+)\}", fill, str(template)), lang=template.language)


def run_whole_graph(shapes: Shapes, store: ox.Store, unit: str, own_terms) -> tuple[Graph, list[Finding]]:
    """Results (a graph of sh:ValidationResult nodes) and findings of the whole-graph constraints on
    one unit's store (its default graph); ``own_terms``: the terms the unit's document itself uses."""
    results, findings = Graph(), []
    sg = shapes.full
    for w in shapes.whole:
        query = _prefixes(sg, w.constraint) + str(sg.value(w.constraint, SH.select))
        severity = sg.value(w.constraint, SH.severity) or sg.value(w.shape, SH.severity) or SH.Violation
        messages = list(sg.objects(w.constraint, SH.message)) or list(sg.objects(w.shape, SH.message))
        for this in w.targets:
            solutions = store.query(query, substitutions={ox.Variable("this"): _to_ox(this)})
            names = [v.value for v in solutions.variables]
            rows = [{n: to_rdflib(s[n]) for n in names if s[n] is not None} for s in solutions]
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
                findings.append(Finding(
                    document=unit if value in own_terms else VOCABULARY, focus=str(this),
                    severity=SEVERITIES.get(severity, "violation"), shape=str(w.shape),
                    component=str(SH.SPARQLConstraintComponent),
                    path=str(row["path"]) if isinstance(row.get("path"), URIRef) else None,
                    value=None if value is None or isinstance(value, BNode) else str(value),
                    message_hu=hu, message_en=en, file=None, line=None, text=None))
    return results, findings
