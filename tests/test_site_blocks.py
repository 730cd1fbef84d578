"""The site shares the shared Turtle files out among the towns by their subjects' blocks, without parsing them."""

import pyoxigraph as ox

from esely_graph.site import blocks as blocks_module
from esely_graph.site import inputs
from esely_graph.site.blocks import blocks, parse
from conftest import TTL

FLAT = b"""PREFIX esely: <https://w3id.org/esely/ontology#>
PREFIX id: <https://w3id.org/esely/id/>

<https://w3id.org/esely/id/org/a/office>
    esely:municipality <https://w3id.org/esely/id/org/a> ;
    esely:note "irodai (1) sz\xc3\xb6veg" ;
.

id:b
    esely:note "b" ;
.
"""


def test_a_flat_file_is_cut_into_its_subjects_blocks_in_order():
    head, cut = blocks(FLAT)
    assert head == FLAT[:FLAT.index(b"\n\n") + 1]
    assert [s for s, _, _ in cut] == ["https://w3id.org/esely/id/org/a/office", "https://w3id.org/esely/id/b"]
    assert FLAT[cut[1][1]:cut[1][2]] == b"\nid:b\n    esely:note \"b\" ;\n.\n"
    assert cut[0][1] == len(head) and cut[0][2] == cut[1][1] and cut[1][2] == len(FLAT)  # end to end, no gap
    triples = parse(head, [FLAT[a:b] for _, a, b in cut])
    assert [(t.subject.value, t.object.value) for t in triples] == [
        ("https://w3id.org/esely/id/org/a/office", "https://w3id.org/esely/id/org/a"),
        ("https://w3id.org/esely/id/org/a/office", "irodai (1) szöveg"), ("https://w3id.org/esely/id/b", "b")]


def test_what_blocks_cannot_cut_is_read_as_before():
    assert blocks(FLAT.replace(b'"b"', b"[ esely:note \"b\" ]")) is None  # a blank node
    assert blocks(FLAT.replace(b'"b"', b'( "b" )')) is None  # a collection
    for collection in (b"(<x:y>)", b"( )", b'("b")', b"(\n id:c\n)", b"()"):  # after a space, before one of these
        assert blocks(FLAT.replace(b'"b"', collection)) is None, collection
    assert blocks(FLAT.replace(b'"b"', b"(")) is None  # a lone "(" between spaces
    assert blocks(FLAT.replace(b'"b"', b'"""b"""')) is None  # a long literal
    assert blocks(FLAT.replace(b"id:b", b"zz:b")) is None  # an unknown prefix
    assert blocks(FLAT[:-2]) is None  # not ended by a block's end


def test_a_parenthesis_in_text_does_not_stop_the_cut():
    assert blocks(FLAT) is not None  # "irodai (1) szöveg": the "(" is followed by a digit
    assert blocks(FLAT.replace(b'"b"', b'"x(y) (z"')) is not None


def test_slices_by_blocks_equal_slices_by_triples(monkeypatch):
    """Every town's share, its order and the national triples: the same whether the files are cut or parsed."""
    infos = inputs.file_infos(TTL, {})
    cut = inputs.slices(TTL, infos)
    assert cut.cuts  # the repository's shared files are cut by blocks
    monkeypatch.setattr(inputs, "blocks", lambda data: None)
    parsed = inputs.slices(TTL, infos)
    assert not parsed.cuts
    assert list(cut.docs) == list(parsed.docs) == ["jozsefvaros", "kecskemet"]
    for town in cut.docs:
        assert cut.shared_part(town) == parsed.shared_part(town) and cut.shared_part(town)
        assert cut.shared_digest(town) != parsed.shared_digest(town)  # hashed as bytes, not as triples
    assert cut.shared == parsed.shared
    assert all(isinstance(t.subject, ox.NamedNode) for t in cut.shared)
    assert blocks_module.digest([b"a", b"b"]) == blocks_module.digest([b"ab"])


def _same(a, b):
    assert list(a.docs) == list(b.docs) and a.shared == b.shared and a.files == b.files
    for town in a.docs:
        assert a.shared_part(town) == b.shared_part(town)
        assert a.shared_digest(town) == b.shared_digest(town)


def test_a_file_cut_before_is_not_cut_again_while_its_hash_and_owners_are_the_same(monkeypatch):
    infos = inputs.file_infos(TTL, {})
    fresh = inputs.slices(TTL, infos)
    assert set(fresh.cuts) >= {"links.ttl", "organisations.ttl"}

    def no_cut(*args):
        raise AssertionError("cut again")

    monkeypatch.setattr(inputs, "cut_file", no_cut)
    _same(inputs.slices(TTL, infos, fresh.cuts), fresh)


def test_a_file_is_cut_again_when_its_hash_or_the_towns_owners_changed(monkeypatch):
    infos = inputs.file_infos(TTL, {})
    fresh = inputs.slices(TTL, infos)
    calls = []
    real = inputs.cut_file
    monkeypatch.setattr(inputs, "cut_file", lambda *a: calls.append(1) or real(*a))
    stale = {n: {**c, "ranges": {}, "digests": {}} for n, c in fresh.cuts.items()}  # what a wrong reuse would give
    changed = {n: {**c, "sha": "0" * 64} for n, c in stale.items()}  # the file is another now
    _same(inputs.slices(TTL, infos, changed), fresh)
    assert len(calls) == len(fresh.cuts)
    calls.clear()
    moved = {n: {**c, "owners": "another"} for n, c in stale.items()}  # a town's documents or programmes changed
    _same(inputs.slices(TTL, infos, moved), fresh)
    assert len(calls) == len(fresh.cuts)


def test_the_owners_key_changes_with_a_towns_documents_or_programmes():
    key = inputs.owners_key({"a", "b"}, {"d1": {"a"}}, {"p": {"a"}})
    assert key == inputs.owners_key({"b", "a"}, {"d1": {"a"}}, {"p": {"a"}})
    alma = "alma"
    other = "".join(["al", "ma"])  # the same value, another object (marshal's later versions refer to a shared one)
    assert inputs.owners_key({alma}, {"d1": {alma}}, {}) == inputs.owners_key({alma}, {"d1": {other}}, {})
    assert key != inputs.owners_key({"a", "b"}, {"d1": {"b"}}, {"p": {"a"}})
    assert key != inputs.owners_key({"a", "b"}, {"d1": {"a"}}, {"p": {"a", "b"}})
    assert key != inputs.owners_key({"a", "b", "c"}, {"d1": {"a"}}, {"p": {"a"}})


def test_a_body_shorter_than_a_block_end_is_not_cut():
    head = FLAT[:FLAT.index(b"\n\n") + 1]
    assert blocks(head + b".\n") is None and blocks(head) == (head, [])
