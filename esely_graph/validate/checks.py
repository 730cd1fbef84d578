"""The shapes as a list of ``compile.Check``: each shape's targets as one SPARQL pattern binding
``?this``, each of its constraints as one SELECT of the violations (see ``compile``).

Which shapes are checked: every node shape with a target, with its node-level constraints, its
sh:property shapes and its SHACL-SPARQL constraints (sh:sparql); a property shape's constraints
report that property shape (its severity and messages), a node shape's report the node shape. Shapes
without a target are checked only where another shape names them (sh:node, sh:or …)."""

from __future__ import annotations

import re

from rdflib import BNode, Graph, Literal
from rdflib.namespace import RDF, SH, XSD

from .compile import (COMPONENT, ESHP_AS_OF, FOCUS, PROPERTY_PARAMS, TARGETS, VALUE_PARAMS, WHOLE, Check, Compiler,
                      UnsupportedShape, refuse)

RDF_TYPE_SUB = "<http://www.w3.org/1999/02/22-rdf-syntax-ns#type>/<http://www.w3.org/2000/01/rdf-schema#subClassOf>*"


def _target_pattern(c: Compiler, shape) -> tuple[str | None, bool]:
    """The union of the shape's targets as a group binding ?this; whether it depends on the day."""
    g, parts, day = c.g, [], False
    for t in sorted(g.objects(shape, SH.targetClass)):
        parts.append(f"?this {RDF_TYPE_SUB} {c.term(t)} .")
    for t in sorted(g.objects(shape, SH.targetNode)):
        parts.append(f"VALUES ?this {{ {c.term(t)} }}")
    for t in sorted(g.objects(shape, SH.targetSubjectsOf)):
        parts.append(f"?this {c.term(t)} [] .")
    for t in sorted(g.objects(shape, SH.targetObjectsOf)):
        parts.append(f"[] {c.term(t)} ?this .")
    for t in g.objects(shape, SH.target):
        if (t, RDF.type, SH.SPARQLTarget) in g:
            query = c.select(t)
        else:
            kind = next((k for k in g.objects(t, RDF.type) if (k, RDF.type, SH.SPARQLTargetType) in g), None)
            if kind is None:
                refuse(g, shape, "an sh:target that is neither an sh:SPARQLTarget nor of an sh:SPARQLTargetType")
            query = c.select(kind)
            for param in g.objects(kind, SH.parameter):
                path = g.value(param, SH.path)
                value = g.value(t, path)
                if path == ESHP_AS_OF:
                    value, day = c.day, True
                if value is None:
                    refuse(g, shape, f"target parameter {g.qname(path)} without a value")
                name = str(path).rsplit("#", 1)[-1].rsplit("/", 1)[-1]
                query = re.sub(r"[?$]%s\b" % re.escape(name), lambda _: value.n3(), query)
        parts.append(f"{{ {query} }}")
    if not parts:
        return None, False
    union = " UNION ".join("{ " + p + " }" for p in parts)
    return f"{{ SELECT DISTINCT ?this WHERE {{ {FOCUS} {union} }} }}", day


def _meta(g: Graph, shape, default_messages=()):
    severity = g.value(shape, SH.severity) or SH.Violation
    messages = sorted(m for m in g.objects(shape, SH.message) if isinstance(m, Literal)) or list(default_messages)
    return severity, messages


def _property_checks(c: Compiler, node_shape, ps, target: str, day: bool) -> list[Check]:
    g = c.g
    c.check_params(ps)
    path_node = g.value(ps, SH.path)
    if path_node is None:
        refuse(g, ps, "sh:property without sh:path")
    path = c.path(ps, path_node)
    severity, messages = _meta(g, ps)
    out = []

    def add(component, query, **kw):
        if not messages and component != SH.SPARQLConstraintComponent:
            refuse(g, ps, "a constraint without sh:message (pySHACL's default messages)")
        out.append(Check(ps, component, path_node, severity, messages, query, day=day, **kw))

    for p, o in sorted(g.predicate_objects(ps)):
        if p == SH.minCount:
            n = int(o)
            add(COMPONENT[p], f"SELECT ?this WHERE {{ {target} OPTIONAL {{ ?this {path} ?value }} }} GROUP BY ?this "
                              f"HAVING (COUNT(DISTINCT ?value) < {n})" if n > 1 else
                f"SELECT ?this WHERE {{ {target} FILTER NOT EXISTS {{ ?this {path} ?value }} }}")
        elif p == SH.maxCount:
            add(COMPONENT[p], f"SELECT ?this WHERE {{ {target} ?this {path} ?value }} GROUP BY ?this "
                              f"HAVING (COUNT(DISTINCT ?value) > {int(o)})")
        elif p == SH.hasValue:
            add(COMPONENT[p], f"SELECT ?this WHERE {{ {target} FILTER NOT EXISTS {{ ?this {path} {c.term(o)} }} }}")
        elif p in VALUE_PARAMS:
            add(COMPONENT[p], f"SELECT DISTINCT ?this ?value WHERE {{ {target} ?this {path} ?value . "
                              f"FILTER (!{c.value_cond(ps, p, o, '?value')}) }}", variables=["value"])
        elif p == SH.qualifiedValueShape:
            if g.value(ps, SH.qualifiedValueShapesDisjoint) is not None:
                refuse(g, ps, "sh:qualifiedValueShapesDisjoint")
            cond = c.cond(o, "?value")
            for bound, comp, op in ((SH.qualifiedMinCount, SH.QualifiedMinCountConstraintComponent, "<"),
                                    (SH.qualifiedMaxCount, SH.QualifiedMaxCountConstraintComponent, ">")):
                n = g.value(ps, bound)
                if n is not None:
                    add(comp, f"SELECT ?this WHERE {{ {target} OPTIONAL {{ ?this {path} ?value . FILTER ({cond}) }} }} "
                              f"GROUP BY ?this HAVING (COUNT(DISTINCT ?value) {op} {int(n)})")
        elif p == SH.sparql:
            out += _sparql_checks(c, ps, o, target, day, path, path_node)
        elif p == SH.property:
            refuse(g, ps, "sh:property inside a property shape")
    return out


def _sparql_checks(c: Compiler, shape, constraint, target: str, day: bool, path: str | None, path_node) -> list[Check]:
    """A SHACL-SPARQL constraint: its SELECT with $this joined to the target's nodes and $PATH
    written in (as SHACL-SPARQL pre-binds them)."""
    g = c.g
    for p in g.predicates(constraint):
        if p not in {RDF.type, SH.select, SH.prefixes, SH.message, SH.severity, SH.deactivated, WHOLE}:
            refuse(g, shape, f"{g.qname(p)} on a SPARQL constraint")
    text = c.select(constraint)
    if "$PATH" in text and path is None:
        refuse(g, shape, "$PATH in a SPARQL constraint of a node shape")
    text = re.sub(r"\$this\b", "?this", text.replace("$PATH", path or ""))
    variables = sorted(set(re.findall(r"[?$](\w+)", text[: text.upper().find("WHERE")])) - {"this"})
    severity, messages = _meta(g, shape)
    messages = sorted(m for m in g.objects(constraint, SH.message) if isinstance(m, Literal)) or messages
    whole = g.value(constraint, WHOLE) == Literal(True)
    query = f"SELECT DISTINCT ?this {' '.join('?' + v for v in variables)} WHERE {{ {target} {{ {text} }} }}"
    return [Check(shape, SH.SPARQLConstraintComponent, path_node if path else None, severity, messages, query,
                  constraint=constraint, day=day, whole=whole, variables=variables)]


def _nested(c: Compiler, checks: list[Check]) -> None:
    """For each sh:node check, the checks of the named shape on the failing values (run on those
    values only: pySHACL reports them as the result's sh:detail)."""
    for ch in list(checks):
        if ch.component == SH.NodeConstraintComponent:
            node = c.g.value(ch.shape, SH.node)
            target = f"{{ SELECT DISTINCT ?this WHERE {{ {FOCUS} }} }}"
            sub = []
            for p, o in sorted(c.g.predicate_objects(node)):
                if p == SH.property:
                    sub += _property_checks(c, node, o, target, ch.day)
                elif p in VALUE_PARAMS | PROPERTY_PARAMS | {SH.hasValue}:
                    refuse(c.g, node, f"{c.g.qname(p)} on a node shape named by sh:node (as a detail)")
            ch.nested = sub


def compile_shapes(shapes: Graph, day) -> tuple[list[Check], dict]:
    """Every check of the shapes graph (the day for eshp:asOf parameters), and the prefixes the
    SPARQL parts declared (to put at the top of each query)."""
    c = Compiler(shapes, Literal(day.isoformat(), datatype=XSD.date))
    checks = []
    shapes_with_targets = sorted({s for p in TARGETS for s in shapes.subjects(p, None)}, key=str)
    for shape in shapes_with_targets:
        if isinstance(shape, BNode):
            raise UnsupportedShape(f"a shape without a name (blank node) has a target: {shape}")
        c.check_params(shape)
        target, day_dependent = _target_pattern(c, shape)
        if shapes.value(shape, SH.path) is not None:
            refuse(shapes, shape, "a property shape with a target")
        severity, messages = _meta(shapes, shape)
        for p, o in sorted(shapes.predicate_objects(shape)):
            if p in VALUE_PARAMS or p == SH.hasValue:
                if not messages:
                    refuse(shapes, shape, "a constraint without sh:message (pySHACL's default messages)")
                checks.append(Check(shape, COMPONENT[p], None, severity, messages,
                                    f"SELECT ?this (?this AS ?value) WHERE {{ {target} "
                                    f"FILTER (!{c.value_cond(shape, p, o, '?this')}) }}",
                                    value_is_focus=True, day=day_dependent, variables=["value"]))
            elif p == SH.property:
                checks += _property_checks(c, shape, o, target, day_dependent)
            elif p == SH.sparql:
                checks += _sparql_checks(c, shape, o, target, day_dependent, None, None)
            elif p in PROPERTY_PARAMS:
                refuse(shapes, shape, f"{shapes.qname(p)} on a node shape")
    _nested(c, checks)
    prefixes = "".join(f"PREFIX {p}: <{ns}>\n" for p, ns in sorted(c.prefixes.items()))
    for ch in checks + [n for ch in checks for n in ch.nested]:
        ch.query = prefixes + ch.query
    return checks, c.prefixes
