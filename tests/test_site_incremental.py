"""The site re-renders only the towns whose input changed; the others' files come from the previous tree."""

import datetime as dt
import shutil

from esely_graph.site import build_site, page_name
from conftest import ROOT, TTL

ID = "https://w3id.org/esely/id/"
KECSKEMET_DOC = f"{ID}doc/kecskemet-kozossegi-beavatkozasi-terv-2018"


def render(ttl, out, day=dt.date(2024, 1, 1)) -> dict:
    return build_site(ttl, out, ROOT / "shapes", ROOT / "queries", ttl / "ontology.ttl", None, day)


def test_unchanged_towns_reused_changed_town_rendered_again(tmp_path):
    ttl, out = tmp_path / "ttl", tmp_path / "site"
    shutil.copytree(TTL, ttl)
    first = render(ttl, out)
    assert (first["towns"], first["towns_rendered"], first["towns_reused"]) == (2, 2, 0)
    jozs = out / "hu" / "jozsefvaros" / "e" / page_name(f"{ID}org/jozsefvaros")
    kecs = out / "hu" / "kecskemet" / "e" / page_name(KECSKEMET_DOC)
    before = {p: p.read_bytes() for p in (jozs, kecs, out / "hu" / "index.html")}

    again = render(ttl, out)
    assert (again["towns_rendered"], again["towns_reused"]) == (0, 2)
    assert again["national_rendered"] == []  # nothing changed: no national page rendered again
    assert groups(again["national_reused"]) == ["coverage", "entities", "index", "kinds", "ontology", "per-town",
                                                "query", "search"]
    assert again["pages"] == first["pages"]
    assert all(p.read_bytes() == b for p, b in before.items())

    f = ttl / "kecskemet-kozossegi-beavatkozasi-terv-2018.ttl"
    text = f.read_text(encoding="utf-8")
    assert text.count("Előterjesztés: Közösségi Beavatkozási Terv") >= 1
    f.write_text(text.replace("Előterjesztés: Közösségi Beavatkozási Terv", "Előterjesztés: Közösségi Beavatkozási Terv ÚJ"),
                 encoding="utf-8")
    third = render(ttl, out)
    assert (third["towns_rendered"], third["towns_reused"]) == (1, 1)
    assert jozs.read_bytes() == before[jozs]  # the other town's pages as they were
    assert "Beavatkozási Terv ÚJ" in kecs.read_text(encoding="utf-8")
    assert "Beavatkozási Terv ÚJ" in (out / "hu" / "index.html").read_text(encoding="utf-8")  # national pages anew
    # a document's title: the pages listing documents again, the per-town counts and the comparison as they were
    assert groups(third["national_reused"]) == ["coverage", "ontology", "per-town"]
    assert not [g for g in third["national_rendered"] if g.startswith("per-town:")]
    assert third["pages"] == first["pages"]


def groups(names: list[str]) -> list[str]:
    """The national groups, each per-town list ("per-town:<page>") counted as "per-town"."""
    return sorted({n.split(":")[0] for n in names})


def test_another_day_renders_every_town_again(tmp_path):
    out = tmp_path / "site"
    render(TTL, out)
    later = render(TTL, out, dt.date(2025, 1, 1))
    assert (later["towns_rendered"], later["towns_reused"]) == (2, 0)


def test_a_town_missing_from_the_previous_tree_is_rendered(tmp_path):
    out = tmp_path / "site"
    render(TTL, out)
    shutil.rmtree(out / "en" / "kecskemet")
    again = render(TTL, out)
    assert (again["towns_rendered"], again["towns_reused"]) == (1, 1)
    assert (out / "en" / "kecskemet" / "e" / page_name(KECSKEMET_DOC)).exists()


def test_towns_rendered_in_worker_processes_give_the_same_site(tmp_path, monkeypatch):
    from esely_graph.site import workers

    serial, parallel = tmp_path / "serial", tmp_path / "parallel"
    build_site(TTL, serial, ROOT / "shapes", ROOT / "queries", TTL / "ontology.ttl", None, dt.date(2024, 1, 1), jobs=1)
    monkeypatch.setattr(workers, "PARALLEL_MIN", 1)
    res = build_site(TTL, parallel, ROOT / "shapes", ROOT / "queries", TTL / "ontology.ttl", None,
                     dt.date(2024, 1, 1), jobs=2)
    assert res["towns_rendered"] == 2
    files = sorted(p.relative_to(serial) for p in serial.rglob("*") if p.is_file())
    assert files == sorted(p.relative_to(parallel) for p in parallel.rglob("*") if p.is_file())
    assert all((serial / f).read_bytes() == (parallel / f).read_bytes() for f in files)


def test_a_town_gone_from_the_graph_leaves_the_site_as_built_from_scratch(tmp_path):
    """Its folders and every national file that named it go; the rest equals a site made without it."""
    ttl = tmp_path / "ttl"
    shutil.copytree(TTL, ttl)
    render(ttl, tmp_path / "site")
    for f in ttl.glob("kecskemet-*.ttl"):
        f.unlink()
    again = render(ttl, tmp_path / "site")
    assert again["towns"] == 1  # Józsefváros rendered again: its comparisons with other towns changed
    assert not (tmp_path / "site" / "hu" / "kecskemet").exists()
    render(ttl, tmp_path / "fresh")
    site, fresh = tmp_path / "site", tmp_path / "fresh"
    files = sorted(p.relative_to(fresh) for p in fresh.rglob("*") if p.is_file())
    assert files == sorted(p.relative_to(site) for p in site.rglob("*") if p.is_file())
    assert [f for f in files if (site / f).read_bytes() != (fresh / f).read_bytes()] == []


def test_a_town_whose_graph_file_is_missing_is_rendered(tmp_path):
    out = tmp_path / "site"
    render(TTL, out)
    (out / "sparql" / "graph" / "jozsefvaros.ttl").unlink()
    again = render(TTL, out)
    assert (again["towns_rendered"], again["towns_reused"]) == (1, 1)
    assert (out / "sparql" / "graph" / "jozsefvaros.ttl").is_file()


def test_a_changed_count_renders_only_its_per_town_lists_and_gives_the_site_made_from_scratch(tmp_path):
    """A measure loses its deadline: the national list of measures without a deadline is rendered again, a list
    whose column did not change (unreadable cells) is kept, and the site equals one made from the new graph."""
    ttl, site = tmp_path / "ttl", tmp_path / "site"
    shutil.copytree(TTL, ttl)
    render(ttl, site)
    plan = ttl / "jozsefvaros-hep-it.ttl"
    line = f"    esely:deadline <{ID}doc/jozsefvaros-hep-it/measure/0-1/deadline> ;\n"
    text = plan.read_text(encoding="utf-8")
    assert text.count(line) == 1
    plan.write_text(text.replace(line, ""), encoding="utf-8")
    import esely_graph.site as site_module

    calls = []
    real = site_module.choices
    site_module.choices = lambda store: calls.append(store) or real(store)
    try:
        again = render(ttl, site)
    finally:
        site_module.choices = real
    assert (again["towns_rendered"], again["towns_reused"]) == (1, 1)
    assert "query" in again["national_rendered"] and not calls  # the town's triples counted again, the choices kept
    assert "per-town:health/all-deadline.html" in again["national_rendered"]
    assert "per-town:health/all-unreadable.html" in again["national_reused"]
    render(ttl, tmp_path / "fresh")
    fresh = tmp_path / "fresh"
    files = sorted(p.relative_to(fresh) for p in fresh.rglob("*") if p.is_file())
    assert files == sorted(p.relative_to(site) for p in site.rglob("*") if p.is_file())
    assert [f for f in files if (site / f).read_bytes() != (fresh / f).read_bytes()] == []


def test_a_town_renamed_in_the_organisations_gives_the_query_page_its_new_name(tmp_path):
    """The query page's choices are kept only while the files that name the towns are the same."""
    ttl, site = tmp_path / "ttl", tmp_path / "site"
    shutil.copytree(TTL, ttl)
    render(ttl, site)
    org = ttl / "organisations.ttl"
    text = org.read_text(encoding="utf-8")
    old = 'skos:prefLabel "Kecskemét Megyei Jogú Város Önkormányzata"@hu'
    assert text.count(old) == 1
    assert "Önkormányzata (új név)" not in (site / "hu" / "query.html").read_text(encoding="utf-8")
    org.write_text(text.replace(old, old.replace("Önkormányzata", "Önkormányzata (új név)")), encoding="utf-8")
    again = render(ttl, site)
    assert "query" in again["national_rendered"]
    assert "Önkormányzata (új név)" in (site / "hu" / "query.html").read_text(encoding="utf-8")
