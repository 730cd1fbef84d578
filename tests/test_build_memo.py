"""What a rebuild remembers (build/memo.py): source digests by file status, the last build's entries."""

import hashlib
import os
import time
from pathlib import Path

from esely_graph.build.memo import RACY_NS, Index, Shelf, SourceDigests


def _age(path: Path, seconds: int) -> None:
    past = time.time() - seconds
    os.utime(path, (past, past))


def test_a_digest_is_read_again_only_when_the_file_changed(tmp_path, monkeypatch):
    src = tmp_path / "town-hep-it.tsv"
    src.write_bytes(b"A\tB\n1\t2\n")
    _age(src, 60)
    memo = tmp_path / "digests"
    first = SourceDigests(memo)
    assert first.digest(src) == hashlib.sha256(b"A\tB\n1\t2\n").digest()
    first.save()

    reads = []
    real = Path.read_bytes
    monkeypatch.setattr(Path, "read_bytes", lambda self: reads.append(self.name) or real(self))
    again = SourceDigests(memo)
    assert reads == [memo.name]  # the memo itself, not the source
    assert again.digest(src) == hashlib.sha256(b"A\tB\n1\t2\n").digest()
    assert reads == [memo.name]

    src.write_bytes(b"A\tB\n1\t3\n")  # same size, new content: its times and inode data change
    assert again.digest(src) == hashlib.sha256(b"A\tB\n1\t3\n").digest()
    assert reads[-1] == src.name


def test_a_file_modified_just_before_its_digest_is_read_again(tmp_path, monkeypatch):
    src = tmp_path / "fresh.md"
    src.write_bytes(b"one")
    memo = tmp_path / "digests"
    d = SourceDigests(memo)
    d.digest(src)
    d.save()
    assert SourceDigests(memo).known[str(src)][1] - os.stat(src).st_mtime_ns < RACY_NS
    reads = []
    real = Path.read_bytes
    monkeypatch.setattr(Path, "read_bytes", lambda self: reads.append(self.name) or real(self))
    SourceDigests(memo).digest(src)
    assert src.name in reads  # within the clock's resolution of its last change: not trusted


def test_the_index_and_a_shelf_keep_what_the_last_build_used(tmp_path):
    index = Index(tmp_path / "index")
    index.keep("k1", (10, None, (1, 2, 3)))
    index.save()
    assert Index(tmp_path / "index").get("k1") == (10, None, (1, 2, 3))

    shelf = Shelf(tmp_path / "links", b"salt")
    shelf["town a"], shelf["town b"] = 1, 2
    shelf.prune()
    later = Shelf(tmp_path / "links", b"salt")
    assert later.get("town a") == 1
    later.prune()  # town b was not asked for: its file goes
    assert Shelf(tmp_path / "links", b"salt").get("town b") is None
    assert len(list((tmp_path / "links").iterdir())) == 1
