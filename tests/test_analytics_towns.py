"""The report's analytics kept town by town (``analytics_towns``): the towns' figures put together are the whole
graph's, on the seeds and on a corpus of other towns after each change; a graph whose edge joins two towns is not
split."""

import re
from pathlib import Path

import networkx as nx

from esely_graph import analytics_towns as at
from esely_graph import disk_store
from esely_graph.analytics import figures, read
from esely_graph.bench.corpus import write_corpus
from esely_graph.bench.seeds import read_seeds
from esely_graph.bench.update import edit_measures
from esely_graph.build import build
from esely_graph.layout import Layout
from esely_graph.store import load_store, select
from conftest import TTL
from test_catalogue import drop_town

ROOT = Path(__file__).resolve().parent.parent
FIELDS = ("components", "component_keys", "isolated_problems", "isolated_strategies", "owner_centrality", "chains")
ORG = "https://w3id.org/esely/id/org/"


def _same(a, b):
    for f in FIELDS:
        assert getattr(a, f) == getattr(b, f), f


def test_the_seed_towns_figures_put_together_are_the_whole_graphs():
    store = load_store(TTL)
    g, chains = read(store)
    doc_towns = {r["d"].value: r["m"].value for r in select(store, at.DOCS)[1]}
    parts = at.split(g, chains, doc_towns)
    assert parts is not None and len(parts) >= 2
    whole = figures(g, chains)
    assert whole.owner_centrality and whole.chains and whole.components
    _same(at.merged(parts), whole)


def test_an_edge_between_two_towns_is_not_split():
    g = nx.Graph()
    g.add_node(ORG + "a/jegyzo", kind="owner", label="Jegyző")
    g.add_node("https://w3id.org/esely/id/doc/b-hep-it/measure/1", kind="measure", label="b-hep-it 1")
    doc_towns = {"https://w3id.org/esely/id/doc/b-hep-it": ORG + "b"}
    assert set(at.split(g, [], doc_towns)) == {ORG + "a", ORG + "b"}
    g.add_edge(ORG + "a/jegyzo", "https://w3id.org/esely/id/doc/b-hep-it/measure/1")
    assert at.split(g, [], doc_towns) is None
    g.remove_edge(ORG + "a/jegyzo", "https://w3id.org/esely/id/doc/b-hep-it/measure/1")
    g.add_node("https://w3id.org/esely/id/other/x", kind="owner", label="x")  # a node of no town
    assert at.split(g, [], doc_towns) is None


def _analytics(tmp_path, ttl, out):
    disk_store.sync(ttl, tmp_path / "store")
    store = disk_store.open_read_only(tmp_path / "store")
    try:
        return at.national_analytics(store, tmp_path / "store", out)
    finally:
        del store


def test_each_update_gives_the_whole_graphs_figures(tmp_path):
    data = tmp_path / "data"
    write_corpus(read_seeds(Layout.of(ROOT)), data, 4, seed=13)
    ttl, out = data / "ttl", tmp_path / "out"
    build(data, ttl, jobs=1)
    first = _analytics(tmp_path, ttl, out)
    assert first.mode.startswith("teljes") and first.owner_centrality and first.chains
    assert _analytics(tmp_path, ttl, out).mode == "változatlan / unchanged"

    plan = sorted((data / "sources").glob("*-hep-it.tsv"))[2]
    lines = plan.read_text(encoding="utf-8").split("\n")
    assert edit_measures(lines)
    plan.write_text("\n".join(lines), encoding="utf-8")
    build(data, ttl, jobs=1)
    update = _analytics(tmp_path, ttl, out)
    assert update.mode == "növekményes: 1 település / incremental: 1 town(s)"
    assert update.component_keys != first.component_keys  # the first measure answers the second one's problem
    _same(update, _analytics(tmp_path, ttl, tmp_path / "fresh"))

    town = plan.name.split("-hep-it")[0]
    manifest = drop_town(data / "sources.toml", town)
    build(data, ttl, jobs=1)
    gone = _analytics(tmp_path, ttl, out)
    assert len(gone.chains) < len(update.chains)
    _same(gone, _analytics(tmp_path, ttl, tmp_path / "fresh-gone"))
    (data / "sources.toml").write_text(manifest, encoding="utf-8")
    build(data, ttl, jobs=1)
    back = _analytics(tmp_path, ttl, out)
    _same(back, _analytics(tmp_path, ttl, tmp_path / "fresh-back"))
    _same(back, update)

    # a town's plan names another town's problem: its figures cannot be read from its own graphs alone
    other = sorted((data / "sources").glob("*-hep-he.tsv"))[0].name.split("-hep-he")[0]
    assert other != town
    mine, theirs = (ttl / f"{town}-hep-it.ttl").read_text(encoding="utf-8"), \
        (ttl / f"{other}-hep-he.ttl").read_text(encoding="utf-8")
    measure = re.search(r"<(https://w3id\.org/esely/id/doc/[^>]*-hep-it/measure/[^>/]+)>", mine).group(1)
    problem = re.search(r"<(https://w3id\.org/esely/id/doc/[^>]*-hep-he/problem/[^>/]+)>", theirs).group(1)
    (ttl / f"{town}-hep-it.ttl").write_text(
        mine + f"\n<{measure}> <https://w3id.org/esely/ontology#answersProblem> <{problem}> .\n", encoding="utf-8")
    crossed = _analytics(tmp_path, ttl, out)
    assert crossed.mode.startswith("teljes")  # read whole (the graph names two towns), not from the town's graphs
    _same(crossed, _analytics(tmp_path, ttl, tmp_path / "fresh-crossed"))


def test_kept_figures_give_the_reports_sizes_without_decoding_the_components(monkeypatch):
    """``KeptAnalytics``: the report counts components and isolated nodes (``sizes``) and lists owners and chains;
    none of these decodes the towns' components, which are decoded, once, when asked for, and equal the whole run's."""
    store = load_store(TTL)
    g, chains = read(store)
    doc_towns = {r["d"].value: r["m"].value for r in select(store, at.DOCS)[1]}
    parts = at.split(g, chains, doc_towns)
    whole = figures(g, chains)
    loads = []
    real = at.marshal.loads
    monkeypatch.setattr(at.marshal, "loads", lambda b: loads.append(1) or real(b))
    kept = at.merged(parts)
    assert kept.sizes() == whole.sizes() and kept.sizes()["components"] == len(whole.components) > 0
    assert kept.chains == whole.chains and kept.owner_centrality == whole.owner_centrality and not loads
    assert kept.isolated_problems == whole.isolated_problems and len(loads) == len(parts)  # one decode per town
    assert kept.components == whole.components and kept.component_keys == whole.component_keys
    assert len(loads) == len(parts)  # decoded once
