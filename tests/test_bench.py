"""The benchmark: its synthetic corpus (fast) and one whole run at a small N (slow)."""

import json

import pytest
from click.testing import CliRunner

from esely_graph.bench.corpus import write_corpus
from esely_graph.bench.names import renamer, town_names
from esely_graph.bench.seeds import read_seeds
from esely_graph.cli import main
from esely_graph.layout import Layout
from esely_graph.manifest import load_manifest
from conftest import ROOT

STAGES = {"build", "store sync", "stats", "validate", "queries", "analytics", "report", "site",
          "whole run (as `all` runs it)",
          *(f"{edit}whole (side by side)" for edit in ("update one town: ", "update one town's measures: ")),
          *(f"{edit}{stage}" for edit in ("update one town: ", "update one town's measures: ")
            for stage in ("build", "store sync", "stats", "validate", "queries", "analytics", "report", "site"))}


@pytest.fixture(scope="module")
def seeds():
    return read_seeds(Layout.of(ROOT))


def test_a_town_name_replaces_the_seed_town_in_every_form():
    rename = renamer("jozsefvaros", "Kisberény")
    assert rename("A Józsefvárosi Önkormányzat, józsefvárosban") == "A Kisberényi Önkormányzat, Kisberényban"
    assert rename("Józsefvárosnak és Budapestnek") == "Kisberénynak és Budapestnek"


def test_town_names_are_distinct_at_national_scale():
    names = town_names(3200)
    assert len(set(names)) == 3200 and town_names(5) == names[:5]


def test_the_corpus_is_the_same_for_the_same_seed_and_varies_by_town(seeds, tmp_path):
    write_corpus(seeds, tmp_path / "a", 3, seed=7)
    write_corpus(seeds, tmp_path / "b", 3, seed=7)
    files = sorted(p.relative_to(tmp_path / "a") for p in (tmp_path / "a").rglob("*") if p.is_file())
    assert files == sorted(p.relative_to(tmp_path / "b") for p in (tmp_path / "b").rglob("*") if p.is_file())
    for f in files:
        assert (tmp_path / "a" / f).read_bytes() == (tmp_path / "b" / f).read_bytes(), f
    manifest = load_manifest(tmp_path / "a")
    towns = sorted({d.municipality for d in manifest.documents})
    assert len(towns) == 3
    for town in towns:
        kinds = [d.kind for d in manifest.documents if d.municipality == town]
        assert kinds[:2] == ["hep-conclusions", "hep-action-plan"] and len(kinds) == 3
        assert kinds[2] in ("council-resolution", "strategy-action-plan")
    plans = [(tmp_path / "a" / d.file).read_text(encoding="utf-8") for d in manifest.documents
             if d.kind == "hep-action-plan"]
    assert len(set(plans)) == 3  # every town's plan reads differently
    home = seeds.docs["hep-action-plan"].meta.municipality
    for d in manifest.documents:
        text = (tmp_path / "a" / d.file).read_text(encoding="utf-8")
        assert home not in text.lower().replace("á", "a").replace("ó", "o"), d.file  # the seed town is renamed
    for vocab in ("organisations.toml", "strategies.toml"):  # nor in an identifier of the copies' vocabularies
        ids = [line for line in (tmp_path / "a" / "vocab" / vocab).read_text(encoding="utf-8").splitlines()
               if line.startswith(("id =", "parent ="))]
        assert ids and not [line for line in ids if home in line], vocab


@pytest.mark.slow
def test_bench_runs_every_stage_and_writes_json(tmp_path, monkeypatch):
    monkeypatch.setenv("ESELY_JOBS", "2")  # as `all` runs on two cores: some steps side by side
    out = tmp_path / "bench.json"
    result = CliRunner().invoke(main, ["--project", str(ROOT), "bench", "--municipalities", "3", "--plain-max", "3",
                                       "--json", str(out)])
    assert result.exit_code == 0, result.output
    figures = json.loads(out.read_text(encoding="utf-8"))
    assert figures["municipalities"] == 3 and figures["triples"] > 0
    assert set(figures["stages"]) == STAGES
    assert not [s for s, f in figures["stages"].items() if "error" in f]
    assert all(f["cpu"] >= 0 and f["rss_mb"] > 0 for f in figures["stages"].values())
    # the full run as `all` runs it: one after the other up to the store's sync, then the named queries, the
    # analytics, the stats and the validation (a whole run: taken in the queries' groups, in this process), the report
    # beside the site (pipeline.py); the total is the run's own wall
    span = {name: (f["start_s"], f["end_s"]) for name, f in figures["stages"].items() if "start_s" in f}
    assert set(span) == STAGES - {s for s in STAGES if s.startswith("update")}
    assert 0 <= span["build"][0] < span["build"][1] <= span["store sync"][0] < span["store sync"][1]
    assert span["store sync"][1] <= min(span[s][0] for s in ("stats", "validate", "queries"))

    def overlap(a, b):
        return max(a[0], b[0]) < min(a[1], b[1])

    assert overlap(span["report"], span["site"])
    # in this process, put together from the queries' groups
    assert span["analytics"][1] <= span["stats"][0] and span["stats"][1] <= span["validate"][0]
    for stage in ("stats", "analytics", "validate"):
        assert figures["stages"][stage]["detail"]["mode"].endswith("(csoportonként / in groups)"), stage
    assert max(span[s][1] for s in ("stats", "validate", "queries")) <= min(span["report"][0], span["site"][0])
    assert span["queries"][1] <= span["analytics"][0] and span["analytics"][1] <= span["report"][0]  # after the
    # queries, in their process (beside the validation when it runs longer)
    total = figures["total"]
    assert total["wall"] == figures["stages"]["whole run (as `all` runs it)"]["wall"]
    assert total["to_report"] == span["report"][1] <= total["wall"]
    assert "total from its build to the report’s end" in result.output
    assert figures["queries"] and figures["plain"] and figures["ratios"]
    # every query's whole-country answer read back from the kept results, as CSV and JSON (``kept_figures``)
    assert all(q["kept csv"] >= 0 and q["kept json"] >= 0 for q in figures["queries"].values())
    assert "read from the kept results as csv: " in result.output
    for when in ("before", "after"):  # the machine's speed beside the figures (bench/machine.py)
        assert set(figures["machine"][when]) == {"python_loop_s", "memory_reads_s"}
        assert all(v > 0 for v in figures["machine"][when].values())
    assert "random memory reads" in result.output


def test_ratios_compare_the_same_steps_only():
    """With validation skipped on the project's side, end to end is load + queries on both sides."""
    from esely_graph.bench.meter import Stage
    from esely_graph.bench.plain import ratios

    project = [Stage("load", cpu=1.0), Stage("queries", cpu=1.0)]
    plain = [Stage("plain load (rdflib)", cpu=10.0), Stage("plain queries (rdflib SPARQL)", cpu=40.0),
             Stage("plain validate (pySHACL, whole graph)", cpu=5.0), Stage("raw load (x)", cpu=0.5)]
    r = ratios(project, plain)
    assert r["load+queries: plain / project"] == 25.0  # (10 + 40) / (1 + 1)
    assert r["validate: pySHACL whole graph / project"] is None
    assert r["load: project / raw pyoxigraph"] == 2.0
    with_validation = ratios(project + [Stage("validate", cpu=5.0)], plain)
    assert with_validation["load+queries+validate: plain / project"] == 7.86  # (10 + 40 + 5) / (1 + 1 + 5)


@pytest.mark.slow
def test_in_memory_pipeline_gives_the_same_figures_as_the_on_disk_store(tmp_path):
    """`--in-memory` reads the same named graphs from memory: the same findings and the same rows of
    every named query as the on-disk store, with its own load stage."""
    figures = {}
    for mode in ("disk", "memory"):
        out = tmp_path / f"{mode}.json"
        args = ["--project", str(ROOT), "bench", "-n", "2", "--plain-max", "0", "--skip", "site", "--json", str(out)]
        result = CliRunner().invoke(main, args + (["--in-memory"] if mode == "memory" else []))
        assert result.exit_code == 0, result.output
        figures[mode] = json.loads(out.read_text(encoding="utf-8"))
    disk, memory = figures["disk"], figures["memory"]
    # the in-memory copy loaded while the store is synced, as `all --in-memory` does; the update reads the disk store
    assert set(memory["stages"]) ^ set(disk["stages"]) == {"store sync", "store sync + load in memory"}
    side = memory["stages"]["store sync + load in memory"]["detail"]
    assert side["quads in memory"] == side["quads"] == disk["stages"]["store sync"]["detail"]["quads"] > 0
    assert not [s for s, f in memory["stages"].items() if "error" in f]
    for stage in ("validate", "update one town: validate"):
        assert {k: v for k, v in memory["stages"][stage]["detail"].items() if k != "mode"} == {
            k: v for k, v in disk["stages"][stage]["detail"].items() if k != "mode"}
    assert disk["stages"]["validate"]["detail"]["mode"] == memory["stages"]["validate"]["detail"]["mode"] + \
        " (csoportonként / in groups)"  # the whole run's validation on the disk: in the queries' groups
    assert memory["stages"]["stats"]["detail"]["rows"] == disk["stages"]["stats"]["detail"]["rows"] > 0
    assert "in groups" in disk["stages"]["stats"]["detail"]["mode"] and "groups" not in memory["stages"]["stats"][
        "detail"]["mode"]
    assert {n: q["rows"] for n, q in memory["queries"].items()} == {n: q["rows"] for n, q in disk["queries"].items()}
    assert all("kept csv" in q for q in memory["queries"].values())  # the kept answers of a run in memory too
    assert sum(q["rows"] for q in disk["queries"].values()) > 0


def test_a_plain_query_that_runs_too_long_is_stopped_at_the_limit():
    """rdflib's engine can take hours on one query (measures-incomplete at 10 towns ran > 38 min): the plain stack's
    queries run under ``time_limit``, which stops a query still running at the limit and leaves no alarm behind."""
    import signal
    import time

    from rdflib import Graph, Literal, URIRef

    from esely_graph.time_limit import OverLimit, time_limit

    g = Graph()
    for i in range(400):
        g.add((URIRef(f"urn:s{i}"), URIRef("urn:p"), Literal(i)))
    cross = "SELECT * WHERE { ?a <urn:p> ?x . ?b <urn:p> ?y . ?c <urn:p> ?z }"  # 400³ rows: minutes in rdflib
    before = signal.getsignal(signal.SIGALRM)
    start = time.perf_counter()
    with pytest.raises(OverLimit):
        with time_limit(0.5):
            list(g.query(cross))
    assert time.perf_counter() - start < 30
    assert signal.getitimer(signal.ITIMER_REAL) == (0.0, 0.0) and signal.getsignal(signal.SIGALRM) is before
    with time_limit(30):  # a query that ends in time: its rows, and the alarm taken back
        rows = list(g.query("SELECT ?a WHERE { ?a <urn:p> 7 }"))
    assert [str(r[0]) for r in rows] == ["urn:s7"]
    assert signal.getitimer(signal.ITIMER_REAL) == (0.0, 0.0) and signal.getsignal(signal.SIGALRM) is before
