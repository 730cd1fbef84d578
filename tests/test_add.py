"""`esely-graph add`: a new town's plan into a project, checked before anything is written."""

import tomllib

import pytest
from click.testing import CliRunner

from esely_graph.add import add_document
from esely_graph.build import build
from esely_graph.cli import main
from esely_graph.errors import EselyError
from esely_graph.layout import Layout
from conftest import ROOT

TOWNS = ROOT / "tests" / "fixtures" / "towns"


def manifest_ids(data):
    return [d["id"] for d in tomllib.loads((data / "sources.toml").read_text(encoding="utf-8"))["document"]]


def orgs(data):
    return tomllib.loads((data / "vocab" / "organisations.toml").read_text(encoding="utf-8"))["org"]


def test_add_a_new_towns_plan_registers_the_town_and_builds(data_copy, tmp_path):
    lay = Layout.of(data_copy.parent)
    before_org = (data_copy / "vocab" / "organisations.toml").read_text(encoding="utf-8")
    a = add_document(lay, TOWNS / "kunszallas-hep-it.tsv", municipality="KUNSZALLAS", kind="hep-action-plan",
                     date="2024")
    assert (a.id, a.municipality, a.registered, a.file, a.settlement.ksh) == (
        "kunszallas-hep-it-2024", "kunszallas", True, "sources/kunszallas-hep-it-2024.tsv", "31893")
    assert (data_copy / "sources" / "kunszallas-hep-it-2024.tsv").read_bytes() == (TOWNS / "kunszallas-hep-it.tsv").read_bytes()
    doc = tomllib.loads((data_copy / "sources.toml").read_text(encoding="utf-8"))["document"][-1]
    assert doc == {"id": "kunszallas-hep-it-2024", "file": "sources/kunszallas-hep-it-2024.tsv", "kind": "hep-action-plan",
                   "municipality": "kunszallas", "title": "Helyi Esélyegyenlőségi Program Intézkedési Terve – összegző táblázat",
                   "year": 2024}
    # the municipality entry only, appended: the file's comments and entries stay as they were
    after_org = (data_copy / "vocab" / "organisations.toml").read_text(encoding="utf-8")
    assert after_org.startswith(before_org.rstrip("\n"))
    assert orgs(data_copy)[-1] == {"id": "kunszallas", "ksh": "31893", "kind": "municipality",
                                   "label": "Kunszállás Község Önkormányzata",
                                   "basis": "KSH settlement register (Kunszállás, 31893); added by esely-graph add"}
    # a second document of the same town finds it registered
    b = add_document(lay, TOWNS / "kunszallas-hep-he.tsv", municipality="Kunszállás", kind="hep-conclusions",
                     date="2024-03-28")
    assert (b.id, b.registered) == ("kunszallas-hep-he-2024", False)
    assert sum(1 for o in orgs(data_copy) if o["id"] == "kunszallas") == 1
    result = build(data_copy, tmp_path / "ttl")
    assert "kunszallas-hep-it-2024.ttl" in result.files and result.skipped == []
    assert "<https://w3id.org/esely/id/settlement/31893>" in (tmp_path / "ttl" / "settlements.ttl").read_text(encoding="utf-8")


def test_add_to_a_known_municipality_by_its_common_name(data_copy):
    a = add_document(Layout.of(data_copy.parent), TOWNS / "lajosmizse-hep-he.tsv", municipality="józsefváros",
                     kind="hep-conclusions", date="2025", doc_id="jozsefvaros-hep-he-2025")
    assert (a.municipality, a.registered, a.settlement.ksh) == ("jozsefvaros", False, "25405")


def test_unknown_municipality_names_the_closest_and_writes_nothing(data_copy):
    before = {p: p.read_bytes() for p in (data_copy / "sources.toml", data_copy / "vocab" / "organisations.toml")}
    files = sorted((data_copy / "sources").iterdir())
    with pytest.raises(EselyError, match=r"'Kunszálás' is not a settlement .* closest / leghasonlóbb: Kunszállás \(31893"):
        add_document(Layout.of(data_copy.parent), TOWNS / "kunszallas-hep-it.tsv", municipality="Kunszálás",
                     kind="hep-action-plan", date="2024")
    assert {p: p.read_bytes() for p in before} == before
    assert sorted((data_copy / "sources").iterdir()) == files


def test_a_file_its_importer_cannot_read_is_refused_before_any_write(data_copy):
    before = manifest_ids(data_copy)
    with pytest.raises(EselyError, match=r"as hep-action-plan; nothing was added"):
        add_document(Layout.of(data_copy.parent), TOWNS / "kunszallas-hep-he.tsv", municipality="Kunszállás",
                     kind="hep-action-plan", date="2024")
    assert manifest_ids(data_copy) == before
    assert not any(o["id"] == "kunszallas" for o in orgs(data_copy))


def test_without_kind_and_no_detection_asks_for_kind(data_copy, monkeypatch):
    import esely_graph.add as add

    monkeypatch.setattr(add, "detect", lambda path: None)
    with pytest.raises(EselyError, match="the kind could not be detected from the content; give --kind"):
        add_document(Layout.of(data_copy.parent), TOWNS / "kunszallas-hep-it.tsv", municipality="Kunszállás", date="2024")


def test_detected_kind_is_used_and_reported(data_copy, monkeypatch):
    import esely_graph.add as add

    monkeypatch.setattr(add, "detect", lambda path: "hep-action-plan")
    a = add_document(Layout.of(data_copy.parent), TOWNS / "kunszallas-hep-it.tsv", municipality="31893", date="2024")
    assert (a.kind, a.kind_detected) == ("hep-action-plan", True)


def test_windows_1250_file_is_added_and_read(data_copy, tmp_path):
    cp = tmp_path / "lajosmizse-it.tsv"
    cp.write_bytes((TOWNS / "lajosmizse-hep-it.tsv").read_text(encoding="utf-8").encode("cp1250"))
    a = add_document(Layout.of(data_copy.parent), cp, municipality="Lajosmizse", kind="hep-action-plan", date="2023")
    assert (data_copy / a.file).read_bytes() == cp.read_bytes()
    result = build(data_copy, tmp_path / "ttl")
    assert result.skipped == [] and "Bölcsődebővítés" in (tmp_path / "ttl" / f"{a.id}.ttl").read_text(encoding="utf-8")


def test_bad_date_and_taken_id(data_copy):
    lay = Layout.of(data_copy.parent)
    with pytest.raises(EselyError, match="--date 'tavaly': expected YYYY-MM-DD or YYYY"):
        add_document(lay, TOWNS / "kunszallas-hep-it.tsv", municipality="Kunszállás", kind="hep-action-plan", date="tavaly")
    with pytest.raises(EselyError, match="--id 'jozsefvaros-hep-it' is already in data/sources.toml"):
        add_document(lay, TOWNS / "kunszallas-hep-it.tsv", municipality="Kunszállás", kind="hep-action-plan",
                     date="2024", doc_id="jozsefvaros-hep-it")


def test_cli_add_prints_what_it_detected(data_copy):
    runner = CliRunner()
    out = runner.invoke(main, ["--project", str(data_copy.parent), "add", str(TOWNS / "lajosmizse-hep-it.tsv"),
                               "--municipality", "lajosmizse", "--kind", "hep-action-plan", "--date", "2023"])
    assert out.exit_code == 0, out.output
    assert out.output.splitlines() == [
        "kind / fajta: hep-action-plan (given / megadva)",
        "municipality / önkormányzat: lajosmizse = Lajosmizse (KSH 17677, Bács-Kiskun, város) — new, registered in "
        "data/vocab/organisations.toml / új, felvéve",
        "document / dokumentum: lajosmizse-hep-it-2023 -> data/sources/lajosmizse-hep-it-2023.tsv, appended to "
        "data/sources.toml",
        "next / következő lépés: esely-graph all",
    ]
    bad = runner.invoke(main, ["--project", str(data_copy.parent), "add", str(TOWNS / "lajosmizse-hep-it.tsv"),
                               "--municipality", "Nincsilyenfalva", "--kind", "hep-action-plan", "--date", "2023"])
    assert bad.exit_code == 1 and "Traceback" not in bad.output
    assert bad.output.startswith("error: 'Nincsilyenfalva' is not a settlement in the KSH register")
