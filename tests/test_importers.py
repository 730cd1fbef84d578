"""Importers against the real seeds, with counts read off the files by hand."""

from collections import Counter

from rdflib import Namespace, URIRef
from rdflib.namespace import DCTERMS, RDF, RDFS


ESELY = Namespace("https://w3id.org/esely/ontology#")
ID = "https://w3id.org/esely/id/"


def doc(g, doc_id):
    return URIRef(f"{ID}doc/{doc_id}")


def of_class(g, cls, doc_id):
    return {s for s in g.subjects(RDF.type, cls) if (s, DCTERMS.isPartOf, doc(g, doc_id)) in g}


# ---------------------------------------------------------------- 000: situation-analysis conclusions

# per target-group section (its first line): problems, opportunities
HE_SECTIONS = {
    4: (9, 9), 14: (13, 15), 32: (10, 10), 45: (8, 10), 57: (14, 19), 79: (6, 11),
    92: (5, 5), 97: (1, 3), 100: (7, 12), 114: (5, 5), 120: (6, 6),
}


def test_he_counts(graph):
    problems = of_class(graph, ESELY.Problem, "jozsefvaros-hep-he")
    opps = of_class(graph, ESELY.DevelopmentOpportunity, "jozsefvaros-hep-he")
    assert (len(problems), len(opps)) == (84, 105)
    per_section = Counter()
    for p in problems:
        sec = graph.value(p, ESELY.inSection)
        per_section[sec] += 1
    for line, (n_problems, n_opps) in HE_SECTIONS.items():
        sec = next(s for s in of_class(graph, ESELY.Section, "jozsefvaros-hep-he")
                   if (s, URIRef("http://www.w3.org/ns/prov#wasDerivedFrom"),
                       URIRef(f"{ID}doc/jozsefvaros-hep-he/line/{line}")) in graph)
        assert per_section[sec] == n_problems, line
        assert sum(1 for o in opps if graph.value(o, ESELY.inSection) == sec) == n_opps, line


def test_he_page_break_continues_the_cell_above(graph):
    p = URIRef(f"{ID}doc/jozsefvaros-hep-he/problem/62")  # split over lines 62 and 64
    assert str(graph.value(p, RDFS.label)).endswith("az egy főre eső zöldfelületek aránya, és igen rosszak a légszennyezettségi adatok.")
    o = URIRef(f"{ID}doc/jozsefvaros-hep-he/opportunity/36")  # "…A városrehabilitációs" + "programok …"
    assert "A városrehabilitációs programok lehetőség szerinti kiterjesztése" in str(graph.value(o, RDFS.label))
    # after a page break, a capitalised row is a new opportunity of the same problem
    assert (URIRef(f"{ID}doc/jozsefvaros-hep-he/problem/71"), ESELY.hasOpportunity,
            URIRef(f"{ID}doc/jozsefvaros-hep-he/opportunity/73")) in graph


def test_he_problem_in_target_group_column(graph):
    """Lines 51-53 stand one column left: the problem sits in the 'Terület' column."""
    for line, problem, opportunity in [
        (51, "Támogatószolgálat létesítése", "Szállítási és egyéb gondozási feladatok ellátása (megfelelő gépkocsi vásárlás, egy éves működtetés)"),
        (52, "Időügyi kerekasztal", "Szakmai és lakosság felé nyitott fórum létrehozása"),
        (53, "Időügyi koncepció elkészítése", "Összefoglaló anyag konkrétumokkal"),
    ]:
        p = URIRef(f"{ID}doc/jozsefvaros-hep-he/problem/{line}")
        assert str(graph.value(p, RDFS.label)) == problem
        assert (p, ESELY.flag, ESELY.TitleInGroupColumn) in graph
        assert (p, ESELY.targetGroup, URIRef(f"{ID}target-group/idosek")) in graph
        o = graph.value(p, ESELY.hasOpportunity)
        assert str(graph.value(o, RDFS.label)) == opportunity


def test_he_combined_heading_gives_two_target_groups(graph):
    p = URIRef(f"{ID}doc/jozsefvaros-hep-he/problem/4")
    assert set(graph.objects(p, ESELY.targetGroup)) == {
        URIRef(f"{ID}target-group/fogyatekkal-elok"), URIRef(f"{ID}target-group/pszichiatriai-es-szenvedelybetegek")}


# ---------------------------------------------------------------- 001: HEP IT

HEP_IT_SECTIONS = {"0": 3, "I": 4, "II": 4, "III": 2, "IV": 3, "V": 6}


def test_hep_it_measures_per_section(graph):
    measures = of_class(graph, ESELY.HepMeasure, "jozsefvaros-hep-it")
    codes = Counter(str(graph.value(m, ESELY.code)).split("/")[0] for m in measures)
    assert codes == HEP_IT_SECTIONS
    assert len(measures) == 22


def test_hep_it_continuation_rows(graph):
    m = URIRef(f"{ID}doc/jozsefvaros-hep-it/measure/II-2")  # lines 20 + 22 (page break)
    assert str(graph.value(m, ESELY.problemStatement)) == \
        "a városi környezet és Józsefváros adottságai megnehezítik az egészséges gyermekkor feltételeinek kialakítását"
    assert str(graph.value(m, ESELY.ownerText)) == \
        "Józsefvárosi Polgármesteri Hivatal Kerületgazdálkodási Ügyosztály Zöldprogram Iroda"
    assert set(graph.objects(m, ESELY.responsible)) == {URIRef(f"{ID}org/jozsefvaros/zoldprogram-iroda")}
    m = URIRef(f"{ID}doc/jozsefvaros-hep-it/measure/V-2")  # owner name split: "…Szolgáltató" + "és Gyermekjóléti Központ,"
    assert set(graph.objects(m, ESELY.responsible)) == {
        URIRef(f"{ID}org/jozsefvaros/kozossegi-reszveteli-iroda"), URIRef(f"{ID}org/jozsefvaros/jszszgyk")}
    m = URIRef(f"{ID}doc/jozsefvaros-hep-it/measure/I-1")  # owner continued on line 14
    assert set(graph.objects(m, ESELY.responsible)) == {
        URIRef(f"{ID}org/jozsefvaros/csaladtamogatasi-iroda"), URIRef(f"{ID}org/jozsefvaros/zoldprogram-iroda"),
        URIRef(f"{ID}org/jozsefvaros/jszszgyk")}


def test_hep_it_stray_word(graph):
    m = URIRef(f"{ID}doc/jozsefvaros-hep-it/measure/I-2")
    assert str(graph.value(m, ESELY.strayText)) == "nyelvi"
    assert (m, ESELY.flag, ESELY.StrayWord) in graph


STRATEGY_CITATIONS = {  # measures of the HEP IT citing each strategy in column D, counted by hand
    "szocialis-szolgaltatastervezesi-konceptio": 21,  # all but II/3
    "gyermekbarat-jozsefvaros-konceptio": 3,
    "civil-strategia": 4,
    "integralt-telepulesfejlesztesi-strategia": 3,
    "lakasgazdalkodasi-terv": 2,
    "klimastrategia": 2,
}


def test_hep_it_strategy_citations(graph):
    measures = of_class(graph, ESELY.HepMeasure, "jozsefvaros-hep-it")
    counts = Counter(str(s).rsplit("/", 1)[1] for m in measures for s in graph.objects(m, ESELY.alignedWith))
    assert counts == STRATEGY_CITATIONS


# ---------------------------------------------------------------- 002: Roma strategy action plan

ROMA_SECTIONS = {  # section: (measures, sub-tasks)
    "Esélyegyenlőségi Iroda": (9, 16), "Kultúra": (8, 16), "Foglalkoztatás": (7, 8),
    "Lakhatás": (7, 9), "Oktatás": (16, 10), "Egészségügy": (7, 3),
}


def test_roma_measures_and_subtasks_per_section(graph):
    got = {}
    measures = of_class(graph, ESELY.Measure, "jozsefvaros-roma-strategia-it")
    for m in measures:
        label = str(graph.value(graph.value(m, ESELY.inSection), RDFS.label))
        n_sub = len(list(graph.subjects(ESELY.subTaskOf, m)))
        a, b = got.get(label, (0, 0))
        got[label] = (a + 1, b + n_sub)
    assert got == ROMA_SECTIONS


def test_roma_nok_eselyeinek_megteremtese_is_a_measure(graph):
    """Line 14 has only a title; lines 15-16 below it are sub-tasks without a measure title."""
    m = URIRef(f"{ID}doc/jozsefvaros-roma-strategia-it/measure/1-5")
    assert str(graph.value(m, DCTERMS.title)) == "Nők esélyeinek megteremtése"
    subs = sorted(str(graph.value(s, DCTERMS.title)) for s in graph.subjects(ESELY.subTaskOf, m))
    assert subs == ["Kutatási terv kidolgozása", "Megvalósulás"]


def test_roma_title_split_by_page_break(graph):
    m = URIRef(f"{ID}doc/jozsefvaros-roma-strategia-it/measure/5-16")
    assert str(graph.value(m, DCTERMS.title)) == "Zsendülő Tanoda kapacitásainak bővítése"
    assert len(list(graph.subjects(ESELY.subTaskOf, m))) == 2


def test_roma_ragged_rows_shift_owner_and_dates(graph):
    m = URIRef(f"{ID}doc/jozsefvaros-roma-strategia-it/measure/3-4")  # line 58: 6 cells
    assert (m, ESELY.flag, ESELY.RaggedRow) in graph
    assert set(graph.objects(m, ESELY.responsible)) == {
        URIRef(f"{ID}org/jozsefvaros/polgarmesteri-kabinet"), URIRef(f"{ID}org/jozsefvaros/szemelyugyi-iroda"),
        URIRef(f"{ID}org/jozsefvaros/koltsegvetesi-szervek")}
    m = URIRef(f"{ID}doc/jozsefvaros-roma-strategia-it/measure/4-7")  # line 80: 5 cells
    dl = graph.value(m, ESELY.deadline)
    assert str(graph.value(dl, ESELY.originalText)) == "2024 2. negyedév"


def test_roma_footnote_kept(graph):
    notes = [str(n) for n in graph.objects(doc(graph, "jozsefvaros-roma-strategia-it"), ESELY.note)]
    assert any(n.startswith("*: a 2024 után megvalósuló intézkedéseknek") for n in notes)


def test_distinct_owners(graph):
    owners = set(graph.objects(None, ESELY.responsible))
    assert len(owners) == 25
    assert not [o for o in owners if "/unresolved/" in str(o)]


# ---------------------------------------------------------------- 003 and 004: prose

def test_resolution_482(graph):
    res = URIRef(f"{ID}resolution/jozsefvaros/2021-482")
    ELI = Namespace("http://data.europa.eu/eli/ontology#")
    assert str(graph.value(res, ELI.id_local)) == "482/2021. (VII. 22.)"
    assert str(graph.value(res, ELI.date_document)) == "2021-07-22"
    assert graph.value(res, ELI.passed_by) == URIRef(f"{ID}org/jozsefvaros/kepviselo-testulet")
    assert len(list(graph.objects(res, ELI.has_part))) == 3
    assert len(list(graph.objects(res, ESELY.setsGoal))) == 7
    assert (res, ESELY.adopts, URIRef(f"{ID}strategy/jozsefvaros/szocialis-szolgaltatastervezesi-konceptio")) in graph
    assert (res, ESELY.responsible, URIRef(f"{ID}org/jozsefvaros/polgarmester")) in graph
    p3 = graph.value(URIRef(f"{res}/point/3"), ESELY.deadline)
    assert (p3, ESELY.timing, ESELY.Recurring) in graph


def test_kecskemet_proposal(graph):
    d = doc(graph, "kecskemet-kozossegi-beavatkozasi-terv-2018")
    assert str(graph.value(d, ESELY.caseNumber)) == "924-18/2018"
    assert str(graph.value(d, ESELY.meetingDate)) == "2018-11-22"
    assert graph.value(d, ESELY.submittedBy) == URIRef(f"{ID}org/kecskemet/eselyteremtesi-bizottsag")
    assert graph.value(d, ESELY.submittedTo) == URIRef(f"{ID}org/kecskemet/kozgyules")
    assert len(list(graph.objects(d, ESELY.hasWorkshopGroup))) == 8
    kbt = URIRef(f"{ID}strategy/kecskemet/kozossegi-beavatkozasi-terv")
    tfs = URIRef(f"{ID}strategy/kecskemet/tarsadalmi-felzarkozasi-strategia")
    assert (kbt, ESELY.implements, tfs) in graph
    assert (URIRef(f"{ID}resolution/kecskemet/2018-126"), ESELY.adopts, tfs) in graph
    draft = graph.value(d, ESELY.draftResolution)
    assert (draft, ESELY.adopts, kbt) in graph
    assert (draft, ESELY.responsible, URIRef(f"{ID}org/kecskemet/alpolgarmester")) in graph
    assert (graph.value(draft, ESELY.deadline), ESELY.timing, ESELY.Immediate) in graph
