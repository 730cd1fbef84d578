"""Municipalities as a first-class dimension: the settlement register, manifest checks, scoping."""

import re

import pytest
from rdflib import Literal, URIRef
from rdflib.namespace import DCTERMS, RDFS, SKOS

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
        note = URIRef(f"{ID}doc/{doc}/flag/DuplicatePlan")
        assert (node, ESELY.parseNote, note) in g and (note, ESELY.flagClass, ESELY.DuplicatePlan) in g
        assert (note, RDFS.comment, Literal(f"same municipality, kind and period as {other}")) in g
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


# ---------------------------------------------------------------- a corpus of three towns side by side

TOWNS = __import__("pathlib").Path(__file__).resolve().parent / "fixtures" / "towns"


def make_corpus(data_copy):
    """The seeds plus two fictional towns (tests/fixtures/towns) whose plans reuse the seeds' owner word
    ("polgármester"), measure codes (I/1 …) and strategy names (Klímastratégia)."""
    import shutil

    for tsv in TOWNS.glob("*.tsv"):
        shutil.copy(tsv, data_copy / "sources" / tsv.name)
    for fixture, target in (("sources.toml", "sources.toml"), ("organisations.toml", "vocab/organisations.toml"),
                            ("strategies.toml", "vocab/strategies.toml")):
        path = data_copy / target
        path.write_text(path.read_text(encoding="utf-8") + "\n" + (TOWNS / fixture).read_text(encoding="utf-8"),
                        encoding="utf-8")
    return data_copy


@pytest.fixture(scope="module")
def corpus(tmp_path_factory):
    import shutil

    from conftest import DATA
    from rdflib import Graph

    data = tmp_path_factory.mktemp("corpus") / "data"
    shutil.copytree(DATA, data, ignore=shutil.ignore_patterns("ttl"))
    make_corpus(data)
    result = build(data, data / "ttl")
    assert result.warnings == ()
    g = Graph()
    for f in sorted((data / "ttl").glob("*.ttl")):
        g.parse(f)
    return data, g


def _muni_of_item(g, node):
    return g.value(g.value(node, DCTERMS.isPartOf), ESELY.municipality)


def test_corpus_links_owners_and_strategies_stay_in_their_municipality(corpus):
    from rdflib.namespace import RDF

    data, g = corpus
    measures = set(g.subjects(RDF.type, ESELY.Measure)) | set(g.subjects(RDF.type, ESELY.SubTask))
    towns = {_muni_of_item(g, m) for m in measures}
    assert towns == {URIRef(f"{ID}org/{t}") for t in ("jozsefvaros", "lajosmizse", "kunszallas")}
    crossings, checked = [], 0
    for m in measures:
        here = _muni_of_item(g, m)
        for prop in (ESELY.responsible, ESELY.alignedWith):
            for target in g.objects(m, prop):
                checked += 1
                if g.value(target, ESELY.municipality) != here:
                    crossings.append((m, prop, target))
        for prop in (ESELY.answersProblem, ESELY.takesUpOpportunity, ESELY.servesMeasure):
            for target in g.objects(m, prop):
                checked += 1
                if _muni_of_item(g, target) != here:
                    crossings.append((m, prop, target))
    for link in g.subjects(RDF.type, ESELY.Link):
        checked += 1
        if _muni_of_item(g, g.value(link, ESELY.linkFrom)) != _muni_of_item(g, g.value(link, ESELY.linkTo)):
            crossings.append((link, ESELY.linkTo, g.value(link, ESELY.linkTo)))
    assert crossings == []
    assert checked > 300
    # the new towns' measures did get owners, strategies and problem links of their own
    for town in ("lajosmizse", "kunszallas"):
        mine = [m for m in measures if _muni_of_item(g, m) == URIRef(f"{ID}org/{town}")]
        assert all(any(g.objects(m, ESELY.responsible)) for m in mine)
        assert any(g.value(m, ESELY.answersProblem) for m in mine)


def test_corpus_same_words_are_different_nodes(corpus):
    from rdflib.namespace import RDF

    data, g = corpus
    i1 = {m for m in g.subjects(ESELY.code, Literal("I/1")) if (m, RDF.type, ESELY.HepMeasure) in g}
    assert {_muni_of_item(g, m).split("/")[-1] for m in i1} == {"jozsefvaros", "lajosmizse", "kunszallas"}
    assert len(i1) == 3
    mayors = set(g.subjects(SKOS.prefLabel, Literal("polgármester", lang="hu")))
    assert mayors == {URIRef(f"{ID}org/{t}/polgarmester") for t in ("jozsefvaros", "lajosmizse", "kunszallas")}
    climate = set(g.subjects(SKOS.prefLabel, Literal("Klímastratégia", lang="hu")))
    assert climate == {URIRef(f"{ID}strategy/{t}/klimastrategia") for t in ("jozsefvaros", "lajosmizse", "kunszallas")}
    # each new town's mayor owns only that town's measures
    for town in ("lajosmizse", "kunszallas"):
        owned = [m for m in g.subjects(ESELY.responsible, URIRef(f"{ID}org/{town}/polgarmester"))
                 if (m, RDF.type, ESELY.Measure) in g]
        assert owned and {_muni_of_item(g, m) for m in owned} == {URIRef(f"{ID}org/{town}")}


def test_corpus_queries_keep_the_towns_apart(corpus):
    from esely_graph.address import resolve_params
    from esely_graph.layout import resource
    from esely_graph.queries import bind_params, load_queries, run_sparql
    from esely_graph.store import load_store

    data, g = corpus
    store = load_store(data / "ttl")
    queries = load_queries(resource("queries"))

    def rows(name, **params):
        q = queries[name]
        names, result = run_sparql(store, q.text, bind_params(q, resolve_params(store, q, params)))
        return [{n: (r[n].value if r[n] is not None else "") for n in names} for r in result]

    load = rows("owner-load")
    mayors = sorted((r["municipality"], r["measures"]) for r in load
                    if r["owner"] == "polgármester" and not r["municipality"].startswith("Budapest"))
    # counted by hand from tests/fixtures/towns/*-hep-it.tsv column G
    assert mayors == [("Kunszállás Község Önkormányzata", "4"), ("Lajosmizse Város Önkormányzata", "5")]
    coverage = {(r["municipality"], r["target_group"]): r for r in rows("compare-target-groups", county="Bács-Kiskun")}
    assert {m for m, _ in coverage} == {"Kunszállás Község Önkormányzata", "Lajosmizse Város Önkormányzata",
                                        "Kecskemét Megyei Jogú Város Önkormányzata"}
    assert coverage[("Kunszállás Község Önkormányzata", "Nők")]["problems"] == "1"
    assert coverage[("Kunszállás Község Önkormányzata", "Nők")]["measures"] == "0"
    assert coverage[("Lajosmizse Város Önkormányzata", "Idősek")]["measures"] == "2"
    assert coverage[("Lajosmizse Város Önkormányzata", "Idősek")]["share_with_owner"] == "1"
    trace = rows("trace", node="I/1", municipality="kunszallas")
    assert {r["document"] for r in trace} == {"kunszallas-hep-it"}
    with pytest.raises(EselyError, match="'I/1' is ambiguous / nem egyértelmű: 3 measures"):
        rows("trace", node="I/1")
    similar = rows("compare-similar", municipality="Lajosmizse")
    assert [r["other_municipality"] for r in similar][0] == "Kunszállás Község Önkormányzata"
    shared = {(r["programme"], r["municipality"]) for r in rows("compare-programmes")}
    assert ("Bursa Hungarica ösztöndíj", "Lajosmizse Város Önkormányzata") in shared
    assert ("Bursa Hungarica ösztöndíj", "Kunszállás Község Önkormányzata") in shared


def test_linker_on_held_out_labels_of_the_new_towns(corpus):
    """Labels written by hand from the sources before the linker ever ran on them (git history:
    tests/fixtures/links/*-hep-it-labels.csv came in before this test); the linker was not tuned on them."""
    from esely_graph.links import doc_graph, evaluate

    data, _ = corpus
    g = doc_graph(data / "ttl")
    labels = __import__("pathlib").Path(__file__).resolve().parent / "fixtures" / "links"
    for town, labelled, with_problem in (("lajosmizse", 8, 7), ("kunszallas", 5, 5)):
        ev = evaluate(g, labels / f"{town}-hep-it-labels.csv", f"{town}-hep-it")
        assert (ev.labelled, ev.with_problem) == (labelled, with_problem)
        assert ev.precision >= 0.8 and ev.recall >= 0.8, (town, ev.misses)


def test_a_fictional_town_builds_without_a_settlement(data_copy, tmp_path):
    """Test corpora and benchmarks make up towns: marked ``fictional = true`` they build, with no settlement."""
    import shutil

    shutil.copy(TOWNS / "kunszallas-hep-it.tsv", data_copy / "sources" / "kitalalt-hep-it.tsv")
    with (data_copy / "vocab" / "organisations.toml").open("a", encoding="utf-8") as fh:
        fh.write('\n[[org]]\nid = "kitalaltfalva"\nkind = "municipality"\nfictional = true\n'
                 'label = "Kitaláltfalva Község Önkormányzata"\n')
    with (data_copy / "sources.toml").open("a", encoding="utf-8") as fh:
        fh.write('\n[[document]]\nid = "kitalalt-hep-it"\nfile = "sources/kitalalt-hep-it.tsv"\nkind = "hep-action-plan"\n'
                 'municipality = "kitalaltfalva"\ntitle = "HEP IT"\nyear = 2024\n')
    build(data_copy, tmp_path / "ttl")
    from esely_graph.store import load_store
    from esely_graph.queries import bind_params, load_queries, run_sparql
    from esely_graph.layout import resource

    q = load_queries(resource("queries"))["measures"]
    names, rows = run_sparql(load_store(tmp_path / "ttl"), q.text, bind_params(q, {}))
    mine = [r for r in rows if r["municipality"].value == "Kitaláltfalva Község Önkormányzata"]
    assert len(mine) == 5 and {r["county"].value for r in mine} == {""}
    org = (tmp_path / "ttl" / "organisations.ttl").read_text(encoding="utf-8")
    assert "<https://w3id.org/esely/id/org/kitalaltfalva>" in org and org.count("esely:settlement ") == 2
