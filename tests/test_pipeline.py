"""What `all` runs after the store sync (pipeline.py): side by side, the same files and messages as one after the
other; a graph with violations stops before the report and the site."""

import json
import re

import pytest

from esely_graph import disk_store
from esely_graph.errors import EselyError
from esely_graph.fanout import forget_disk, open_disk
from esely_graph.layout import Layout
from esely_graph.pipeline import after_sync
from esely_graph.validate.findings import Finding, Report

from conftest import AS_OF, DATA, TTL


def _run(tmp_path, jobs: str, monkeypatch):
    monkeypatch.setenv("ESELY_JOBS", jobs)
    lay = Layout(data=DATA, ttl=TTL, out=tmp_path / f"out-{jobs}")
    lay.out.mkdir()
    synced = disk_store.sync(lay.ttl, lay.store)
    said = []
    try:
        after_sync(lay, AS_OF, synced, open_disk(lay.store),
                   say=lambda text, err=False: said.append(text.replace(str(lay.out), "OUT")))
    finally:
        forget_disk()
    return lay, said


def _files(folder):
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


@pytest.mark.slow
def test_side_by_side_writes_what_one_after_the_other_writes_and_says_it_in_the_steps_order(tmp_path, monkeypatch):
    beside, said = _run(tmp_path, "2", monkeypatch)
    here, said_here = _run(tmp_path, "1", monkeypatch)
    for name in ("stats.csv", "validation.txt", "validation.json"):
        assert (beside.out / name).read_bytes() == (here.out / name).read_bytes(), name
    assert _files(beside.out / "report") == _files(here.out / "report")
    pages = _files(beside.out / "site")
    assert pages.keys() == _files(here.out / "site").keys() and len(pages) > 400
    assert said == said_here  # the same messages, in the same order
    steps = [next(i for i, line in enumerate(said) if re.search(pattern, line)) for pattern in (
        r"^wrote .*stats\.csv", r"^wrote .*validation\.txt: 0 violations", r"^lekérdezések / queries",
        r"^elemzés / analytics", r"^wrote .*report\.md", r"^lapok készítése")]
    assert steps[:-1] == sorted(steps[:-1]) and steps[-1] < steps[-2]  # the site says it starts before the report ends


def test_a_graph_with_violations_stops_before_the_report_and_the_site(tmp_path, monkeypatch):
    import esely_graph.validate.groups as groups
    import esely_graph.validate.incremental as incremental

    bad = Finding("strategy-x", "http://example.org/m1", "violation", "MeasureShape", "sh:MinCountConstraintComponent",
                  "esely:deadline", None, "Hiányzik a határidő.", "The deadline is missing.", "x.csv", 4, None)

    def validate_incremental(*args, **kwargs):  # forked into the child with the rest of this process
        report = Report([bad], None, 1, ["x"])
        report.mode = "növekményes / incremental"
        return report

    monkeypatch.setattr(incremental, "validate_incremental", validate_incremental)
    # a whole run's validation, taken in the named queries' groups
    monkeypatch.setattr(groups, "validate_grouped", lambda *args: (validate_incremental(), None))
    with pytest.raises(EselyError, match="the graph has SHACL violations"):
        _run(tmp_path, "2", monkeypatch)
    out = tmp_path / "out-2"
    assert json.loads((out / "validation.json").read_text(encoding="utf-8"))["counts"]["violation"] == 1
    assert not (out / "report").exists() and not (out / "site").exists()


def test_a_store_handle_not_opened_through_open_disk_keeps_every_step_in_this_process(tmp_path, monkeypatch):
    import os

    import esely_graph.validate.incremental as incremental

    monkeypatch.setenv("ESELY_JOBS", "2")
    lay = Layout(data=DATA, ttl=TTL, out=tmp_path / "out")
    lay.out.mkdir()
    synced = disk_store.sync(lay.ttl, lay.store)
    pids = []

    def validate_incremental(*args, **kwargs):  # a child could not open a handle of its own on this one's folder
        pids.append(os.getpid())
        report = Report([], None, 1, [])
        report.mode = "növekményes / incremental"
        return report

    monkeypatch.setattr(incremental, "validate_incremental", validate_incremental)
    after_sync(lay, AS_OF, synced, disk_store.open_read_only(lay.store), skip=("report", "site"))
    assert pids == [os.getpid()]
