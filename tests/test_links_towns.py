"""Links town by town (links/towns.py): the merged chunks are the Turtle of the whole links graph,
byte for byte, and a town whose documents and decisions are unchanged is read back, not computed."""

from rdflib import URIRef

from esely_graph.build.output import serialise
from esely_graph.links import Decision, Node, link_nodes
from esely_graph.links.towns import TownLinks
from esely_graph.namespaces import ESELY

ID = "https://w3id.org/esely/id/doc/"
TOWN_OF = {"a-he": "a", "a-it": "a", "b-he": "b", "b-it": "b"}


def _node(doc: str, kind: str, code: str, text: str, hep: bool = True) -> Node:
    iri = URIRef(f"{ID}{doc}/{kind}/{code.replace(' ', '-').replace('/', '-')}")
    return Node(iri, doc, code, 1, text, hep=hep, municipality=TOWN_OF[doc], rows=(URIRef(f"{iri}/row"),))


def _docs(a_text: str = "lakhatási szegénység csökkentése bérlakások felújításával") -> dict:
    """Each document's (problems, opportunities, measures), as links.nodes.collect gives them."""
    return {
        "a-he": ([_node("a-he", "problem", "line 3", "lakhatási szegénység a bérlakásokban"),
                  _node("a-he", "problem", "line 4", "idősek egyedül élnek")], [], []),
        "a-it": ([], [], [_node("a-it", "measure", "I/1", a_text),
                          _node("a-it", "measure", "I/2", "idősek nappali ellátása és gondozása")]),
        "b-he": ([_node("b-he", "problem", "line 7", "kevés a bölcsődei férőhely")], [], []),
        "b-it": ([], [], [_node("b-it", "measure", "1/1", "bölcsődei férőhelyek bővítése"),
                          _node("b-it", "measure", "1/2", "játszótér építése")]),
    }


# a's measure serves b's measure: a decision across towns (b's subject gains references from a's part)
DECISIONS = [Decision("a-it:I/1", "b-it:1/2", "measure", "add", "secondary", "próba", 5),
             Decision("a-it:I/2", "a-he:line 4", "problem", "reject", "primary", "nem ez", 12)]


def _whole(docs: dict) -> bytes:
    nodes = ([], [], [])
    for lists in docs.values():
        for acc, part in zip(nodes, lists):
            acc.extend(part)
    for acc in nodes:
        acc.sort(key=lambda n: str(n.iri))
    return serialise(link_nodes(nodes, DECISIONS, "links.toml").graph)


def _towns(docs: dict, keys: dict, shelf: dict, display: str = "links.toml") -> tuple[bytes, TownLinks]:
    links = TownLinks(DECISIONS, display, TOWN_OF, load=lambda k: docs[k.split()[0]], shelf=shelf)
    for doc_id in TOWN_OF:  # the cache hands back a document's key, not its nodes
        links.done(doc_id, keys[doc_id], None if keys[doc_id] else docs[doc_id])
    return links.finish()[0], links


def test_merged_town_chunks_equal_the_whole_links_graph():
    docs = _docs()
    turtle, links = _towns(docs, dict.fromkeys(TOWN_OF), {})
    assert turtle == _whole(docs)
    text = turtle.decode("utf-8")
    assert f"esely:servesMeasure <{ID}b-it/measure/1-2>" in text
    assert "esely:rejectedBecause" in text
    assert links.computed == 2


def test_an_unchanged_town_is_read_back_and_a_changed_one_computed():
    docs, shelf = _docs(), {}
    keys = {d: f"{d} v1" for d in TOWN_OF}
    first, links = _towns(docs, keys, shelf)
    assert links.computed == 2 and len(shelf) == 2
    again, links = _towns(docs, keys, shelf)
    assert again == first and links.computed == 0
    changed = _docs("bérlakások felújítása és szociális bérlakás program")
    keys["a-it"] = "a-it v2"
    turtle, links = _towns(changed, keys, shelf)
    assert links.computed == 1  # town a only
    assert turtle == _whole(changed) != first


def test_a_build_started_from_another_folder_reads_every_town_back():
    """The decisions file is named relative to the working folder in messages; that name is no part of a key."""
    docs, shelf = _docs(), {}
    keys = {d: f"{d} v1" for d in TOWN_OF}
    first, _ = _towns(docs, keys, shelf, display="data/links.toml")
    again, links = _towns(docs, keys, shelf, display="../../project/data/links.toml")
    assert again == first and links.computed == 0


def test_a_left_out_document_drops_the_decisions_about_it():
    docs = _docs()
    links = TownLinks(DECISIONS, "links.toml", TOWN_OF)
    for doc_id in TOWN_OF:
        if doc_id == "b-it":
            links.skip(doc_id)
        else:
            links.done(doc_id, None, docs[doc_id])
    text = links.finish()[0].decode("utf-8")
    assert "b-it" not in text and "servesMeasure" not in text
    assert str(ESELY.answersProblem).rsplit("#", 1)[1] in text  # a's own links stand
