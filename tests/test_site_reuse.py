"""The hashes that decide whether a national group of pages is rendered again (``site/reuse.py``): what a group
reads of the towns' summaries, from each town's fields hashed once and kept with the town."""

from esely_graph.site.reuse import cells_digest, field_digests, projection

ORG = "https://w3id.org/esely/id/org/"


def summary(town: str, **fields) -> dict:
    return {"town": town, "iri": ORG + town, "labels": {"hu": town.title()}, "page": f"{town}.html",
            "docs": [{"iri": ORG + town + "/hep", "short": {"hu": "HEP 2024"}}], "figures": {"overdue": 2},
            "queries": {"measures": 5}, **fields}


def test_a_groups_hash_changes_with_what_it_reads_and_nothing_else():
    a, b = summary("alma"), summary("bokor")
    digests = {s["iri"]: field_digests(s) for s in (a, b)}
    base = projection([a, b], ("figures",), digests)
    assert base == projection([a, b], ("figures",), {s["iri"]: field_digests(dict(s)) for s in (a, b)})  # kept
    b2 = summary("bokor", queries={"measures": 6})  # a field the group does not read
    assert projection([a, b2], ("figures",), {**digests, b2["iri"]: field_digests(b2)}) == base
    b3 = summary("bokor", figures={"overdue": 3})  # one it reads
    assert projection([a, b3], ("figures",), {**digests, b3["iri"]: field_digests(b3)}) != base
    b4 = summary("bokor", labels={"hu": "Bokor & Társa"})  # a stub every page links to
    assert projection([a, b4], ("figures",), {**digests, b4["iri"]: field_digests(b4)}) != base
    assert projection([b, a], ("figures",), digests) != base  # another order of the towns
    assert projection([a, b], ("figures", "hep"), digests) != base  # a field none has: hashed as null, still read


def test_a_fields_hash_does_not_depend_on_the_order_of_its_keys():
    assert field_digests({"figures": {"a": 1, "b": 2}}) == field_digests({"figures": {"b": 2, "a": 1}})


def test_a_per_town_lists_hash_is_its_rows_values():
    href = "alma/timeline.html"
    rows = [(ORG + "alma", [(3, href, False), (1, href, False)]), (ORG + "bokor", [(0, "bokor/gaps/x.html", False)])]
    other = "".join(["alma/", "timeline.html"])  # the same text, another object: not written as a back-reference
    same = [(ORG + "alma", [(3, href, False), (1, other, False)]), rows[1]]
    assert cells_digest(rows) == cells_digest(same)
    assert cells_digest(rows) != cells_digest([rows[0], (ORG + "bokor", [(1, "bokor/gaps/x.html", False)])])
