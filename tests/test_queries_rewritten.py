"""Named queries rewritten so Oxigraph starts from the municipality and looks each step up by index (issue
13): the rewritten text (queries/) gives the same rows as the text before (tests/fixtures/queries_before/),
with and without each municipality, on the query fixture's towns, the committed seeds and (slow) a
synthetic corpus in the on-disk store. The goldens of test_queries.py are the hand-written check; this one
shows nothing else changed. GROUP_CONCAT lists no order in SPARQL: its cells are compared as sets of parts
(the rewritten texts list them sorted where a golden shows it)."""

import csv
import io

import pytest

from esely_graph.address import municipalities, resolve_params
from esely_graph.queries import bind_params, format_rows, load_queries, run_sparql
from conftest import AS_OF, ROOT
from test_queries import PARAMS, QUERIES, STORE

BEFORE = load_queries(ROOT / "tests" / "fixtures" / "queries_before")
REWRITTEN = sorted(BEFORE)
LISTS = {"codes": " ", "owners": "; ", "target_groups": "; ", "where": "; ", "adopted_by": "; ", "adopts": "; ",
         "implements": "; "}  # GROUP_CONCAT columns and their separators


def rows(store, text: str, q, given: dict) -> list[list[str]]:
    names, found = run_sparql(store, text, bind_params(q, resolve_params(store, q, given), AS_OF))
    table = list(csv.reader(io.StringIO(format_rows(names, found, "csv"))))
    sep = [LISTS.get(n) for n in table[0]]
    return [[" | ".join(sorted(cell.split(s))) if s and cell else cell for cell, s in zip(row, sep)] for row in table]


def same_rows(store, name: str, given: dict) -> int:
    q = QUERIES[name]
    after, before = rows(store, q.text, q, given), rows(store, BEFORE[name].text, q, given)
    assert after[0] == before[0]
    assert after == before, f"{name} {given}: rows differ from the text before the rewrite"
    return len(after) - 1


def towns(store) -> list[str]:
    return [m.iri for m in municipalities(store)]


def test_the_texts_before_are_the_rewritten_queries_with_their_headers():
    assert REWRITTEN and set(REWRITTEN) <= set(QUERIES)
    for name in REWRITTEN:
        assert BEFORE[name].params == QUERIES[name].params and BEFORE[name].columns == QUERIES[name].columns
        assert BEFORE[name].text != QUERIES[name].text


@pytest.mark.parametrize("name", REWRITTEN)
def test_rewritten_query_gives_the_same_rows_on_the_fixture_towns(name):
    total = same_rows(STORE, name, dict(PARAMS.get(name, {})))
    for town in towns(STORE):
        total += same_rows(STORE, name, {**PARAMS.get(name, {}), "municipality": town})
    assert total > 0, f"{name}: no row on the fixture: nothing compared"


@pytest.mark.parametrize("name", REWRITTEN)
def test_rewritten_query_gives_the_same_rows_on_the_seeds(store, name):
    same_rows(store, name, dict(PARAMS.get(name, {})))
    for town in towns(store):
        same_rows(store, name, {**PARAMS.get(name, {}), "municipality": town})


@pytest.fixture(scope="module")
def corpus(tmp_path_factory):
    from esely_graph.bench.corpus import write_corpus
    from esely_graph.bench.seeds import read_seeds
    from esely_graph.build import build
    from esely_graph.disk_store import open_synced
    from esely_graph.layout import Layout

    data = tmp_path_factory.mktemp("corpus") / "data"
    write_corpus(read_seeds(Layout.of(ROOT)), data, 3, seed=5)
    build(data, data / "ttl", ROOT / "ontology")
    return open_synced(data / "ttl", data.parent / "store")[1]


@pytest.mark.slow
@pytest.mark.parametrize("name", REWRITTEN)
def test_rewritten_query_gives_the_same_rows_on_a_synthetic_corpus(corpus, name):
    total = same_rows(corpus, name, dict(PARAMS.get(name, {})))
    for town in towns(corpus):
        same_rows(corpus, name, {**PARAMS.get(name, {}), "municipality": town})
    assert total > 0, f"{name}: no row in the corpus: nothing compared"
