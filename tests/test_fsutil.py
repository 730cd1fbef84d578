"""Outputs are never half-written or destructive (issue: destructive paths, killed builds, 0700 folders)."""

import os
import stat

import pytest
from click.testing import CliRunner

from esely_graph.cli import main
from esely_graph.errors import EselyError
from esely_graph.fsutil import atomic_dir, recover, refuse_overlap


def test_build_out_equal_to_sources_is_refused(data_copy):
    result = CliRunner().invoke(main, ["build", "--sources", str(data_copy), "--out", str(data_copy)])
    assert result.exit_code == 1 and "overlaps the input folder" in result.output
    assert (data_copy / "sources.toml").is_file() and (data_copy / "sources").is_dir()


@pytest.mark.parametrize("out_rel", [".", "sources", "vocab", ".."])
def test_any_overlap_of_output_and_inputs_is_refused(tmp_path, out_rel):
    data = tmp_path / "data"
    (data / "sources").mkdir(parents=True)
    with pytest.raises(EselyError, match="overlaps"):
        refuse_overlap(data / out_rel, data / "sources", data / "vocab", data)


def test_graph_folder_inside_data_is_allowed(tmp_path):
    refuse_overlap(tmp_path / "data" / "ttl", tmp_path / "data" / "sources", tmp_path / "data")


def test_output_folders_have_normal_permissions(tmp_path):
    with atomic_dir(tmp_path / "site") as tmp:
        (tmp / "sub").mkdir(mode=0o700)
        (tmp / "index.html").write_text("x")
    for p in (tmp_path / "site", tmp_path / "site" / "sub"):
        assert stat.S_IMODE(os.stat(p).st_mode) == 0o755


def test_a_failure_leaves_the_old_output_and_no_temporary_folder(tmp_path):
    out = tmp_path / "site"
    out.mkdir()
    (out / "old.html").write_text("old")
    with pytest.raises(RuntimeError):
        with atomic_dir(out) as tmp:
            (tmp / "new.html").write_text("new")
            raise RuntimeError("killed")
    assert [p.name for p in out.iterdir()] == ["old.html"]
    assert [p.name for p in tmp_path.iterdir()] == ["site"]


def test_kill_between_the_two_renames_is_recovered(tmp_path):
    """Simulate kill -9 after `out -> .out-old-PID` and before `tmp -> out`: the next run restores it."""
    out = tmp_path / "ttl"
    old = tmp_path / ".ttl-old-4242"
    old.mkdir()
    (old / "a.ttl").write_text("previous")
    stale = tmp_path / ".ttl-tmp-abcd"
    stale.mkdir()
    recover(out)
    assert (out / "a.ttl").read_text() == "previous"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["ttl"]


def test_stale_temporary_folders_are_removed_on_the_next_run(tmp_path):
    (tmp_path / ".site-tmp-x1").mkdir()
    (tmp_path / ".site-old-99").mkdir()
    with atomic_dir(tmp_path / "site") as tmp:
        (tmp / "index.html").write_text("new")
    assert sorted(p.name for p in tmp_path.iterdir()) == ["site"]
