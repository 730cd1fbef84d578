"""An unknown municipality's error stays short at national scale: the count and a few towns of the county."""

from esely_graph.address import Municipality, _listing


def _town(label: str, county: str) -> Municipality:
    return Municipality(f"https://example.org/org/{label.lower()}", label, frozenset(), county)


def test_listing_names_at_most_five_towns_of_the_same_county():
    known = [_town(f"Falu{i:02d}", "Tolna") for i in range(8)] + [_town("Város", "Baranya")]
    text = _listing(known, "Tolna")
    assert text == ("9 municipalities in the graph / település a gráfban; e.g. in Tolna / Tolna vármegyében: "
                    "Falu00, Falu01, Falu02, Falu03, Falu04 … (+3)")


def test_listing_without_a_town_of_the_county_names_the_first_ones():
    known = [_town("Város", "Baranya")]
    assert _listing(known, "Tolna") == "1 municipalities in the graph / település a gráfban; e.g.: Város"
    assert _listing([], "Tolna") == "0 municipalities in the graph / település a gráfban"
