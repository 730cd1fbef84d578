"""The command line: bad input gives file:line:column, exit 1, no traceback, no output."""

import json
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

from esely_graph.cli import main
from conftest import TTL

HEP_IT = "sources/jozsefvaros-hep-intezkedesi-terv.tsv"
ROMA = "sources/jozsefvaros-roma-strategia-intezkedesi-terv.tsv"


def run(*args):
    return CliRunner().invoke(main, [str(a) for a in args])


def break_file(data: Path, rel: str, fn) -> None:
    path = data / rel
    path.write_bytes(fn(path.read_bytes()))


BAD_INPUTS = [
    ("empty file", ROMA, lambda b: b"", "jozsefvaros-roma-strategia-intezkedesi-terv.tsv:1:1: file is empty"),
    ("undecodable bytes", HEP_IT, lambda b: b.replace("Befogadó".encode(), b"Befogad\xf3", 1),
     "jozsefvaros-hep-intezkedesi-terv.tsv:10:"),
    ("missing header", HEP_IT, lambda b: b"\n".join(l for i, l in enumerate(b.split(b"\n"), 1) if i not in (5, 6)),
     "no header row found"),
    ("unknown column", HEP_IT, lambda b: b.replace("Az intézkedés felelőse".encode(), "Kedvenc színe".encode(), 1),
     "jozsefvaros-hep-intezkedesi-terv.tsv:6:8: unknown column header 'Kedvenc színe'"),
    ("measure without title", HEP_IT, lambda b: b.replace("\tlakhatási szegénység csökkentése\t".encode(), b"\t\t", 1),
     "jozsefvaros-hep-intezkedesi-terv.tsv:8:2: measure without a title"),
]


@pytest.mark.parametrize("case,rel,breaker,message", BAD_INPUTS, ids=[c[0] for c in BAD_INPUTS])
def test_bad_input_is_a_clear_error(case, rel, breaker, message, data_copy, tmp_path):
    break_file(data_copy, rel, breaker)
    out = tmp_path / "out"
    result = run("build", "--strict", "--sources", data_copy, "--out", out)
    assert result.exit_code == 1, result.output
    assert message in result.output
    assert "Traceback" not in result.output
    assert not out.exists()


def test_no_traceback_in_a_real_process(data_copy, tmp_path):
    break_file(data_copy, ROMA, lambda b: b"")
    proc = subprocess.run([sys.executable, "-m", "esely_graph", "build", "--strict", "--sources", str(data_copy),
                           "--out", str(tmp_path / "out")], capture_output=True, text=True)
    assert proc.returncode == 1
    assert proc.stderr.strip().splitlines()[-1].startswith("error: ")
    assert "Traceback" not in proc.stderr


@pytest.mark.parametrize("case,rel,breaker,message", BAD_INPUTS, ids=[c[0] for c in BAD_INPUTS])
def test_one_bad_document_is_reported_and_left_out(case, rel, breaker, message, data_copy, tmp_path):
    break_file(data_copy, rel, breaker)
    out = tmp_path / "out"
    result = CliRunner().invoke(main, ["build", "--sources", str(data_copy), "--out", str(out)])
    assert result.exit_code == 0, result.output
    bad_id = {HEP_IT: "jozsefvaros-hep-it", ROMA: "jozsefvaros-roma-strategia-it"}[rel]
    assert f"skipped {bad_id}" in result.output and message in result.output
    built = {p.name for p in out.iterdir()}
    assert f"{bad_id}.ttl" not in built and "jozsefvaros-hep-he.ttl" in built
    assert "Traceback" not in result.output


def test_help_everywhere():
    for cmd in ([], ["build"], ["stats"], ["query"], ["queries"], ["sparql"]):
        result = run(*cmd, "--help")
        assert result.exit_code == 0 and "Usage:" in result.output


def test_query_measures_csv():
    result = run("query", "measures", "--data", TTL, "--format", "csv")
    assert result.exit_code == 0
    lines = result.output.splitlines()
    assert lines[0].startswith("municipality,county,document,code,title,goal,owners,deadline_text,deadline_end,indicators")
    assert len(lines) == 1 + 22 + 54
    assert any(l.startswith("Budapest Főváros VIII. kerület Józsefvárosi Önkormányzat,Budapest,jozsefvaros-hep-it,I/2,"
                            "nyelvi akadálymentesítés,") for l in lines)


def test_query_json_is_sparql_results_json():
    result = run("query", "measures", "--data", TTL, "--format", "json")
    data = json.loads(result.output)
    assert data["head"]["vars"][:5] == ["municipality", "county", "document", "code", "title"]
    first = data["results"]["bindings"][0]
    assert first["code"] == {"type": "literal", "value": "0/1"}


def test_unknown_query_lists_the_available_ones():
    result = run("query", "nincs-ilyen", "--data", TTL)
    assert result.exit_code == 1
    assert "unknown query 'nincs-ilyen'; available:" in result.output and "measures" in result.output


def test_sparql_syntax_error_is_reported(tmp_path):
    q = tmp_path / "q.rq"
    q.write_text("SELECT ?x WHERE { ?x ?y }", encoding="utf-8")
    result = run("sparql", q, "--data", TTL)
    assert result.exit_code == 1
    assert "SPARQL syntax error" in result.output and "Traceback" not in result.output


def test_stats_counts_classes():
    result = run("stats", "--data", TTL, "--format", "csv")
    assert "jozsefvaros-hep-it,https://w3id.org/esely/ontology#HepMeasure,22" in result.output
    assert "jozsefvaros-roma-strategia-it,https://w3id.org/esely/ontology#SubTask,62" in result.output


def test_sparql_knows_the_project_prefixes(tmp_path):
    q = tmp_path / "q.rq"
    q.write_text("SELECT (COUNT(?m) AS ?n) WHERE { ?m a esely:HepMeasure }", encoding="utf-8")
    result = run("sparql", q, "--data", TTL, "--format", "csv")
    assert result.exit_code == 0 and result.stdout == "n\n22\n"


def test_unknown_municipality_in_the_manifest_is_a_clear_error(data_copy, tmp_path):
    manifest = data_copy / "sources.toml"
    manifest.write_text(manifest.read_text(encoding="utf-8").replace('municipality = "kecskemet"', 'municipality = "szeged"'),
                        encoding="utf-8")
    result = run("build", "--sources", data_copy, "--out", tmp_path / "out")
    assert result.exit_code == 1
    assert "municipality 'szeged' is not in data/vocab/organisations.toml" in result.output
    assert not (tmp_path / "out").exists()


def test_a_full_disk_is_a_one_line_error_not_a_traceback(monkeypatch, tmp_path):
    """A disk that fills up while a command writes (seen: `all`'s site at 3,200 towns) is the user's to free."""
    import errno

    import esely_graph.build as build_module

    def full(*args, **kwargs):
        raise OSError(errno.ENOSPC, "No space left on device", str(tmp_path / "ttl" / "a-hep-it.ttl"))

    monkeypatch.setattr(build_module, "build", full)
    result = run("build", "--out", tmp_path / "ttl")
    assert result.exit_code == 1 and isinstance(result.exception, SystemExit)
    assert "error: no space left on the disk (" + str(tmp_path / "ttl" / "a-hep-it.ttl") + ")" in result.output
    assert "nincs több hely a lemezen" in result.output and "Traceback" not in result.output

