"""The triples build/values.py writes for deadlines and resources, one case per new kind of fact,
and the issue-16 regression through importer and build (a cell is cleaned once, not twice)."""

import os
from decimal import Decimal

import pytest
from conftest import DATA
from rdflib import Literal, URIRef
from rdflib import namespace as ns

from esely_graph.build import KINDS, DocumentGraph
from esely_graph.build.context import BuildContext
from esely_graph.importers.context import ImportContext
from esely_graph.manifest import DocumentMeta, load_manifest
from esely_graph.namespaces import ESELY, SCHEMA
from esely_graph.normalise.target_groups import TargetGroupMatcher
from esely_graph.records import Cell
from esely_graph.vocab import load_vocabularies

NODE = URIRef("https://w3id.org/esely/id/doc/fixture/measure/1")


@pytest.fixture(scope="module")
def dg() -> DocumentGraph:
    meta = DocumentMeta("fixture", "sources/fixture.tsv", "hep-action-plan", "jozsefvaros", "Fixture", year=2024)
    return DocumentGraph(meta, BuildContext(load_vocabularies(DATA), None), ESELY.ActionPlan)


def deadline(dg, text, name):
    dg.time(NODE, ESELY.deadline, Cell(text, "H", [7]), name)
    return URIRef(f"{NODE}/{name}")


def resource(dg, text, key):
    dg.resource(NODE, Cell(text, "J", [7]), key)
    return URIRef(f"{NODE}/resource/{key}")


def date_of(dg, ts, part):
    return dg.g.value(dg.g.value(ts, part), ns.TIME.inXSDDate)


def test_school_year(dg):
    ts = deadline(dg, "2025/2026. tanév", "school-year")
    assert date_of(dg, ts, ns.TIME.hasBeginning) == Literal("2025-09-01", datatype=ns.XSD.date)
    assert date_of(dg, ts, ns.TIME.hasEnd) == Literal("2026-08-31", datatype=ns.XSD.date)
    assert dg.g.value(ts, ESELY.granularity) == ESELY.unitSchoolYear


def test_range_of_years(dg):
    ts = deadline(dg, "2024–2028", "range")
    assert date_of(dg, ts, ns.TIME.hasEnd) == Literal("2028-12-31", datatype=ns.XSD.date)
    assert set(dg.g.objects(ts, ESELY.flag)) == {ESELY.Range}


def test_from_a_date_has_a_beginning_and_no_end(dg):
    ts = deadline(dg, "2025-től", "from")
    assert date_of(dg, ts, ns.TIME.hasBeginning) == Literal("2025-01-01", datatype=ns.XSD.date)
    assert dg.g.value(ts, ns.TIME.hasEnd) is None
    assert set(dg.g.objects(ts, ESELY.timing)) == {ESELY.OpenEnded}  # a fact about the deadline, not a flag


def test_event_based_has_no_interval(dg):
    ts = deadline(dg, "a pályázat megjelenésekor", "event")
    assert set(dg.g.objects(ts, ESELY.timing)) == {ESELY.EventBased}
    assert dg.g.value(ts, ns.TIME.hasEnd) is None and dg.g.value(ts, ESELY.granularity) is None
    assert dg.g.value(ts, ESELY.originalText) == Literal("a pályázat megjelenésekor", lang="hu")


def test_yearly_on_a_day(dg):
    ts = deadline(dg, "évente, március 31.", "yearly")
    assert dg.g.value(ts, ESELY.recurrence) == Literal("P1Y", datatype=ns.XSD.duration)
    assert dg.g.value(ts, ESELY.recurringOn) == Literal("--03-31", datatype=ns.XSD.gMonthDay)
    assert dg.g.value(ts, ESELY.granularity) == ns.TIME.unitDay
    assert dg.g.value(ts, ns.TIME.hasEnd) is None


def test_range_amount_has_low_and_high_and_no_value(dg):
    res = resource(dg, "1-2 M Ft pályázati forrás", "range")
    a = dg.g.value(res, ESELY.hasAmount)
    assert (a, ns.RDF.type, SCHEMA.MonetaryAmount) in dg.g
    assert dg.g.value(a, SCHEMA.value) is None
    assert dg.g.value(a, SCHEMA.minValue).toPython() == Decimal(1000000)
    assert dg.g.value(a, SCHEMA.maxValue).toPython() == Decimal(2000000)
    assert set(dg.g.objects(a, ESELY.flag)) == {ESELY.Range}
    assert set(dg.g.objects(res, ESELY.fundingSource)) == {ESELY.Grant}


def test_per_year_amount_with_its_programme_code(dg):
    res = resource(dg, "300 e Ft/év EFOP-1.2.3-17 és saját forrás", "per-year")
    a = dg.g.value(res, ESELY.hasAmount)
    assert dg.g.value(a, SCHEMA.value).toPython() == Decimal(300000)
    assert dg.g.value(a, ESELY.perPeriod) == Literal("P1Y", datatype=ns.XSD.duration)
    assert dg.g.value(res, ESELY.fundingCode) == Literal("EFOP-1.2.3-17")
    assert set(dg.g.objects(res, ESELY.fundingSource)) == {ESELY.EuFund, ESELY.OwnFunds}


def test_huge_amount_is_flagged_not_written(dg):
    res = resource(dg, "bruttó " + "9" * 40 + " Ft", "huge")
    assert dg.g.value(res, ESELY.hasAmount) is None
    assert set(dg.g.objects(res, ESELY.flag)) == {ESELY.AmountNotRead, ESELY.Unreadable}
    (note,) = [str(c) for n in dg.g.objects(res, ESELY.parseNote) if (n, ESELY.flagClass, ESELY.AmountNotRead) in dg.g
               for c in dg.g.objects(n, ns.RDFS.comment)]
    assert "not a plausible amount" in note


def test_deadline_and_budget_cells_cleaned_twice(data_copy):
    """Issue 16: '&lt;b&gt;' typed in a cell came out as '' (unescaped by the importer, then stripped
    by the parser). The budget and end cells now keep '<b>' as the clerk typed it."""
    manifest = load_manifest(data_copy)
    meta = next(d for d in manifest.documents if d.id == "jozsefvaros-roma-strategia-it")
    path = manifest.source_path(meta)
    lines = path.read_text(encoding="utf-8").split("\n")
    n = next(i for i, line in enumerate(lines) if line.endswith("\tbruttó 600 000 Ft"))
    cells = lines[n].split("\t")
    cells[-1] = "bruttó 1 000 Ft &lt;b&gt;Pályázat"
    cells[-3] = "2024 augusztus &lt;b&gt;"
    lines[n] = "\t".join(cells)
    path.write_text("\n".join(lines), encoding="utf-8")
    matcher = TargetGroupMatcher.from_file(DATA.parent / "ontology" / "target-groups.ttl")
    ctx = BuildContext(load_vocabularies(data_copy), matcher)
    kind = KINDS[meta.kind]
    records = kind.read(path, os.path.relpath(path), ImportContext(matcher, ctx.owners(meta.municipality)), meta.encoding)
    out = DocumentGraph(meta, ctx, kind.doc_class)
    kind.write(out, records)
    texts = {str(o) for o in out.g.objects(None, ESELY.originalText)}
    assert "bruttó 1 000 Ft <b>Pályázat" in texts
    assert "2024 augusztus <b>" in texts
    assert "bruttó 1 000 Ft Pályázat" not in texts
