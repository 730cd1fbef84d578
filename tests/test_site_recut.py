"""A shared file cut again where it changed equals the file cut whole, whatever the edit."""

import os
import random

from esely_graph.site import inputs
from esely_graph.site.inputs import cut_file
from esely_graph.graph_units import changed_stretch, common_prefix, common_suffix
from esely_graph.site.recut import Last, recut
from esely_graph.site_query.split import Owners

ID = "https://w3id.org/esely/id/"
HEAD = b"PREFIX esely: <https://w3id.org/esely/ontology#>\nPREFIX id: <https://w3id.org/esely/id/>\n"
TOWNS = ["alma", "bokor", "cser", "dio"]
PROGRAMME = f"{ID}programme/tanoda"


def owners():
    doc_towns = {f"{ID}doc/{t}-it": {t} for t in TOWNS} | {f"{ID}doc/kozos-it": {"alma", "bokor"}}
    programme_towns = {PROGRAMME: {"cser", "dio"}}
    return Owners(set(TOWNS), doc_towns, programme_towns), programme_towns


def block(subject: str, text: str) -> bytes:
    return f'\n<{subject}>\n    esely:note "{text}" ;\n.\n'.encode("utf-8")


def subjects(rng: random.Random) -> list[str]:
    out = [f"{ID}doc/{t}-it/measure/{i}/link/problem/{t}-he/line-{rng.randint(1, 99)}/automatic"
           for t in TOWNS + ["kozos"] for i in range(rng.randint(0, 6))]
    out += [f"{ID}org/{t}/hivatal" for t in TOWNS] + [f"{ID}national/{i}" for i in range(3)] + [PROGRAMME]
    return sorted(set(out))


def test_random_edits_recut_as_the_whole_file_is_cut():
    rng = random.Random(5)
    own, programmes = owners()
    for _ in range(300):
        subs = subjects(rng)
        texts = {s: f"szöveg {rng.randint(0, 9)} (é)" for s in subs}
        old = HEAD + b"".join(block(s, texts[s]) for s in subs)
        new_subs = list(subs)
        for _ in range(rng.randint(1, 3)):  # change, add or drop a block anywhere (the first, the last …)
            what, at = rng.choice(["change", "add", "drop", "move"]), rng.randrange(len(new_subs))
            if what == "change":
                texts[new_subs[at]] = texts[new_subs[at]] + " új"
            elif what == "move":  # the same block elsewhere (its sort key changed)
                new_subs.insert(rng.randrange(len(new_subs)), new_subs.pop(at))
            elif what == "add":
                town = rng.choice(TOWNS)
                s = f"{ID}doc/{town}-it/measure/9/link/opportunity/{town}-he/line-{rng.randint(1, 999)}/automatic"
                texts[s] = "új kapcsolat"
                new_subs.insert(at, s)
            elif len(new_subs) > 1:
                new_subs.pop(at)
        new = HEAD + b"".join(block(s, texts[s]) for s in new_subs)
        whole = cut_file(new, own, programmes)
        again = recut(old, new, cut_file(old, own, programmes), own, programmes)
        assert again is not None
        assert again == whole, (old, new)


def test_an_edit_recut_cannot_read_falls_back_to_the_whole_cut():
    own, programmes = owners()
    old = HEAD + block(f"{ID}org/alma/hivatal", "a") + block(f"{ID}org/bokor/hivatal", "b")
    cut = cut_file(old, own, programmes)
    assert recut(old, HEAD.replace(b"esely:", b"e:") + old[len(HEAD):], cut, own, programmes) is None  # head
    bnode = old.replace(b'"b"', b"[ esely:note \"b\" ]")
    assert recut(old, bnode, cut, own, programmes) is None  # a blank node in the changed stretch
    assert recut(old, old[:-1], cut, own, programmes) is None  # not ended by a block's end


def test_common_prefix_and_suffix_across_chunks(monkeypatch):
    from esely_graph import graph_units as module

    monkeypatch.setattr(module, "CHUNK", 4)
    a, b = b"abcdefghijXYZklmnop", b"abcdefghijQklmnop"
    assert common_prefix(a, b) == 10 and common_suffix(a, b, 99) == 6
    assert common_prefix(a, a) == len(a) and common_suffix(a, a, 5) == 5
    assert common_prefix(b"", a) == 0 and common_suffix(b"x", b"y", 9) == 0
    assert common_prefix(a, b, 13, 11) == 6 and common_prefix(a, b, 13, 11, 4) == 4  # from offsets, at most 4
    assert common_suffix(a, b, 99, 10, 10) == 10 and common_suffix(a, b, 99, 13, 11) == 0  # before offsets


def test_slices_recut_a_changed_file_from_its_last_version_and_link_it(tmp_path):
    """The site's slices after a shared file changed: recut from the hard link beside the site (not cut whole),
    equal to a cut from scratch; a link that is not the cut's file is not trusted."""
    from conftest import TTL
    import shutil

    ttl, last = tmp_path / "ttl", tmp_path / "last"
    shutil.copytree(TTL, ttl)
    first = inputs.slices(ttl, inputs.file_infos(ttl, {}), None, last)
    assert "stamp" in first.cuts["links.ttl"] and (last / "links.ttl").samefile(ttl / "links.ttl")
    text = (ttl / "links.ttl").read_bytes()
    i = text.index(b"\n.\n", len(text) // 2) + 3  # a new block in the middle of the file
    path = ttl / "links.ttl"
    path.unlink()  # as the build writes a changed file: a new inode
    path.write_bytes(text[:i] + block(f"{ID}doc/uj", "új") + text[i:])
    calls = []
    real = inputs.cut_file
    try:
        inputs.cut_file = lambda *a: calls.append(a) or real(*a)
        infos = inputs.file_infos(ttl, {})
        again = inputs.slices(ttl, infos, first.cuts, last)
    finally:
        inputs.cut_file = real
    assert not calls  # links.ttl was recut, not cut whole
    fresh = inputs.slices(ttl, infos)
    assert {k: v for k, v in again.cuts["links.ttl"].items() if k != "stamp"} == fresh.cuts["links.ttl"]
    assert Last(last).old("links.ttl", again.cuts["links.ttl"]) == path.read_bytes()
    os.utime(last / "links.ttl", ns=(1, 1))  # the link is not the file the cut was made from
    assert Last(last).old("links.ttl", again.cuts["links.ttl"]) is None


def test_random_edits_give_the_store_the_units_that_differ():
    """``graph_units.changed_units`` (the store's sync) against the whole split of both versions."""
    from pathlib import Path

    from esely_graph.graph_units import changed_units, units

    rng = random.Random(11)
    path = Path("links.ttl")
    for _ in range(200):
        subs = [s for s in subjects(rng) if "/doc/" in s]
        texts = {s: f"szöveg {rng.randint(0, 9)}" for s in subs}
        old = HEAD + b"".join(block(s, texts[s]) for s in subs)
        new_subs = list(subs)
        for _ in range(rng.randint(0, 3)):
            at = rng.randrange(len(new_subs))
            what = rng.choice(["change", "drop", "add"])
            if what == "change":
                texts[new_subs[at]] += " új"
            elif what == "drop" and len(new_subs) > 1:
                new_subs.pop(at)
            else:
                s = f"{ID}doc/{rng.choice(TOWNS)}-it/measure/8/link/new-{rng.randint(1, 99)}"
                texts[s] = "új"
                new_subs.insert(at, s)
        new = HEAD + b"".join(block(s, texts[s]) for s in new_subs)
        before, after = units(path, old), units(path, new)
        expected = {k: after.get(k) for k in set(before) | set(after) if before.get(k) != after.get(k)}
        assert changed_units(path, new, old) == expected
        assert changed_units(path, new, old, old_split=True) == expected


def test_a_long_literal_where_the_versions_differ_sends_the_store_to_the_whole_file():
    """A long literal can hold a line with a lone dot, so the file is not cut by bytes: in the new version's
    changed stretch, or (when the old version was not known split) in the old one's."""
    import hashlib
    from pathlib import Path

    from esely_graph.graph_units import changed_units

    path = Path("links.ttl")
    subs = [f"{ID}doc/{t}-it/measure/{i}" for t in TOWNS for i in range(3)]
    old = HEAD + b"".join(block(s, "x") for s in subs)
    fake = f'"""x\n.\n\n<{ID}doc/dio-it/measure/9>\n    esely:note """'.encode()  # a lone dot, then a block's start
    long_text = block(subs[4], "x").replace(b'"x"', fake)
    new = old.replace(block(subs[4], "x"), long_text)
    assert changed_units(path, new, old, old_split=True) is None and changed_units(path, new, old) is None
    assert changed_units(path, old, new) is None  # the long literal was in the old version's stretch
    assert changed_units(path, old.replace(b'"x"', b'"y"', 1), old, old_split=True) == {
        "links/alma-it": ("sha256:" + hashlib.sha256(
            HEAD + b"".join(block(s, "y" if i == 0 else "x") for i, s in enumerate(subs[:3]))).hexdigest(),
            HEAD, [block(s, "y" if i == 0 else "x") for i, s in enumerate(subs[:3])])}


def test_a_town_changing_two_sections_of_a_file_leaves_the_blocks_between_unread(monkeypatch):
    """A links file holds each town's links, then each town's measures: one town's new plan changes it in two
    places, and the blocks between (every other town's) are moved whole, not read one by one; the result is the
    whole file's cut."""
    from esely_graph.site import recut as module

    own, programmes = owners()
    links = [f"{ID}doc/{t}-it/measure/{i}/link/problem/{t}-he/line-{i}/automatic" for t in TOWNS for i in range(5)]
    measures = [f"{ID}doc/{t}-it/measure/{i}" for t in TOWNS for i in range(5)]
    old = HEAD + b"".join(block(s, "régi") for s in links + measures)
    new = old.replace(block(links[6], "régi"), block(links[6], "új, hosszabb szöveg")).replace(
        block(measures[7], "régi"), b"")  # bokor's sixth link changed, its eighth measure dropped
    read = []
    real = module.block_subject
    monkeypatch.setattr(module, "block_subject", lambda *a: read.append(a[1]) or real(*a))
    again = recut(old, new, cut_file(old, own, programmes), own, programmes)
    assert again == cut_file(new, own, programmes)
    assert len(read) == 1  # the changed link; the 20 blocks between (13 links, 7 measures) moved whole
    p, q, q_old = changed_stretch(old, new, len(HEAD))
    start, end, at = module.shared_run(old, new, p, q, q_old)
    assert new[start:end] == old[at:at + end - start] == b"".join(
        block(s, "régi") for s in links[7:] + measures[:7])  # from the changed link to the dropped measure
    assert module.shared_run(old, old.replace(b"r\xc3\xa9gi", b"\xc3\xbaj"), p, q, q_old) is None  # no block the same


def test_a_run_found_in_the_middle_keeps_whole_blocks_of_both_versions():
    """The bytes both stretches have around the middle block can begin or end inside a block (a block ending as
    the one before it did): the run is cut back to whole blocks of both."""
    from esely_graph.site import recut as module

    subs = [f"{ID}doc/alma-it/measure/{i}" for i in range(9)]
    old = HEAD + b"".join(block(s, "x") for s in subs)
    new = old.replace(block(subs[0], "x"), block(subs[0], "y")).replace(block(subs[8], "x"), block(subs[8], "y"))
    p, q, q_old = changed_stretch(old, new, len(HEAD))
    start, end, at = module.shared_run(old, new, p, q, q_old)
    first_new, last_new, first_old = block(subs[0], "y"), block(subs[8], "y"), block(subs[0], "x")
    assert (start, end, at) == (p + len(first_new), q - len(last_new), p + len(first_old))  # whole blocks
    own, programmes = owners()
    assert recut(old, new, cut_file(old, own, programmes), own, programmes) == cut_file(new, own, programmes)
