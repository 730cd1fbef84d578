"""The site read from the on-disk store (``build_site(…, store=…)``) is the site read from the Turtle folder."""

import datetime as dt

import pytest

from esely_graph import disk_store
from esely_graph.site import build_site
from conftest import ROOT, TTL

DAY = dt.date(2024, 1, 1)


def files(root):
    return {p.relative_to(root): p.read_bytes() for p in sorted(root.rglob("*")) if p.is_file()}


def test_site_from_the_disk_store_equals_the_site_from_turtle(tmp_path):
    disk_store.sync(TTL, tmp_path / "store")
    store = disk_store.open_read_only(tmp_path / "store")
    from_store = build_site(TTL, tmp_path / "a", ROOT / "shapes", ROOT / "queries", TTL / "ontology.ttl", None, DAY,
                            store=store)
    from_turtle = build_site(TTL, tmp_path / "b", ROOT / "shapes", ROOT / "queries", TTL / "ontology.ttl", None, DAY)
    def counts(res):
        return {k: v for k, v in res.items() if "cpu" not in k and k != "wall"}

    assert counts(from_store) == counts(from_turtle)
    a, b = files(tmp_path / "a"), files(tmp_path / "b")
    assert sorted(a) == sorted(b)
    assert [f for f in a if a[f] != b[f]] == []


@pytest.mark.parametrize("opener", ["threads", "processes"])
def test_one_town_changed_in_the_store_renders_that_town_only_and_gives_the_full_build(tmp_path, monkeypatch, opener):
    """Edit one Kecskemét document, sync the store: the update renders Kecskemét only (its queries alone are run,
    anchored on it, side by side in worker threads or processes: ``fanout``) and the site equals one built from
    scratch (each query run once on the whole graph)."""
    import shutil

    from esely_graph import fanout
    from esely_graph.site import plan

    ttl = tmp_path / "ttl"
    shutil.copytree(TTL, ttl)
    disk_store.sync(ttl, tmp_path / "store")

    def site(out):
        store = (fanout.open_disk if opener == "processes" else disk_store.open_read_only)(tmp_path / "store")
        try:
            return build_site(ttl, out, ROOT / "shapes", ROOT / "queries", ttl / "ontology.ttl", None, DAY,
                              store=store)
        finally:
            fanout.forget_disk()
            del store

    site(tmp_path / "site")
    f = ttl / "kecskemet-kozossegi-beavatkozasi-terv-2018.ttl"
    text = f.read_text(encoding="utf-8")
    f.unlink()  # a new file, as the build writes it
    f.write_text(text.replace("Előterjesztés: Közösségi Beavatkozási Terv",
                              "Előterjesztés: Közösségi Beavatkozási Terv ÚJ"), encoding="utf-8")
    disk_store.sync(ttl, tmp_path / "store")
    with monkeypatch.context() as m:
        m.setattr(plan, "WHOLE_SHARE", 0)  # two towns: anchored only when told
        again = site(tmp_path / "site")
    assert (again["towns_rendered"], again["towns_reused"]) == (1, 1)
    fresh = site(tmp_path / "fresh")
    assert fresh["towns_rendered"] == 2
    a, b = files(tmp_path / "site"), files(tmp_path / "fresh")
    assert sorted(a) == sorted(b)
    assert [f for f in a if a[f] != b[f]] == []
