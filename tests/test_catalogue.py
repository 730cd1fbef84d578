"""The named queries' whole-country results kept town by town (``catalogue.national_results``, what `all` hands the
report): after each change to a corpus of towns that are not the seeds, the update gives what a run with no state
gives — every query's columns, row count, first rows and CSV bytes — and runs again, anchored, only the changed
towns' rows of the queries ordered by municipality."""

import datetime as dt
from pathlib import Path

import pytest

from esely_graph import catalogue, disk_store
from esely_graph.bench.corpus import write_corpus
from esely_graph.bench.seeds import read_seeds
from esely_graph.bench.update import edit_measures
from esely_graph.build import build
from esely_graph.layout import Layout
from esely_graph.namespaces import BASE
from esely_graph.queries import ACROSS_TOWNS, load_queries, runnable
from esely_graph.report import build_report

ROOT = Path(__file__).resolve().parent.parent
DAY = dt.date(2026, 11, 30)
QUERIES = load_queries(ROOT / "queries")
# ordered by a figure first: merged in their order (read from the files' ORDER BY lines, by hand); a town's rows
# name other towns: run whole after any change
ORDERED = {"compare-overdue": [("share_overdue", True), ("municipality", False)],
           "overdue-measures": [("days_overdue", True), ("municipality", False), ("document", False), ("code", False)]}
WHOLE = {"compare-programmes", "shared-programmes"}


def test_the_queries_kept_town_by_town_are_those_ordered_by_municipality_first():
    assert {n for n, q in QUERIES.items() if runnable(q) and not catalogue.by_town(q)} == WHOLE | set(ORDERED)
    assert catalogue.by_town(QUERIES["measures"]) and catalogue.by_town(QUERIES["owner-load"])
    columns = {n: [c.strip() for c in next(line for line in q.text.splitlines() if line.startswith("# columns:"))
                   .split(":", 1)[1].split(",")] + ["municipality_iri"] for n, q in QUERIES.items()}
    assert {n: catalogue.ordered(q, columns[n]) for n, q in QUERIES.items()
            if runnable(q) and not catalogue.by_town(q) and catalogue.ordered(q, columns[n])} == ORDERED


def test_no_query_kept_town_by_town_reads_the_similar_towns():
    """A change to the similar towns (``catalogue.COMPARED``) concerns only the comparison of similar towns: no other
    query reads them."""
    kept = [n for n, q in QUERIES.items() if runnable(q) and catalogue.by_town(q)]
    assert len(kept) == 16
    assert [n for n in kept if "similar" in QUERIES[n].text.lower()] == ["compare-similar"]
    assert "esely:similarTo" in QUERIES["compare-similar"].text


def _results(tmp_path, ttl, out, whole=None):
    """The store synced with ``ttl``, then ``national_results`` with its state in ``out`` (a whole run: a group of
    towns at a time in memory, as `all` runs it); the queries an update runs on the whole graph are appended to
    ``whole``."""
    disk_store.sync(ttl, tmp_path / "store")
    store = disk_store.open_read_only(tmp_path / "store")
    real = catalogue.run_catalogue

    def recorded(s, qs, *args, **kwargs):
        if whole is not None:
            whole.extend(sorted(qs))
        return real(s, qs, *args, **kwargs)

    with pytest.MonkeyPatch.context() as m:
        m.setattr(catalogue, "run_catalogue", recorded)
        try:
            return catalogue.national_results(store, tmp_path / "store", out, QUERIES, DAY, jobs=1, ttl_dir=ttl)
        finally:
            del store


def _same(a, b):
    assert sorted(a.sections) == sorted(b.sections)
    for name in a.sections:
        x, y = a.sections[name], b.sections[name]
        assert (x.names, x.total) == (y.names, y.total), name
        assert x.head == y.head, name
        assert x.csv == y.csv, name


def drop_town(sources: Path, town: str) -> str:
    """Leave a town's documents out of the manifest; the manifest as it was."""
    text = sources.read_text(encoding="utf-8")
    head, *docs = text.split("\n[[document]]")
    sources.write_text(head + "".join("\n[[document]]" + d for d in docs if f'municipality = "{town}"' not in d),
                       encoding="utf-8")
    return text


@pytest.fixture(scope="module")
def corpus(tmp_path_factory):
    data = tmp_path_factory.mktemp("catalogue") / "data"
    write_corpus(read_seeds(Layout.of(ROOT)), data, 4, seed=11)
    return data


def test_each_update_gives_the_whole_run(corpus, tmp_path):
    data, ttl, out = corpus, corpus / "ttl", tmp_path / "out"
    build(data, ttl, jobs=1)
    first = _results(tmp_path, ttl, out)
    assert first.mode.startswith("teljes") and sorted(first.rows) == sorted(first.sections)
    assert all(r.total for n, r in first.sections.items() if n != "compare-overdue")  # every query has rows

    again = _results(tmp_path, ttl, out, whole := [])
    assert again.mode == "változatlan / unchanged" and whole == [] and again.rows == {}
    _same(again, first)
    for rows_file in (out / "catalogue").glob("rows-*.bin"):  # the kept CSV bytes lost: run whole, not half
        rows_file.unlink()
    lost = _results(tmp_path, ttl, out)
    assert lost.mode.startswith("teljes")
    _same(lost, first)

    plan = sorted((data / "sources").glob("*-hep-it.tsv"))[1]
    lines = plan.read_text(encoding="utf-8").split("\n")
    assert edit_measures(lines)
    plan.write_text("\n".join(lines), encoding="utf-8")
    build(data, ttl, jobs=1)
    sent, real_fan_out = [], catalogue.fan_out
    with pytest.MonkeyPatch.context() as m:
        m.setattr(catalogue, "fan_out", lambda store, work, items, jobs=None: sent.append(list(items))
                  or real_fan_out(store, work, items, jobs))
        update = _results(tmp_path, ttl, out, whole := [])
    order = [n for _, n in sent[0]]  # the comparisons, the longest runs, handed to the workers first
    across = [n for n in order if n in ACROSS_TOWNS]
    assert across and order[:len(across)] == across and len(order) > len(across)
    # the comparisons counting over every town: the town names the same programmes in the same documents, so its
    # own rows of them are as they were, and so are the others' (``catalogue.across``); the rest: its rows, anchored
    assert update.mode == "növekményes: 1 település, 0 lekérdezés egészben / incremental: 1 town(s), 0 whole quer(ies)"
    assert whole == [] and update.rows == {}
    assert update.sections["overdue-measures"].csv != first.sections["overdue-measures"].csv
    fresh = _results(tmp_path, ttl, tmp_path / "fresh")
    assert fresh.mode.startswith("teljes")
    assert update.sections["measures"].csv != first.sections["measures"].csv  # the edit shows
    _same(update, fresh)
    # the changed town's rows, run anchored, handed on for the site (``site/plan.py`` does not run them again)
    iri = BASE + "org/" + plan.name.split("-hep-it")[0]
    assert {t for t, _ in update.anchored} == {iri} and "measures" in {n for _, n in update.anchored}
    names, rows = update.anchored[(iri, "measures")]
    assert rows and catalogue.seg.csv_parts(names, rows)[1] in update.sections["measures"].csv

    plans = sorted((data / "sources").glob("*-hep-it.tsv"))
    plans[0].write_bytes(plans[2].read_bytes())  # a town takes another's plan: its similar towns change, and theirs
    build(data, ttl, jobs=1)
    similar = _results(tmp_path, ttl, out, whole := [])
    assert similar.mode.startswith("növekményes") and "compare-similar" not in whole
    assert sorted(whole) == sorted(WHOLE)  # the programmes it names changed: counted over every town again
    assert similar.sections["compare-programmes"].csv != update.sections["compare-programmes"].csv
    assert similar.sections["compare-similar"].csv != update.sections["compare-similar"].csv
    _same(similar, _results(tmp_path, ttl, tmp_path / "fresh-similar"))

    town = plan.name.split("-hep-it")[0]
    orgs = data / "vocab" / "organisations.toml"
    vocab = orgs.read_text(encoding="utf-8")
    head, sep, rest = vocab.partition(f'[[org]]\nid = "{town}"\nkind = "municipality"\nlabel = "')
    assert sep
    orgs.write_text(head + sep + "Új " + rest, encoding="utf-8")  # the town renamed: other towns' rows name it
    build(data, ttl, jobs=1)
    renamed = _results(tmp_path, ttl, out, whole := [])
    assert renamed.mode.startswith("növekményes") and "compare-similar" in whole
    assert "Új " in renamed.sections["measures"].csv.decode("utf-8")
    _same(renamed, _results(tmp_path, ttl, tmp_path / "fresh-renamed"))
    orgs.write_text(vocab, encoding="utf-8")

    manifest = drop_town(data / "sources.toml", town)
    build(data, ttl, jobs=1)
    gone = _results(tmp_path, ttl, out)
    assert gone.sections["measures"].total < update.sections["measures"].total
    _same(gone, _results(tmp_path, ttl, tmp_path / "fresh-gone"))

    (data / "sources.toml").write_text(manifest, encoding="utf-8")  # the town again: a new town
    build(data, ttl, jobs=1)
    back = _results(tmp_path, ttl, out)
    _same(back, _results(tmp_path, ttl, tmp_path / "fresh-back"))
    _same(back, similar)


def test_the_report_from_kept_results_is_the_report_from_rows(corpus, tmp_path):
    """The report made from ``national_results`` has the bytes of the report made from the queries' rows."""
    ttl = corpus / "ttl"
    build(corpus, ttl, jobs=1)
    disk_store.sync(ttl, tmp_path / "store")
    store = disk_store.open_read_only(tmp_path / "store")
    got = catalogue.national_results(store, tmp_path / "store", tmp_path / "out", QUERIES, DAY, jobs=1)
    build_report(ttl, ROOT / "queries", tmp_path / "a", DAY, store=store, results=got.sections)
    build_report(ttl, ROOT / "queries", tmp_path / "b", DAY, store=store)
    a = {p.relative_to(tmp_path / "a"): p.read_bytes() for p in sorted((tmp_path / "a").rglob("*")) if p.is_file()}
    b = {p.relative_to(tmp_path / "b"): p.read_bytes() for p in sorted((tmp_path / "b").rglob("*")) if p.is_file()}
    assert sorted(a) == sorted(b) and [f for f in a if a[f] != b[f]] == []
    del store
