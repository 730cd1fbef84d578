"""`all --in-memory` loads the in-memory copy while the on-disk store is synced (``store.load_named_while``): the
same quads as ``load_named``, the work's own result, the work's error raised (after the load stopped); and the main
job gives the same findings and statistics with and without ``--in-memory``, and run again with nothing changed the
same report, from the query results and analytics it kept (``catalogue``, ``analytics_towns``)."""

import json
import shutil

import pytest
from click.testing import CliRunner

from esely_graph.cli import main
from esely_graph.disk_store import open_read_only, sync
from esely_graph.store import load_named, load_named_while
from conftest import DATA, TTL


def quads(store) -> set:
    return set(store.quads_for_pattern(None, None, None, None))


def test_the_copy_in_memory_beside_the_sync_holds_the_same_quads(tmp_path):
    synced, memory = load_named_while(TTL, lambda: sync(TTL, tmp_path / "store"))
    assert quads(memory) == quads(load_named(TTL)) == quads(open_read_only(tmp_path / "store"))
    assert synced.loaded and not synced.removed


def test_the_works_error_is_raised():
    def work():
        raise RuntimeError("the sync failed")

    with pytest.raises(RuntimeError, match="the sync failed"):
        load_named_while(TTL, work)


@pytest.mark.slow
def test_all_in_memory_gives_the_findings_and_statistics_of_all_on_disk(tmp_path):
    project = tmp_path / "project"
    shutil.copytree(DATA, project / "data", ignore=shutil.ignore_patterns(".cache"))
    outputs = {}
    for mode, extra in (("disk", []), ("memory", ["--in-memory"])):
        out = tmp_path / mode
        result = CliRunner().invoke(main, ["--project", str(project), "all", "--out", str(out), "--as-of", "2024-01-01",
                                           *extra])
        assert result.exit_code == 0, result.output
        outputs[mode] = (json.loads((out / "validation.json").read_text(encoding="utf-8")),
                         (out / "stats.csv").read_text(encoding="utf-8"))
    assert outputs["memory"] == outputs["disk"]
    def report(out):
        return {f.relative_to(out): f.read_bytes() for f in sorted((out / "report").rglob("*")) if f.is_file()}

    # Run again with nothing changed: the kept results and analytics give the same report, byte for byte. (Not
    # compared with the in-memory run's: there the owners a GROUP_CONCAT joins may come in another order.)
    first = report(tmp_path / "disk")
    assert len(first) > 15  # the report and every query's CSV
    again = CliRunner().invoke(main, ["--project", str(project), "all", "--out", str(tmp_path / "disk"),
                                      "--as-of", "2024-01-01"])
    assert again.exit_code == 0, again.output
    assert "queries: változatlan / unchanged" in again.output and "analytics: változatlan / unchanged" in again.output
    assert report(tmp_path / "disk") == first
    findings, stats = outputs["disk"]
    assert findings["counts"] == {"violation": 0, "warning": 5, "info": 25}  # the committed graph's (test_validate.py)
    assert stats.startswith("document,class,n\n") and stats.count("\n") > 20
