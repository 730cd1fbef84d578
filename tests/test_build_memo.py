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


def test_a_one_file_shelf_keeps_a_few_changes_beside_its_file_until_they_are_many(tmp_path):
    """``OneFileShelf``: a build that changes a few of many values writes them (and the keys dropped) to the delta
    file, not the whole file again; the next build reads both; past ``DELTA_SHARE`` the file is written whole."""
    from esely_graph.build.memo import OneFileShelf

    file = tmp_path / "similarity.values"
    first = OneFileShelf(file)
    for i in range(40):
        first[f"doc-{i}"] = ("profile", i)
    first.prune()
    stamp = file.stat()

    second = OneFileShelf(file)
    for i in range(1, 40):  # doc-0 changed: its old key not asked for, its new one stored
        assert second.get(f"doc-{i}") == ("profile", i)
    second["doc-0 new"] = ("profile", "new")
    second.prune()
    assert (file.stat().st_ino, file.stat().st_mtime_ns) == (stamp.st_ino, stamp.st_mtime_ns)  # not written
    assert file.with_name("similarity.values.delta").exists()

    third = OneFileShelf(file)
    assert third.get("doc-0") is None and third.get("doc-0 new") == ("profile", "new")
    assert third.get("doc-5") == ("profile", 5)
    for i in range(1, 40):
        third.get(f"doc-{i}")
    third["doc-1 new"], third["doc-2 new"] = ("p", 1), ("p", 2)  # 1 + 3 added, 1 dropped of 40: past 5 %
    third.prune()
    assert file.stat().st_ino != stamp.st_ino and not file.with_name("similarity.values.delta").exists()
    fourth = OneFileShelf(file)
    assert fourth.get("doc-2 new") == ("p", 2) and fourth.get("doc-0 new") == ("profile", "new")  # asked for
    assert fourth.get("doc-0") is None


def test_a_delta_made_against_another_version_of_the_file_is_not_read(tmp_path):
    from esely_graph.build.memo import OneFileShelf

    file = tmp_path / "similarity.values"
    shelf = OneFileShelf(file)
    for i in range(40):
        shelf[f"doc-{i}"] = i
    shelf.prune()
    shelf = OneFileShelf(file)
    for i in range(1, 40):
        shelf.get(f"doc-{i}")
    shelf["doc-0 new"] = "new"
    shelf.prune()  # a delta: doc-0 dropped, doc-0 new added
    os.utime(file, ns=(1, 1))  # the file is not the one the delta was made against
    again = OneFileShelf(file)
    assert again.get("doc-0") == 0 and again.get("doc-0 new") is None  # the file as it is: a miss costs a rebuild
