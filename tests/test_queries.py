"""Named queries: header meta-test, golden rows on a hand-written fixture graph, expectations on the real graph."""


import pyoxigraph as ox
import pytest

from esely_graph.address import resolve_params
from esely_graph.errors import EselyError
from esely_graph.queries import bind_params, format_rows, load_queries, parse_header, run_sparql
from conftest import ROOT, TTL

QUERIES = load_queries(ROOT / "queries")
FIX = ROOT / "tests" / "fixtures" / "queries"
# trace: "I/1" is both towns' code; the municipality (any spelling) makes the address unique
PARAMS = {"overdue-measures": {"as_of": "2025-01-01"}, "compare-overdue": {"as_of": "2025-01-01"}, "trace": {"node": "I/1", "municipality": "mako"}}
TOWN_A, TOWN_B = "Lajosmizse Város Önkormányzata", "Makó Város Önkormányzata"


def fixture_store() -> ox.Store:
    """The fixture graph, the vocabularies, and what the build derives from them (similarity.ttl)."""
    from esely_graph.build.similarity import profile_of, similarity_graph
    from esely_graph.store import read_graph

    store = ox.Store()
    for path in (FIX / "graph.ttl", TTL / "ontology.ttl", TTL / "target-groups.ttl"):
        store.bulk_load(path=str(path), format=ox.RdfFormat.TURTLE)
    derived = similarity_graph([profile_of((FIX / "graph.ttl").read_bytes())], read_graph(TTL / "target-groups.ttl"))
    store.bulk_load(derived.serialize(format="nt", encoding="utf-8"), format=ox.RdfFormat.N_TRIPLES)
    return store


STORE = fixture_store()


def run(name: str, store=STORE, **params) -> str:
    q = QUERIES[name]
    given = {**PARAMS.get(name, {}), **params}
    names, rows = run_sparql(store, q.text, bind_params(q, resolve_params(store, q, given)))
    return format_rows(names, rows, "csv")


@pytest.mark.parametrize("name", sorted(QUERIES))
def test_header_and_golden_file(name):
    q = QUERIES[name]
    assert q.title and q.answers and q.columns
    assert q.columns[0] == "municipality", "every query says which municipality each row belongs to"
    muni = next((p for p in q.params if p.name == "municipality"), None)
    assert muni is not None and muni.default in ("any", None), "every query takes an optional municipality"
    golden = FIX / "golden" / f"{name}.csv"
    assert golden.exists(), f"no golden rows for query {name}: write {golden}"
    out = run(name)
    assert out.splitlines()[0].split(",") == list(q.columns), "columns differ from the '# columns:' header"
    assert out == golden.read_text(encoding="utf-8")


def _rows_of(csv_text: str) -> list[list[str]]:
    import csv
    import io

    return list(csv.reader(io.StringIO(csv_text)))


@pytest.mark.parametrize("name", sorted(set(QUERIES) - {"trace"}))
def test_municipality_parameter_keeps_only_that_town(name):
    """Each golden's rows, split by town: asking for one town (by id, name or KSH code) gives exactly its rows."""
    golden = _rows_of((FIX / "golden" / f"{name}.csv").read_text(encoding="utf-8"))
    header, body = golden[0], golden[1:]
    for town, spellings in ((TOWN_A, ("town-a", "LAJOSMIZSE", "17677")), (TOWN_B, ("Makó", "mako", "07357"))):
        expected = [header] + [r for r in body if r[0] == town]
        for spelling in spellings:
            assert _rows_of(run(name, municipality=spelling)) == expected, (town, spelling)


@pytest.mark.parametrize("name", sorted(n for n, q in QUERIES.items() if any(p.name == "county" for p in q.params)))
def test_county_parameter_keeps_only_its_towns(name):
    golden = _rows_of((FIX / "golden" / f"{name}.csv").read_text(encoding="utf-8"))
    header, body = golden[0], golden[1:]
    assert header[1] == "county"
    assert _rows_of(run(name, county="csongrad-csanad")) == [header] + [r for r in body if r[1] == "Csongrád-Csanád"]


def test_trace_ambiguous_code_lists_the_candidates():
    with pytest.raises(EselyError) as err:
        run("trace", node="I/1", municipality="any")
    msg = str(err.value)
    assert "'I/1' is ambiguous / nem egyértelmű: 2 measures" in msg
    assert (f"candidates: https://w3id.org/esely/id/fx/m1 ({TOWN_A}, fx-it); "
            f"https://w3id.org/esely/id/fx/b-m1 ({TOWN_B}, fx-b-it)") in msg


def test_trace_by_document_and_code_or_by_iri():
    by_doc = run("trace", node="I/1", municipality="any", document="fx-it")
    by_iri = run("trace", node="https://w3id.org/esely/id/fx/m1", municipality="any")
    assert [r[:-1] for r in _rows_of(by_doc)] == [r[:-1] for r in _rows_of(by_iri)]  # all but the node as given
    assert [r[2:5] for r in _rows_of(by_doc)[1:4]] == [["problem", "1", "Kevés a játszótér"],
                                                       ["problem statement (B)", "2", "kevés játszótér"],
                                                       ["measure", "3", "Játszótér-program"]]
    assert {r[0] for r in _rows_of(by_doc)[1:]} == {TOWN_A}


def test_trace_unknown_code_and_unknown_municipality():
    with pytest.raises(EselyError, match="no measure with code 'IX/9'"):
        run("trace", node="IX/9", municipality="any")
    with pytest.raises(EselyError, match=r"municipality 'Makóó' is not in the graph .*closest / leghasonlóbb: Makó"):
        run("measures", municipality="Makóó")
    with pytest.raises(EselyError, match=r"municipality 'Kecskemét' \(Kecskemét, KSH 26684\) has no document in the graph"):
        run("measures", municipality="Kecskemét")
    with pytest.raises(EselyError, match="county 'Pestt' is not a county"):
        run("measures", county="Pestt")


def test_a_query_without_header_is_refused(tmp_path):
    bad = tmp_path / "bad.rq"
    bad.write_text("SELECT * WHERE { ?s ?p ?o }", encoding="utf-8")
    with pytest.raises(Exception, match="header lacks '# title:'"):
        parse_header(bad)


def test_bad_parameter_is_named():
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


def test_real_measures_list_their_owners_in_one_order_anchored_or_not(real):
    """A measure's owners (its own and its sub-tasks') are joined in code-point order, whichever town the engine
    starts from: the catalogue puts a town's anchored rows into the whole result (``catalogue.py``)."""
    whole = {(r["document"], r["code"]): r["owners"] for r in rows(real, "measures")}
    several = {k: v.split("; ") for k, v in whole.items() if "; " in v}
    assert len(several) >= 7 and all(v == sorted(v) for v in several.values())
    assert several[("jozsefvaros-hep-it", "I/4")] == [
        "Józsefvárosi Szociális Szolgáltató és Gyermekjóléti Központ", "Polgármesteri Kabinet", "Romaügyi referens"]
    town = {(r["document"], r["code"]): r["owners"]
            for r in rows(real, "measures", municipality="https://w3id.org/esely/id/org/jozsefvaros")}
    assert town == {k: v for k, v in whole.items() if k[0].startswith("jozsefvaros")}


def _without(subject: str, predicate_end: str) -> ox.Store:
    """The fixture store less the subject's triples whose predicate ends so."""
    store = ox.Store()
    store.extend(q for q in STORE if not (q.subject.value == subject and q.predicate.value.endswith(predicate_end)))
    return store


def test_measures_leave_out_a_measure_without_code():
    """`measures` joins each measure's code (written as an OPTIONAL made certain, so that Oxigraph looks it up per
    measure): a measure without one is no row, whole or for its town, and the other rows are as before."""
    store = _without("https://w3id.org/esely/id/fx/m2", "#code")
    for town in ("any", TOWN_A):
        codes = [(line.split(",")[2], line.split(",")[3]) for line in run("measures", store, municipality=town)
                 .splitlines()[1:]]
        assert codes == [("fx-it", "I/1"), ("fx-sp", "1/1")] + ([("fx-b-it", "I/1")] if town == "any" else [])


def test_owner_load_leaves_out_an_owner_without_label():
    """`owner-load` joins each owner's label (an OPTIONAL made certain, like `measures`' code): an owner without one
    is no row, whole or for its town; the other owners' figures are as before."""
    store = _without("https://w3id.org/esely/id/fx/iroda", "#prefLabel")
    for town in ("any", TOWN_A):
        owners = [line.split(",")[2:8] for line in run("owner-load", store, municipality=town).splitlines()[1:]]
        assert owners == [["Hivatal", "0", "0", "0", "2", "1"], ["polgármester", "2", "0", "2", "2", "0"],
                          ["Kabinet", "0", "1", "1", "0", "1"]] + (
            [["Hivatal", "0", "0", "0", "1", "0"], ["polgármester", "1", "0", "1", "1", "0"]] if town == "any" else [])


# ---------------------------------------------------------------- the command line

def test_cli_query_with_municipality_and_trace_address():
    from click.testing import CliRunner

    from esely_graph.cli import main

    runner = CliRunner()
    out = runner.invoke(main, ["query", "measures", "--data", str(TTL), "--format", "csv", "--param", "municipality=25405"])
    assert out.exit_code == 0, out.output
    lines = out.output.splitlines()
    assert len(lines) == 1 + 22 + 54  # every measure is Józsefváros's; Kecskemét's proposal has none
    assert all(l.startswith("Budapest Főváros VIII. kerület Józsefvárosi Önkormányzat,Budapest,") for l in lines[1:])
    out = runner.invoke(main, ["query", "owner-load", "--data", str(TTL), "--param", "municipality=Szeged"])
    assert out.exit_code == 1
    assert "municipality 'Szeged' (Szeged, KSH 33367) has no document in the graph" in out.output
    out = runner.invoke(main, ["query", "trace", "--data", str(TTL), "--format", "csv", "--param", "node=I/2",
                               "--param", "municipality=józsefváros"])
    assert out.exit_code == 0, out.output
    assert {l.split(",")[1] for l in out.output.splitlines()[1:]} == {"jozsefvaros-hep-it"}
