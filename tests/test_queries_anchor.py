"""A given municipality is the node the named queries start from (issue 13: one town's work, not the
country's): resolved to its IRI, bound as ?municipality_iri and written into the query text. The rows are
those of the label binding (the browser page's), checked here per query and fixture town."""

import pyoxigraph as ox
import pytest

from esely_graph.address import resolve_municipality, resolve_params
from esely_graph.queries import ANCHORS, bind_params, format_rows, run_sparql
from esely_graph.sparql_text import anchored, substitute
from test_queries import PARAMS, QUERIES, STORE, TOWN_A, TOWN_B

WITH_TOWN = sorted(n for n, q in QUERIES.items() if any(p.name == "municipality" for p in q.params))
THREE = ox.Literal("3", datatype=ox.NamedNode("http://www.w3.org/2001/XMLSchema#integer"))
IRI_A = "https://w3id.org/esely/id/fx/town-a"  # the fixture: town-a is Lajosmizse


def _csv(q, bindings) -> str:
    names, rows = run_sparql(STORE, q.text, bindings)
    return format_rows(names, rows, "csv")


@pytest.mark.parametrize("name", WITH_TOWN)
def test_every_query_with_a_municipality_joins_on_the_anchor(name):
    body = QUERIES[name].text.split("\nPREFIX", 1)[1]
    assert "?municipality_iri" in body, f"{name}: takes a municipality but never joins ?municipality_iri"


@pytest.mark.parametrize("name", WITH_TOWN)
@pytest.mark.parametrize("town", [TOWN_A, TOWN_B])
def test_iri_anchor_gives_the_label_bindings_rows(name, town):
    """The same rows whether the town is bound by its label (?municipality, as the browser page binds it)
    or by its IRI (?municipality_iri, as the CLI, report and endpoint bind it once resolved)."""
    q = QUERIES[name]
    given = {**PARAMS.get(name, {}), "municipality": town}
    by_label = bind_params(q, given)
    assert ox.Variable("municipality") in by_label and ox.Variable("municipality_iri") not in by_label
    resolved = resolve_params(STORE, q, given)
    assert resolved["municipality"].startswith("https://")
    by_iri = bind_params(q, resolved)
    assert by_iri[ox.Variable("municipality_iri")] == ox.NamedNode(resolved["municipality"])
    assert ox.Variable("municipality") not in by_iri
    rows = _csv(q, by_iri)
    assert rows == _csv(q, by_label)
    # a remote endpoint gets every binding written into the text: the same rows again
    names, written = run_sparql(STORE, substitute(q.text, by_iri))
    assert format_rows(names, written, "csv") == rows


def test_resolution_gives_the_iri_and_takes_it_back():
    town = resolve_municipality(STORE, "lajosmizse")
    assert (town.iri, town.label) == (IRI_A, TOWN_A)
    assert resolve_municipality(STORE, IRI_A) == town
    assert resolve_params(STORE, QUERIES["measures"], {"municipality": "Lajosmizse"})["municipality"] == IRI_A
    assert ANCHORS == {"municipality": "municipality_iri"}


def test_anchor_is_written_into_the_text_and_sub_selects_get_their_own_column():
    text = ("SELECT ?municipality_iri ?n WHERE { { SELECT ?municipality_iri (COUNT(?d) AS ?n) WHERE {"
            " { SELECT DISTINCT ?municipality_iri WHERE { ?d <p:m> ?municipality_iri } } ?d <p:m> ?municipality_iri }"
            " GROUP BY ?municipality_iri } FILTER (?n < ?limit) }")
    written, rest = anchored(text, {ox.Variable("municipality_iri"): ox.NamedNode("https://x.example/t"),
                                    ox.Variable("limit"): THREE})
    assert rest == {ox.Variable("limit"): THREE}
    assert written == ("SELECT (<https://x.example/t> AS ?municipality_iri) ?n WHERE { { SELECT "
                       "(<https://x.example/t> AS ?municipality_iri_bound2) (COUNT(?d) AS ?n) WHERE { { SELECT DISTINCT "
                       "(<https://x.example/t> AS ?municipality_iri_bound3) WHERE { ?d <p:m> <https://x.example/t> } } "
                       "?d <p:m> <https://x.example/t> } GROUP BY (<https://x.example/t>) } FILTER (?n < ?limit) }")
    store = ox.Store()
    store.add(ox.Quad(ox.NamedNode("https://x.example/d"), ox.NamedNode("p:m"), ox.NamedNode("https://x.example/t")))
    assert [s["n"].value for s in store.query(substitute(written, rest))] == ["1"]
    assert anchored(text, {ox.Variable("limit"): THREE}) == (text, {ox.Variable("limit"): THREE})
