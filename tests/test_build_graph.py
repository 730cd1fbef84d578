"""The document graph (build/graph.py) answers as rdflib's Graph does, and the fast paths of the
importers (programme names, text folding) give what their word-by-word definitions give."""

import random
import unicodedata

from rdflib import Graph, Literal, URIRef
from rdflib.namespace import RDF, RDFS, XSD

from esely_graph.build.graph import DocGraph
from esely_graph.build.output import serialise
from esely_graph.namespaces import ESELY, new_graph
from esely_graph.normalise.programmes import Programme, ProgrammeFinder
from esely_graph.text import fold

X = "https://w3id.org/esely/id/x/"


def test_a_small_graph_by_hand():
    g = DocGraph()
    a, b = URIRef(X + "a"), URIRef(X + "b")
    g.add((a, RDF.type, ESELY.Measure))
    g.add((a, RDFS.label, Literal("egy", lang="hu")))
    g.add((a, RDFS.label, Literal("egy", lang="hu")))  # the same triple once
    g.add((a, ESELY.code, Literal("1")))
    g.add((a, ESELY.code, Literal(1)))  # another literal (rdflib's term equality): a second triple
    g.add((b, ESELY.subTaskOf, a))
    assert len(g) == 5
    assert g.value(a, RDFS.label) == Literal("egy", lang="hu")
    assert g.value(a, ESELY.deadline) is None
    assert set(g.objects(a, ESELY.code)) == {Literal("1"), Literal(1)}
    assert list(g.subjects(ESELY.subTaskOf, a)) == [b]
    assert g.value(predicate=ESELY.subTaskOf, object=a) == b
    assert (a, RDF.type, ESELY.Measure) in g and (a, RDF.type, None) in g and (b, RDF.type, None) not in g
    g.remove((a, ESELY.code, None))
    assert len(g) == 3 and list(g.objects(a, ESELY.code)) == []
    assert list(g.subject_predicates(a)) == [(b, ESELY.subTaskOf)]
    g.remove((b, None, None))
    assert list(g.subjects(ESELY.subTaskOf, a)) == [] and b not in {s for s, _, _ in g}


def test_random_operations_agree_with_rdflib():
    rnd = random.Random(7)
    nodes = [URIRef(X + n) for n in "abcdef"]
    preds = [ESELY.code, RDFS.label, ESELY.subTaskOf, RDF.type]
    objs = nodes + [Literal("x"), Literal("x", lang="hu"), Literal(2), Literal("2", datatype=XSD.integer)]
    ours, theirs = DocGraph(), Graph()
    pick = lambda seq: rnd.choice(seq + [None])  # noqa: E731
    for _ in range(3000):
        t = (rnd.choice(nodes), rnd.choice(preds), rnd.choice(objs))
        if rnd.random() < 0.7:
            ours.add(t)
            theirs.add(t)
        else:
            pattern = (pick(nodes), pick(preds), pick(objs))
            ours.remove(pattern)
            theirs.remove(pattern)
        s, p, o = pick(nodes), pick(preds), pick(objs)
        assert len(ours) == len(theirs)
        assert set(ours.triples((s, p, o))) == set(theirs.triples((s, p, o)))
        assert set(ours.subjects(p, o)) == set(theirs.subjects(p, o))
        assert set(ours.objects(s, p)) == set(theirs.objects(s, p))
        assert ((s, p, o) in ours) == ((s, p, o) in theirs)
        if s is not None and p is not None:
            assert (ours.value(s, p) is None) == (theirs.value(s, p) is None)
    assert set(ours) == set(theirs)


def test_written_as_the_rdflib_graph_of_the_same_triples():
    g = DocGraph()
    a, b = URIRef(X + "a"), URIRef(X + "b")
    for t in [(a, RDF.type, ESELY.Measure), (a, ESELY.code, Literal("I/2")), (b, ESELY.subTaskOf, a),
              (b, RDFS.label, Literal("á", lang="hu")), (b, ESELY.sectionOrder, Literal(3))]:
        g.add(t)
    same = new_graph()
    for t in g:
        same.add(t)
    assert serialise(g) == serialise(same) == same.serialize(format="longturtle", encoding="utf-8")
    assert serialise(g) == g.serialize(format="longturtle", encoding="utf-8")


def _fold_by_definition(text: str) -> str:
    return "".join(c for c in unicodedata.normalize("NFKD", text.lower()) if not unicodedata.combining(c))


def test_fold_is_lower_case_without_accents():
    assert fold("Közösségi HÁZ") == "kozossegi haz"
    assert fold("Őrség, Ű") == "orseg, u"
    assert fold("ﬁnal e\u0301") == "final e"  # a compatibility ligature, a combining accent
    rnd = random.Random(3)
    for _ in range(2000):
        text = "".join(chr(rnd.choice([rnd.randrange(0x20, 0x250), rnd.randrange(0x300, 0x370),
                                       rnd.randrange(0x370, 0x3000)])) for _ in range(10))
        assert fold(text) == _fold_by_definition(text), repr(text)


def test_programmes_found_by_stems_of_consecutive_words():
    finder = ProgrammeFinder([Programme("roma", "Roma gyakornoki program", ()),
                              Programme("szuro", "Szűrőszombat", ("Egészségnap",))])
    assert [p.id for p in finder.find("a roma gyakornoki programban")] == ["roma"]
    assert [p.id for p in finder.find("Szűrőszombatok és egészségnapok")] == ["szuro"]
    assert finder.find("roma, gyakornoki: programok") != []  # any non-word characters between the words
    assert finder.find("roma gyakornok program") != []  # a stem is the word less two letters: "gyakorno"
    assert finder.find("roma gyakor program") == []
    assert finder.find("aroma gyakornoki program") == []  # a stem begins a word
    assert finder.find("roma és gyakornoki program") == []  # the words are consecutive
    texts = ["a roma gyakornoki programban", "Roma gyakornoki", "roma_gyakornoki program", "szűrőszom",
             "x Szűrőszombatokon, egészségnap", "Egészség nap", "roma gyakornokiprogram", ""]
    for text in texts:
        assert finder.find(text) == finder.find_by_words(text), text
