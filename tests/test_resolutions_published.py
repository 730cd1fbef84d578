"""Resolutions as two fictional towns publish them on their websites (tests/fixtures/published/*.txt).

Kisváros (község) and Nagyfalu (nagyközség) have nothing curated but their own entry: every post,
body, unit and the HEP resolve by rule. Expected values are read off the fixture files by hand.
"""

import shutil
from pathlib import Path

import pytest
from rdflib import Graph, Literal, Namespace, URIRef
from rdflib.namespace import DCTERMS, ORG, RDF, XSD

from esely_graph.build import build
from esely_graph.importers.council_resolution import read_resolutions
from esely_graph.importers.tables import Line
from esely_graph.layout import resource
from esely_graph.validate import validate

ESELY = Namespace("https://w3id.org/esely/ontology#")
ELI = Namespace("http://data.europa.eu/eli/ontology#")
ID = "https://w3id.org/esely/id/"
FIXTURES = Path(__file__).parent / "fixtures" / "published"

RES, PROP = "council-resolution", "council-proposal"
DOCS = {  # document id -> (file, municipality, kind)
    "kisvaros-kt-112-2023": ("kisvaros-kt-112-2023.txt", "kisvaros", RES),
    "kisvaros-kt-113-2023": ("kisvaros-kt-113-2023.txt", "kisvaros", RES),
    "nagyfalu-polgarmester-4-2020": ("nagyfalu-polgarmester-4-2020.txt", "nagyfalu", RES),
    "nagyfalu-hatarozatok-2023-10": ("nagyfalu-hatarozatok-2023-10.txt", "nagyfalu", RES),
    "nagyfalu-hep-szam-nelkul": ("nagyfalu-hep-elfogadas-szam-nelkul.txt", "nagyfalu", RES),
    "kisvaros-eloterjesztes-hep-2023": ("kisvaros-eloterjesztes-hep-2023.txt", "kisvaros", PROP),
    "nagyfalu-javaslat-munkaterv": ("nagyfalu-javaslat-targy-nelkul.txt", "nagyfalu", PROP),
}


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    data = tmp_path_factory.mktemp("towns") / "data"
    (data / "sources").mkdir(parents=True)
    (data / "vocab").mkdir()
    (data / "vocab" / "organisations.toml").write_text(
        '[[org]]\nid = "kisvaros"\nkind = "municipality"\nlabel = "Kisváros Község Önkormányzata"\nfictional = true\n\n'
        '[[org]]\nid = "nagyfalu"\nkind = "municipality"\nlabel = "Nagyfalu Nagyközség Önkormányzata"\nfictional = true\n',
        encoding="utf-8")
    (data / "vocab" / "strategies.toml").write_text("strategy = []\n", encoding="utf-8")
    manifest = []
    for doc_id, (name, muni, kind) in DOCS.items():
        shutil.copy(FIXTURES / name, data / "sources" / name)
        manifest.append(f'[[document]]\nid = "{doc_id}"\nfile = "sources/{name}"\nkind = "{kind}"\n'
                        f'municipality = "{muni}"\ntitle = "{name}"\nyear = 2023\n')
    (data / "sources.toml").write_text("\n".join(manifest), encoding="utf-8")
    out = data / "ttl"
    build(data, out)
    g = Graph()
    for f in sorted(out.glob("*.ttl")):
        g.parse(f)
    return g, out


def res(muni, key):
    return URIRef(f"{ID}resolution/{muni}/{key}")


def org(path):
    return URIRef(f"{ID}org/{path}")


def test_heading_number_date_body_title(built):
    g, _ = built
    r = res("kisvaros", "2023-112")
    assert (r, RDF.type, ELI.LegalResource) in g
    assert g.value(r, ELI.id_local) == Literal("112/2023. (IX. 28.)")
    assert g.value(r, ELI.date_document) == Literal("2023-09-28", datatype=XSD.date)
    assert g.value(r, ELI.passed_by) == org("kisvaros/kepviselo-testulet")
    # ELI: the title is the Hungarian expression's; the resolution keeps it as dcterms:title
    expr = g.value(r, ELI.is_realized_by)
    assert (expr, RDF.type, ELI.LegalExpression) in g and g.value(expr, ELI.realizes) == r
    assert str(g.value(expr, ELI.title)) == "a Helyi Esélyegyenlőségi Program felülvizsgálatáról"
    assert str(g.value(expr, ELI.language)) == "http://publications.europa.eu/resource/authority/language/HUN"
    assert str(g.value(r, DCTERMS.title)) == "a Helyi Esélyegyenlőségi Program felülvizsgálatáról"
    assert g.value(r, ELI.title) is None


def test_points_with_their_own_owner_and_deadline(built):
    g, _ = built
    r = res("kisvaros", "2023-112")
    p1, p2, p3 = (URIRef(f"{r}/point/{n}") for n in "123")
    assert set(g.objects(r, ELI.has_part)) == {p1, p2, p3}
    assert set(g.objects(p2, ELI.has_part)) == {URIRef(f"{p2}/a"), URIRef(f"{p2}/b")}
    assert g.value(URIRef(f"{p2}/a"), ELI.number) == Literal("a")
    # 1.) Felelős: Dr. Szabó Éva jegyző / Határidő: 2023. október 31. (tab-separated)
    assert set(g.objects(p1, ESELY.responsible)) == {org("kisvaros/jegyzo")}
    assert (org("kisvaros/jegyzo"), ORG.heldBy, URIRef(f"{ID}person/kisvaros/dr-szabo-eva")) in g
    assert str(g.value(g.value(p1, ESELY.deadline), ESELY.originalText)) == "2023. október 31."
    # 2.) Felelős: polgármester, Igazgatási és Szociális Osztály vezetője / Határidő: azonnal
    assert set(g.objects(p2, ESELY.responsible)) == {org("kisvaros/polgarmester"),
                                                     org("kisvaros/igazgatasi-es-szocialis-osztaly")}
    assert (g.value(p2, ESELY.deadline), ESELY.timing, ESELY.Immediate) in g
    assert (org("kisvaros/igazgatasi-es-szocialis-osztaly"), ESELY.flag, ESELY.NotCurated) in g
    assert g.value(r, ESELY.responsible) is None  # no owner line for the whole resolution


def test_reviews_adopts_and_repeals(built):
    g, _ = built
    r = res("kisvaros", "2023-112")
    hep = URIRef(f"{ID}strategy/kisvaros/helyi-eselyegyenlosegi-program")
    assert (URIRef(f"{r}/point/1"), ESELY.reviews, hep) in g and (r, ESELY.reviews, hep) in g
    assert (r, ESELY.adopts, hep) in g
    assert (hep, ESELY.municipality, org("kisvaros")) in g
    # 3.) a 45/2021. (III. 25.) határozatát hatályon kívül helyezi
    assert (URIRef(f"{r}/point/3"), ELI.repeals, res("kisvaros", "2021-45")) in g
    assert (r, ELI.repeals, res("kisvaros", "2021-45")) in g
    assert (r, ELI.amends, None) not in g


def test_kt_hat_heading_over_two_lines_amendment_and_amended_by(built):
    g, _ = built
    r = res("kisvaros", "2023-113")
    assert g.value(r, ELI.id_local) == Literal("113/2023. (IX. 28.)")
    assert {int(str(n).rsplit("/", 1)[1]) for n in g.objects(r, URIRef("http://www.w3.org/ns/prov#wasDerivedFrom"))} >= {1, 3}
    assert str(g.value(g.value(r, ELI.is_realized_by), ELI.title)).endswith("határozat módosításáról")
    assert (URIRef(f"{r}/point/1"), ELI.amends, res("kisvaros", "2022-61")) in g
    assert (res("kisvaros", "2023-130"), ELI.amends, r) in g  # "Módosította: 130/2023. (X. 26.) határozat"
    assert set(g.objects(r, ESELY.responsible)) == {org("kisvaros/polgarmester")}
    assert (org("kisvaros/polgarmester"), ORG.heldBy, URIRef(f"{ID}person/kisvaros/kovacsne-toth-maria")) in g


def test_emergency_mayor_decides_for_the_council(built):
    g, _ = built
    r = res("nagyfalu", "2020-4")
    assert g.value(r, ELI.passed_by) == org("nagyfalu/kepviselo-testulet")
    assert g.value(r, ESELY.decidedBy) == org("nagyfalu/polgarmester")
    assert "46. § (4) bekezdése alapján" in str(g.value(r, ESELY.emergencyBasis))
    assert {str(g.value(p, ELI.number)) for p in g.objects(r, ELI.has_part)} == {"I", "II"}
    assert set(g.objects(r, ESELY.responsible)) == {org("nagyfalu/polgarmester"), org("nagyfalu/falugondnoki-szolgalat")}


def test_committee_and_number_with_date_written_apart(built):
    g, _ = built
    r = res("nagyfalu", "2023-21")
    committee = org("nagyfalu/szocialis-es-egeszsegugyi-bizottsag")
    assert g.value(r, ELI.passed_by) == committee
    assert (committee, RDF.type, ORG.OrganizationalUnit) in g
    assert set(g.objects(r, ESELY.responsible)) == {committee}  # "Szociális és Egészségügyi Bizottság elnöke"
    assert (r, ESELY.reviews, URIRef(f"{ID}strategy/nagyfalu/helyi-eselyegyenlosegi-program")) in g
    assert (r, ESELY.adopts, None) not in g  # it adopts the report (beszámoló), not the programme
    # "35/2023. sz. határozat" … "a 2023. november 30-i ülésén"
    r = res("nagyfalu", "2023-35")
    assert g.value(r, ELI.date_document) == Literal("2023-11-30", datatype=XSD.date)
    assert g.value(r, ELI.passed_by) == org("nagyfalu/kepviselo-testulet")
    assert (org("nagyfalu/alpolgarmester"), ORG.heldBy, URIRef(f"{ID}person/nagyfalu/dr-nagy-peter")) in g


def test_no_number_imports_flagged_with_text_kept(built):
    g, _ = built
    d = URIRef(f"{ID}doc/nagyfalu-hep-szam-nelkul")
    assert (d, ESELY.flag, ESELY.NoResolutionNumber) in g
    assert len(list(g.objects(d, ELI.has_part))) == 2
    assert set(g.objects(d, ESELY.responsible)) == {org("nagyfalu/jegyzo")}
    assert not [s for s in g.subjects(RDF.type, ELI.LegalResource) if "/nagyfalu/" in s and "draft" in s]


def test_proposal_as_published_with_its_draft(built):
    g, _ = built
    d = URIRef(f"{ID}doc/kisvaros-eloterjesztes-hep-2023")
    assert str(g.value(d, ESELY.meetingDate)) == "2023-09-28"
    assert g.value(d, ESELY.submittedTo) == org("kisvaros/kepviselo-testulet")
    assert g.value(d, ESELY.submittedBy) == org("kisvaros/polgarmester")  # "Előterjesztő: Kovácsné Tóth Mária polgármester"
    assert g.value(d, ESELY.preparedBy) == org("kisvaros/igazgatasi-es-szocialis-osztaly")
    assert (d, ESELY.citesResolution, res("kisvaros", "2021-98")) in g
    draft = g.value(d, ESELY.draftResolution)
    assert draft == res("kisvaros", "2023-draft-0928")  # "…/2023. (IX. 28.) határozata" after "Határozati javaslat"
    assert (draft, ESELY.draft, Literal(True)) in g
    hep = URIRef(f"{ID}strategy/kisvaros/helyi-eselyegyenlosegi-program")
    assert (draft, ESELY.adopts, hep) in g and (draft, ESELY.reviews, hep) in g
    assert (URIRef(f"{draft}/point/2"), ELI.repeals, res("kisvaros", "2021-98")) in g
    assert set(g.objects(draft, ESELY.responsible)) == {org("kisvaros/polgarmester")}
    assert (g.value(draft, ESELY.deadline), ESELY.timing, ESELY.Immediate) in g


def test_proposal_without_subject_line_or_meeting_date_is_flagged_not_refused(built):
    g, _ = built
    d = URIRef(f"{ID}doc/nagyfalu-javaslat-munkaterv")
    assert str(g.value(d, DCTERMS.alternative)) == "Javaslat a falugondnoki szolgálat 2024. évi munkatervének elfogadására"
    assert (d, ESELY.flag, ESELY.Unreadable) in g and g.value(d, ESELY.meetingDate) is None
    assert g.value(d, ESELY.draftResolution) is None  # the draft has no number: its owner and deadline are the proposal's
    assert set(g.objects(d, ESELY.responsible)) == {org("nagyfalu/polgarmester")}


@pytest.mark.parametrize("doc_id", sorted(DOCS))
def test_every_line_kept(built, doc_id):
    g, _ = built
    name = DOCS[doc_id][0]
    lines = (FIXTURES / name).read_text(encoding="utf-8").splitlines()
    for n, line in enumerate(lines, 1):
        if line.strip():
            row = URIRef(f"{ID}doc/{doc_id}/line/{n}")
            assert str(g.value(row, ESELY.originalText)) == " ".join(line.split()), n


def test_towns_graph_has_no_violations(built):
    _, out = built
    report = validate(out, resource("shapes"), jobs=1)
    assert [f for f in report.findings if f.severity == "Violation"] == []


# ---------------------------------------------------------------- regressions named for issue #16

def lines_of(text):
    return [Line(i, raw) for i, raw in enumerate(text.split("\n"), 1)]


def test_issue16_five_thousand_digit_point_number():
    digits = "7" * 5000
    text = f"12/2023. (II. 9.) határozat\n1.) első pont\n{digits}.) a pont\nFelelős: jegyző"
    [r] = read_resolutions(lines_of(text))
    assert [p.number for p in r.points] == ["1"]
    assert r.points[0].text.text == f"első pont {digits}.) a pont"  # kept as text, not a number


def test_issue16_five_thousand_digit_deadline_point():
    digits = "9" * 5000
    text = f"12/2023. (II. 9.) határozat\n1.) első pont\n2.) második pont\nHatáridő: {digits}. pont esetében: 2024. május 1."
    [r] = read_resolutions(lines_of(text))
    assert r.deadline.text.startswith(digits[:10])
    assert [p.deadline for p in r.points] == [None, None]


# ---------------------------------------------------------------- point and field forms, one row per spelling

POINT_FORMS = [
    ("1. elfogadja\n2. felkéri", ["1", "2"]),
    ("1.) elfogadja\n2.) felkéri", ["1", "2"]),
    ("1./ elfogadja\n2./ felkéri", ["1", "2"]),
    ("- 1.) elfogadja\n- 2.) felkéri", ["1", "2"]),
    ("I. elfogadja\nII. felkéri", ["I", "II"]),
    ("a) elfogadja\nb) felkéri", ["a", "b"]),
    ("1. elfogadja:\na) a programot,\nb) a tervet;\n2. felkéri", ["1", "1/a", "1/b", "2"]),
    ("I. elfogadja:\n1. a programot,\n2. a tervet;\nII. felkéri", ["I", "I/1", "I/2", "II"]),
]


def _paths(points, prefix=""):
    out = []
    for p in points:
        out.append(prefix + p.number)
        out.extend(_paths(p.points, prefix + p.number + "/"))
    return out


@pytest.mark.parametrize("body,expected", POINT_FORMS)
def test_point_forms(body, expected):
    [r] = read_resolutions(lines_of(f"12/2024. (II. 15.) határozat\n\n{body}\n\nFelelős: jegyző\nHatáridő: azonnal"))
    assert _paths(r.points) == expected
    assert (r.owner.text, r.deadline.text) == ("jegyző", "azonnal")  # after the last point: the whole resolution's


@pytest.mark.parametrize("field", ["Felelős: polgármester", "Felelős:\tpolgármester", "Felelős\tpolgármester",
                                   "felelős : polgármester", "A végrehajtásért felelős: polgármester"])
def test_owner_line_forms_per_point(field):
    [r] = read_resolutions(lines_of(f"12/2024. (II. 15.) határozat\n1. elfogadja\n{field}\nHatáridő:\tazonnal\n"
                                    f"2. felkéri\nFelelős: jegyző\nHatáridő: 2024. március 1."))
    assert [(p.owner.text, p.deadline.text) for p in r.points] == [("polgármester", "azonnal"),
                                                                   ("jegyző", "2024. március 1.")]
    assert r.owner is None and r.deadline is None


def test_owner_continued_on_an_indented_line():
    [r] = read_resolutions(lines_of("12/2024. (II. 15.) határozat\n1. elfogadja\nFelelős:\tpolgármester\n\tjegyző"))
    assert r.owner.text == "polgármester\njegyző" and r.owner.lines == [3, 4]


def test_several_resolutions_in_one_text():
    text = ("Kisváros Község Önkormányzata Képviselő-testületének 112/2023. (IX. 28.) határozata\n1. elfogadja\n\n"
            "Kisváros Község Önkormányzata Képviselő-testületének 113/2023. (IX. 28.) határozata\n1. felkéri")
    assert [r.ref.local_id for r in read_resolutions(lines_of(text))] == ["112/2023. (IX. 28.)", "113/2023. (IX. 28.)"]


# ---------------------------------------------------------------- the readers' corpus: the same resolution as .txt, .docx, .pdf

from corpus.kisvaros import KISVAROS  # noqa: E402  (the readers' test corpus of two other towns)
from corpus.toparti import TOPARTI  # noqa: E402
from corpus.writers import write_prose  # noqa: E402
from esely_graph.build import BuildContext  # noqa: E402
from esely_graph.importers.council_resolution import read  # noqa: E402
from esely_graph.normalise.names import Entry  # noqa: E402
from esely_graph.normalise.statutory import read_owners  # noqa: E402
from esely_graph.vocab import Vocabularies  # noqa: E402

CORPUS = {  # town -> (id, number, points, owners written by hand from tests/corpus/*.py)
    "Kisváros": (KISVAROS, "kisvaros", "112/2023. (IX. 28.)", ["1", "2"], ["kisvaros/polgarmester", "kisvaros/jegyzo"]),
    "Tóparti": (TOPARTI, "toparti", "45/2024. (VI. 27.)", ["1", "2"], ["toparti/jegyzo"]),
}


@pytest.mark.parametrize("fmt", ["txt", "docx", "pdf"])
@pytest.mark.parametrize("name", sorted(CORPUS))
def test_corpus_resolution_from_every_format(tmp_path, name, fmt):
    town, muni, number, points, owner_ids = CORPUS[name]
    path = write_prose(town.resolution, fmt, tmp_path / f"{muni}-hatarozat.{fmt}")
    [r] = read(path, path.name, None).resolutions
    assert r.ref.local_id == number
    assert [p.number for p in r.points] == points
    ctx = BuildContext(Vocabularies([Entry(muni, name, "municipality")], [], {}, {}), None)
    owners = read_owners(ctx.owners(muni), muni, r.owner.text)
    assert [o.entry.id for o in owners] == owner_ids
    assert r.deadline is not None
