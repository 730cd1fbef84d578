"""The stats kept unit by unit (``stats_units.national_stats``, what `all` writes to stats.csv): a subject's bucket,
the units graphs form, and, after each change to a corpus of towns that are not the seeds, the same rows as the
stats query itself, read again only from the changed graphs' units."""

from pathlib import Path

import pyoxigraph as ox
import pytest

from esely_graph import disk_store, stats_units as su
from esely_graph.bench.corpus import write_corpus
from esely_graph.bench.seeds import read_seeds
from esely_graph.bench.update import edit_measures
from esely_graph.build import build
from esely_graph.layout import Layout
from esely_graph.namespaces import BASE
from esely_graph.queries import format_rows
from esely_graph.stats import stats
from esely_graph.validate.scope import graph

from test_catalogue import drop_town

ROOT = Path(__file__).resolve().parent.parent
RDF_TYPE = ox.NamedNode("http://www.w3.org/1999/02/22-rdf-syntax-ns#type")
PART_OF = ox.NamedNode("http://purl.org/dc/terms/isPartOf")
CLASS = ox.NamedNode("https://w3id.org/esely/ontology#Measure")


def test_a_subjects_bucket_is_the_first_two_steps_of_its_iri():
    store = ox.Store()
    for s, g in [(ox.NamedNode(BASE + "doc/hep-a/measure/I-1"), "a"), (ox.NamedNode(BASE + "org/alsofalu"), "b"),
                 (ox.NamedNode(BASE + "org/alsofalu/jegyzo"), "b"), (ox.NamedNode("http://example.org/x"), "c"),
                 (ox.BlankNode(), "d")]:
        store.add(ox.Quad(s, RDF_TYPE, CLASS, graph(g)))
    store.add(ox.Quad(ox.NamedNode(BASE + "doc/hep-a/row/1"), PART_OF, ox.NamedNode(BASE + "doc/hep-e"), graph("e")))
    assert sorted(su._work(store, ("holds", None))) == [
        ("a", "doc/hep-a"), ("b", "org/alsofalu"), ("c", "/"), ("d", "_"), ("e", "doc/hep-a"), ("e", "doc/hep-e")]
    assert sorted(r[0] for r in su._work(store, ("buckets", None))) == ["/", "_", "doc/hep-a", "org/alsofalu"]


def test_graphs_sharing_a_bucket_are_one_unit():
    pairs = [("hep-a", "doc/hep-a"), ("links/hep-a", "doc/hep-a"), ("links/hep-a", "doc/hep-b"), ("hep-b", "doc/hep-b"),
             ("organisations/x", "org/x"), ("ontology", "/")]
    assert su._units(pairs) == {"hep-a": "hep-a", "links/hep-a": "hep-a", "hep-b": "hep-a",
                                "organisations/x": "organisations/x", "ontology": "ontology"}


def _stats(tmp_path, ttl, out):
    """The store synced with ``ttl``: (the kept stats, the stats query's own rows)."""
    disk_store.sync(ttl, tmp_path / "store")
    store = disk_store.open_read_only(tmp_path / "store")
    try:
        names, rows = stats(None, store=store)
        return su.national_stats(store, tmp_path / "store", out, jobs=1), (names, su.plain(rows))
    finally:
        del store


@pytest.fixture(scope="module")
def corpus(tmp_path_factory):
    data = tmp_path_factory.mktemp("stats") / "data"
    write_corpus(read_seeds(Layout.of(ROOT)), data, 4, seed=17)
    return data


def test_each_update_gives_the_stats_query(corpus, tmp_path):
    data, ttl, out = corpus, corpus / "ttl", tmp_path / "out"
    build(data, ttl, jobs=1)
    (names, rows, mode), expected = _stats(tmp_path, ttl, out)
    assert mode.startswith("teljes") and (names, rows) == expected and len(rows) > 40
    with_terms = stats(None, store=disk_store.open_read_only(tmp_path / "store"))
    assert su.stats_csv(names, rows) == format_rows(*with_terms, "csv")  # stats.csv: the query's CSV, byte for byte
    (_, again, mode), _ = _stats(tmp_path, ttl, out)
    assert mode == "változatlan / unchanged" and again == rows

    plan = sorted((data / "sources").glob("*-hep-it.tsv"))[1]
    lines = plan.read_text(encoding="utf-8").split("\n")
    assert edit_measures(lines)
    del lines[next(i for i, line in enumerate(lines) if line.count("\t") > 3 and i > 3)]  # a measure less
    plan.write_text("\n".join(lines), encoding="utf-8")
    build(data, ttl, jobs=1)
    (names, update, mode), expected = _stats(tmp_path, ttl, out)
    assert mode.startswith("növekményes") and (names, update) == expected and update != rows

    plans = sorted((data / "sources").glob("*-hep-it.tsv"))
    plans[0].write_bytes(plans[2].read_bytes())  # a town takes another's plan (its similar towns change, and theirs)
    build(data, ttl, jobs=1)
    (names, taken, mode), expected = _stats(tmp_path, ttl, out)
    assert mode.startswith("növekményes") and (names, taken) == expected

    manifest = drop_town(data / "sources.toml", plan.name.split("-hep-it")[0])
    build(data, ttl, jobs=1)
    (names, gone, mode), expected = _stats(tmp_path, ttl, out)
    assert mode.startswith("növekményes") and (names, gone) == expected and len(gone) < len(taken)
    (data / "sources.toml").write_text(manifest, encoding="utf-8")
    build(data, ttl, jobs=1)
    (names, back, mode), expected = _stats(tmp_path, ttl, out)
    assert mode.startswith("növekményes") and (names, back) == expected == (names, taken)


def test_a_changed_graph_holding_an_unchanged_units_bucket_joins_that_unit(corpus, tmp_path):
    data, ttl, out = corpus, tmp_path / "ttl", tmp_path / "out"
    build(data, ttl, jobs=1)
    (_, rows, _), _ = _stats(tmp_path, ttl, out)
    doc = sorted(ttl.glob("*-hep-he.ttl"))[0]
    other = sorted(ttl.glob("*-hep-it.ttl"))[-1].stem
    assert other.split("-hep-it")[0] != doc.stem.split("-hep-he")[0]
    with doc.open("a", encoding="utf-8") as f:  # a subject under another town's plan, typed in this town's graph
        f.write(f"\n<{BASE}doc/{other}/measure/extra> a <{CLASS.value}> .\n")
    (names, update, mode), expected = _stats(tmp_path, ttl, out)
    assert (names, update) == expected and update != rows
    assert mode.startswith("növekményes: 1 egység")
    kept = su.state_file.load(su.state_path(out), su.FORMAT)
    assert kept["units"][doc.stem] == kept["units"][other] == kept["home"][f"doc/{other}"]


def test_the_stats_csv_is_written_from_plain_rows_as_the_query_csv():
    rows = [{"document": ox.Literal("hep, 2024"), "class": CLASS, "n": ox.Literal("3", datatype=ox.NamedNode(
        "http://www.w3.org/2001/XMLSchema#integer"))}]
    assert su.plain(rows) == [("hep, 2024", CLASS.value, 3)]
    assert su.stats_csv(["document", "class", "n"], su.plain(rows)) == \
        'document,class,n\n"hep, 2024",https://w3id.org/esely/ontology#Measure,3\n'
