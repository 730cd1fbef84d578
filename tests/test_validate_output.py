"""The validation's JSON (``validate.output.format_json``), written value by value, is what
``json.dumps(…, ensure_ascii=False, indent=1)`` writes, byte for byte."""

import json

from rdflib import Literal

from esely_graph.validate.findings import Finding, Report
from esely_graph.validate.output import format_json

DOC = "https://w3id.org/esely/id/doc/varos-hep-it/"


def _reference(report: Report) -> str:
    counts = report.counts()
    return json.dumps({"counts": {s: counts.get(s, 0) for s in ("violation", "warning", "info")},
                       "findings": [f._asdict() for f in report.findings]}, ensure_ascii=False, indent=1) + "\n"


def test_the_json_is_json_dumps_with_an_indent_of_one():
    f = Finding("varos-hep-it", DOC + "measure/2", "warning", "eshp:MeasureShape", "sh:minCount", "esely:deadline",
                None, "Nincs határidő: „2027. II.”", "No deadline \"yet\"\n\t\\", "sources/varos-hep-it.tsv", 7,
                "ő ű \u2028 \x00 é", None)
    odd = f._replace(value=Literal("2027. II. félév"), line=0, severity="violation", detail="")
    report = Report([f, odd, f._replace(line=None, file=None, text=None)], None, 3)
    assert format_json(report) == _reference(report)
    assert json.loads(format_json(report))["findings"][1]["value"] == "2027. II. félév"
    assert format_json(Report([], None, 0)) == _reference(Report([], None, 0))
