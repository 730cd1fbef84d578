"""The fast validation engine: the shapes compiled into SPARQL (``checks``) and run on Oxigraph over
the whole graph, one query per constraint; each violation read into a ``Finding`` exactly as the
pySHACL engine (``run``) reads its results (same focus, path, value, shape, component, severity,
messages in both languages, source file and line, original text, detail, document).

The graph is the on-disk store the caller passes (one named graph per file, ``disk_store``) or the
Turtle folder loaded here in the same layout; queries read the union of the graphs. A finding's
document is the one its focus node was derived from (provenance); else, as the per-document units
of the pySHACL engine name it, the first document file that states the node (as subject, else as
object), else ``(vocabulary)``; a whole-graph constraint's finding names the first document file
that uses the term."""

from __future__ import annotations

import pyoxigraph as ox
from rdflib import BNode, Graph, Literal, URIRef
from rdflib.namespace import RDF, SH

from .. import provenance
from ..graph_units import file_of
from ..namespaces import BASE, ESELY
from ..store import to_rdflib

from .classes import Classes
from .compile import FOCUS
from .findings import SEVERITIES, VOCABULARY, Finding
from .whole_graph import VOCABULARIES

CHUNK = 400  # focus nodes per provenance query
PER_FOCUS = 200  # a SPARQL constraint whose target selects more nodes is run as one join
# each a basic graph pattern starting from the nodes (Oxigraph plans a VALUES of predicates badly:
# FILTER IN instead, and no UNION)
DETAIL = [
    "SELECT ?s ?p ?o WHERE { VALUES ?s { %s } ?s ?p ?o FILTER (?p IN (prov:wasDerivedFrom, esely:originalText, "
    "dcterms:title, rdfs:label, skos:prefLabel, dcterms:isPartOf, esely:parseNote, esely:deadline)) }",
    "SELECT ?s ?p ?o WHERE { VALUES ?node { %s } ?node prov:wasDerivedFrom ?s . ?s ?p ?o "
    "FILTER (?p IN (esely:sourceFile, esely:lineNumber, esely:sourcePlace, dcterms:isPartOf)) }",
    "SELECT ?s ?p ?o WHERE { VALUES ?node { %s } ?node dcterms:isPartOf ?s . ?s ?p ?o FILTER (?p = dcterms:identifier) }",
    "SELECT ?s ?p ?o WHERE { VALUES ?node { %s } ?node prov:wasDerivedFrom ?r . ?r dcterms:isPartOf ?s . ?s ?p ?o "
    "FILTER (?p = dcterms:identifier) }",
    "SELECT ?s ?p ?o WHERE { VALUES ?node { %s } ?node esely:parseNote ?s . ?s ?p ?o "
    "FILTER (?p IN (esely:flagClass, rdfs:comment)) }",
    "SELECT ?s ?p ?o WHERE { VALUES ?node { %s } ?node esely:deadline ?s . ?s ?p ?o "
    "FILTER (?p IN (esely:originalText, time:hasEnd)) }",
    "SELECT ?s ?p ?o WHERE { VALUES ?node { %s } ?node esely:deadline ?d . ?d time:hasEnd ?s . ?s ?p ?o "
    "FILTER (?p = time:inXSDDate) }",
]
HOMES = [
    # DISTINCT: one row per (node, graph), not per triple (a measure's 20 triples were 20 rows read in Python)
    "SELECT DISTINCT ?node ?g (true AS ?subject) WHERE { VALUES ?node { %s } GRAPH ?g { ?node ?p ?o } }",
    "SELECT DISTINCT ?node ?g (false AS ?subject) WHERE { VALUES ?node { %s } GRAPH ?g { ?s ?p ?node } }",
]
SCHEMA = ["""
SELECT DISTINCT ?node WHERE { VALUES ?node { %s } ?node a ?kind
  FILTER (?kind IN (owl:Class, rdfs:Class, owl:ObjectProperty, owl:DatatypeProperty, owl:AnnotationProperty,
                    rdf:Property, owl:Ontology)) }"""]
USERS = [
    "SELECT DISTINCT ?node ?g WHERE { VALUES ?node { %s } GRAPH ?g { ?s ?node ?o } }",
    "SELECT DISTINCT ?node ?g WHERE { VALUES ?node { %s } GRAPH ?g { ?s a ?node } }",
]
TIME = "http://www.w3.org/2006/time#"


def _n3(term) -> str:
    return str(term)  # pyoxigraph terms print as N-Triples




def run_checks(store: ox.Store, checks: list, focus: list | None = None, parent=None,
               classes: Classes | None = None) -> list[tuple]:
    """(check, focus term, value term or None, row of the other variables, parent result or None)
    for every violation (and, after a sh:node violation, its details); ``focus``: only these nodes
    (pyoxigraph terms), else every target."""
    if focus is not None and not focus:
        return []
    restrict = "" if focus is None else "VALUES ?this { %s }" % " ".join(_n3(n) for n in focus)
    out = []
    classes = classes or Classes(store)
    for check in checks:
        found, seen = [], set()
        for this, s in _solutions(store, check, restrict, classes):
            row = {v: s[v] for v in check.variables if s[v] is not None}
            key = (this or s["this"], tuple(sorted(row.items(), key=str)))
            if key not in seen:  # a triple stated in two files is two solutions over the union
                seen.add(key)
                found.append((check, key[0], row.get("value"), row, parent))
        out += found
        for result in found if check.nested else ():
            out += run_checks(store, check.nested, [result[2]], result, classes)
    return out


def _about(store: ox.Store, nodes: list, queries: list[str], union: bool = True):
    """The solutions of each query for the nodes (IRIs), CHUNK nodes at a time."""
    nodes = [n for n in nodes if isinstance(n, ox.NamedNode)]
    for i in range(0, len(nodes), CHUNK):
        chunk = " ".join(_n3(n) for n in nodes[i:i + CHUNK])
        for q in queries:
            yield from store.query(q % chunk, use_default_graph_as_union=union, prefixes=PREFIXES)


def _solutions(store: ox.Store, check, restrict: str, classes: Classes):
    """(focus or None, solution) of a check's query; a SHACL-SPARQL constraint is run once per focus
    node with ``$this`` pre-bound (as SHACL-SPARQL prescribes) when its target selects few nodes. Class
    tests are run with the classes' subclasses written in (``classes``)."""
    if check.per_focus:
        target, select = (classes.written(q) for q in check.per_focus)
        foci = [s["this"] for s in store.query(target.replace(FOCUS, restrict), use_default_graph_as_union=True)]
        if len(foci) <= PER_FOCUS:
            for this in sorted(set(foci), key=str):
                for s in store.query(select, use_default_graph_as_union=True, substitutions={ox.Variable("this"): this}):
                    yield this, s
            return
    for s in store.query(classes.written(check.query).replace(FOCUS, restrict), use_default_graph_as_union=True):
        yield None, s


def _views(store: ox.Store, nodes: list) -> provenance.DictView:
    return provenance.DictView({(s["s"].value, s["p"].value, s["o"].value) for s in _about(store, nodes, DETAIL)})


def _homes(store: ox.Store, nodes: list, query: str) -> dict:
    """node -> (document files stating it as subject, as object) (``HOMES``), or (document files
    using it as a predicate or a class, -) (``USERS``)."""
    out: dict = {}
    for s in _about(store, nodes, query, union=False):
        g = file_of(s["g"])  # the file of the graph (graph_units: a town's graph of a shared file)
        if g + ".ttl" not in VOCABULARIES:
            as_subject = query is USERS or s["subject"].value == "true"
            out.setdefault(s["node"].value, (set(), set()))[0 if as_subject else 1].add(g)
    return out


def _schema(store: ox.Store, nodes: list) -> set:
    """The nodes declared as classes, properties or the ontology (a document's unit names them
    without describing them: only the vocabulary unit reports them)."""
    return {s["node"].value for s in _about(store, nodes, SCHEMA)}


def _unit_of(homes: dict, node: str, schema=frozenset()) -> str:
    subj, obj = homes.get(node, (set(), set()))
    return min(subj) if subj else min(obj) if obj and node not in schema else VOCABULARY


def _detail(view, focus: str, value, path) -> str | None:
    if isinstance(value, ox.NamedNode):
        notes = sorted(c for n in view.values(focus, str(ESELY.parseNote))
                       if value.value in view.values(n, str(ESELY.flagClass))
                       for c in view.values(n, "http://www.w3.org/2000/01/rdf-schema#comment"))
        if notes:
            return "; ".join(notes)
    if path == ESELY.completed:
        ts = view.values(focus, str(ESELY.deadline))
        ts = ts[0] if ts else None
        text = view.values(ts, str(ESELY.originalText)) if ts else []
        end = view.values(ts, TIME + "hasEnd") if ts else []
        date = view.values(end[0], TIME + "inXSDDate") if end else []
        return f"»{text[0]}« → {date[0] if date else None}" if text else None
    return None


def _fill(template: Literal, row: dict, this) -> str:
    import re

    def sub(m):
        v = this if m.group(1) == "this" else row.get(m.group(1))
        return "" if v is None else v.value
    return re.sub(r"\{[?$](\w+)\}", sub, str(template))


def findings_of(store: ox.Store, results: list[tuple]) -> list[Finding]:
    """Each result as a ``Finding`` (provenance and detail read from the store)."""
    plain = [r for r in results if not r[0].whole]
    foci = list({r[1] for r in plain})
    view = _views(store, foci)
    homes = _homes(store, foci, HOMES)
    schema = _schema(store, foci)
    users = _homes(store, list({r[2] for r in results if r[0].whole and r[2] is not None}), USERS)
    out = []
    for check, this, value, row, parent in results:
        focus = this.value
        hu = en = ""
        for m in check.messages:
            text = _fill(m, row, this) if check.constraint is not None else str(m)
            if m.language == "hu":
                hu = text
            elif m.language == "en":
                en = text
            elif not en:
                en = text
        path = check.path
        if check.constraint is not None and isinstance(row.get("path"), ox.NamedNode):
            path = URIRef(row["path"].value)
        if check.whole:
            doc = _unit_of(users, value.value) if value is not None else VOCABULARY
            file = line = text = detail = None
        else:
            src = provenance.first_source(view, focus)
            if src is not None:
                file, line, doc = src.file, src.line, provenance.identifier(view, src.document)
            else:
                file, line, doc = None, None, provenance.document_id(view, focus)
            doc = doc or _unit_of(homes, focus, schema)
            text = provenance.text(view, focus)
            detail = _detail(view, focus, value, path)
        out.append(Finding(
            document=doc, focus=focus, severity=SEVERITIES.get(check.severity, "violation"), shape=str(check.shape),
            component=str(check.component),
            path=str(path) if isinstance(path, URIRef) else (None if path is None else "(path)"),
            value=None if value is None or isinstance(value, ox.BlankNode) else value.value,
            message_hu=hu, message_en=en, file=file, line=line, text=text, detail=detail))
    return out


def report_graph(results: list[tuple], shapes: Graph, conforms: bool) -> Graph:
    """The sh:ValidationReport of the results, as a SHACL engine writes it."""
    from .findings import result_closure

    g = Graph()
    g.bind("sh", SH)
    report = URIRef(f"{BASE}validation-report")
    g.add((report, RDF.type, SH.ValidationReport))
    g.add((report, SH.conforms, Literal(conforms)))
    nodes = {}
    for result in results:
        check, this, value, row, parent = result
        r = nodes[id(result)] = BNode()
        g.add((nodes[id(parent)], SH.detail, r) if parent is not None else (report, SH.result, r))
        g.add((r, RDF.type, SH.ValidationResult))
        g.add((r, SH.focusNode, to_rdflib(this)))
        g.add((r, SH.resultSeverity, check.severity))
        g.add((r, SH.sourceShape, check.shape))
        g.add((r, SH.sourceConstraintComponent, check.component))
        if check.constraint is not None:
            g.add((r, SH.sourceConstraint, check.constraint))
        path = URIRef(row["path"].value) if isinstance(row.get("path"), ox.NamedNode) else check.path
        if path is not None:
            g.add((r, SH.resultPath, path))
            if isinstance(path, BNode):
                for t in result_closure(shapes, path):
                    g.add(t)
        if value is not None:
            g.add((r, SH.value, to_rdflib(value)))
        for m in check.messages:
            g.add((r, SH.resultMessage, Literal(_fill(m, row, this), lang=m.language)
                   if check.constraint is not None else m))
    return g


PREFIXES = {"prov": "http://www.w3.org/ns/prov#", "esely": str(ESELY), "dcterms": "http://purl.org/dc/terms/",
            "rdfs": "http://www.w3.org/2000/01/rdf-schema#", "skos": "http://www.w3.org/2004/02/skos/core#",
            "time": TIME, "owl": "http://www.w3.org/2002/07/owl#",
            "rdf": "http://www.w3.org/1999/02/22-rdf-syntax-ns#"}
