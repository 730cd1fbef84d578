"""One rule for "which file, which place, what text" (esely_graph/provenance.py), asked through
every way the project holds a graph: an rdflib graph (validation, the linker), the site's index,
an Oxigraph store (query, endpoint) — all give the same answer on the same small graph."""

from __future__ import annotations

import pyoxigraph as ox
from rdflib import Graph

from esely_graph import provenance
from esely_graph.site.graphindex import load_index
from esely_graph.store import OxigraphGraph

TTL = """
@prefix esely: <https://w3id.org/esely/ontology#> . @prefix prov: <http://www.w3.org/ns/prov#> .
@prefix dcterms: <http://purl.org/dc/terms/> . @prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
<urn:x:deadline> prov:wasDerivedFrom <urn:x:row9>, <urn:x:row7> ; esely:sourceColumn "H" ;
    esely:originalText "2025 tavasz"@hu ; dcterms:isPartOf <urn:x:doc> .
<urn:x:row7> esely:sourceFile "sources/varos-hep-it.docx" ; esely:lineNumber 7 ;
    esely:sourcePlace "table 2, row 5" ; dcterms:isPartOf <urn:x:doc> .
<urn:x:row9> esely:sourceFile "sources/varos-hep-it.docx" ; esely:lineNumber 9 ; dcterms:isPartOf <urn:x:doc> .
<urn:x:doc> dcterms:identifier "varos-hep-it" .
<urn:x:org> rdfs:label "Polgármesteri Hivatal" ; dcterms:isPartOf <urn:x:doc> .
<urn:x:orphan> prov:wasDerivedFrom <urn:x:norow> .
<urn:x:norow> esely:lineNumber 3 .
"""
ROW7 = provenance.Source("sources/varos-hep-it.docx", 7, "table 2, row 5", "urn:x:doc")
ROW9 = provenance.Source("sources/varos-hep-it.docx", 9, None, "urn:x:doc")


def _store() -> ox.Store:
    store = ox.Store()
    store.load(TTL.encode(), format=ox.RdfFormat.TURTLE)
    return store


def views():
    return {"rdflib": provenance.RdflibView(Graph().parse(data=TTL, format="turtle")),
            "site index": load_index(_store())}


def test_sources_first_source_text_and_document_through_every_view():
    for name, view in views().items():
        assert provenance.sources(view, "urn:x:deadline") == [ROW7, ROW9], name
        assert provenance.first_source(view, "urn:x:deadline") == ROW7, name
        assert provenance.text(view, "urn:x:deadline") == "2025 tavasz", name
        assert provenance.text(view, "urn:x:org") == "Polgármesteri Hivatal", name
        assert provenance.document_id(view, "urn:x:org") == "varos-hep-it", name
        # a row without a file is not a source: nothing is invented
        assert provenance.sources(view, "urn:x:orphan") == [], name
        assert provenance.first_source(view, "urn:x:orphan") is None, name


def test_describe_is_the_same_from_the_store_and_from_rdflib():
    expected = [("sources/varos-hep-it.docx", "table 2, row 5, column H", "2025 tavasz"),
                ("sources/varos-hep-it.docx", "line 9, column H", "2025 tavasz")]
    assert OxigraphGraph(_store(), union=False).provenance("urn:x:deadline") == expected
    for name, view in views().items():
        assert provenance.describe(view, "urn:x:deadline") == expected, name
    # a node with a text but no source row: the text alone, file and place left empty
    assert OxigraphGraph(_store(), union=False).provenance("urn:x:org") == [("", "", "Polgármesteri Hivatal")]
    assert OxigraphGraph(_store(), union=False).provenance("urn:x:nothing") == []
