"""A merged file updated where its chunks changed (build/merged.py) has the bytes ``merge_chunks`` gives
for all the chunks: after random changes of groups' blocks, references and prefixes, groups added and
removed, and when the last file was edited (then every chunk is merged again)."""

import random

import pytest

from esely_graph.build.merged import MergedFile
from esely_graph.build.output import FlatChunk, merge_chunks

SUBJECTS = [f"http://x/{g}/{j}" for g in range(8) for j in range(6)]


def _chunk(rng: random.Random, group: int, version: int) -> FlatChunk:
    own = [s for s in SUBJECTS if s.startswith(f"http://x/{group}/")]
    picked = rng.sample(own, rng.randint(1, len(own)))
    blocks = [(rng.random() < 0.15, rng.randint(0, 3), s, f"\n<{s}>\n    :v {version} ;\n.\n".encode()) for s in picked]
    others = [s for s in SUBJECTS if not s.startswith(f"http://x/{group}/")]
    foreign = {s: rng.randint(1, 3) for s in rng.sample(others, rng.randint(0, 4))}
    prefixes = {"ex": "http://x/"} | ({f"p{group}": f"http://p/{group}/"} if rng.random() < 0.3 else {})
    return FlatChunk(prefixes, blocks, foreign)


def _build(path, state, chunks: dict[str, tuple[str, FlatChunk]]) -> bytes:
    m = MergedFile(path, state)
    for group, (key, chunk) in sorted(chunks.items()):
        same = m.unchanged(group, key)
        m.add(group, key, None if same is not None else chunk, len(chunk.blocks))
    data, triples = m.finish()
    assert triples == sum(len(c.blocks) for _, c in chunks.values())
    path.write_bytes(data)
    m.save()
    return data


@pytest.mark.parametrize("seed", range(12))
def test_spliced_file_equals_the_merge_of_all_chunks(tmp_path, seed):
    rng = random.Random(seed)
    path, state = tmp_path / "links.ttl", tmp_path / "merged.index"
    chunks = {str(g): (f"{g}.0", _chunk(rng, g, 0)) for g in range(6)}
    version = 0
    for step in range(25):
        data = _build(path, state, chunks)
        assert data == merge_chunks([c for _, (_, c) in sorted(chunks.items())]), step
        version += 1
        for g in rng.sample(range(8), rng.randint(1, 2)):
            if str(g) in chunks and rng.random() < 0.2 and len(chunks) > 2:
                del chunks[str(g)]  # a town gone
            else:
                chunks[str(g)] = (f"{g}.{version}", _chunk(rng, g, version))  # changed or new
        if step == 10:
            path.write_bytes(path.read_bytes() + b"\n")  # edited by hand: not the file indexed


def test_the_splice_reads_only_the_changed_group(tmp_path):
    rng = random.Random(1)
    path, state = tmp_path / "links.ttl", tmp_path / "merged.index"
    chunks = {str(g): (f"{g}.0", _chunk(rng, g, 0)) for g in range(6)}
    _build(path, state, chunks)
    m = MergedFile(path, state)
    assert [m.unchanged(str(g), f"{g}.0") for g in range(6)] == [len(chunks[str(g)][1].blocks) for g in range(6)]
    assert m.unchanged("2", "2.1") is None


def test_a_subject_in_two_groups_is_refused_as_merge_chunks_refuses_it(tmp_path):
    path, state = tmp_path / "links.ttl", tmp_path / "merged.index"
    a = FlatChunk({}, [(False, 0, "http://x/0/0", b"\n<http://x/0/0>\n    :v 1 ;\n.\n")], {})
    b = FlatChunk({}, [(False, 0, "http://x/1/0", b"\n<http://x/1/0>\n    :v 1 ;\n.\n")], {})
    _build(path, state, {"a": ("a", a), "b": ("b", b)})
    with pytest.raises(ValueError, match="two chunks"):
        _build(path, state, {"a": ("a", a), "b": ("b2", a)})


def test_a_file_no_group_changed_is_read_back_and_its_index_left_alone(tmp_path):
    rng = random.Random(3)
    path, state = tmp_path / "organisations.ttl", tmp_path / "merged.index"
    chunks = {str(g): (f"{g}.0", _chunk(rng, g, 0)) for g in range(6)}
    first = _build(path, state, chunks)
    before = (path.stat().st_mtime_ns, state.stat().st_mtime_ns, state.read_bytes())
    m = MergedFile(path, state)
    for group, (key, chunk) in sorted(chunks.items()):
        assert m.unchanged(group, key) is not None
        m.add(group, key, None, len(chunk.blocks))
    assert m.finish() == (first, sum(len(c.blocks) for _, c in chunks.values()))
    m.save()  # as the build does: the file's bytes are the same, so it is not written again
    assert (path.stat().st_mtime_ns, state.stat().st_mtime_ns, state.read_bytes()) == before
    chunks["2"] = ("2.1", _chunk(rng, 2, 1))  # the next change still splices from the index kept
    m = MergedFile(path, state)
    assert m.state is not None
    for group, (key, chunk) in sorted(chunks.items()):
        m.add(group, key, None if m.unchanged(group, key) is not None else chunk, len(chunk.blocks))
    assert m.finish()[0] == merge_chunks([c for _, (_, c) in sorted(chunks.items())])
