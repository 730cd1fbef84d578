"""Owner cells of towns nobody has curated: statutory posts and bodies, units known by their head word,
posts with their holders. Expected owners are written by hand, one row per real spelling."""

import pytest
from rdflib import Literal, URIRef
from rdflib.namespace import FOAF, ORG, RDF

from esely_graph.build import BuildContext, DocumentGraph
from esely_graph.build.vocab_graphs import organisations_graph
from esely_graph.errors import SourceError
from esely_graph.limits import LIMITS
from esely_graph.manifest import DocumentMeta
from esely_graph.normalise.names import Entry
from esely_graph.normalise.statutory import read_owners
from esely_graph.records import Cell
from esely_graph.vocab import Vocabularies, load_vocabularies
from conftest import DATA

ESELY = "https://w3id.org/esely/ontology#"
ID = "https://w3id.org/esely/id/"

# Two fictional municipalities with nothing curated but their own entry.
TOWNS = [Entry("kisvaros", "Kisváros Község Önkormányzata", "municipality"),
         Entry("nagyfalu", "Nagyfalu Nagyközség Önkormányzata", "municipality")]
VOCAB = Vocabularies(TOWNS, [], {}, {})


def owners(text, town="kisvaros"):
    ctx = BuildContext(VOCAB, None)
    return [(o.entry.id if o.entry else None, o.text, o.holder)
            for o in read_owners(ctx.owners(town), town, text)]


CASES = [
    # statutory posts in any case, with a trailing full stop
    ("polgármester", [("kisvaros/polgarmester", "polgármester", None)]),
    ("Polgármester", [("kisvaros/polgarmester", "Polgármester", None)]),
    ("polgármester.", [("kisvaros/polgarmester", "polgármester.", None)]),
    ("JEGYZŐ", [("kisvaros/jegyzo", "JEGYZŐ", None)]),
    # split at commas, "és", "valamint", "/", ";" and line breaks
    ("Polgármester, Jegyző", [("kisvaros/polgarmester", "Polgármester", None), ("kisvaros/jegyzo", "Jegyző", None)]),
    ("polgármester és jegyző", [("kisvaros/polgarmester", "polgármester", None), ("kisvaros/jegyzo", "jegyző", None)]),
    ("polgármester valamint az aljegyző", [("kisvaros/polgarmester", "polgármester", None),
                                           ("kisvaros/aljegyzo", "aljegyző", None)]),
    ("Polgármester / Jegyző", [("kisvaros/polgarmester", "Polgármester", None), ("kisvaros/jegyzo", "Jegyző", None)]),
    ("alpolgármester; jegyző", [("kisvaros/alpolgarmester", "alpolgármester", None), ("kisvaros/jegyzo", "jegyző", None)]),
    ("jegyző\nGyermekjóléti Szolgálat", [("kisvaros/jegyzo", "jegyző", None),
                                         ("kisvaros/gyermekjoleti-szolgalat", "Gyermekjóléti Szolgálat", None)]),
    # a person written with a post: the post, held by that person
    ("Dr. Szabó Éva jegyző", [("kisvaros/jegyzo", "jegyző", "Dr. Szabó Éva")]),
    ("dr. Nagy Péter alpolgármester", [("kisvaros/alpolgarmester", "alpolgármester", "dr. Nagy Péter")]),
    ("Kovácsné Tóth Mária polgármester, Dr. Szabó Éva jegyző",
     [("kisvaros/polgarmester", "polgármester", "Kovácsné Tóth Mária"), ("kisvaros/jegyzo", "jegyző", "Dr. Szabó Éva")]),
    # bodies and offices
    ("Képviselő-testület", [("kisvaros/kepviselo-testulet", "Képviselő-testület", None)]),
    ("Kisvárosi Közös Önkormányzati Hivatal",
     [("kisvaros/kozos-onkormanyzati-hivatal", "Kisvárosi Közös Önkormányzati Hivatal", None)]),
    ("Kisváros Község Önkormányzata", [("kisvaros", "Kisváros Község Önkormányzata", None)]),
    # units nobody curated, known by their last word; "és" and commas inside a name do not split it
    ("Igazgatási és Szociális Osztály vezetője",
     [("kisvaros/igazgatasi-es-szocialis-osztaly", "Igazgatási és Szociális Osztály vezetője", None)]),
    ("Pénzügyi Iroda és Szociális Osztály", [("kisvaros/penzugyi-iroda", "Pénzügyi Iroda", None),
                                              ("kisvaros/szocialis-osztaly", "Szociális Osztály", None)]),
    ("Szociális, Egészségügyi és Sport Bizottság",
     [("kisvaros/szocialis-egeszsegugyi-es-sport-bizottsag", "Szociális, Egészségügyi és Sport Bizottság", None)]),
    ("Pénzügyi Bizottság, valamint az Ügyrendi Bizottság",
     [("kisvaros/penzugyi-bizottsag", "Pénzügyi Bizottság", None),
      ("kisvaros/ugyrendi-bizottsag", "Ügyrendi Bizottság", None)]),
    ("polgármester, a Humán Bizottság elnöke",
     [("kisvaros/polgarmester", "polgármester", None), ("kisvaros/human-bizottsag", "Humán Bizottság elnöke", None)]),
    ("Roma Nemzetiségi Önkormányzat", [("kisvaros/roma-nemzetisegi-onkormanyzat", "Roma Nemzetiségi Önkormányzat", None)]),
    ("Család- és Gyermekjóléti Szolgálat, védőnők",
     [("kisvaros/csalad-es-gyermekjoleti-szolgalat", "Család- és Gyermekjóléti Szolgálat", None),
      ("kisvaros/vedonoi-szolgalat", "védőnők", None)]),
    # a written path: the unit, under the office named before it
    ("Kisvárosi Polgármesteri Hivatal Igazgatási Osztály",
     [("kisvaros/igazgatasi-osztaly", "Kisvárosi Polgármesteri Hivatal Igazgatási Osztály", None)]),
    ("Gyermekjóléti Szolgálat vezetője",
     [("kisvaros/gyermekjoleti-szolgalat", "Gyermekjóléti Szolgálat vezetője", None)]),
    ("Polgármesteri Hivatal Pénzügyi Iroda",
     [("kisvaros/penzugyi-iroda", "Polgármesteri Hivatal Pénzügyi Iroda", None)]),
    ("Védőnői Szolgálat, Családsegítő", [("kisvaros/vedonoi-szolgalat", "Védőnői Szolgálat", None),
                                         ("kisvaros/csaladsegito-szolgalat", "Családsegítő", None)]),
    ("HEP Fórum tagjai", [("kisvaros/hep-forum", "HEP Fórum tagjai", None)]),
    ("Roma Nemzetiségi Önkormányzat elnöke",
     [("kisvaros/roma-nemzetisegi-onkormanyzat", "Roma Nemzetiségi Önkormányzat elnöke", None)]),
    ("polgármester útján", [("kisvaros/polgarmester", "polgármester útján", None)]),
    # what no rule knows is kept, unresolved
    ("Kovács Anna, intézményvezetők", [(None, "Kovács Anna", None), (None, "intézményvezetők", None)]),
]


@pytest.mark.parametrize("text,expected", CASES)
def test_owner_cells_of_an_uncurated_town(text, expected):
    assert owners(text) == expected


def test_each_town_has_its_own_posts_and_units():
    assert owners("jegyző", "nagyfalu") == [("nagyfalu/jegyzo", "jegyző", None)]
    assert owners("Igazgatási Osztály", "nagyfalu") == [("nagyfalu/igazgatasi-osztaly", "Igazgatási Osztály", None)]


def test_curated_entry_and_statutory_rule_coincide():
    """A curated entry with the statutory id is the same node; the curated one keeps its label and aliases."""
    curated = [*TOWNS, Entry("kisvaros/polgarmester", "Kisváros polgármestere", "post", "kisvaros", ("a falu első embere",))]
    ctx = BuildContext(Vocabularies(curated, [], {}, {}), None)
    found = read_owners(ctx.owners("kisvaros"), "kisvaros", "Polgármester, jegyző, a falu első embere")
    assert [(o.entry.id, o.entry.origin) for o in found] == [
        ("kisvaros/polgarmester", "curated"), ("kisvaros/jegyzo", "statutory"), ("kisvaros/polgarmester", "curated")]
    # the seeds: jozsefvaros/polgarmester is now the rule's; a town's curated council answers to the statutory names
    ctx = BuildContext(load_vocabularies(DATA), None)
    found = read_owners(ctx.owners("jozsefvaros"), "jozsefvaros", "polgármester, Képviselő-testület")
    assert [o.entry.id for o in found] == ["jozsefvaros/polgarmester", "jozsefvaros/kepviselo-testulet"]
    found = read_owners(ctx.owners("kecskemet"), "kecskemet", "Képviselő-testület")
    assert [o.entry.id for o in found] == ["kecskemet/kozgyules"]


def graph_of(cell_text):
    ctx = BuildContext(VOCAB, None)
    meta = DocumentMeta("kisvaros-hep-it", "sources/kisvaros-hep-it.tsv", "hep-action-plan", "kisvaros", "HEP IT")
    dg = DocumentGraph(meta, ctx, URIRef(ESELY + "ActionPlan"))
    node = URIRef(f"{ID}doc/kisvaros-hep-it/measure/1")
    dg.owners(node, Cell(cell_text, "G", [7]))
    return dg.g, organisations_graph(ctx), node


def test_owner_graph_of_an_uncurated_town():
    g, orgs, node = graph_of("Dr. Szabó Éva jegyző, Igazgatási és Szociális Osztály vezetője, polgármester")
    jegyzo, unit, mayor = (URIRef(f"{ID}org/kisvaros/{s}") for s in
                           ("jegyzo", "igazgatasi-es-szocialis-osztaly", "polgarmester"))
    assert set(g.objects(node, URIRef(ESELY + "responsible"))) == {jegyzo, unit, mayor}
    person = URIRef(f"{ID}person/kisvaros/dr-szabo-eva")
    assert (jegyzo, ORG.heldBy, person) in g and (person, RDF.type, FOAF.Person) in g
    assert (person, FOAF.name, Literal("Dr. Szabó Éva")) in g
    # the organisations graph describes each node once; the head-word unit is flagged as not curated
    assert (jegyzo, RDF.type, ORG.Post) in orgs and (jegyzo, ORG.postIn, URIRef(f"{ID}org/kisvaros")) in orgs
    assert (unit, RDF.type, ORG.OrganizationalUnit) in orgs
    assert (unit, URIRef(ESELY + "flag"), URIRef(ESELY + "NotCurated")) in orgs
    assert (jegyzo, URIRef(ESELY + "flag"), URIRef(ESELY + "NotCurated")) not in orgs


def test_lower_case_post_at_the_start_is_not_a_stray_word():
    g, _, node = graph_of("polgármester")
    assert (node, URIRef(ESELY + "flag"), URIRef(ESELY + "StrayWord")) not in g
    assert set(g.objects(node, URIRef(ESELY + "responsible"))) == {URIRef(f"{ID}org/kisvaros/polgarmester")}


# ---------------------------------------------------------------- regressions named for issue #16

def test_issue16_one_megabyte_owner_cell_is_refused_with_place_and_limit():
    with pytest.raises(SourceError) as err:
        graph_of("Pénzügyi Iroda " * 70_000)
    assert err.value.path == "sources/kisvaros-hep-it.tsv" and err.value.line == 7
    assert f"{LIMITS.cell_chars:,}" in err.value.message and "ESELY_MAX_CELL_CHARS" in err.value.message


def test_issue16_long_owner_cell_under_the_limit_is_read_whole():
    """Segmentation is linear: a cell just under the limit of distinct unknown words still reads."""
    text = " ".join(f"Szó{i}" for i in range(1_400))
    found = owners(text)
    assert [o[0] for o in found] == [None] and found[0][1] == text


@pytest.mark.parametrize("bad_id", ["jozsefvaros/polgar mester", 'jozsefvaros/"x"'])
def test_issue16_organisation_id_with_space_or_quote_is_refused(data_copy, bad_id):
    path = data_copy / "vocab" / "organisations.toml"
    path.write_text(path.read_text(encoding="utf-8").replace('id = "jozsefvaros/jok"', f"id = '{bad_id}'"),
                    encoding="utf-8")
    with pytest.raises(SourceError) as err:
        load_vocabularies(data_copy)
    assert bad_id in err.value.message and "IRI" in err.value.message
