"""Named queries: header meta-test, golden rows on a hand-written fixture graph, expectations on the real graph."""


import pyoxigraph as ox
import pytest

from esely_graph.queries import bind_params, format_rows, load_queries, parse_header, run_sparql
from conftest import ROOT, TTL

QUERIES = load_queries(ROOT / "queries")
FIX = ROOT / "tests" / "fixtures" / "queries"
PARAMS = {"overdue-measures": {"as_of": "2025-01-01"}, "trace": {"node": "I/1"}}


def fixture_store() -> ox.Store:
    store = ox.Store()
    for path in (FIX / "graph.ttl", TTL / "ontology.ttl", TTL / "target-groups.ttl"):
        store.bulk_load(path=str(path), format=ox.RdfFormat.TURTLE)
    return store


STORE = fixture_store()


def run(name: str, store=STORE) -> str:
    q = QUERIES[name]
    names, rows = run_sparql(store, q.text, bind_params(q, PARAMS.get(name, {})))
    return format_rows(names, rows, "csv")


@pytest.mark.parametrize("name", sorted(QUERIES))
def test_header_and_golden_file(name):
    q = QUERIES[name]
    assert q.title and q.answers and q.columns
    golden = FIX / "golden" / f"{name}.csv"
    assert golden.exists(), f"no golden rows for query {name}: write {golden}"
    out = run(name)
    assert out.splitlines()[0].split(",") == list(q.columns), "columns differ from the '# columns:' header"
    assert out == golden.read_text(encoding="utf-8")


def test_a_query_without_header_is_refused(tmp_path):
    bad = tmp_path / "bad.rq"
    bad.write_text("SELECT * WHERE { ?s ?p ?o }", encoding="utf-8")
    with pytest.raises(Exception, match="header lacks '# title:'"):
        parse_header(bad)


def test_bad_parameter_is_named():
    from esely_graph.errors import EselyError

    with pytest.raises(EselyError, match="parameter as_of: 'tegnap' is not a date; expected YYYY-MM-DD"):
        bind_params(QUERIES["overdue-measures"], {"as_of": "tegnap"})
    with pytest.raises(EselyError, match="has no parameter 'x'"):
        bind_params(QUERIES["measures"], {"x": "1"})


# ---------------------------------------------------------------- the real graph, counted by hand

@pytest.fixture(scope="module")
def real():
    from esely_graph.store import load_store

    return load_store(TTL)


def rows(real, name, **params):
    q = QUERIES[name]
    names, result = run_sparql(real, q.text, bind_params(q, params))
    return [{n: (r[n].value if r[n] is not None else "") for n in names} for r in result]


def test_real_strategy_citations(real):
    got = {r["strategy"]: int(r["measures"]) for r in rows(real, "strategy-citations")}
    assert got["Józsefvárosi Szociális Szolgáltatástervezési Konceptió"] == 21
    assert got["Civil Stratégia"] == 4
    assert got["Gyermekbarát Józsefváros Konceptió"] == 3
    assert got["Integrált Településfejlesztési Stratégia"] == 3
    assert got["Lakásgazdálkodási Terv"] == 2
    assert got["Klímastratégia"] == 2
    assert got["Roma Stratégia"] == 0  # the action plan implements it, no measure cites it in a column D
    assert len(got) == 11


def test_real_strategies_without_adoption(real):
    # the Konceptió is adopted by 482/2021; nothing in the graph adopts these five
    assert [r["strategy"] for r in rows(real, "strategies-without-adoption")] == [
        "Civil Stratégia", "Gyermekbarát Józsefváros Konceptió", "Integrált Településfejlesztési Stratégia",
        "Klímastratégia", "Lakásgazdálkodási Terv"]


def test_real_resolutions(real):
    got = rows(real, "resolutions")
    assert len(got) == 9  # 482/2021, 126/2018, the 2018 draft and six cited in the Roma strategy's budget column
    draft = next(r for r in got if r["draft"] == "true")
    assert draft["resolution"] == "/2018. (XI. 22.)" and draft["adopts"] == "Közösségi Beavatkozási Terv"


def test_real_budget_items(real):
    got = rows(real, "budget-items")
    assert len(got) == 11
    assert sum(float(r["amount_huf"]) for r in got) == 600000 + 6250000 + 5000000 + 6250000 + 5400000 + 37313300 \
        + 1500000 + 400000 + 1200000 + 3750000 + 800000
    net = [r for r in got if r["basis"] == "net"]
    assert [(r["code"], r["vat_included"]) for r in net] == [("6/1.1", "false")]


def test_real_shared_programmes(real):
    got = {r["programme"]: int(r["documents"]) for r in rows(real, "shared-programmes")}
    assert got == {"Befogadó Óvodák": 3, "Bursa Hungarica ösztöndíj": 3, "Zsendülő Tanoda": 3,
                   "roma gyakornoki program": 3, "Balogh Paci ösztöndíj": 2, "Időügyi Kerekasztal": 2, "Szűrőszombat": 2}


def test_real_overdue_as_of_a_fixed_day(real):
    got = rows(real, "overdue-measures", as_of="2024-01-01")
    # deadlines ending before 2024-01-01: HEP IT 0/3 (2023-06-15), Roma 5/5 (2023 november)
    assert sorted((r["document"], r["code"], r["days_overdue"]) for r in got) == [
        ("jozsefvaros-hep-it", "0/3", "200"), ("jozsefvaros-roma-strategia-it", "5/5", "32")]


def test_real_measures_incomplete(real):
    got = rows(real, "measures-incomplete")
    assert not [r for r in got if r["document"] == "jozsefvaros-hep-it"]  # the HEP IT fills every column
    # Roma measure 1/2 (line 10) has no end date of its own and no sub-task
    assert {"document": "jozsefvaros-roma-strategia-it", "code": "1/2", "missing": "deadline"}.items() <= \
        next(r for r in got if r["code"] == "1/2").items()
