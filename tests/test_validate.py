"""esely-graph validate: the committed graph (validated once per run, see conftest.validated), the
split into units against one pySHACL run over the whole graph, the clock, and the CLI on a tiny graph."""

import datetime as dt
import json
import shutil
from collections import Counter

import pytest
from click.testing import CliRunner
from pyshacl import validate as pyshacl_validate
from rdflib import Graph
from rdflib.namespace import RDF, SH

from esely_graph.cli import main
from esely_graph.queries import bind_params, get_query, run_sparql
from esely_graph.validate import Report, format_text, validate
from esely_graph.validate.findings import Finding
from esely_graph.validate.shapes import load_shapes
from conftest import AS_OF, ROOT, SHAPES, TTL

FIX = ROOT / "tests" / "fixtures" / "shapes"
EX = "https://w3id.org/esely/id/doc/fixture/"


def run(*args):
    return CliRunner().invoke(main, [str(a) for a in args])


def tiny_graph(tmp_path, update: str | None = None):
    """tests/fixtures/shapes/good.ttl as a built graph: one document file plus ontology and target groups."""
    out = tmp_path / "ttl"
    out.mkdir()
    g = Graph().parse(FIX / "good.ttl")
    if update:
        g.update(update)
    g.serialize(out / "fixture.ttl", format="turtle")
    for name in ("ontology.ttl", "target-groups.ttl"):
        shutil.copy(TTL / name, out / name)
    return out


def overdue_in(update_body: str) -> str:
    return ("PREFIX ex: <%s> PREFIX time: <http://www.w3.org/2006/time#> PREFIX xsd: <http://www.w3.org/2001/XMLSchema#> "
            % EX) + update_body


PAST_DEADLINE = overdue_in('DELETE { ex:deadline-begin time:inXSDDate ?b . ex:deadline-end time:inXSDDate ?e } '
                           'INSERT { ex:deadline-begin time:inXSDDate "2020-01-01"^^xsd:date . '
                           'ex:deadline-end time:inXSDDate "2020-06-30"^^xsd:date } '
                           'WHERE { ex:deadline-begin time:inXSDDate ?b . ex:deadline-end time:inXSDDate ?e }')


def test_committed_graph_has_no_violations_and_its_real_findings(validated):
    kinds = Counter((f.document, f.severity, f.shape.rsplit("#", 1)[1]) for f in validated.findings)
    assert validated.counts()["violation"] == 0
    # "2. pont esetében: … 2022. évi felülvizsgálata" is read as event-based (issue 11), not unreadable
    assert kinds[("jozsefvaros-kt-482-2021", "warning", "Deadline-readable")] == 0
    assert kinds[("jozsefvaros-roma-strategia-it", "warning", "Start-readable")] == 1  # "2025 1. félév 2025 2. félév" (lines 23-24)
    assert kinds[("jozsefvaros-roma-strategia-it", "warning", "Resource-readable")] == 2
    assert kinds[("jozsefvaros-hep-he", "info", "Flagged-note")] == 3  # lines 51-53
    assert kinds[("jozsefvaros-hep-it", "info", "Flagged-note")] == 1  # stray "nyelvi", line 15
    assert kinds[("jozsefvaros-roma-strategia-it", "info", "Flagged-note")] == 21
    # as of 2024-01-01 two deadlines have ended: HEP IT line 10 "2023. június 15." (measure 0/3) and
    # Roma strategy line 87 "2023 november" (measure 5/5); every other deadline ends in 2024 or later
    overdue = [(f.document, f.line, f.detail) for f in validated.findings if f.shape.endswith("#Overdue-completed")]
    assert overdue == [("jozsefvaros-hep-it", 10, "»2023. június 15.« → 2023-06-15"),
                       ("jozsefvaros-roma-strategia-it", 87, "»2023 november« → 2023-11-30")]


def test_findings_carry_file_line_and_text(validated):
    f = next(f for f in validated.findings if f.focus.endswith("/doc/jozsefvaros-hep-it/measure/I-2")
             and f.severity == "info")
    assert (f.file, f.line, f.text) == ("sources/jozsefvaros-hep-intezkedesi-terv.tsv", 15, "nyelvi akadálymentesítés")
    assert "nyelvi" in f.detail


def test_serial_validation_gives_the_same_findings(validated):
    assert validate(TTL, SHAPES, jobs=1, as_of=AS_OF).findings == validated.findings


def test_units_find_exactly_what_one_pyshacl_run_over_the_whole_graph_finds(validated):
    """Splitting into units (each with only the vocabulary it names) and running the declared-terms
    constraint on Oxigraph loses and adds nothing: the reference is plain pySHACL, all shapes, all files."""
    g = Graph()
    for f in sorted(TTL.glob("*.ttl")):
        g.parse(f)
    _, res, _ = pyshacl_validate(g, shacl_graph=load_shapes(SHAPES, AS_OF).full, advanced=True, inference="none",
                                 allow_warnings=True, allow_infos=True, inplace=True)
    reference = {(str(res.value(r, SH.focusNode)), str(res.value(r, SH.sourceShape)),
                  str(res.value(r, SH.sourceConstraintComponent)), str(res.value(r, SH.value)))
                 for r in res.subjects(RDF.type, SH.ValidationResult)}
    assert {(f.focus, f.shape, f.component, str(f.value)) for f in validated.findings} == reference
    report = next(validated.graph.subjects(RDF.type, SH.ValidationReport))
    assert len(list(validated.graph.objects(report, SH.result))) == len(reference)


def test_validate_and_the_overdue_query_agree_on_the_day(validated, store):
    """One clock: validate --as-of D finds overdue exactly what report and site list for D."""
    query = get_query(ROOT / "queries", "overdue-measures")
    _, rows = run_sparql(store, query.text, bind_params(query, {"as_of": AS_OF.isoformat()}))
    listed = {r["item"].value for r in rows}
    found = {f.focus for f in validated.findings if f.shape.endswith("#Overdue-completed")}
    assert found == listed and len(found) == 2


def test_the_day_decides_what_is_overdue(tmp_path):
    ttl = tiny_graph(tmp_path, PAST_DEADLINE)  # the deadline ended 2020-06-30
    before = validate(ttl, SHAPES, jobs=1, as_of=dt.date(2020, 6, 30))
    after = validate(ttl, SHAPES, jobs=1, as_of=dt.date(2020, 7, 1))
    assert before.findings == []
    assert [(f.focus, f.shape.rsplit("#")[1], f.detail) for f in after.findings] \
        == [(EX + "m1", "Overdue-completed", "»2099 1. félév« → 2020-06-30")]


def test_an_undeclared_term_is_found_once_and_named_for_its_document(tmp_path):
    ttl = tiny_graph(tmp_path, "PREFIX esely: <https://w3id.org/esely/ontology#> "
                               "INSERT DATA { <%sm1> esely:madeUpProperty 'x' }" % EX)
    report = validate(ttl, SHAPES, jobs=2, as_of=AS_OF)
    assert [(f.document, f.focus, f.value, f.severity) for f in report.findings] == [
        ("fixture", "https://w3id.org/esely/ontology", "https://w3id.org/esely/ontology#madeUpProperty", "violation")]
    assert report.findings[0].message_en == ("The esely: term https://w3id.org/esely/ontology#madeUpProperty "
                                             "is used but not declared in the ontology")


def _report(violations: int, warnings: int, infos: int, units: int) -> Report:
    def finding(severity):
        return Finding("d", "f", severity, "s", "c", None, None, "", "", None, None, None)
    return Report([finding("violation")] * violations + [finding("warning")] * warnings + [finding("info")] * infos,
                  Graph(), units)


@pytest.mark.parametrize("counts, lang, line", [
    ((1, 0, 2, 1), "hu", "Összesen: 1 szabálysértés, 0 figyelmeztetés, 2 megjegyzés (1 ellenőrzési egység)"),
    ((0, 59, 25, 7), "hu", "Összesen: 0 szabálysértés, 59 figyelmeztetés, 25 megjegyzés (7 ellenőrzési egység)"),
    ((1, 1, 1, 1), "en", "Total: 1 violation, 1 warning, 1 note (1 unit)"),
    ((0, 59, 25, 7), "en", "Total: 0 violations, 59 warnings, 25 notes (7 units)"),
])
def test_summary_line_is_grammatical(counts, lang, line):
    assert format_text(_report(*counts), lang).splitlines()[-1] == line


def test_cli_exit_codes_and_summary(tmp_path):
    ttl = tiny_graph(tmp_path, PAST_DEADLINE)
    ok = run("validate", "--data", ttl, "--as-of", "2024-01-01")
    assert ok.exit_code == 0, ok.output
    assert "Összesen: 0 szabálysértés, 1 figyelmeztetés, 0 megjegyzés (2 ellenőrzési egység)" in ok.output
    assert "== Dokumentum: fixture (1) ==" in ok.output
    strict = run("validate", "--data", ttl, "--as-of", "2024-01-01", "--fail-on", "warning", "--lang", "en")
    assert strict.exit_code == 1
    assert "Total: 0 violations, 1 warning, 0 notes (2 units)" in strict.output
    early = run("validate", "--data", ttl, "--as-of", "2020-01-01", "--fail-on", "warning")
    assert early.exit_code == 0 and "Nincs eltérés." in early.output


def test_cli_json_and_turtle(tmp_path):
    ttl = tiny_graph(tmp_path, PAST_DEADLINE)
    data = json.loads(run("validate", "--data", ttl, "--as-of", "2024-01-01", "--format", "json").stdout)
    assert data["counts"] == {"violation": 0, "warning": 1, "info": 0}
    assert data["findings"][0]["focus"] == EX + "m1"
    out = run("validate", "--data", ttl, "--as-of", "2024-01-01", "--format", "turtle").stdout
    g = Graph().parse(data=out, format="turtle")
    report = next(g.subjects(RDF.type, SH.ValidationReport))
    [result] = g.objects(report, SH.result)
    assert (result, SH.focusNode, None) in g and str(g.value(result, SH.focusNode)) == EX + "m1"


def test_a_broken_graph_fails_validation(tmp_path):
    """A measure without its title is a violation: validate exits 1 and says which column."""
    ttl = tiny_graph(tmp_path, "PREFIX dcterms: <http://purl.org/dc/terms/> "
                               "DELETE WHERE { <%sm1> dcterms:title ?t }" % EX)
    result = run("validate", "--data", ttl, "--lang", "hu")
    assert result.exit_code == 1
    assert "fixture/m1" in result.output and "A oszlop (az intézkedés címe)" in result.output
    assert "Összesen: 1 szabálysértés" in result.output


def test_bad_input_is_a_clear_error(tmp_path):
    ttl = tiny_graph(tmp_path)
    (ttl / "fixture.ttl").write_text("this is not turtle", encoding="utf-8")
    result = run("validate", "--data", ttl)
    assert result.exit_code == 1 and "fixture.ttl: not valid Turtle / nem érvényes Turtle" in result.output
    assert "Traceback" not in result.output
