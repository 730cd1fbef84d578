"""The build: deterministic, committed output equals a fresh build, atomic on failure."""

import filecmp
import subprocess
import sys
from pathlib import Path

import pytest

from esely_graph.build import build
from esely_graph.errors import SourceError
from conftest import DATA, TTL


def _same_tree(a: Path, b: Path) -> list[str]:
    cmp = filecmp.dircmp(a, b)
    diffs = cmp.left_only + cmp.right_only
    _, mismatch, errors = filecmp.cmpfiles(a, b, cmp.common_files, shallow=False)
    return diffs + mismatch + errors


def test_committed_ttl_equals_a_fresh_build(tmp_path):
    build(DATA, tmp_path / "ttl")
    assert _same_tree(tmp_path / "ttl", TTL) == []


def test_build_is_byte_identical_across_processes(tmp_path):
    """Two builds in separate interpreters (different hash seeds) give the same bytes."""
    for n, seed in ((1, "1"), (2, "12345")):
        subprocess.run([sys.executable, "-c",
                        f"from pathlib import Path; from esely_graph.build import build; "
                        f"build(Path({str(DATA)!r}), Path({str(tmp_path / str(n))!r}))"],
                       check=True, env={"PYTHONHASHSEED": seed, "PATH": ""})
    assert _same_tree(tmp_path / "1", tmp_path / "2") == []


def test_no_blank_nodes(tmp_path):
    for f in TTL.glob("*.ttl"):
        assert "_:" not in f.read_text(encoding="utf-8"), f.name
        assert "[" not in "".join(l for l in f.read_text(encoding="utf-8").splitlines() if not l.strip().startswith(("\"", "#"))
                                  and "\"" not in l), f.name


def test_failed_build_leaves_previous_output_untouched(data_copy, tmp_path):
    out = tmp_path / "ttl"
    build(data_copy, out)
    before = {p.name: p.read_bytes() for p in out.iterdir()}
    (data_copy / "sources" / "jozsefvaros-roma-strategia-intezkedesi-terv.tsv").write_text("", encoding="utf-8")
    with pytest.raises(SourceError):
        build(data_copy, out, strict=True)
    assert {p.name: p.read_bytes() for p in out.iterdir()} == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["data", "ttl"]  # no temp dirs left behind
