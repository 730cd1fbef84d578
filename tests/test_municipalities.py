"""Municipalities as a first-class dimension: the settlement register, manifest checks, scoping."""

import re

import pytest
from rdflib import Literal, URIRef
from rdflib.namespace import DCTERMS, SKOS

from esely_graph.build import build
from esely_graph.errors import EselyError, SourceError
from esely_graph.namespaces import ESELY
from esely_graph.settlements import register

ID = "https://w3id.org/esely/id/"


# ---------------------------------------------------------------- the register

def test_register_holds_every_settlement_and_budapest_district():
    r = register()
    counts = {}
    for s in r.settlements:
        counts[s.status] = counts.get(s.status, 0) + 1
    # KSH territorial code system 2018: 3,155 settlements + 23 districts
    assert counts == {"község": 2682, "nagyközség": 127, "város": 322, "megyei jogú város": 23, "főváros": 1,
                      "főváros kerülete": 23}
    assert len({s.ksh for s in r.settlements}) == len(r) == 3178
    assert len({s.county for s in r.settlements}) == 20  # 19 vármegye + Budapest


@pytest.mark.parametrize("text", ["Kecskemét", "kecskemet", "KECSKEMÉT", "26684", " Kecskemét ",
                                  "Kecskemét Megyei Jogú Város Önkormányzata"])
def test_resolve_kecskemet_any_spelling(text):
    s = register().resolve(text)
    assert (s.ksh, s.name, s.county, s.district, s.status) == (
        "26684", "Kecskemét", "Bács-Kiskun", "Kecskeméti járás", "megyei jogú város")


@pytest.mark.parametrize("text", ["Budapest VIII. kerület", "budapest 08. ker.", "Józsefváros", "jozsefvaros", "25405"])
def test_resolve_a_budapest_district(text):
    s = register().resolve(text)
    assert (s.ksh, s.county, s.district, s.status) == ("25405", "Budapest", "", "főváros kerülete")


def test_small_settlements_of_a_county():
    r = register()
    assert r.resolve("Kunszállás").status == "község"
    assert r.resolve("Helvécia").status == "nagyközség"
    assert r.resolve("Lajosmizse").status == "város"
    assert r.resolve("makó").county == "Csongrád-Csanád"  # renamed from Csongrád in 2020
    assert {s.name for s in r.in_county("bacs-kiskun")} >= {"Kecskemét", "Kunszállás", "Lajosmizse"}


def test_unknown_settlement_names_the_closest():
    with pytest.raises(EselyError) as err:
        register().resolve("Kecskemt")
    assert "'Kecskemt' is not a settlement" in str(err.value)
    assert "Kecskemét (26684, Bács-Kiskun)" in str(err.value)


# ---------------------------------------------------------------- manifest checks

def test_manifest_municipality_not_in_register_names_closest(data_copy, tmp_path):
    # the same documents, claimed by a misspelt town that no KSH code names
    for name in ("sources.toml", "vocab/organisations.toml", "vocab/strategies.toml"):
        path = data_copy / name
        text = path.read_text(encoding="utf-8").replace('ksh = "26684"  # KSH code of Kecskemét\n', "")
        path.write_text(text.replace("kecskemet", "kecskemt").replace("Kecskemét", "Kecskemt"), encoding="utf-8")
    with pytest.raises(SourceError) as err:
        build(data_copy, tmp_path / "ttl")
    msg = str(err.value)
    assert "municipality 'kecskemt' (Kecskemt Megyei Jogú Város Önkormányzata) is not a settlement of the KSH register" in msg
    assert "Kecskemét (26684, Bács-Kiskun)" in msg
    assert not (tmp_path / "ttl").exists()


def test_manifest_municipality_not_in_vocabulary(data_copy, tmp_path):
    manifest = data_copy / "sources.toml"
    manifest.write_text(manifest.read_text(encoding="utf-8").replace('municipality = "kecskemet"',
                                                                     'municipality = "kecskemeti"'), encoding="utf-8")
    with pytest.raises(SourceError, match=r"municipality 'kecskemeti' is not in data/vocab/organisations.toml as a "
                                          r"municipality \(known: jozsefvaros, kecskemet\)"):
        build(data_copy, tmp_path / "ttl")


def test_two_hep_action_plans_for_one_period_are_reported_not_merged(data_copy, tmp_path):
    manifest = data_copy / "sources.toml"
    text = manifest.read_text(encoding="utf-8")
    block = re.search(r'\[\[document\]\]\nid = "jozsefvaros-hep-it".*?(?=\n\[\[)', text, re.S).group(0)
    manifest.write_text(text + "\n" + block.replace('id = "jozsefvaros-hep-it"', 'id = "jozsefvaros-hep-it-copy"'),
                        encoding="utf-8")
    result = build(data_copy, tmp_path / "ttl")
    assert result.warnings == (
        "jozsefvaros-hep-it, jozsefvaros-hep-it-copy: 2 documents claim to be jozsefvaros's hep-action-plan for "
        "2023; kept apart, not merged / 2 dokumentum ugyanaz a HEP-rész ugyanarra az időszakra",)
    from rdflib import Graph
    for doc, other in (("jozsefvaros-hep-it", "jozsefvaros-hep-it-copy"), ("jozsefvaros-hep-it-copy", "jozsefvaros-hep-it")):
        g = Graph().parse(tmp_path / "ttl" / f"{doc}.ttl")
        node = URIRef(f"{ID}doc/{doc}")
        assert (node, ESELY.flag, ESELY.DuplicatePlan) in g
        assert (node, ESELY.flagNote, Literal(f"DuplicatePlan: same municipality, kind and period as {other}")) in g
        # two documents, two sets of measures: the copy's I/1 is its own node
        assert (URIRef(f"{ID}doc/{doc}/measure/I-1"), DCTERMS.isPartOf, node) in g


def test_a_different_period_is_no_duplicate(data_copy, tmp_path):
    manifest = data_copy / "sources.toml"
    text = manifest.read_text(encoding="utf-8")
    block = re.search(r'\[\[document\]\]\nid = "jozsefvaros-hep-it".*?(?=\n\[\[)', text, re.S).group(0)
    manifest.write_text(text + "\n" + block.replace('id = "jozsefvaros-hep-it"', 'id = "jozsefvaros-hep-it-2018"')
                        .replace("year = 2023", "year = 2018"), encoding="utf-8")
    assert build(data_copy, tmp_path / "ttl").warnings == ()


# ---------------------------------------------------------------- the committed graph

def test_every_org_node_and_strategy_belongs_to_a_municipality(graph):
    from rdflib.namespace import ORG, RDF

    orgs = set(graph.subjects(RDF.type, ORG.Organization)) | set(graph.subjects(RDF.type, ORG.OrganizationalUnit)) \
        | set(graph.subjects(RDF.type, ORG.Post)) | set(graph.subjects(RDF.type, ESELY.LocalStrategy))
    assert orgs
    missing = [o for o in orgs if graph.value(o, ESELY.municipality) is None]
    assert missing == []
    munis = {graph.value(o, ESELY.municipality) for o in orgs}
    assert munis == {URIRef(f"{ID}org/jozsefvaros"), URIRef(f"{ID}org/kecskemet")}


def test_municipalities_link_to_their_settlement(graph):
    for muni, ksh, name in (("jozsefvaros", "25405", "Budapest VIII. kerület"), ("kecskemet", "26684", "Kecskemét")):
        s = graph.value(URIRef(f"{ID}org/{muni}"), ESELY.settlement)
        assert s == URIRef(f"{ID}settlement/{ksh}")
        assert graph.value(s, DCTERMS.identifier) == Literal(ksh)
        assert graph.value(s, SKOS.prefLabel) == Literal(name, lang="hu")


def test_shared_things_are_marked_national(graph):
    from rdflib.namespace import RDF

    assert (URIRef(f"{ID}target-group/"), ESELY.scope, ESELY.National) in graph
    programmes = set(graph.subjects(RDF.type, ESELY.Programme))
    assert programmes and all((p, ESELY.scope, ESELY.National) in graph for p in programmes)
