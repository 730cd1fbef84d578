"""SHACL validation, per document, with findings an officer can act on.

Validation is local to a document, so each document's Turtle file is validated
on its own (together with the shared vocabularies: ontology, target groups,
organisations, strategies) — in parallel processes when there are many. The
findings are merged into one report: grouped by document, then by focus node,
each with its source ``file:line`` and original text.
"""

from __future__ import annotations

import os
from collections import Counter, defaultdict
from concurrent.futures import ProcessPoolExecutor
from dataclasses import asdict, dataclass
from pathlib import Path

from rdflib import BNode, Graph, Literal, URIRef
from rdflib.namespace import DCTERMS, PROV, RDF, RDFS, SH, SKOS, TIME

from .errors import EselyError
from .namespaces import BASE, ESELY

SEVERITIES = {SH.Violation: "violation", SH.Warning: "warning", SH.Info: "info"}
RANK = {"info": 0, "warning": 1, "violation": 2}
SHARED = ("ontology.ttl", "target-groups.ttl", "organisations.ttl", "strategies.ttl", "programmes.ttl")
VOCABULARY = "(vocabulary)"


@dataclass(frozen=True)
class Finding:
    document: str
    focus: str
    severity: str
    shape: str
    component: str
    path: str | None
    value: str | None
    message_hu: str
    message_en: str
    file: str | None
    line: int | None
    text: str | None
    detail: str | None = None  # the importer's note for a flag

    def message(self, lang: str) -> str:
        return (self.message_hu if lang == "hu" else self.message_en) or self.message_en or self.message_hu

    @property
    def key(self) -> tuple:
        return (self.focus, self.shape, self.component, self.path or "", self.value or "")


@dataclass
class Report:
    findings: list[Finding]
    graph: Graph  # the merged sh:ValidationReport
    units: int

    def counts(self) -> Counter:
        return Counter(f.severity for f in self.findings)

    def fails(self, fail_on: str) -> bool:
        return any(RANK[f.severity] >= RANK[fail_on] for f in self.findings)


def load_shapes(shapes_dir: Path) -> Graph:
    files = sorted(shapes_dir.glob("*.ttl"))
    if not files:
        raise EselyError(f"{shapes_dir}: no shape files")
    g = Graph()
    for f in files:
        g.parse(f)
    return g


def units(data_dir: Path) -> list[tuple[str, list[Path]]]:
    """One validation unit per document file, plus one for the shared vocabularies."""
    shared = [data_dir / name for name in SHARED if (data_dir / name).exists()]
    docs = sorted(p for p in data_dir.glob("*.ttl") if p.name not in SHARED)
    if not docs and not shared:
        raise EselyError(f"{data_dir}: no .ttl files; run `esely-graph build` first")
    return [(p.stem, [p, *shared]) for p in docs] + [(VOCABULARY, shared)]


def _text(g: Graph, node) -> str | None:
    for prop in (ESELY.originalText, DCTERMS.title, RDFS.label, SKOS.prefLabel):
        v = g.value(node, prop)
        if v is not None:
            return str(v)
    return None


def _source(g: Graph, node) -> tuple[str | None, int | None, str | None]:
    """(file, first line, document id) of a node, through its source rows."""
    best = None
    for row in g.objects(node, PROV.wasDerivedFrom):
        line = g.value(row, ESELY.lineNumber)
        if line is not None and (best is None or int(line) < best[1]):
            doc = g.value(row, DCTERMS.isPartOf)
            best = (str(g.value(row, ESELY.sourceFile)), int(line), doc)
    if best is None:
        doc = g.value(node, DCTERMS.isPartOf)
        return None, None, str(g.value(doc, DCTERMS.identifier)) if doc is not None else None
    file, line, doc = best
    return file, line, str(g.value(doc, DCTERMS.identifier)) if doc is not None else None


def _flag_note(g: Graph, focus, value) -> str | None:
    if not isinstance(value, URIRef) or not str(value).startswith(str(ESELY)):
        return None
    name = str(value)[len(str(ESELY)):]
    notes = sorted(str(n) for n in g.objects(focus, ESELY.flagNote) if str(n).startswith(name + ":"))
    return "; ".join(n.split(":", 1)[1].strip() for n in notes) or None


def _deadline_note(g: Graph, focus, path) -> str | None:
    """For an overdue finding: the deadline as written and the day it ended."""
    if path != ESELY.completed:
        return None
    ts = g.value(focus, ESELY.deadline)
    text = g.value(ts, ESELY.originalText)
    end = g.value(g.value(ts, TIME.hasEnd), TIME.inXSDDate)
    return f"»{text}« → {end}" if text is not None else None


def _messages(results: Graph, r) -> tuple[str, str]:
    hu = en = ""
    for m in results.objects(r, SH.resultMessage):
        if isinstance(m, Literal) and m.language == "hu":
            hu = str(m)
        elif isinstance(m, Literal) and m.language == "en":
            en = str(m)
        elif not en:
            en = str(m)
    return hu, en


def validate_unit(name: str, files: list[str], shapes_files: list[str]) -> tuple[list[Finding], str]:
    """Validate one unit; return its findings and its report as N-Triples (picklable)."""
    from pyshacl import validate as shacl

    data = Graph()
    for f in files:
        data.parse(f)
    shapes = Graph()
    for f in shapes_files:
        shapes.parse(f)
    _, results, _ = shacl(data, shacl_graph=shapes, advanced=True, inference="none",
                          allow_warnings=True, allow_infos=True)
    findings = []
    for r in results.subjects(RDF.type, SH.ValidationResult):
        focus = results.value(r, SH.focusNode)
        file, line, doc = _source(data, focus)
        hu, en = _messages(results, r)
        path = results.value(r, SH.resultPath)
        value = results.value(r, SH.value)
        findings.append(Finding(
            document=doc or (name if name != VOCABULARY else VOCABULARY),
            focus=str(focus),
            severity=SEVERITIES.get(results.value(r, SH.resultSeverity), "violation"),
            shape=str(results.value(r, SH.sourceShape)),
            component=str(results.value(r, SH.sourceConstraintComponent)),
            path=str(path) if isinstance(path, URIRef) else (None if path is None else "(path)"),
            value=None if value is None or isinstance(value, BNode) else str(value),
            message_hu=hu, message_en=en, file=file, line=line, text=_text(data, focus),
            detail=_flag_note(data, focus, value) or _deadline_note(data, focus, path),
        ))
    return findings, results.serialize(format="nt")


def validate(data_dir: Path, shapes_dir: Path, jobs: int | None = None, progress=None) -> Report:
    shapes_files = [str(p) for p in sorted(shapes_dir.glob("*.ttl"))]
    if not shapes_files:
        raise EselyError(f"{shapes_dir}: no shape files")
    todo = units(data_dir)
    jobs = jobs if jobs is not None else (min(os.cpu_count() or 1, len(todo)) if len(todo) > 8 else 1)
    outputs: list[tuple[list[Finding], str]] = []
    if jobs > 1:
        with ProcessPoolExecutor(max_workers=jobs) as pool:
            futures = [pool.submit(validate_unit, n, [str(f) for f in fs], shapes_files) for n, fs in todo]
            for fut in (progress(futures) if progress else futures):
                outputs.append(fut.result())
    else:
        for n, fs in (progress(todo) if progress else todo):
            outputs.append(validate_unit(n, [str(f) for f in fs], shapes_files))
    seen: dict[tuple, Finding] = {}
    seen_results: set[tuple] = set()
    merged = Graph()
    merged.bind("sh", SH)
    report = URIRef(f"{BASE}validation-report")
    merged.add((report, RDF.type, SH.ValidationReport))
    for findings, nt in outputs:
        g = Graph().parse(data=nt, format="nt")
        for r in g.subjects(RDF.type, SH.ValidationResult):
            key = (str(g.value(r, SH.focusNode)), str(g.value(r, SH.sourceShape)),
                   str(g.value(r, SH.sourceConstraintComponent)), str(g.value(r, SH.value)))
            if key in seen_results:
                continue
            seen_results.add(key)
            merged.add((report, SH.result, r))
            for t in _closure(g, r):
                merged.add(t)
        for f in findings:
            if f.key not in seen or (seen[f.key].document == VOCABULARY and f.document != VOCABULARY):
                seen[f.key] = f
    findings = sorted(seen.values(), key=lambda f: (f.document == VOCABULARY, f.document, f.line or 0, f.focus,
                                                    -RANK[f.severity], f.shape, f.value or ""))
    merged.add((report, SH.conforms, Literal(not findings)))
    return Report(findings, merged, len(todo))


def _closure(g: Graph, node):
    """All triples reachable from node through blank nodes (a result and its details)."""
    stack, done = [node], set()
    while stack:
        n = stack.pop()
        if n in done:
            continue
        done.add(n)
        for t in g.triples((n, None, None)):
            yield t
            if isinstance(t[2], BNode):
                stack.append(t[2])


# ---------------------------------------------------------------- output

LABELS = {
    "hu": {"violation": "szabálysértés", "warning": "figyelmeztetés", "info": "megjegyzés",
           "summary": "Összesen", "doc": "Dokumentum", "none": "Nincs eltérés."},
    "en": {"violation": "violation", "warning": "warning", "info": "info",
           "summary": "Total", "doc": "Document", "none": "No findings."},
}


def short(iri: str) -> str:
    return iri.replace(BASE, "").replace("https://w3id.org/esely/shapes#", "eshp:") \
        .replace("http://www.w3.org/ns/shacl#", "sh:").replace(str(ESELY), "esely:")


def format_text(report: Report, lang: str = "hu") -> str:
    L = LABELS[lang]
    out = []
    by_doc = defaultdict(list)
    for f in report.findings:
        by_doc[f.document].append(f)
    for doc, findings in by_doc.items():
        out.append(f"== {L['doc']}: {doc} ({len(findings)}) ==")
        by_focus = defaultdict(list)
        for f in findings:
            by_focus[f.focus].append(f)
        for focus, fs in by_focus.items():
            first = fs[0]
            where = f"{first.file}:{first.line}" if first.file else "-"
            text = f" »{first.text[:80]}«" if first.text else ""
            out.append(f"  {short(focus)}  [{where}]{text}")
            for f in fs:
                value = f" ({short(f.value)})" if f.value and f.value != focus else ""
                out.append(f"    [{L[f.severity]}] {f.message(lang)}{value}  <{short(f.shape)}>")
                if f.detail:
                    out.append(f"        {f.detail}")
        out.append("")
    counts = report.counts()
    if not report.findings:
        out.append(L["none"])
    out.append(f"{L['summary']}: " + ", ".join(f"{counts.get(s, 0)} {L[s]}" for s in ("violation", "warning", "info"))
               + f" ({report.units} units)")
    return "\n".join(out) + "\n"


def format_json(report: Report) -> str:
    import json

    counts = report.counts()
    return json.dumps({"counts": {s: counts.get(s, 0) for s in ("violation", "warning", "info")},
                       "findings": [asdict(f) for f in report.findings]}, ensure_ascii=False, indent=1) + "\n"
