"""Similarity after a change (build/nearest.py, build/similarity.py ``Profiles``): only the rows a change can
alter are ranked again, and the result is exactly a full ranking's; similarity.ttl written from the kept
towns' Turtle is byte for byte the Turtle of the whole graph."""

import random
from fractions import Fraction
from pathlib import Path

from esely_graph.build.nearest import rank
from esely_graph.build.output import serialise
from esely_graph.build.similarity import Profiles, profile_of, similarity_graph
from esely_graph.store import read_graph
from conftest import TTL

ORG = "https://w3id.org/esely/id/org/"
TG = "https://w3id.org/esely/id/target-group/"


def line(n: int = 10) -> dict:
    """Town ti's profile (i/10, 1 − i/10) over two groups: ti and tj are 1 − |i − j|/10 alike."""
    return {f"{ORG}t{i}": (Fraction(i, 10), 1 - Fraction(i, 10)) for i in range(n)}


def names(ranking, town: str) -> list[tuple[str, int]]:
    return [(o.removeprefix(ORG), s) for o, s in ranking.lists[ORG + town]]


def test_a_changed_town_enters_and_leaves_another_towns_five():
    before = rank(line(), 5)
    assert names(before, "t0") == [("t1", 90), ("t2", 80), ("t3", 70), ("t4", 60), ("t5", 50)]
    assert names(before, "t1") == [("t0", 90), ("t2", 90), ("t3", 80), ("t4", 70), ("t5", 60)]
    moved = line() | {ORG + "t9": (Fraction(0), Fraction(1))}  # t9 now plans as t0 does
    after = rank(moved, 5, before)
    assert names(after, "t0") == [("t9", 100), ("t1", 90), ("t2", 80), ("t3", 70), ("t4", 60)]  # t5 left
    assert names(after, "t1") == [("t0", 90), ("t2", 90), ("t9", 90), ("t3", 80), ("t4", 70)]  # ties: IRI
    assert after.lists == rank(moved, 5).lists
    back = rank(line(), 5, after)  # t9 as before: it leaves t0's five, t5 comes back
    assert back.lists == before.lists


def test_towns_added_and_removed():
    before = rank(line(), 5)
    fewer = {t: v for t, v in line().items() if not t.endswith("t1")}  # a town of every near list gone
    assert rank(fewer, 5, before).lists == rank(fewer, 5).lists
    more = line() | {ORG + "t10": (Fraction(1, 20), Fraction(19, 20))}
    assert rank(more, 5, before).lists == rank(more, 5).lists
    small = {t: v for t, v in line().items() if t[-1] in "012"}  # three towns: two each
    assert rank(small, 5, before).lists == rank(small, 5).lists and len(rank(small, 5).lists[ORG + "t0"]) == 2


def test_random_changes_give_the_full_ranking():
    rng = random.Random(7)
    for _ in range(60):
        shares = {f"{ORG}r{i:02}": tuple(Fraction(rng.randint(0, 4), 4) for _ in range(3)) for i in range(25)}
        last = rank(shares, 5)
        for t in rng.sample(sorted(shares), rng.randint(1, 4)):
            shares[t] = tuple(Fraction(rng.randint(0, 4), 4) for _ in range(3))  # ties are frequent
        if rng.random() < 0.3:
            del shares[rng.choice(sorted(shares))]
        if rng.random() < 0.3:
            shares[f"{ORG}new"] = tuple(Fraction(rng.randint(0, 4), 4) for _ in range(3))
        assert rank(shares, 5, last).lists == rank(shares, 5).lists


def _turtle(town: str, groups) -> bytes:
    """One action plan of ``town`` with one measure per entry of ``groups`` (its target groups)."""
    doc = f"<https://w3id.org/esely/id/doc/{town}>"
    lines = ["@prefix esely: <https://w3id.org/esely/ontology#> . @prefix dcterms: <http://purl.org/dc/terms/> .",
             f"{doc} dcterms:identifier \"{town}-hep-it\" ; esely:municipality <{ORG}{town}> ."]
    for i, gs in enumerate(groups):
        lines.append(f"<https://w3id.org/esely/id/doc/{town}/m{i}> a esely:Measure ; dcterms:isPartOf {doc} .")
        lines += [f"<https://w3id.org/esely/id/doc/{town}/m{i}> esely:targetGroup <{TG}{g}> ." for g in gs]
    return "\n".join(lines).encode()


def test_the_kept_file_is_the_whole_graphs_turtle(tmp_path: Path):
    scheme = read_graph(TTL / "target-groups.ttl")
    kids, old = "gyermekek", "idosek"
    towns = {f"v{i}": [[kids]] * i + [[old]] * (9 - i) for i in range(10)}  # v0 all old people … v9 children
    state: dict = {}
    for change in ({}, {"v9": [[old]] * 9}, {"v9": [[kids]] * 9}, {"v4": []}):
        towns |= change
        parts = [profile_of(_turtle(t, g)) for t, g in sorted(towns.items())]
        p = Profiles(None, state)
        for part in parts:
            p.add(None, None, None, part)
        n = p.write(tmp_path / "similarity.ttl", scheme)
        whole = similarity_graph(parts, scheme)
        assert (tmp_path / "similarity.ttl").read_bytes() == serialise(whole) and n == len(whole)
    text = (tmp_path / "similarity.ttl").read_text(encoding="utf-8")
    assert "similarity/v0/v9" not in text and "similarity/v0/v1" in text  # v9 left v0's five again
