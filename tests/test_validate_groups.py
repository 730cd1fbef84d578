"""The groups' findings put together (``validate.groups.from_groups``) on hand-written parts: what is taken, what is
refused and why. (The comparison with the on-disk run on built towns is in tests/test_catalogue_groups.py.)"""

import datetime as dt
from array import array
from pathlib import Path

import pyoxigraph as ox

from esely_graph.validate.findings import VOCABULARY, Finding
from esely_graph.validate.groups import OUTSIDE, OWN, SHARED, _h, from_groups, group_findings

A, B = "https://w3id.org/esely/id/doc/a-hep-it/measure/0-1", "https://w3id.org/esely/id/doc/b-hep-it/measure/0-1"
CONCEPT = "https://w3id.org/esely/id/target-group/x"
OUT = "https://example.org/elsewhere"


def _f(focus, document, shape="eshp:S", value=None, component="sh:MinCountConstraintComponent"):
    return Finding(document, focus, "warning", shape, component, None, value, "hu", "en", None, None, None)


def _part(own, findings, outside=(), fail=None):
    """A group's part: the nodes its graphs state, its findings as (finding, where, whole)."""
    return {"fail": fail, "own": array("q", sorted(_h(n) for n in own)),
            "outside": array("q", sorted(_h(n) for n in outside)),
            "findings": [tuple(f) for f, _, _ in findings], "where": bytes(w for _, w, _ in findings),
            "whole": bytes(x for _, _, x in findings), "homes": {}, "towns": {}}


def test_the_towns_findings_are_taken_from_their_group_and_the_others_once():
    a, b = _f(A, "a-hep-it"), _f(B, "b-hep-it")
    concept = [_f(CONCEPT, d, shape="eshp:Concept") for d in ("b-hep-it", "a-hep-it")]  # each group names it
    outside = [_f(OUT, VOCABULARY, shape="eshp:Out"), _f(OUT, "b-hep-it", shape="eshp:Out")]
    term = [_f("https://w3id.org/esely/ontology", d, shape="eshp:Ontology", value="urn:t",
               component="sh:SPARQLConstraintComponent") for d in ("b-hep-it", "a-hep-it")]
    got = from_groups([_part([A], [(a, OWN, 0), (concept[0], SHARED, 0), (outside[0], OUTSIDE, 0), (term[0], OWN, 1)]),
                       _part([B], [(b, OWN, 0), (concept[1], SHARED, 0), (outside[1], OUTSIDE, 0), (term[1], OWN, 1)])])
    assert sorted(got[0]) == sorted([a, b, concept[1], outside[1], term[1]])  # the first document of those naming it


def test_what_cannot_be_taken_is_refused_with_its_reason():
    a, b = _f(A, "a-hep-it"), _f(B, "b-hep-it")
    assert from_groups([_part([A], [(a, OWN, 0)]), _part([B], [], fail="why")]) == "why"
    assert from_groups([_part([A], [(a, OWN, 0)]), _part([A, B], [(b, OWN, 0)])]).endswith(
        " / a node stated by graphs of two groups")
    assert from_groups([_part([A], [(a, OWN, 0)], outside=[B]), _part([B], [(b, OWN, 0)])]).endswith(
        " / a group's graph names a node of another group")
    # a finding of a node of no town in one group only: it depends on the towns
    concept = _f(CONCEPT, "a-hep-it", shape="eshp:Concept")
    why = from_groups([_part([A], [(a, OWN, 0), (concept, SHARED, 0)]), _part([B], [(b, OWN, 0)])])
    assert why.startswith(CONCEPT + ": ") and why.endswith(" / a finding on a node of no town that not every group "
                                                           "has (eshp:Concept)")
    # twice in one group and not in the other: still refused (groups are counted, not findings)
    assert isinstance(from_groups([_part([A], [(concept, SHARED, 0), (concept, SHARED, 0)]), _part([B], [])]), str)
    # a town's node checked in a group that does not hold it
    why = from_groups([_part([A], [(a, OWN, 0), (_f(B, "b-hep-it"), OUTSIDE, 0)]), _part([B], [(b, OWN, 0)])])
    assert why.startswith(B + ": ") and why.endswith(" / another group's node, checked without its graphs")
    # an undeclared term that a town's graph states (declares): other groups cannot see the declaration
    term = _f("https://w3id.org/esely/ontology", "a-hep-it", value=B, component="sh:SPARQLConstraintComponent")
    why = from_groups([_part([A], [(term, OWN, 1)]), _part([B], [])])
    assert why.startswith(B + ": ") and why.endswith(" / a term the whole-graph check reports is stated by a town's "
                                                     "graph")


def _group(*graphs):
    """An in-memory store of named graphs (name -> triples) and its plan: the first graph is of no town."""
    mem = ox.Store()
    for name, triples in graphs:
        g = ox.NamedNode("https://w3id.org/esely/id/graph/" + name)
        mem.extend(ox.Quad(*t, g) for t in triples)
    return mem, {"items": [("file", graphs[0][0] + ".ttl")] + [("file", n + ".ttl") for n, _ in graphs[1:]],
                 "shared": 1}


def test_a_group_refuses_a_town_graph_stating_a_node_of_no_town(tmp_path):
    label = ox.NamedNode("http://www.w3.org/2000/01/rdf-schema#label")
    x = ox.NamedNode(CONCEPT)
    mem, group = _group(("target-groups", [(x, label, ox.Literal("x"))]), ("a-hep-it", [(x, label, ox.Literal("y"))]))
    why = group_findings(mem, group, None, None)["fail"]
    assert why.startswith(CONCEPT + ": ") and why.endswith(" / a node stated by a town's graph and a graph of no town")


def test_a_group_refuses_a_finding_on_a_blank_node():
    """A blank node's label is the store's own: its finding could not be matched with the whole run's."""
    kind = ox.NamedNode("http://www.w3.org/1999/02/22-rdf-syntax-ns#type")
    mem, group = _group(("target-groups", []), ("a-hep-it", [(ox.BlankNode(), kind,
                                                            ox.NamedNode("https://w3id.org/esely/ontology#Measure"))]))
    shapes = Path(__file__).resolve().parent.parent / "shapes"
    assert group_findings(mem, group, shapes, dt.date(2026, 11, 30))["fail"].endswith(" / a finding on a blank node")
