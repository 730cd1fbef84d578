"""Analytics helpers: betweenness per connected component equals networkx's on the whole graph."""

import networkx as nx
import pytest

from esely_graph.analytics import betweenness


def test_betweenness_per_component_equals_the_whole_graph():
    """Two towns: a path a-b-c (b between a and c) and a star with centre x; one lone node.
    By hand: n = 9 nodes, so (n-1)(n-2)/2 = 28 pairs of other nodes; b lies on 1 pair -> 1/28;
    x lies on C(4,2) = 6 pairs of its leaves -> 6/28."""
    g = nx.Graph([("a", "b"), ("b", "c"), ("x", "1"), ("x", "2"), ("x", "3"), ("x", "4")])
    g.add_node("alone")
    got = betweenness(g)
    assert got["b"] == pytest.approx(1 / 28) and got["x"] == pytest.approx(6 / 28)
    assert got["a"] == got["1"] == got["alone"] == 0.0
    assert got == pytest.approx(nx.betweenness_centrality(g, normalized=True))


def test_betweenness_of_a_tiny_graph_is_zero():
    assert betweenness(nx.Graph([("a", "b")])) == {"a": 0.0, "b": 0.0}
