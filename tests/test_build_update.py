"""A one-town rebuild in place (the output folder updated file by file, the merged files spliced) gives the
bytes of a build from scratch, file for file, after changes that move links, owners and similarity; the
documents that did not change keep their files (inode and times), so the store's sync does not read them; the
store's hard links to the files it last loaded do not make the next build merge every chunk again."""

import shutil
from pathlib import Path

from esely_graph.bench.corpus import write_corpus
from esely_graph.bench.seeds import read_seeds
from esely_graph.build import build
from esely_graph.build.merged import MergedFile
from esely_graph.disk_store import sync
from esely_graph.layout import Layout
from test_build import _same_tree

ROOT = Path(__file__).resolve().parent.parent
REAL_MERGE = MergedFile._merge
SHARED = {"links.ttl", "organisations.ttl", "strategies.ttl", "settlements.ttl", "similarity.ttl", "programmes.ttl"}


def _cold(data: Path, out: Path, monkeypatch) -> Path:
    monkeypatch.setenv("ESELY_NO_CACHE", "1")
    shutil.rmtree(out, ignore_errors=True)
    with monkeypatch.context() as m:
        m.setattr(MergedFile, "_merge", REAL_MERGE)
        build(data, out, jobs=1)
    monkeypatch.delenv("ESELY_NO_CACHE")
    return out


def test_an_incremental_build_after_each_change_equals_a_cold_build(tmp_path, monkeypatch):
    data = tmp_path / "data"
    write_corpus(read_seeds(Layout.of(ROOT)), data, 3, seed=5)
    ttl = data / "ttl"
    build(data, ttl, jobs=1)
    plans = sorted((data / "sources").glob("*-hep-it.*"))
    first, second = plans[0], plans[1]
    original = first.read_bytes()
    stamps = lambda: {p.name: (p.stat().st_ino, p.stat().st_ctime_ns) for p in ttl.iterdir()}  # noqa: E731
    steps = [
        ("the first town's action plan takes the second's measures", second.read_bytes()),
        ("and back", original),
    ]
    merges = []
    real_merge = MergedFile._merge
    monkeypatch.setattr(MergedFile, "_merge", lambda self: merges.append(1) or real_merge(self))
    for what, content in steps:
        sync(ttl, tmp_path / "store")  # as `all` does: its hard links to the split files change their ctime only
        before = stamps()
        first.write_bytes(content)
        build(data, ttl, jobs=1)
        assert not merges, what  # every merged file spliced, none merged whole
        assert _same_tree(ttl, _cold(data, tmp_path / "cold", monkeypatch)) == [], what
        after = stamps()
        changed = {n for n in after if before.get(n) != after[n]}
        assert {first.stem + ".ttl", "links.ttl", "organisations.ttl"} <= changed, (what, changed)
        assert changed <= {first.stem + ".ttl"} | SHARED, (what, changed)  # no other document's file touched
    assert (data / ".cache" / "merged-links.ttl.index").is_file()
    assert not [p for p in data.iterdir() if p.name.startswith(".ttl")]  # no temporary folder or journal left
