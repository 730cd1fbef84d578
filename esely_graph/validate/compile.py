"""Our SHACL shapes compiled into SPARQL: one SELECT per constraint of each shape, returning the
violating focus nodes (``?this``) and values (``?value``) over the whole graph, for Oxigraph.

Only the SHACL features our shapes use are known (``KNOWN`` below): SHACL Core node and property
shapes with sh:targetClass / targetNode / targetSubjectsOf / targetObjectsOf and SHACL-AF SPARQL
targets (sh:SPARQLTarget, parameterised sh:SPARQLTargetType), paths (IRI, sequence, inverse,
alternative, zero/one-or-more), minCount, maxCount, class, datatype, hasValue, in, languageIn,
minInclusive/Exclusive, maxInclusive/Exclusive, or, and, not, node, qualifiedValueShape with
qualifiedMin/MaxCount, and SHACL-SPARQL constraints (sh:sparql, sh:select, sh:prefixes). A shape
using anything else is refused (``UnsupportedShape``: the shape and the feature), so a new shape
never silently validates nothing.

Semantics follow the SHACL spec as pySHACL implements it (pySHACL stays the reference:
tests/test_validate_engines.py compares both on every graph the tests use). Oxigraph's
union default graph repeats a triple stated in two files, so every query counts DISTINCT values.
Known difference: Oxigraph stores ``xsd:positiveInteger`` literals as ``xsd:integer``; ``sh:datatype
xsd:positiveInteger`` therefore accepts an integer > 0 of either type.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from itertools import count

from rdflib import BNode, Graph, Literal, URIRef
from rdflib.collection import Collection
from rdflib.namespace import RDF, RDFS, SH, XSD

from ..errors import EselyError

ESHP_AS_OF = URIRef("https://w3id.org/esely/shapes#asOf")
WHOLE = URIRef("https://w3id.org/esely/shapes#wholeGraph")
FOCUS = "#FOCUS#"  # where a VALUES restriction of ?this goes (empty for a whole-graph run)

# Parameters a shape node may carry without changing what it checks
IGNORED = {RDF.type, SH.message, SH.severity, SH.name, SH.description, SH.order, SH.group, RDFS.label,
           RDFS.comment, WHOLE}
TARGETS = {SH.targetClass, SH.targetNode, SH.targetSubjectsOf, SH.targetObjectsOf, SH.target}
VALUE_PARAMS = {SH["class"], SH.datatype, SH["in"], SH.languageIn, SH.minInclusive, SH.minExclusive,
                SH.maxInclusive, SH.maxExclusive, SH["or"], SH["and"], SH["not"], SH.node}
PROPERTY_PARAMS = {SH.path, SH.minCount, SH.maxCount, SH.hasValue, SH.qualifiedValueShape,
                   SH.qualifiedMinCount, SH.qualifiedMaxCount, SH.property, SH.sparql}
KNOWN = IGNORED | TARGETS | VALUE_PARAMS | PROPERTY_PARAMS
COMPONENT = {p: SH[p.split("#")[1][0].upper() + p.split("#")[1][1:] + "ConstraintComponent"] for p in VALUE_PARAMS | {
    SH.minCount, SH.maxCount, SH.hasValue}}
COMPARE = {SH.minInclusive: ">=", SH.minExclusive: ">", SH.maxInclusive: "<=", SH.maxExclusive: "<"}
# Oxigraph keeps these as xsd:integer: accepted as an integer in the range
INTEGER_RANGES = {XSD.positiveInteger: "> 0", XSD.nonNegativeInteger: ">= 0", XSD.integer: None}
CASTABLE = {XSD.decimal, XSD.integer, XSD.double, XSD.float, XSD.boolean, XSD.date, XSD.dateTime, XSD.time}


class UnsupportedShape(EselyError):
    """A shape uses a SHACL feature the SPARQL compiler does not know."""


@dataclass
class Check:
    """One constraint of one shape as a SELECT over the whole graph (``FOCUS`` marks where a
    VALUES restriction of ``?this`` may go)."""
    shape: object
    component: object
    path: object              # the shape's sh:path node (IRI, or a blank node of the shapes graph) or None
    severity: object
    messages: list
    query: str
    value_is_focus: bool = False   # node-level constraint: sh:value is the focus node
    constraint: object = None      # the sh:SPARQLConstraint node
    day: bool = False              # depends on the day (a target with eshp:asOf)
    whole: bool = False            # eshp:wholeGraph: a result does not depend on the focus node's triples
    variables: list = field(default_factory=list)
    nested: list = field(default_factory=list)    # sh:node: the named shape's checks, run on the failing values


def refuse(shapes: Graph, shape, feature: str):
    raise UnsupportedShape(f"shape {shapes.qname(shape) if isinstance(shape, URIRef) else shape}: "
                           f"{feature} is not supported by the fast validation engine (use --engine pyshacl) / "
                           f"az alakzat ezt a SHACL-elemet használja, amelyet a gyors motor nem ismer: {feature}")


class Compiler:
    def __init__(self, shapes: Graph, day_literal: Literal | None):
        self.g, self.day, self.fresh, self.prefixes = shapes, day_literal, count(), {}

    def var(self) -> str:
        return f"?_v{next(self.fresh)}"

    # ------------------------------------------------------------------ terms, paths, prefixes
    def term(self, t) -> str:
        if isinstance(t, BNode):
            raise UnsupportedShape(f"a blank node as a value in the shapes: {t}")
        return t.n3()

    def path(self, shape, p) -> str:
        g = self.g
        if isinstance(p, URIRef):
            return p.n3()
        if (p, RDF.first, None) in g:
            return "(" + "/".join(self.path(shape, x) for x in Collection(g, p)) + ")"
        for key, fmt in ((SH.inversePath, "^{}"), (SH.zeroOrMorePath, "({})*"), (SH.oneOrMorePath, "({})+"),
                         (SH.zeroOrOnePath, "({})?")):
            inner = g.value(p, key)
            if inner is not None:
                return fmt.format(self.path(shape, inner))
        alt = g.value(p, SH.alternativePath)
        if alt is not None:
            return "(" + "|".join(self.path(shape, x) for x in Collection(g, alt)) + ")"
        refuse(g, shape, "this kind of sh:path")

    def add_prefixes(self, node) -> None:
        for decl in self.g.objects(node, SH.prefixes):
            for d in self.g.objects(decl, SH.declare):
                prefix, ns = str(self.g.value(d, SH.prefix)), str(self.g.value(d, SH.namespace))
                if self.prefixes.setdefault(prefix, ns) != ns:
                    raise UnsupportedShape(f"sh:prefixes: prefix {prefix}: declared twice, differently")

    def select(self, node) -> str:
        text = self.g.value(node, SH.select)
        if text is None:
            raise UnsupportedShape(f"{node}: a SPARQL constraint or target without sh:select (sh:ask is not supported)")
        self.add_prefixes(node)
        return str(text)

    # ------------------------------------------------------------------ conditions on one node
    def check_params(self, shape) -> None:
        for p in set(self.g.predicates(shape)):
            if p not in KNOWN:
                refuse(self.g, shape, self.g.qname(p) if isinstance(p, URIRef) else str(p))

    def cond(self, shape, x: str) -> str:
        """A SPARQL boolean expression: the node ``x`` (a variable or a term) conforms to ``shape``."""
        g = self.g
        self.check_params(shape)
        parts = []
        path = g.value(shape, SH.path)
        if path is not None:  # a property shape: its constraints on the values of the path from x
            parts.append(self.property_cond(shape, x, self.path(shape, path)))
        else:
            for p, o in sorted(g.predicate_objects(shape)):
                if p in VALUE_PARAMS or p == SH.hasValue:
                    parts.append(self.value_cond(shape, p, o, x))
                elif p == SH.property:
                    parts.append(self.cond(o, x))
                elif p in PROPERTY_PARAMS or p in TARGETS:
                    refuse(g, shape, f"{g.qname(p)} in a nested shape")
        return "(" + " && ".join(parts) + ")" if parts else "true"

    def property_cond(self, shape, x: str, path: str) -> str:
        g, parts = self.g, []
        for p, o in sorted(g.predicate_objects(shape)):
            if p == SH.minCount:
                if int(o) > 1:
                    refuse(g, shape, "sh:minCount > 1 in a nested shape")
                parts.append(f"EXISTS {{ {x} {path} {self.var()} }}" if int(o) == 1 else "true")
            elif p == SH.maxCount:
                if int(o) != 1:
                    refuse(g, shape, "sh:maxCount other than 1 in a nested shape")
                a, b = self.var(), self.var()
                parts.append(f"NOT EXISTS {{ {x} {path} {a} . {x} {path} {b} . FILTER (!sameTerm({a}, {b})) }}")
            elif p == SH.hasValue:
                parts.append(f"EXISTS {{ {x} {path} {self.term(o)} }}")
            elif p in VALUE_PARAMS:
                v = self.var()
                parts.append(f"NOT EXISTS {{ {x} {path} {v} . FILTER (!{self.value_cond(shape, p, o, v)}) }}")
            elif p == SH.property:
                v = self.var()
                parts.append(f"NOT EXISTS {{ {x} {path} {v} . FILTER (!{self.cond(o, v)}) }}")
            elif p in PROPERTY_PARAMS - {SH.path}:
                refuse(g, shape, f"{g.qname(p)} in a nested shape")
        return "(" + " && ".join(parts) + ")" if parts else "true"

    def value_cond(self, shape, p, o, v: str) -> str:
        """The node ``v`` satisfies the constraint parameter ``p o`` of ``shape``."""
        g = self.g
        if p == SH["class"]:
            return f"EXISTS {{ {v} <{RDF.type}>/<{RDFS.subClassOf}>* {self.term(o)} }}"
        if p == SH.datatype:
            if o in INTEGER_RANGES:  # Oxigraph keeps these as xsd:integer
                i, rng = XSD.integer.n3(), INTEGER_RANGES[o] or "= " + XSD.integer.n3() + f"({v})"
                return (f"(isLiteral({v}) && (sameTerm(datatype({v}), {i}) || sameTerm(datatype({v}), {o.n3()}))"
                        f" && COALESCE({i}({v}) {rng}, false))")
            if o.startswith(str(XSD)) and o not in CASTABLE | {XSD.string, XSD.anyURI}:
                refuse(g, shape, f"sh:datatype {g.qname(o)}")
            ok = f"(isLiteral({v}) && sameTerm(datatype({v}), {o.n3()})"
            if o in CASTABLE:  # an ill-formed lexical form does not conform
                ok += f" && COALESCE(isLiteral({o.n3()}({v})), false)"
            return ok + ")"
        if p == SH.hasValue:
            return f"sameTerm({v}, {self.term(o)})"
        if p == SH["in"]:
            items = [f"sameTerm({v}, {self.term(i)})" for i in Collection(g, o)]
            return "(" + " || ".join(items or ["false"]) + ")"
        if p == SH.languageIn:
            tags = [f'langMatches(lang({v}), "{t}")' for t in Collection(g, o)]
            return f"(isLiteral({v}) && (" + " || ".join(tags or ["false"]) + "))"
        if p in COMPARE:
            return f"COALESCE({v} {COMPARE[p]} {self.term(o)}, false)"
        if p == SH["or"]:
            return "(" + " || ".join(self.cond(s, v) for s in Collection(g, o)) + ")"
        if p == SH["and"]:
            return "(" + " && ".join(self.cond(s, v) for s in Collection(g, o)) + ")"
        if p == SH["not"]:
            return f"(!{self.cond(o, v)})"
        if p == SH.node:
            return self.cond(o, v)
        refuse(g, shape, g.qname(p))
