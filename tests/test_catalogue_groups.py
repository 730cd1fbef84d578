"""The whole-country queries run a group of towns at a time in memory (``catalogue_groups``) give the on-disk store's
rows byte for byte, on a corpus of towns that are not the seeds; a query whose groups' rows are not their towns' own
is run on the on-disk store instead."""

import datetime as dt
import re
import shutil
from pathlib import Path

import pytest

from esely_graph import analytics_towns as at, catalogue, catalogue_groups as cg, disk_store, fanout, stats_units
from esely_graph.analytics import figures as analytics_figures, read as analytics_read
from esely_graph.bench.corpus import write_corpus
from esely_graph.bench.seeds import read_seeds
from esely_graph.build import build
from esely_graph.layout import Layout
from esely_graph.namespaces import BASE
from esely_graph.queries import ACROSS_TOWNS, load_queries, run_catalogue, runnable
from esely_graph.segments import csv_parts
from esely_graph.validate import groups as validate_groups, incremental
from esely_graph.validate.fast_run import validate_fast

ROOT = Path(__file__).resolve().parent.parent
DAY = dt.date(2026, 11, 30)
QUERIES = {n: q for n, q in load_queries(ROOT / "queries").items() if runnable(q)}
GROUPED = {n: not catalogue.by_town(q) for n, q in QUERIES.items()
           if n not in ACROSS_TOWNS and catalogue._order_by(q) is not None}


@pytest.fixture(scope="module")
def corpus(tmp_path_factory):
    """Five synthetic towns built and synced: (Turtle folder, the on-disk store opened as `all` opens it, every
    query's rows run whole on it)."""
    data = tmp_path_factory.mktemp("groups") / "data"
    write_corpus(read_seeds(Layout.of(ROOT)), data, 5, seed=7)
    build(data, data / "ttl", jobs=1)
    disk_store.sync(data / "ttl", data / "store")
    store = fanout.open_disk(data / "store")
    yield data / "ttl", store, run_catalogue(store, QUERIES, DAY, jobs=1)
    fanout.forget_disk()


def _grouped(corpus, limit, jobs=1, names=None, extras=None, also=at.group_parts, skip=catalogue.COMPARED):
    """The grouped queries' rows and figures; ``also(store)``: more work on each group's store (``also.with_group``:
    ``also(store, group)``), its results added to ``extras``."""
    ttl, store, _ = corpus
    figures = {}
    with pytest.MonkeyPatch.context() as m:
        m.setattr(cg, "GROUP_BYTES", limit)
        rows = cg.run_grouped(store, ttl, QUERIES, GROUPED, names or catalogue.one_name(*catalogue._labels(store)),
                              DAY, skip, jobs, figures, extras=extras,
                              also=None if extras is None else also if getattr(also, "with_group", False)
                              else lambda mem, group: also(mem))
    return rows, figures


def _same_bytes(rows, whole):
    assert sorted(rows) == sorted(whole)
    for name in whole:
        assert csv_parts(*rows[name]) == csv_parts(*whole[name]), name


@pytest.mark.parametrize("skip", [catalogue.COMPARED, frozenset()], ids=["as the queries load", "every graph"])
@pytest.mark.parametrize("limit", [1, 1 << 40], ids=["a town a group", "one group"])
def test_the_groups_rows_are_the_on_disk_rows(corpus, limit, skip):
    """Also with the similar towns' graphs loaded in every group, as when the validation runs in the groups."""
    rows, figures = _grouped(corpus, limit, skip=skip)
    _same_bytes(rows, corpus[2])
    assert all(rows[n][1] for n in GROUPED if n != "compare-overdue")  # every query has rows to compare
    # run in groups indeed (5 towns: 5 groups of one town, or one of all), not on the disk; the comparisons on the disk
    assert {n: f.get("groups") for n, f in figures.items()} == {
        **{n: 5 if limit == 1 else 1 for n in GROUPED}, **{n: None for n in ACROSS_TOWNS}}


def test_two_workers_give_the_same_rows(corpus):
    rows, figures = _grouped(corpus, 1, jobs=2)
    _same_bytes(rows, corpus[2])
    assert figures["measures"]["groups"] == 5


def _one_town_in_every_group(corpus, extras=None):
    """``_grouped`` a town a group, but the first plan's town not read: its graphs loaded in every group."""
    real = cg.towns_map
    doc = sorted(p.stem for p in corpus[0].glob("*-hep-it.ttl"))[0]

    def unread(s):
        known = real(s)
        return {k: v for k, v in known.items() if v != known[doc]}
    with pytest.MonkeyPatch.context() as m:
        m.setattr(cg, "towns_map", unread)
        m.setattr(cg, "_node_towns", lambda s, nodes: {})
        return _grouped(corpus, 1, extras=extras)


def test_a_town_loaded_in_every_group_falls_back_to_the_disk(corpus):
    """A town whose graphs' town is not read (so they are loaded in every group as graphs of no town; the units of the
    shared files too): its rows come from groups of other towns, the check sees it, and every query with rows of it
    is run on the disk."""
    ttl, store, whole = corpus
    rows, figures = _one_town_in_every_group(corpus)
    _same_bytes(rows, whole)
    fell = {n for n in GROUPED if "groups" not in figures[n]}
    assert "measures" in fell and "owner-load" in fell
    assert fell <= set(GROUPED)


def test_a_town_without_one_name_leaves_the_groups_out(corpus):
    ttl, store, whole = corpus
    names = catalogue.one_name(*catalogue._labels(store))
    rows, figures = _grouped(corpus, 1, names=dict(list(names.items())[1:]))
    _same_bytes(rows, whole)
    assert not any("groups" in f for f in figures.values())


def test_one_name_leaves_out_a_town_of_two_names_and_a_name_of_two_towns():
    a, b, c = (BASE + "org/" + t for t in "abc")
    labels = {"A": a, "A2": a, "B": "", "C": c}
    named = {a: [["A", None], ["A2", None]], b: [["B", None]], c: [["C", "Pest"]]}
    assert catalogue.one_name(labels, named) == {c: "C"}


def test_a_unit_is_about_its_subjects_common_node():
    doc = BASE + "doc/falu-hep-it"
    blocks = [f"\n<{doc}/measure/1/link/a>\n    a x:Link .\n".encode(), f"\n<{doc}/measure/2/link/b>\n    a x:Link .\n".encode()]
    assert cg.unit_node(blocks) == doc
    assert cg.unit_node(blocks + [f"\n<{BASE}doc/masik-hep-it/m/1>\n    a x:Link .\n".encode()]) is None
    assert cg.unit_node([b"\nx:local\n    a x:Link .\n"]) is None
    assert cg.unit_node([b"\n<http://example.org/doc/falu/m/1>\n    a x:Link .\n"]) is None  # not under the base


ANALYTICS = ("components", "component_keys", "isolated_problems", "isolated_strategies", "owner_centrality", "chains")


@pytest.mark.parametrize("limit,jobs", [(1, 1), (1 << 40, 1), (1, 2)], ids=["a town a group", "one group", "2 workers"])
def test_the_groups_analytics_are_the_whole_graphs(corpus, limit, jobs, tmp_path):
    """The report's analytics taken in the queries' groups (``analytics_towns.group_parts``): each group gives its
    towns' figures, and put together they are the figures of the whole graph read from the disk."""
    ttl, store, _ = corpus
    whole = analytics_figures(*analytics_read(store))
    assert whole.components and whole.owner_centrality and whole.chains and whole.isolated_problems
    extras = []
    _grouped(corpus, limit, jobs, extras=extras)
    assert len(extras) == (5 if limit == 1 else 1)
    parts = at.from_groups(extras)
    assert parts is not None and len(parts) == 5
    got = at.national_analytics(store, ttl.parent / "store", tmp_path, grouped=extras)
    assert got.mode.endswith("(csoportonként / in groups)")
    for name in ANALYTICS:
        assert getattr(got, name) == getattr(whole, name), name


def test_a_town_loaded_in_every_group_has_its_analytics_read_whole(corpus, tmp_path):
    """The fault of the test above, for the analytics: the town's nodes come out of every group; ``from_groups``
    refuses them and the whole graph is read, with the same figures."""
    ttl, store, _ = corpus
    extras = []
    _one_town_in_every_group(corpus, extras)
    assert len(extras) == 4 and at.from_groups(extras) is None
    got = at.national_analytics(store, ttl.parent / "store", tmp_path, grouped=extras)
    assert "in groups" not in got.mode
    whole = analytics_figures(*analytics_read(store))
    for name in ANALYTICS:
        assert getattr(got, name) == getattr(whole, name), name


def test_groups_figures_are_refused_when_not_their_towns_own():
    a, b = BASE + "org/a", BASE + "org/b"
    assert at.from_groups([([a], {a: [1]}), ([b], {b: [2]})]) == {a: [1], b: [2]}
    assert at.from_groups([([b], {a: [1], b: [2]})]) is None  # a town not of the group
    assert at.from_groups([([a, b], {a: [1]}), ([a], {a: [1]})]) is None  # a town in two groups
    assert at.from_groups([([a], {a: [1]}), ([b], None)]) is None  # a group that could not be split
    assert at.from_groups([([a], {}), ([b], {b: [2]})]) == {b: [2]}  # a town with no figures


@pytest.mark.parametrize("limit", [1, 1 << 40], ids=["a town a group", "one group"])
def test_the_groups_stats_are_the_whole_stores(corpus, limit, tmp_path):
    """The stats counted in the queries' groups (``stats_units.group_counts``) and put together: the rows the
    on-disk store's whole count gives."""
    ttl, store, _ = corpus
    extras = []
    _grouped(corpus, limit, also=stats_units.group_counts, extras=extras)
    got = stats_units.national_stats(store, ttl.parent / "store", tmp_path / "g", grouped=extras)
    disk = stats_units.national_stats(store, ttl.parent / "store", tmp_path / "d")
    assert got[2].endswith("(csoportonként / in groups)") and "groups" not in disk[2]
    assert got[:2] == disk[:2] and len(got[1]) > 50
    vocabulary = [r for r in got[1] if r[0] == "(vocabulary)"]  # graphs of no town, loaded in every group: once
    assert vocabulary and vocabulary == [r for r in disk[1] if r[0] == "(vocabulary)"]


def test_a_units_counts_come_from_a_group_holding_all_its_graphs(corpus):
    store = corpus[1]
    shared = ["/", "(vocabulary)", "urn:K", 3], ("vocab", "/")
    one = ([["doc/a", "a", "urn:C", 2], shared[0]], [("a", "doc/a"), ("links/a", "doc/a"), shared[1]],
           ["a", "links/a", "vocab"])
    two = ([["doc/b", "b", "urn:C", 1], shared[0]], [("b", "doc/b"), shared[1]], ["b", "vocab"])
    files = dict.fromkeys(["a", "b", "links/a", "vocab"])
    rows, pairs = stats_units.from_groups([(["A"], one), (["B"], two)], store, files)
    assert sorted(rows) == [["/", "(vocabulary)", "urn:K", 3], ["doc/a", "a", "urn:C", 2], ["doc/b", "b", "urn:C", 1]]
    assert pairs == sorted({*one[1], *two[1]})
    # a's links in the other group: no group holds both graphs of a's unit, so its counts there are partial
    first = ([["doc/a", "a", "urn:C", 1]], [("a", "doc/a")], ["a"])
    split = ([["doc/a", "a", "urn:C", 1], ["doc/b", "b", "urn:C", 1]], [("b", "doc/b"), ("links/a", "doc/a")],
             ["b", "links/a"])
    assert stats_units.from_groups([(["A"], first), (["B"], split)], store, dict.fromkeys(["a", "b", "links/a"])) is None
    no_holder = ([["doc/x", "x", "urn:C", 1]], [("a", "doc/a")], ["a"])
    assert stats_units.from_groups([(["A"], no_holder)], store, {"a": None}) is None
    assert stats_units.from_groups([(["A"], (None, [("a", "doc/a")], ["a"]))], store, {"a": None}) is None


def test_graphs_no_group_loaded_are_counted_on_the_store(corpus):
    """A graph of the store that no group loaded (here: every graph) is counted on the store itself."""
    ttl, store, _ = corpus
    from esely_graph.validate.incremental import store_files
    files = store_files(ttl.parent / "store")
    rows, pairs = stats_units.from_groups([], store, files)
    whole = stats_units._work(store, ("buckets", None)), stats_units._work(store, ("holds", None))
    assert sorted(rows) == sorted(whole[0]) and pairs == sorted(whole[1])


def _validation_in_groups():
    def also(mem, group):
        return validate_groups.group_findings(mem, group, ROOT / "shapes", DAY)
    also.with_group = True
    return also


@pytest.mark.parametrize("limit", [1, 1 << 40], ids=["a town a group", "one group"])
def test_the_groups_findings_are_the_whole_stores(corpus, limit, tmp_path):
    """The validation in the queries' groups (``validate.groups``) gives the on-disk run's findings, field by field and
    in its order, and the state an update starts from."""
    ttl, store, _ = corpus
    extras = []
    _grouped(corpus, limit, also=_validation_in_groups(), extras=extras, skip=frozenset())
    assert len(extras) == (5 if limit == 1 else 1)
    report, why = validate_groups.validate_grouped([p for _, p in extras], store, ttl.parent / "store", ttl,
                                                   tmp_path, ROOT / "shapes", DAY)
    disk = validate_fast(ttl, ROOT / "shapes", DAY, store=store)
    assert why is None and report.findings == disk.findings
    assert report.units == disk.units and report.validated == disk.validated
    assert {f.shape.rsplit("#")[1] for f in disk.findings} >= {"Overdue-completed", "Flagged-note"}
    similar = {q.subject.value for q in store.quads_for_pattern(None, None, None, None)
               if q.graph_name.value.startswith(disk_store.GRAPH_BASE + "similarity/")}
    assert similar  # the similar towns' graphs are there, loaded in every group
    # the state an update starts from: the same as a whole run on the disk saves
    kept = incremental._load(incremental.state_path(tmp_path))
    incremental.save_full(disk, store, ttl.parent / "store", tmp_path / "d", ROOT / "shapes", DAY)
    whole = incremental._load(incremental.state_path(tmp_path / "d"))
    assert kept["findings"] == whole["findings"] and kept["files"] == whole["files"]
    assert {k: v for k, v in kept["towns"].items() if k in whole["towns"]} == whole["towns"]


def _measure(ttl: Path, n: int) -> str:
    """The first measure of the n-th town's HEP IT (its Turtle file, its IRI)."""
    path = sorted(ttl.glob("*-hep-it.ttl"))[n]
    return path.name, re.search(r"^<([^>]+/measure/[^>]+)>$", path.read_text(encoding="utf-8"), re.M).group(1)


def _variant(corpus, tmp_path, edits):
    """The corpus's Turtle with ``edits`` (file name -> Turtle added at its end) and a store synced with it."""
    ttl = tmp_path / "ttl"
    shutil.copytree(corpus[0], ttl)
    for name, text in edits.items():
        with open(ttl / name, "a", encoding="utf-8") as f:
            f.write("\n" + text + "\n")
    disk_store.sync(ttl, tmp_path / "store")
    return ttl, disk_store.open_read_only(tmp_path / "store")


def _validated_in_groups(ttl, store, limit, out, skip=frozenset()):
    extras = []
    _grouped((ttl, store, None), limit, also=_validation_in_groups(), extras=extras, skip=skip)
    return validate_groups.validate_grouped([p for _, p in extras], store, ttl.parent / "store", ttl, out,
                                            ROOT / "shapes", DAY)


@pytest.mark.parametrize("limit", [1, 1 << 40], ids=["a town a group", "one group"])
def test_findings_on_nodes_of_no_town_are_the_whole_stores(corpus, limit, tmp_path):
    """Two towns (two groups) name a concept with no Hungarian name, added to the target groups' vocabulary (a
    finding on a node of every group, of the first town's document), an IRI no graph states as a target group (a
    finding on an outside node, in both groups) and an undeclared term (the whole-graph check, of the first town's
    document): the on-disk run's findings."""
    (a, ma), (b, mb) = _measure(corpus[0], 0), _measure(corpus[0], 1)
    odd = (" <https://w3id.org/esely/ontology#targetGroup> <https://w3id.org/esely/id/target-group/nohu> , "
           "<https://example.org/no-such-group> ; <https://w3id.org/esely/ontology#noSuchTerm> \"x\" .")
    ttl, store = _variant(corpus, tmp_path, {
        a: f"<{ma}>" + odd, b: f"<{mb}>" + odd,
        "target-groups.ttl": "<https://w3id.org/esely/id/target-group/nohu> a "
                             "<http://www.w3.org/2004/02/skos/core#Concept> ; <http://www.w3.org/2004/02/skos/core#"
                             "inScheme> <https://w3id.org/esely/id/target-group/> ; <http://www.w3.org/2004/02/skos/"
                             "core#prefLabel> \"no Hungarian name\"@en ."})
    report, why = _validated_in_groups(ttl, store, limit, tmp_path / "out")
    disk = validate_fast(ttl, ROOT / "shapes", DAY, store=store)
    assert why is None and report.findings == disk.findings
    first = a.removesuffix(".ttl")
    got = {(f.focus.rsplit("/", 1)[-1], f.shape.rsplit("#")[1], f.document) for f in report.findings
           if f.document == first and f.line is None}
    assert got == {("nohu", "Concept-prefLabel", first), ("no-such-group", "TargetGroupConcept-scheme", first),
                   ("ontology", "Ontology", first)}


@pytest.mark.parametrize("where", ["states", "names"])
def test_a_node_of_another_groups_town_is_refused(corpus, tmp_path, where):
    """A town's graph states (or names) a node of another town, which is in another group: the groups' findings are
    refused, with the reason (the pipeline then validates the whole store on the disk)."""
    (a, _), (_, mb) = _measure(corpus[0], 0), _measure(corpus[0], 1)
    edit = (f"<{mb}> <http://purl.org/dc/terms/description> \"x\" ." if where == "states" else
            f"<https://example.org/n> <http://www.w3.org/2000/01/rdf-schema#seeAlso> <{mb}> .")
    ttl, store = _variant(corpus, tmp_path, {a: edit})
    assert _validated_in_groups(ttl, store, 1, tmp_path / "out")[1].endswith(
        " / a node stated by graphs of two groups" if where == "states" else
        " / a group's graph names a node of another group")
    report, why = _validated_in_groups(ttl, store, 1 << 40, tmp_path / "one")  # one group: it holds both towns
    assert why is None and report.findings == validate_fast(ttl, ROOT / "shapes", DAY, store=store).findings


def test_the_similar_towns_graphs_are_loaded_in_every_group_or_the_groups_refused(corpus, tmp_path):
    """The similar towns' file names several towns' nodes: validating in the groups loads it in every group, and a
    term only it uses is found as the whole run finds it; its block about a town's measure (a second title) is that
    town's, and found too. Groups that did not load it are refused, and so are the groups when a graph of no town
    (the target groups' vocabulary) states a town's node: each group would see only its part."""
    _, ma = _measure(corpus[0], 0)
    term = "    <https://w3id.org/esely/ontology#noSimilarTerm> \"x\" ;\n."
    title = "<http://purl.org/dc/terms/title> \"Második cím\"@hu"
    similar = re.search(r"^<([^>]+/similarity/[^>]+)>$", (corpus[0] / "similarity.ttl").read_text(encoding="utf-8"),
                        re.M).group(1)
    ttl, store = _variant(corpus, tmp_path / "a",
                          {"similarity.ttl": f"<{similar}>\n{term}\n\n<{ma}>\n    {title} ;\n."})
    report, why = _validated_in_groups(ttl, store, 1, tmp_path / "out")
    disk = validate_fast(ttl, ROOT / "shapes", DAY, store=store)
    assert why is None and report.findings == disk.findings
    assert {(f.shape.rsplit("#")[1], f.component.rsplit("#")[1], f.value) for f in report.findings
            if f.document == "similarity" or f.focus == ma} == {
        ("Ontology", "SPARQLConstraintComponent", "https://w3id.org/esely/ontology#noSimilarTerm"),
        ("Measure-title", "MaxCountConstraintComponent", None),
        ("Overdue-completed", "HasValueConstraintComponent", None)}  # as before the edit: its deadline has passed
    assert _validated_in_groups(ttl, store, 1, tmp_path / "skipped", skip=catalogue.COMPARED)[1].endswith(
        " / a graph no group loaded")
    ttl, store = _variant(corpus, tmp_path / "b", {"target-groups.ttl": f"<{ma}> {title} ."})
    assert _validated_in_groups(ttl, store, 1, tmp_path / "stated")[1] == f"{ma}: {validate_groups.STATED_SHARED}"
