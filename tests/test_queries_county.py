"""A county anchors the town like a municipality (issue 13): every group that joins ?municipality_iri
starts from the county's towns (``sparql_text.county_first``); the rows are the golden rows of that county."""

import pyoxigraph as ox
import pytest

from esely_graph.queries import bind_params, format_rows, run_sparql
from esely_graph.sparql_text import COUNTY_PATH, anchored, county_first
from test_queries import QUERIES, STORE

WITH_COUNTY = sorted(n for n, q in QUERIES.items() if any(p.name == "county" for p in q.params))
CSONGRAD = ox.Literal("Csongrád-Csanád")


@pytest.mark.parametrize("name", WITH_COUNTY)
def test_the_county_is_written_into_the_towns_groups(name):
    text, rest = anchored(QUERIES[name].text, {ox.Variable("county"): CSONGRAD})
    assert f'?municipality_iri {COUNTY_PATH} "Csongrád-Csanád" .' in text
    assert rest == {ox.Variable("county"): CSONGRAD}  # still bound: the column is checked as before
    ox.Store().query(text)  # still a query Oxigraph parses


def test_only_the_groups_that_join_the_town():
    text = ("SELECT * WHERE { ?d <p> ?municipality_iri . OPTIONAL { ?municipality_iri <q> ?x } "
            "FILTER NOT EXISTS { ?municipality_iri <r> ?y } { SELECT ?municipality_iri WHERE { ?z <s> ?municipality_iri } } "
            "VALUES ?municipality_iri { <a> } BIND (?municipality_iri AS ?m2) { ?other <t> ?u } }")
    out = county_first(text, '"X"')
    assert out.count(COUNTY_PATH) == 2  # the top group and the sub-select's group; not OPTIONAL, NOT EXISTS, VALUES
    assert out.startswith(f'SELECT * WHERE {{ ?municipality_iri {COUNTY_PATH} "X" .  ?d <p>')
    assert f'WHERE {{ ?municipality_iri {COUNTY_PATH} "X" .  ?z <s>' in out


@pytest.mark.parametrize("name", WITH_COUNTY)
def test_county_and_municipality_together(name):
    """Both given: the town's rows if it lies in the county, none otherwise."""
    q = QUERIES[name]
    given = {"as_of": "2025-01-01"} if any(p.name == "as_of" for p in q.params) else {}
    town_b = "https://w3id.org/esely/id/fx/town-b"  # Makó, Csongrád-Csanád
    names, rows = run_sparql(STORE, q.text, bind_params(q, {**given, "municipality": town_b}))
    alone = format_rows(names, rows, "csv")
    names, rows = run_sparql(STORE, q.text, bind_params(q, {**given, "municipality": town_b, "county": "Csongrád-Csanád"}))
    assert format_rows(names, rows, "csv") == alone and rows
    names, rows = run_sparql(STORE, q.text, bind_params(q, {**given, "municipality": town_b, "county": "Bács-Kiskun"}))
    assert rows == []
