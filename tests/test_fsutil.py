"""Outputs are never half-written or destructive (issue: destructive paths, killed builds, 0700 folders)."""

import os
import stat
from pathlib import Path

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


def _folder(tmp_path, files):
    out = tmp_path / "ttl"
    out.mkdir()
    for name, text in files.items():
        (out / name).write_text(text)
    return out


def test_an_update_writes_only_the_files_that_differ(tmp_path):
    from esely_graph.fsutil import updated_dir

    out = _folder(tmp_path, {"a.ttl": "A", "b.ttl": "B", "gone.ttl": "G"})
    source = tmp_path / "cached-c.ttl"
    source.write_text("C")
    before = {p.name: p.stat() for p in out.iterdir()}
    st = source.stat()
    with updated_dir(out) as upd:
        upd.write("a.ttl", b"A")  # the same bytes: left as it is
        upd.write("b.ttl", b"B2")  # new bytes
        upd.place(source, "c.ttl", (st.st_ino, st.st_size, st.st_mtime_ns))  # new: a hard link
    assert {p.name: p.read_text() for p in out.iterdir()} == {"a.ttl": "A", "b.ttl": "B2", "c.ttl": "C"}
    a = (out / "a.ttl").stat()
    assert (a.st_ino, a.st_mtime_ns, a.st_ctime_ns) == (before["a.ttl"].st_ino, before["a.ttl"].st_mtime_ns,
                                                        before["a.ttl"].st_ctime_ns)
    assert (out / "b.ttl").stat().st_ino != before["b.ttl"].st_ino
    assert (out / "c.ttl").stat().st_ino == st.st_ino
    assert sorted(p.name for p in tmp_path.iterdir()) == ["cached-c.ttl", "ttl"]
    c = (out / "c.ttl").stat()
    with updated_dir(out) as upd:  # placed again from the same file: nothing to do, not even a new link
        upd.write("a.ttl", b"A")
        upd.write("b.ttl", b"B2")
        upd.place(source, "c.ttl", (st.st_ino, st.st_size, st.st_mtime_ns))
    assert (out / "c.ttl").stat().st_ctime_ns == c.st_ctime_ns


def test_a_failed_update_leaves_the_folder_as_it_was(tmp_path):
    from esely_graph.fsutil import updated_dir

    out = _folder(tmp_path, {"a.ttl": "A", "b.ttl": "B"})
    with pytest.raises(RuntimeError):
        with updated_dir(out) as upd:
            upd.write("a.ttl", b"A2")
            raise RuntimeError("a document could not be read")
    assert {p.name: p.read_text() for p in out.iterdir()} == {"a.ttl": "A", "b.ttl": "B"}
    assert sorted(p.name for p in tmp_path.iterdir()) == ["ttl"]


def test_an_update_killed_while_applying_is_finished_by_the_next_run(tmp_path, monkeypatch):
    """The journal is written whole before the first rename; a kill after the first rename leaves it, and
    the next run finishes the renames and deletions: the new output, never a mix."""
    import esely_graph.fsutil as fsutil

    out = _folder(tmp_path, {"a.ttl": "A", "b.ttl": "B", "gone.ttl": "G"})
    real, calls = os.replace, []

    def killed(src, dst):
        if Path(dst).parent == out:
            if calls:
                raise KeyboardInterrupt  # stands for kill -9 after the first rename into the folder
            calls.append(dst)
        real(src, dst)

    monkeypatch.setattr(fsutil.os, "replace", killed)
    with pytest.raises(KeyboardInterrupt):
        with fsutil.updated_dir(out) as upd:
            upd.write("a.ttl", b"A2")
            upd.write("b.ttl", b"B2")
    monkeypatch.setattr(fsutil.os, "replace", real)
    assert (out / "a.ttl").read_text() == "A2" and (out / "b.ttl").read_text() == "B"  # half done
    fsutil.recover(out)
    assert {p.name: p.read_text() for p in out.iterdir()} == {"a.ttl": "A2", "b.ttl": "B2"}
    assert sorted(p.name for p in tmp_path.iterdir()) == ["ttl"]


def test_an_update_of_a_folder_that_does_not_exist_writes_it_whole(tmp_path):
    from esely_graph.fsutil import updated_dir

    with updated_dir(tmp_path / "ttl") as upd:
        upd.write("a.ttl", b"A")
    assert [p.name for p in (tmp_path / "ttl").iterdir()] == ["a.ttl"]
    assert sorted(p.name for p in tmp_path.iterdir()) == ["ttl"]
