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
from ..disk_store import GRAPH_BASE, graph_name
from ..errors import EselyError
from ..namespaces import BASE, ESELY
from ..store import ttl_files
from .compile import FOCUS
from .findings import SEVERITIES, VOCABULARY, Finding
from .whole_graph import VOCABULARIES

CHUNK = 400  # focus nodes per provenance query
DETAIL = """
SELECT ?s ?p ?o WHERE {
  VALUES ?node { %s }
  { ?node ?p ?o . BIND (?node AS ?s)
    VALUES ?p { prov:wasDerivedFrom esely:originalText dcterms:title rdfs:label skos:prefLabel dcterms:isPartOf
                esely:parseNote esely:deadline } }
  UNION { ?node prov:wasDerivedFrom ?s . ?s ?p ?o
          VALUES ?p { esely:sourceFile esely:lineNumber esely:sourcePlace dcterms:isPartOf } }
  UNION { ?node prov:wasDerivedFrom?/dcterms:isPartOf ?s . ?s dcterms:identifier ?o BIND (dcterms:identifier AS ?p) }
  UNION { ?node esely:parseNote ?s . ?s ?p ?o VALUES ?p { esely:flagClass rdfs:comment } }
  UNION { ?node esely:deadline ?s . ?s ?p ?o VALUES ?p { esely:originalText time:hasEnd } }
  UNION { ?node esely:deadline/time:hasEnd ?s . ?s time:inXSDDate ?o BIND (time:inXSDDate AS ?p) }
}"""
HOMES = """
SELECT ?node ?g ?subject WHERE {
  VALUES ?node { %s }
  { GRAPH ?g { ?node ?p ?o } BIND (true AS ?subject) } UNION { GRAPH ?g { ?s ?p ?node } BIND (false AS ?subject) }
}"""
SCHEMA = """
SELECT DISTINCT ?node WHERE { VALUES ?node { %s } ?node a ?kind
  VALUES ?kind { owl:Class rdfs:Class owl:ObjectProperty owl:DatatypeProperty owl:AnnotationProperty rdf:Property
                 owl:Ontology } }"""
USERS = """
SELECT DISTINCT ?node ?g WHERE { VALUES ?node { %s } { GRAPH ?g { ?s ?node ?o } } UNION { GRAPH ?g { ?s a ?node } } }"""
TIME = "http://www.w3.org/2006/time#"


def load_named(ttl_dir) -> ox.Store:
    """The Turtle folder in an in-memory store, one named graph per file (as ``disk_store``)."""
    store = ox.Store()
    for path in ttl_files(ttl_dir):
        try:
            store.bulk_load(path=str(path), format=ox.RdfFormat.TURTLE, to_graph=graph_name(path))
        except (SyntaxError, ValueError) as exc:
            raise EselyError(f"{path}: not valid Turtle / nem érvényes Turtle: {exc}") from None
    return store


def _n3(term) -> str:
    return str(term)  # pyoxigraph terms print as N-Triples


def _to_rdflib(term):
    if isinstance(term, ox.NamedNode):
        return URIRef(term.value)
    if isinstance(term, ox.BlankNode):
        return BNode(term.value)
    if term.language:
        return Literal(term.value, lang=term.language)
    if term.datatype.value == "http://www.w3.org/2001/XMLSchema#string":
        return Literal(term.value)
    return Literal(term.value, datatype=URIRef(term.datatype.value))


def run_checks(store: ox.Store, checks: list, focus: list | None = None, parent=None) -> list[tuple]:
    """(check, focus term, value term or None, row of the other variables, parent result or None)
    for every violation (and, after a sh:node violation, its details); ``focus``: only these nodes
    (pyoxigraph terms), else every target."""
    if focus is not None and not focus:
        return []
    restrict = "" if focus is None else "VALUES ?this { %s }" % " ".join(_n3(n) for n in focus)
    out = []
    for check in checks:
        query = check.query.replace(FOCUS, restrict)
        found = []
        for s in store.query(query, use_default_graph_as_union=True, prefixes={}):
            row = {v: s[v] for v in check.variables if s[v] is not None}
            found.append((check, s["this"], row.get("value"), row, parent))
        out += found
        for result in found if check.nested else ():
            out += run_checks(store, check.nested, [result[2]], result)
    return out


def _views(store: ox.Store, nodes: list) -> provenance.DictView:
    triples = []
    for i in range(0, len(nodes), CHUNK):
        chunk = " ".join(_n3(n) for n in nodes[i:i + CHUNK] if not isinstance(n, ox.Literal))
        if chunk:
            for s in store.query(DETAIL % chunk, use_default_graph_as_union=True, prefixes=PREFIXES):
                triples.append((s["s"].value, s["p"].value, s["o"].value))
    return provenance.DictView(triples)


def _homes(store: ox.Store, nodes: list, query: str) -> dict:
    """node -> (document files stating it as subject, as object) (``HOMES``), or (document files
    using it as a predicate or a class, -) (``USERS``)."""
    out: dict = {}
    for i in range(0, len(nodes), CHUNK):
        chunk = " ".join(_n3(n) for n in nodes[i:i + CHUNK] if not isinstance(n, ox.Literal))
        if not chunk:
            continue
        for s in store.query(query % chunk, use_default_graph_as_union=False, prefixes=PREFIXES):
            g = s["g"].value[len(GRAPH_BASE):] if s["g"].value.startswith(GRAPH_BASE) else s["g"].value
            if g + ".ttl" in VOCABULARIES:
                continue
            as_subject = query is USERS or s["subject"].value == "true"
            out.setdefault(s["node"].value, (set(), set()))[0 if as_subject else 1].add(g)
    return out


def _schema(store: ox.Store, nodes: list) -> set:
    """The nodes declared as classes, properties or the ontology (a document's unit names them
    without describing them: only the vocabulary unit reports them)."""
    out = set()
    for i in range(0, len(nodes), CHUNK):
        chunk = " ".join(_n3(n) for n in nodes[i:i + CHUNK] if not isinstance(n, ox.Literal))
        if chunk:
            out |= {s["node"].value for s in store.query(SCHEMA % chunk, use_default_graph_as_union=True,
                                                         prefixes=PREFIXES)}
    return out


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
        g.add((r, SH.focusNode, _to_rdflib(this)))
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
            g.add((r, SH.value, _to_rdflib(value)))
        for m in check.messages:
            g.add((r, SH.resultMessage, Literal(_fill(m, row, this), lang=m.language)
                   if check.constraint is not None else m))
    return g


PREFIXES = {"prov": "http://www.w3.org/ns/prov#", "esely": str(ESELY), "dcterms": "http://purl.org/dc/terms/",
            "rdfs": "http://www.w3.org/2000/01/rdf-schema#", "skos": "http://www.w3.org/2004/02/skos/core#",
            "time": TIME, "owl": "http://www.w3.org/2002/07/owl#",
            "rdf": "http://www.w3.org/1999/02/22-rdf-syntax-ns#"}
