"""esely-graph validate on the committed graph and on broken copies."""

import json
import shutil
from collections import Counter

from click.testing import CliRunner
from rdflib import Graph
from rdflib.namespace import RDF, SH

from esely_graph.cli import main
from esely_graph.validate import validate
from conftest import ROOT, TTL

SHAPES = ROOT / "shapes"


def run(*args):
    return CliRunner().invoke(main, [str(a) for a in args])


import pytest


@pytest.fixture(scope="module")
def report():
    return validate(TTL, SHAPES, jobs=1)


def test_committed_graph_has_no_violations_and_its_real_findings(report):
    kinds = Counter((f.document, f.severity, f.shape.rsplit("#", 1)[1]) for f in report.findings)
    assert report.counts()["violation"] == 0
    # findings that do not depend on today's date, counted from the seeds
    # "2. pont esetében: … 2022. évi felülvizsgálata" is read as event-based (issue 11), not unreadable
    assert kinds[("jozsefvaros-kt-482-2021", "warning", "Deadline-readable")] == 0
    assert kinds[("jozsefvaros-roma-strategia-it", "warning", "Start-readable")] == 1  # "2025 1. félév 2025 2. félév" (lines 23-24)
    assert kinds[("jozsefvaros-roma-strategia-it", "warning", "Resource-readable")] == 2
    assert kinds[("jozsefvaros-hep-he", "info", "Flagged-note")] == 3  # lines 51-53
    assert kinds[("jozsefvaros-hep-it", "info", "Flagged-note")] == 1  # stray "nyelvi", line 15
    assert kinds[("jozsefvaros-roma-strategia-it", "info", "Flagged-note")] == 21
    # every HEP IT deadline (2023-2024) is past: all 22 measures are overdue from now on
    assert kinds[("jozsefvaros-hep-it", "warning", "Overdue-completed")] == 22
    assert kinds[("jozsefvaros-roma-strategia-it", "warning", "Overdue-completed")] >= 32


def test_findings_carry_file_line_and_text(report):
    f = next(f for f in report.findings if f.focus.endswith("/doc/jozsefvaros-hep-it/measure/I-2")
             and f.severity == "info")
    assert (f.file, f.line, f.text) == ("sources/jozsefvaros-hep-intezkedesi-terv.tsv", 15, "nyelvi akadálymentesítés")
    assert "nyelvi" in f.detail


def test_parallel_validation_gives_the_same_findings(report):
    assert validate(TTL, SHAPES, jobs=2).findings == report.findings


def test_cli_exit_codes_and_summary():
    ok = run("validate", "--data", TTL)
    assert ok.exit_code == 0
    assert "Összesen: 0 szabálysértés" in ok.output
    assert "== Dokumentum: jozsefvaros-hep-it" in ok.output
    strict = run("validate", "--data", TTL, "--fail-on", "warning", "--lang", "en")
    assert strict.exit_code == 1
    assert "Total: 0 violation" in strict.output


def test_cli_json_and_turtle():
    data = json.loads(run("validate", "--data", TTL, "--format", "json").stdout)
    assert data["counts"]["violation"] == 0 and data["counts"]["warning"] >= 54
    ttl = run("validate", "--data", TTL, "--format", "turtle").stdout
    g = Graph().parse(data=ttl, format="turtle")
    report = next(g.subjects(RDF.type, SH.ValidationReport))
    assert len(list(g.objects(report, SH.result))) == data["counts"]["warning"] + data["counts"]["info"]


def test_a_broken_graph_fails_validation(tmp_path):
    """Blanking a measure's title in the built graph is a violation: validate exits 1."""
    broken = tmp_path / "ttl"
    shutil.copytree(TTL, broken)
    path = broken / "jozsefvaros-hep-it.ttl"
    text = path.read_text(encoding="utf-8")
    text = text.replace('dcterms:title "rezsiválság kezelése"@hu ;', "", 1)
    path.write_text(text, encoding="utf-8")
    result = run("validate", "--data", broken)
    assert result.exit_code == 1
    assert "measure/I-1" in result.output and "A oszlop" in result.output
