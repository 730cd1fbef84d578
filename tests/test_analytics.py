"""Analytics helpers: betweenness within each connected component (each town's network)."""

import networkx as nx
import pytest

from esely_graph.analytics import betweenness


def test_betweenness_is_normalised_within_each_component():
    """Two towns: a path a-b-c, and a star with centre x whose leaf 1 has a leaf 5 of its own; a lone node.
    By hand, within each component: a-b-c has 3 nodes, 1 pair of others for b, and b lies on it -> 1.0.
    The star has 6 nodes, C(5,2) = 10 pairs of others for each node: x lies on every pair of
    {1, 2, 3, 4, 5} but (1, 5) -> 9/10; 1 lies on (5, x), (5, 2), (5, 3), (5, 4) -> 4/10.
    The other town does not change these numbers (whole-graph normalisation divided by the pairs of all 10 nodes)."""
    g = nx.Graph([("a", "b"), ("b", "c"), ("x", "1"), ("x", "2"), ("x", "3"), ("x", "4"), ("1", "5")])
    g.add_node("alone")
    got = betweenness(g)
    assert got["b"] == pytest.approx(1.0) and got["x"] == pytest.approx(0.9) and got["1"] == pytest.approx(0.4)
    assert got["a"] == got["2"] == got["5"] == got["alone"] == 0.0
    star = g.subgraph(["x", "1", "2", "3", "4", "5"])
    assert {n: got[n] for n in star} == pytest.approx(betweenness(nx.Graph(star)))  # alone, the same values


def test_betweenness_of_a_tiny_graph_is_zero():
    assert betweenness(nx.Graph([("a", "b")])) == {"a": 0.0, "b": 0.0}


def test_betweenness_equals_networkx_on_random_components():
    """rustworkx walks the components; networkx's own betweenness_centrality, per component, is the reference."""
    import random

    rnd = random.Random(7)
    g = nx.Graph()
    for town in range(6):  # components of 3-40 nodes, trees and cycles, some nodes alone
        n = rnd.randint(3, 40)
        g.add_edges_from((f"{town}-{rnd.randrange(i)}", f"{town}-{i}") for i in range(1, n))
        g.add_edges_from((f"{town}-{rnd.randrange(n)}", f"{town}-{rnd.randrange(n)}") for _ in range(n // 3))
    g.remove_edges_from(list(nx.selfloop_edges(g)))
    g.add_nodes_from(["alone-1", "alone-2"])
    expected = {}
    for comp in nx.connected_components(g):
        expected.update(nx.betweenness_centrality(g.subgraph(comp), normalized=True) if len(comp) > 2
                        else dict.fromkeys(comp, 0.0))
    got = betweenness(g)
    assert got.keys() == expected.keys() and any(v > 0.2 for v in got.values())
    assert got == pytest.approx(expected, abs=1e-12)
