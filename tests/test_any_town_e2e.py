"""End to end: another town's plan as Word, Excel, PDF and CSV goes through the whole build and gives
the same measures (codes, titles, owners, deadlines, amounts) in the graph, each row traceable to
its place in the file (issue: any municipality's plan, as municipalities publish it)."""

import shutil

import pyoxigraph as ox
import pytest

from corpus.kisvaros import KISVAROS
from corpus.writers import FORMATS, write
from esely_graph.build import build
from conftest import DATA

PREFIX = "PREFIX esely: <https://w3id.org/esely/ontology#> PREFIX dcterms: <http://purl.org/dc/terms/> "
PLAN = next(t for t in KISVAROS.tables if t.kind == "hep-action-plan")
MUNI = """
[[org]]
id = "kisvaros-test"
kind = "municipality"
fictional = true
label = "Kisváros Község Önkormányzata"
aliases = []
basis = "test corpus"
"""


def project_with(tmp_path, fmt):
    data = tmp_path / "data"
    shutil.copytree(DATA, data, ignore=shutil.ignore_patterns("ttl"))
    src = write(PLAN, fmt, data / "sources")
    with (data / "vocab" / "organisations.toml").open("a", encoding="utf-8") as fh:
        fh.write(MUNI)
    with (data / "sources.toml").open("a", encoding="utf-8") as fh:
        fh.write(f'\n[[document]]\nid = "kisvaros-hep-it-{fmt}"\nfile = "sources/{src.name}"\n'
                 f'kind = "hep-action-plan"\nmunicipality = "kisvaros-test"\n'
                 f'title = "Kisváros HEP IT"\nyear = 2019\n')
    return data


@pytest.fixture(scope="module", params=FORMATS)
def built(request, tmp_path_factory):
    tmp = tmp_path_factory.mktemp(request.param)
    data = project_with(tmp, request.param)
    result = build(data, data / "ttl", strict=True)
    store = ox.Store()
    for f in sorted((data / "ttl").glob("*.ttl")):
        store.bulk_load(path=str(f), format=ox.RdfFormat.TURTLE)
    return request.param, store, result


def rows(store, query):
    return [tuple(None if v is None else v.value for v in r) for r in store.query(PREFIX + query)]


def test_same_measures_in_the_graph_from_every_format(built):
    fmt, store, _ = built
    doc = f"https://w3id.org/esely/id/doc/kisvaros-hep-it-{fmt}"
    got = rows(store, f"""SELECT ?code ?title ?owners ?deadline ?amount WHERE {{
        ?m dcterms:isPartOf <{doc}> ; a esely:HepMeasure ; esely:code ?code ; dcterms:title ?title .
        OPTIONAL {{ ?m esely:ownerText ?owners }}
        OPTIONAL {{ ?m esely:deadline/esely:originalText ?deadline }}
        OPTIONAL {{ ?m esely:hasResource/esely:originalText ?amount }} }} ORDER BY ?code""")
    norm = lambda s: " ".join((s or "").split())
    expected = sorted((m.code, m.title, m.owners, m.deadline, m.amount) for m in PLAN.measures)
    assert sorted((c, norm(t), norm(o), norm(d), norm(a)) for c, t, o, d, a in got) == expected


def test_every_row_knows_its_place_in_the_file(built):
    fmt, store, _ = built
    doc = f"https://w3id.org/esely/id/doc/kisvaros-hep-it-{fmt}"
    places = [p for (p,) in rows(store, f"""SELECT ?place WHERE {{
        ?r a esely:SourceRow ; dcterms:isPartOf <{doc}> . OPTIONAL {{ ?r esely:sourcePlace ?place }} }}""")]
    assert places
    word = {"docx": "table", "xlsx": "sheet 'Intézkedések'", "pdf": "page", "csv": None}[fmt]
    if word is None:
        assert places == [None] * len(places)  # a text file has lines: esely:lineNumber says it all
    else:
        assert all(p is not None and word in p for p in places), places[:5]


def test_the_seed_documents_are_built_beside_it(built):
    _, _, result = built
    assert "jozsefvaros-hep-it.ttl" in result.files and result.skipped == []


def test_a_column_outside_the_template_is_kept_with_its_header(built):
    fmt, store, _ = built
    doc = f"https://w3id.org/esely/id/doc/kisvaros-hep-it-{fmt}"
    got = rows(store, f"""SELECT ?header ?text WHERE {{
        ?m dcterms:isPartOf <{doc}> ; esely:otherColumnCell ?c . ?c esely:headerText ?header ; esely:originalText ?text }}""")
    col = PLAN.keys.index("extra")
    expected = sorted(("Megjegyzés", " ".join(str(r[col] if isinstance(r[col], str) else r[col].text).split()))
                      for r in PLAN.rows if isinstance(r, list) and r[col] and (r[col] if isinstance(r[col], str) else r[col].text).strip())
    assert sorted((h, " ".join(t.split())) for h, t in got) == expected and expected
