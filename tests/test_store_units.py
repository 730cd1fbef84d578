"""The on-disk store's unit of change is one town: the files that grow with the towns are one named graph
per town (or document) in the store (``graph_units``), a sync reloads only the graphs whose part changed
(``SyncReport.changed_graphs``), and a file is read again only when its status (size, inode, times) changed."""

import os
import shutil
import time
from pathlib import Path

import pyoxigraph as ox

from esely_graph import graph_units
from esely_graph.disk_store import GRAPH_BASE, open_read_only, repeated, sync
from esely_graph.store import load_named
from conftest import TTL

OLD = 1_600_000_000_000_000_000  # a modification time long past (ns): not "racy"


def g(key: str) -> ox.NamedNode:
    return ox.NamedNode(GRAPH_BASE + key)


def aged(ttl, ns=OLD):
    for p in ttl.glob("*.ttl"):
        os.utime(p, ns=(ns, ns))


def copy(tmp_path):
    ttl = tmp_path / "ttl"
    shutil.copytree(TTL, ttl)
    aged(ttl)
    return ttl


def edit(path, old: str, new: str):
    text = path.read_text(encoding="utf-8")
    assert text.count(old) == 1, old
    path.write_text(text.replace(old, new), encoding="utf-8")


def read_log(monkeypatch) -> list[str]:
    """The names of the files read from now on."""
    reads, real = [], Path.read_bytes
    monkeypatch.setattr(Path, "read_bytes", lambda self: reads.append(self.name) or real(self))
    return reads


def triples(store, graph=None):
    return {q.triple for q in store.quads_for_pattern(None, None, None, graph)}


def test_the_shared_files_are_one_graph_per_town_and_their_union_is_the_file(tmp_path):
    ttl = copy(tmp_path)
    sync(ttl, tmp_path / "store")
    store = open_read_only(tmp_path / "store")
    names = {n.value.removeprefix(GRAPH_BASE) for n in store.named_graphs()}
    # a document is one graph; organisations, strategies, settlements one per town, the links one per document
    assert {"jozsefvaros-hep-it", "organisations/jozsefvaros", "organisations/kecskemet", "strategies/jozsefvaros",
            "settlements/25405", "links/jozsefvaros-hep-it", "ontology"} <= names
    assert "organisations" not in names and "links" not in names
    for path in ttl.glob("*.ttl"):
        alone = ox.Store()  # the file alone, as the store holds literals (Oxigraph's canonical forms)
        alone.bulk_load(path=str(path), format=ox.RdfFormat.TURTLE)
        in_file = triples(alone)
        stored = set().union(*(triples(store, n) for n in store.named_graphs()
                               if graph_units.file_of(n) == path.stem))
        assert stored == in_file, path.name
    assert repeated(store) == []  # no triple in two graphs
    # the in-memory copy names its graphs the same way
    assert {n.value for n in load_named(ttl).named_graphs()} == {n.value for n in store.named_graphs()}


def test_one_towns_change_reloads_only_its_graphs(tmp_path):
    ttl, store_dir = copy(tmp_path), tmp_path / "store"
    sync(ttl, store_dir)
    org = ttl / "organisations.ttl"
    first = org.read_text(encoding="utf-8").split("\n<https://w3id.org/esely/id/org/jozsefvaros/", 1)[1]
    label = first.split('rdfs:label "', 1)[1].split('"', 1)[0]
    edit(org, f'rdfs:label "{label}"', f'rdfs:label "{label} (új)"')
    aged(ttl, OLD + 10**9)
    report = sync(ttl, store_dir)
    assert report.changed_graphs() == [g("organisations/jozsefvaros")]
    assert report.loaded == ["organisations"] and report.removed == [] and "links" in report.unchanged
    store = open_read_only(store_dir)
    assert store.contains_named_graph(g("organisations/kecskemet"))
    assert f"{label} (új)" in {t.object.value for t in triples(store, g("organisations/jozsefvaros"))}
    del store
    # a town's settlement disappears: its graph is removed, nothing else reloaded
    settlements = ttl / "settlements.ttl"
    text = settlements.read_text(encoding="utf-8")
    head, rest = text.split("\n<https://w3id.org/esely/id/settlement/25405>", 1)
    settlements.write_text(head + rest.split("\n.\n", 1)[1], encoding="utf-8")
    aged(ttl, OLD + 2 * 10**9)
    report = sync(ttl, store_dir)
    assert report.changed_graphs() == [g("settlements/25405")] and report.graphs_loaded == []


def test_a_changed_file_of_the_same_size_is_seen_and_a_touch_reloads_nothing(tmp_path, monkeypatch):
    ttl, store_dir = copy(tmp_path), tmp_path / "store"
    sync(ttl, store_dir)
    reads = read_log(monkeypatch)
    assert sync(ttl, store_dir).changed_graphs() == [] and reads == []  # status unchanged: no file read
    it = ttl / "jozsefvaros-hep-it.ttl"
    edit(it, '"rezsiválság kezelése"', '"rezsiválság kezelésE"')  # the same size
    os.utime(it, ns=(OLD + 5, OLD + 5))  # the same size, another modification time
    report = sync(ttl, store_dir)
    assert report.changed_graphs() == [g("jozsefvaros-hep-it")] and reads == ["jozsefvaros-hep-it.ttl"]
    reads.clear()
    os.utime(ttl / "links.ttl", ns=(OLD + 7, OLD + 7))  # touched, not changed: read again, not reloaded
    report = sync(ttl, store_dir)
    assert reads == ["links.ttl"] and report.changed_graphs() == [] and report.loaded == []
    reads.clear()
    assert sync(ttl, store_dir).changed_graphs() == [] and reads == []  # its new status remembered


def test_a_file_just_written_is_read_again_next_time(tmp_path, monkeypatch):
    """A change within the file system's clock step would keep the status: a file modified less than
    RACY_NS before it was read is read again (as git's index does)."""
    ttl, store_dir = tmp_path / "ttl", tmp_path / "store"
    shutil.copytree(TTL, ttl)
    aged(ttl, time.time_ns())  # modified now
    sync(ttl, store_dir)
    reads = read_log(monkeypatch)
    assert sync(ttl, store_dir).changed_graphs() == []
    assert sorted(reads) == sorted(p.name for p in ttl.glob("*.ttl"))


def test_a_file_not_in_canonical_form_is_one_graph():
    flat = b"PREFIX ex: <https://x.example/>\n\n<https://w3id.org/esely/id/org/a/b>\n    ex:p ex:o ;\n.\n"
    header, units = graph_units.split(flat)
    assert header == b"PREFIX ex: <https://x.example/>\n" and list(units) == ["a"]
    assert graph_units.split(flat.replace(b"ex:o", b'"""two\n.\nlines"""')) is None  # a line with a lone dot
    assert graph_units.split(flat.replace(b"<https://w3id.org/esely/id/org/a/b>", b"[]")) is None
    assert graph_units.file_of(g("links/x")) == "links" and graph_units.file_of("https://x.example/g") == \
        "https://x.example/g"


def replaced(path, old: str, new: str):
    """Write the file anew (a new inode), as the build does."""
    text = path.read_text(encoding="utf-8")
    assert text.count(old) == 1, old
    tmp = path.with_name(path.name + ".new")
    tmp.write_text(text.replace(old, new), encoding="utf-8")
    os.replace(tmp, path)


def test_a_rewritten_shared_file_is_compared_with_its_last_version_not_split_whole(tmp_path, monkeypatch):
    """The build writes a changed links.ttl or organisations.ttl as a new file; the sync compares it with the
    version it last loaded (kept as a hard link in the store folder) and splits out only the units whose
    blocks differ: the same graphs and triples as a sync from scratch."""
    import esely_graph.disk_store as disk_store

    ttl, store_dir = copy(tmp_path), tmp_path / "store"
    sync(ttl, store_dir)
    assert (store_dir / disk_store.LAST / "organisations.ttl").stat().st_ino == (ttl / "organisations.ttl").stat().st_ino
    whole = []
    monkeypatch.setattr(disk_store, "units", lambda path, data=None: whole.append(path.name) or graph_units.units(path, data))
    org = ttl / "organisations.ttl"
    first = org.read_text(encoding="utf-8").split("\n<https://w3id.org/esely/id/org/kecskemet/", 1)[1]
    label = first.split('rdfs:label "', 1)[1].split('"', 1)[0]
    replaced(org, f'rdfs:label "{label}"', f'rdfs:label "{label} (új)"')
    settlements = ttl / "settlements.ttl"  # a unit gone
    text = settlements.read_text(encoding="utf-8")
    head, rest = text.split("\n<https://w3id.org/esely/id/settlement/25405>", 1)
    tmp = settlements.with_name("s.new")
    tmp.write_text(head + rest.split("\n.\n", 1)[1], encoding="utf-8")
    os.replace(tmp, settlements)
    aged(ttl, OLD + 10**9)
    report = sync(ttl, store_dir)
    assert report.changed_graphs() == [g("organisations/kecskemet"), g("settlements/25405")]
    assert report.graphs_loaded == [g("organisations/kecskemet")]
    assert whole == []  # neither file split whole
    store = open_read_only(store_dir)
    fresh_dir = tmp_path / "fresh"
    sync(ttl, fresh_dir)
    fresh = open_read_only(fresh_dir)
    assert {n.value for n in store.named_graphs()} == {n.value for n in fresh.named_graphs()}
    for n in fresh.named_graphs():
        assert triples(store, n) == triples(fresh, n), n
    del store, fresh
    whole.clear()  # the sync from scratch split every file
    assert sync(ttl, store_dir).changed_graphs() == []  # the new version kept, its status too
    replaced(org, f'rdfs:label "{label} (új)"', f'rdfs:label "{label}"')  # and back, against the kept version
    aged(ttl, OLD + 2 * 10**9)
    assert sync(ttl, store_dir).changed_graphs() == [g("organisations/kecskemet")] and whole == []
