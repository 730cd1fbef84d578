"""``validation.txt`` and ``validation.json`` written again from the last files' unchanged parts
(``validate/kept_output.py``) are what ``format_text`` and ``format_json`` write, byte for byte, and only the
changed documents' parts are formatted."""

import os

import pytest
from rdflib import Literal

from esely_graph.validate import kept_output
from esely_graph.validate.findings import Finding, Report
from esely_graph.validate.merge import ordered
from esely_graph.validate.output import format_json, format_text

ID = "https://w3id.org/esely/id/doc/"


def _finding(doc: str, n: int, **kw) -> Finding:
    f = Finding(doc, f"{ID}{doc}/measure/{n}", "warning", "https://w3id.org/esely/shapes#MeasureShape",
                "http://www.w3.org/ns/shacl#MinCountConstraintComponent", "https://w3id.org/esely/ontology#deadline",
                None, "Nincs határidő", "No deadline", f"sources/{doc}.docx", 10 + n, f"„{n}. intézkedés”", None)
    return f._replace(**kw)


def _report(findings) -> Report:
    return Report(ordered(findings), None, 7)


def _corpus() -> list[Finding]:
    return [_finding("alsohegy-hep-it", 1), _finding("alsohegy-hep-it", 2, severity="violation", detail="„2 M Ft”"),
            _finding("alsohegy-hep-it", 2, shape="eshp:Other", value=Literal("2027. II. félév")),
            _finding("felsovolgy-hep", 1, file=None, line=None, text=None),
            _finding("kisrét-lakas", 3, message_en='say "no"\n\tthen', text="ő" * 90),
            _finding("(vocabulary)", 4, severity="info")]


def _written(out) -> tuple[str, str]:
    return (out / "validation.txt").read_text(encoding="utf-8"), (out / "validation.json").read_text(encoding="utf-8")


def _expected(report: Report) -> tuple[str, str]:
    return format_text(report, "hu"), format_json(report)


@pytest.fixture
def counted(monkeypatch):
    """The documents whose text part was formatted, in order."""
    seen = []
    real = kept_output.text_section

    def section(doc, findings, lang):
        seen.append(doc)
        return real(doc, findings, lang)

    monkeypatch.setattr(kept_output, "text_section", section)
    return seen


def test_a_first_run_writes_what_format_text_and_format_json_write(tmp_path, counted):
    report = _report(_corpus())
    assert kept_output.write_outputs(report, tmp_path) == (tmp_path / "validation.txt", tmp_path / "validation.json")
    assert _written(tmp_path) == _expected(report)
    assert counted == ["alsohegy-hep-it", "felsovolgy-hep", "kisrét-lakas", "(vocabulary)"]


def test_an_update_formats_only_the_documents_whose_findings_changed(tmp_path, counted):
    kept_output.write_outputs(_report(_corpus()), tmp_path)
    counted.clear()
    changed = _corpus()
    changed[3] = changed[3]._replace(message_hu="Nincs felelős")  # felsovolgy-hep's one finding
    report = _report(changed)
    kept_output.write_outputs(report, tmp_path)
    assert _written(tmp_path) == _expected(report)
    assert counted == ["felsovolgy-hep"]


@pytest.mark.parametrize("edit", ["drop a document", "add a document", "drop a finding", "no findings left",
                                  "the same again"])
def test_every_kind_of_change_gives_the_whole_formatting(tmp_path, edit):
    kept_output.write_outputs(_report(_corpus()), tmp_path)
    findings = _corpus()
    if edit == "drop a document":
        findings = [f for f in findings if f.document != "felsovolgy-hep"]
    elif edit == "add a document":
        findings += [_finding("bbb-hep", 1), _finding("bbb-hep", 7, severity="violation")]
    elif edit == "drop a finding":
        del findings[1]
    elif edit == "no findings left":
        findings = []
    report = _report(findings)
    kept_output.write_outputs(report, tmp_path)
    assert _written(tmp_path) == _expected(report)
    second = _report(_corpus())  # and back again, from what this run kept
    kept_output.write_outputs(second, tmp_path)
    assert _written(tmp_path) == _expected(second)


def test_a_file_changed_by_someone_else_is_not_copied_from(tmp_path, counted):
    kept_output.write_outputs(_report(_corpus()), tmp_path)
    text = tmp_path / "validation.txt"
    edited = text.read_bytes().replace("Nincs határidő".encode(), "Nincs HATÁRIDŐ".encode())
    st = text.stat()
    text.write_bytes(edited)  # the same size and inode: its time tells
    os.utime(text, ns=(st.st_atime_ns, st.st_mtime_ns + 1))
    counted.clear()
    report = _report(_corpus())
    kept_output.write_outputs(report, tmp_path)
    assert _written(tmp_path) == _expected(report)
    assert len(counted) == 4


def test_an_unreadable_index_or_another_language_formats_everything(tmp_path, counted):
    kept_output.write_outputs(_report(_corpus()), tmp_path)
    kept_output.index_path(tmp_path).write_bytes(b"not marshal")
    counted.clear()
    report = _report(_corpus())
    kept_output.write_outputs(report, tmp_path)
    assert _written(tmp_path) == _expected(report) and len(counted) == 4
    counted.clear()
    kept_output.write_outputs(report, tmp_path, lang="en")
    assert _written(tmp_path) == (format_text(report, "en"), format_json(report)) and len(counted) == 4


def test_findings_not_grouped_by_document_are_written_as_they_come(tmp_path):
    a, b = _finding("aaa-hep", 1), _finding("bbb-hep", 1)
    report = Report([a, b, a._replace(line=99)], None, 2)  # not sorted: the JSON keeps this order
    kept_output.write_outputs(report, tmp_path)
    assert _written(tmp_path) == _expected(report)
    assert not kept_output.index_path(tmp_path).exists()
