"""`query NAME --store DIR` answered from the whole-country results the last run kept (``kept_answer.py``): on a
corpus of towns that are not the seeds, every runnable query's kept answer is, in every format, the answer the store
gives when the query is evaluated (``--evaluate``), after a whole run and after one town's update; a store, a day or a
parameter the kept results are not of is evaluated."""

import datetime as dt
import importlib
import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from esely_graph import catalogue, disk_store, kept_answer
from esely_graph.bench.corpus import write_corpus
from esely_graph.bench.seeds import read_seeds
from esely_graph.bench.update import edit_measures
from esely_graph.build import build
from esely_graph.cli import main
from esely_graph.layout import Layout
from esely_graph.queries import load_queries, runnable

ROOT = Path(__file__).resolve().parent.parent
QUERIES = load_queries(ROOT / "queries")
RUNNABLE = sorted(n for n, q in QUERIES.items() if runnable(q))
TODAY = dt.date.today()
FORMULA = "=1+1 fiktív cím"  # a measure's title a spreadsheet would run: the report's CSV neutralises it, csv not


def _keep(project: Path) -> catalogue.Catalogue:
    """The store synced with the built graph and the queries' results kept, as `all` keeps them (today)."""
    disk_store.sync(project / "data" / "ttl", project / "out" / "store")
    store = disk_store.open_read_only(project / "out" / "store")
    try:
        return catalogue.national_results(store, project / "out" / "store", project / "out", QUERIES, TODAY, jobs=1)
    finally:
        del store


def _plan(project: Path) -> Path:
    return sorted((project / "data" / "sources").glob("*-hep-it.tsv"))[1]


@pytest.fixture(scope="module")
def project(tmp_path_factory):
    root = tmp_path_factory.mktemp("kept")
    write_corpus(read_seeds(Layout.of(ROOT)), root / "data", 3, seed=5)
    plan = _plan(root)
    rows = [line.split("\t") for line in plan.read_text(encoding="utf-8").split("\n")]
    first = next(r for r in rows if r[0].strip() == "1" and len(r) > 2)
    first[1] = FORMULA
    plan.write_text("\n".join("\t".join(r) for r in rows), encoding="utf-8")
    build(root / "data", root / "data" / "ttl", jobs=1)
    _keep(root)
    return root


def _ask(project: Path, name: str, fmt: str, *more: str):
    result = CliRunner().invoke(main, ["--project", str(project), "query", name, "--store",
                                       str(project / "out" / "store"), "--format", fmt, *more])
    assert result.exit_code == 0, result.output
    return result


def _same_answers(project: Path) -> None:
    for name in RUNNABLE:
        for fmt in ("csv", "json", "table", "records"):
            got, evaluated = _ask(project, name, fmt), _ask(project, name, fmt, "--evaluate")
            assert got.stderr.startswith("megőrzött válasz"), (name, fmt)
            assert evaluated.stderr == "", (name, fmt)
            assert got.stdout_bytes == evaluated.stdout_bytes, (name, fmt)


def test_the_kept_answer_is_the_evaluated_answer_in_every_format(project):
    assert len(RUNNABLE) == 20
    _same_answers(project)
    measures = _ask(project, "measures", "csv").stdout
    assert f",{FORMULA}," in measures and f"'{FORMULA}" not in measures  # the plain value, not the report's


def test_the_kept_answer_after_one_towns_update_is_the_evaluated_answer(project, tmp_path):
    plan = _plan(project)
    before, lines = plan.read_text(encoding="utf-8"), plan.read_text(encoding="utf-8").split("\n")
    try:
        assert edit_measures(lines)
        plan.write_text("\n".join(lines), encoding="utf-8")
        build(project / "data", project / "data" / "ttl", jobs=1)
        old = _ask(project, "measures", "csv").stdout
        assert old == _ask(project, "measures", "csv", "--evaluate").stdout  # the store changed: evaluated
        assert _ask(project, "measures", "csv").stderr == ""
        update = _keep(project)
        assert update.mode.startswith("növekményes")
        _same_answers(project)
    finally:
        plan.write_text(before, encoding="utf-8")
        build(project / "data", project / "data" / "ttl", jobs=1)
        _keep(project)


def test_a_store_changed_since_the_run_is_evaluated(project):
    """The store's marker differs from the one kept with the results: the answer is not the kept one."""
    store = project / "out" / "store"
    assert kept_answer.kept(project / "out", store, QUERIES, "measures", {}, TODAY) is not None
    marker = store / disk_store.MARKER
    before = marker.read_bytes()
    try:
        state = json.loads(before)
        first = sorted(state["files"])[0]
        state["files"][first] = "sha256:" + "0" * 64  # one graph as another sync would have left it
        marker.write_text(json.dumps(state), encoding="utf-8")
        assert kept_answer.kept(project / "out", store, QUERIES, "measures", {}, TODAY) is None
    finally:
        marker.write_bytes(before)


def test_another_day_or_parameter_is_evaluated(project):
    out, store = project / "out", project / "out" / "store"
    assert kept_answer.kept(out, store, QUERIES, "overdue-measures", {"as_of": TODAY.isoformat()}, TODAY) is not None
    assert kept_answer.kept(out, store, QUERIES, "overdue-measures", {"as_of": "today"}, TODAY) is not None
    assert kept_answer.kept(out, store, QUERIES, "overdue-measures", {}, TODAY + dt.timedelta(days=1)) is None
    assert kept_answer.kept(out, store, QUERIES, "overdue-measures", {"as_of": "2020-01-01"}, TODAY) is None
    town = next(p for p in QUERIES["measures"].params if p.name == "municipality")
    assert kept_answer.kept(out, store, QUERIES, "measures", {"municipality": town.default}, TODAY) is not None
    assert kept_answer.kept(out, store, QUERIES, "measures", {"municipality": "Alsóberény"}, TODAY) is None
    # a parameter the query does not have: evaluated, and so refused as it is without kept answers
    assert kept_answer.kept(out, store, QUERIES, "measures", {"as_of": TODAY.isoformat()}, TODAY) is None
    bad = CliRunner().invoke(main, ["--project", str(project), "query", "measures", "--store", str(store),
                                    "--param", f"as_of={TODAY.isoformat()}"])
    assert bad.exit_code != 0 and "has no parameter 'as_of'" in bad.output
    got = _ask(project, "measures", "csv", "--param", "municipality=Alsóberény")
    assert got.stderr == "" and got.stdout.count("\n") > 1  # evaluated, anchored on the town


def _app(project: Path, **settings):
    from esely_graph.endpoint import create_app
    from esely_graph.endpoint.protocol import Settings

    return create_app(Settings(source={"store_dir": str(project / "out" / "store")}, queries_dir=ROOT / "queries",
                               workers=1, timeout=60, as_of=TODAY, **settings))


def test_the_endpoints_named_queries_read_the_kept_answer(project):
    """`serve`'s /queries/NAME gives the kept answer's bytes (CSV, JSON, the HTML page) where it holds, the evaluated
    ones otherwise, and refuses a kept answer over the row cap as an evaluated one."""
    from starlette.testclient import TestClient

    canned = importlib.import_module("esely_graph.endpoint.canned")  # the module (the package names a function so)

    with TestClient(_app(project, kept_out=project / "out")) as kept, TestClient(_app(project)) as evaluated:
        for name in ("measures", "overdue-measures", "compare-programmes"):
            for fmt in ("csv", "json", "html"):
                a, b = kept.get(f"/queries/{name}?format={fmt}"), evaluated.get(f"/queries/{name}?format={fmt}")
                assert (a.status_code, a.headers["content-type"]) == (b.status_code, b.headers["content-type"]) \
                    == (200, a.headers["content-type"]), (name, fmt)
                assert a.content == b.content, (name, fmt)
        shown = kept.get("/queries/measures?format=csv").text
        assert f",{FORMULA}," in shown
        with pytest.MonkeyPatch.context() as m:  # read, not evaluated
            m.setattr(canned, "run_query", lambda *a, **k: pytest.fail("a kept answer evaluated"))
            assert [kept.get(f"/queries/measures?format={f}").status_code for f in ("csv", "json", "html")] == [200] * 3
    marker = project / "out" / "store" / disk_store.MARKER
    before = marker.read_bytes()
    try:  # kept answers that no longer hold: the store is not the run's
        state = json.loads(before)
        state["files"][sorted(state["files"])[0]] = "sha256:" + "0" * 64
        marker.write_text(json.dumps(state), encoding="utf-8")
        with TestClient(_app(project, kept_out=project / "out")) as stale, \
                pytest.MonkeyPatch.context() as m:
            m.setattr(kept_answer.Kept, "csv", lambda self: pytest.fail("a kept answer read for a changed store"))
            assert stale.get("/queries/measures?format=csv").status_code == 200
    finally:
        marker.write_bytes(before)
    rows = shown.count("\n") - 1
    with TestClient(_app(project, kept_out=project / "out", max_rows=rows - 1)) as capped, \
            TestClient(_app(project, max_rows=rows - 1)) as evaluated_capped:
        a, b = capped.get("/queries/measures?format=csv"), evaluated_capped.get("/queries/measures?format=csv")
        assert a.status_code == b.status_code == 422 and a.text == b.text
    with TestClient(_app(project, kept_out=project / "out", max_rows=rows)) as capped:
        assert capped.get("/queries/measures?format=csv").text == shown
