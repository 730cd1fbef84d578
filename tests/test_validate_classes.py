"""Class tests with the subclasses written in (``validate.classes``): the same nodes as the property path
``rdf:type/rdfs:subClassOf*`` on a hand-written graph — a subclass two levels down declared in the data, a class
without subclasses, a class named only in the query, a subclass that is a blank node (the path kept), and the
test inside FILTER NOT EXISTS as sh:class writes it."""

import pyoxigraph as ox

from esely_graph.validate.classes import Classes

DATA = """
@prefix ex: <http://example.org/> .
@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
ex:Sub rdfs:subClassOf ex:C . ex:SubSub rdfs:subClassOf ex:Sub .
ex:a a ex:SubSub . ex:b a ex:C . ex:c a ex:Sub , ex:C . ex:d a ex:Other .
_:blank rdfs:subClassOf ex:D . ex:e a _:blank . ex:f a ex:D .
ex:a ex:p ex:b . ex:a ex:p ex:d . ex:f ex:p ex:e .
"""
PATH = "<http://www.w3.org/1999/02/22-rdf-syntax-ns#type>/<http://www.w3.org/2000/01/rdf-schema#subClassOf>*"


def store():
    s = ox.Store()
    s.load(DATA.encode(), format=ox.RdfFormat.TURTLE, to_graph=ox.NamedNode("http://example.org/g"))
    return s


def nodes(s, query):
    return sorted(str(r[0]) for r in s.query(query, use_default_graph_as_union=True))


def test_subclasses_written_in_give_the_paths_nodes():
    s = store()
    query = f"SELECT DISTINCT ?x WHERE {{ ?x {PATH} <http://example.org/C> . }}"
    written = Classes(s).written(query)
    assert PATH not in written and "VALUES ?__class0 { <http://example.org/C> <http://example.org/Sub> " \
                                    "<http://example.org/SubSub> }" in written
    assert nodes(s, written) == nodes(s, query) == ["<http://example.org/a>", "<http://example.org/b>",
                                                    "<http://example.org/c>"]


def test_a_class_without_subclasses_is_one_type_pattern():
    s = store()
    for cls, expected in (("Other", ["<http://example.org/d>"]), ("Unknown", [])):
        query = f"SELECT ?x WHERE {{ ?x {PATH} <http://example.org/{cls}> }}"
        written = Classes(s).written(query)
        assert written == f"SELECT ?x WHERE {{ ?x <http://www.w3.org/1999/02/22-rdf-syntax-ns#type> <http://example.org/{cls}> }}"
        assert nodes(s, written) == nodes(s, query) == expected


def test_a_blank_node_subclass_keeps_the_path():
    s = store()
    query = f"SELECT DISTINCT ?x WHERE {{ ?x {PATH} <http://example.org/D> }}"
    assert Classes(s).written(query) == query
    assert nodes(s, query) == ["<http://example.org/e>", "<http://example.org/f>"]


def test_the_value_test_of_sh_class_inside_filter_not_exists():
    s = store()
    query = (f"SELECT ?this ?value WHERE {{ {{ SELECT DISTINCT ?this WHERE {{ ?this {PATH} <http://example.org/C> . }} }} "
             f"?this <http://example.org/p> ?value . FILTER (!EXISTS {{ ?value {PATH} <http://example.org/C> }}) }}")
    written = Classes(s).written(query)
    assert written.count("VALUES ?__class") == 2 and PATH not in written
    assert sorted(map(str, s.query(written, use_default_graph_as_union=True))) == \
        sorted(map(str, s.query(query, use_default_graph_as_union=True)))
    assert [(str(r["this"]), str(r["value"])) for r in s.query(written, use_default_graph_as_union=True)] == \
        [("<http://example.org/a>", "<http://example.org/d>")]
