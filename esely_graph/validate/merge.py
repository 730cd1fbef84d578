"""The units' outputs merged into one report: the findings at once, the sh:ValidationReport graph
when it is asked for (only ``--format turtle`` needs it; at national scale it is millions of triples)."""

from __future__ import annotations

from rdflib import Graph, Literal, URIRef
from rdflib.namespace import RDF, SH

from ..namespaces import BASE
from .findings import RANK, VOCABULARY, Finding, Report, result_closure


def ordered(findings) -> list[Finding]:
    """The findings once each (a finding on a vocabulary node named for a document where one reports
    it), sorted by document, line, focus, severity, shape and value."""
    seen: dict[tuple, Finding] = {}
    for f in findings:
        if f.key not in seen or (seen[f.key].document == VOCABULARY and f.document != VOCABULARY):
            seen[f.key] = f
    return sorted(seen.values(), key=lambda f: (f.document == VOCABULARY, f.document, f.line or 0, f.focus,
                                                -RANK[f.severity], f.shape, f.value or ""))


def merge(outputs: list[tuple[list[Finding], str]], n_units: int) -> Report:
    """One sorted list of findings (and, lazily, one sh:ValidationReport) from the units' outputs."""
    findings = ordered(f for fs, _ in outputs for f in fs)
    return Report(findings, lambda: report_graph([nt for _, nt in outputs], not findings), n_units)


def report_graph(parts: list[str], conforms: bool) -> Graph:
    """One sh:ValidationReport from the units' results (N-Triples); a result several units report
    (on a vocabulary node) is kept once."""
    seen_results: set[tuple] = set()
    merged = Graph()
    merged.bind("sh", SH)
    report = URIRef(f"{BASE}validation-report")
    merged.add((report, RDF.type, SH.ValidationReport))
    for nt in parts:
        g = Graph().parse(data=nt, format="nt")
        for r in g.subjects(RDF.type, SH.ValidationResult):
            key = (str(g.value(r, SH.focusNode)), str(g.value(r, SH.sourceShape)),
                   str(g.value(r, SH.sourceConstraintComponent)), str(g.value(r, SH.value)))
            if key in seen_results:
                continue
            seen_results.add(key)
            merged.add((report, SH.result, r))
            for t in result_closure(g, r):
                merged.add(t)
    merged.add((report, SH.conforms, Literal(conforms)))
    return merged
