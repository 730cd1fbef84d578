"""Plans like mine (build/similarity.py, queries/compare-similar.rq): each town's five most similar towns,
computed at build time. Profiles and similarities below are worked out by hand from the fixture."""

from fractions import Fraction

import pyoxigraph as ox

from esely_graph.build.similarity import nearest, profile_of, profiles, similarity, similarity_graph
from esely_graph.queries import bind_params, format_rows, load_queries, run_sparql
from esely_graph.store import read_graph
from conftest import ROOT, TTL

ORG = "https://w3id.org/esely/id/org/"
TG = "https://w3id.org/esely/id/target-group/"
G, I, N, R, F = "gyermekek", "idosek", "nok", "melyszegenyseg-romak", "fogyatekkal-elok"
# town -> the target groups of each of its measures (roma-kozosseg rolls up to R, pszichiatriai-… to F)
TOWNS = {
    "t1": [[G], [I]],
    "t2": [[G], [I]],
    "t3": [[G]],
    "t4": [[G], [G], [I], ["roma-kozosseg"]],
    "t5": [[]],
    "t6": [[N], [N], ["pszichiatriai-es-szenvedelybetegek"]],
    "t7": [],  # a document, no measure: no profile
    "t8": [[G, I]],
    "t9": [[I]],
}


def _turtle(town: str, measures) -> bytes:
    doc = f"<https://w3id.org/esely/id/doc/{town}>"
    lines = ["@prefix esely: <https://w3id.org/esely/ontology#> . @prefix dcterms: <http://purl.org/dc/terms/> .",
             "@prefix skos: <http://www.w3.org/2004/02/skos/core#> .",
             f"{doc} dcterms:identifier \"{town}-hep-it\" ; esely:municipality <{ORG}{town}> .",
             f"<{ORG}{town}> skos:prefLabel \"{town.upper()}\"@hu ."]
    for i, groups in enumerate(measures):
        m = f"<https://w3id.org/esely/id/doc/{town}/m{i}>"
        lines.append(f"{m} a esely:Measure ; dcterms:isPartOf {doc} .")
        lines += [f"{m} esely:targetGroup <{TG}{g}> ." for g in groups]
    return "\n".join(lines).encode()


SCHEME = read_graph(TTL / "target-groups.ttl")
PARTS = [profile_of(_turtle(t, ms)) for t, ms in TOWNS.items()]


def test_profiles_are_the_shares_of_measures_per_statutory_group():
    shares = profiles(PARTS, SCHEME)
    order = [F, G, I, R, N]  # statutory groups in IRI order
    by = lambda t: dict(zip(order, shares[ORG + t]))  # noqa: E731
    assert ORG + "t7" not in shares  # no measures, no profile
    assert by("t1") == {F: 0, G: Fraction(1, 2), R: 0, I: Fraction(1, 2), N: 0}
    assert by("t4") == {F: 0, G: Fraction(1, 2), R: Fraction(1, 4), I: Fraction(1, 4), N: 0}
    assert by("t6") == {F: Fraction(1, 3), G: 0, R: 0, I: 0, N: Fraction(2, 3)}
    assert by("t8") == {F: 0, G: 1, R: 0, I: 1, N: 0}  # one measure serving two groups counts for both
    assert by("t5") == {F: 0, G: 0, R: 0, I: 0, N: 0}


def test_similarity_rounds_half_up():
    assert str(similarity([Fraction(1), 0, 0, 0, 0], [Fraction(1, 4), 0, 0, 0, 0])) == "0.63"  # 0.625
    assert str(similarity([Fraction(1, 2), Fraction(1, 2), 0, 0, 0], [0, 0, 0, Fraction(2, 3), Fraction(1, 3)])) == "0.00"


def test_five_nearest_ties_broken_by_iri():
    near = nearest(profiles(PARTS, SCHEME))
    # t1 against: t2 1, t4 0.75 (|.25|+|.25| off), t3/t5/t8/t9 0.5, t6 0; the 0.5 tie keeps t3, t5, t8 (IRI order)
    assert [(o.rsplit("/", 1)[1], str(s)) for o, s in near[ORG + "t1"]] == [
        ("t2", "1.00"), ("t4", "0.75"), ("t3", "0.50"), ("t5", "0.50"), ("t8", "0.50")]
    assert len(near) == 8 and all(len(v) == 5 for v in near.values())


def test_compare_similar_reads_the_derived_file():
    store = ox.Store()
    for t, ms in TOWNS.items():
        store.bulk_load(_turtle(t, ms), format=ox.RdfFormat.TURTLE)
    derived = similarity_graph(PARTS, SCHEME)
    store.bulk_load(derived.serialize(format="nt", encoding="utf-8"), format=ox.RdfFormat.N_TRIPLES)
    q = load_queries(ROOT / "queries")["compare-similar"]
    names, rows = run_sparql(store, q.text, bind_params(q, {"municipality": ORG + "t6"}))
    # t6 (F 1/3, N 2/3) against t5 (no group at all): 1 - (1/3 + 2/3) / 2 = 0.5; it shares no group with the
    # others: 0, ties by IRI: t1, t2, t3, t4 (t8, t9 left out); decimals in Oxigraph's canonical form
    assert [(r["other_municipality"].value, r["similarity"].value) for r in rows] == [
        ("T5", "0.5"), ("T1", "0"), ("T2", "0"), ("T3", "0"), ("T4", "0")]
    names, rows = run_sparql(store, q.text, bind_params(q, {}))
    assert len(rows) == 8 * 5
    csv = format_rows(names, rows, "csv").splitlines()
    assert csv[1:4] == [f"T1,,T2,,1,{ORG}t1,{ORG}t2", f"T1,,T4,,0.75,{ORG}t1,{ORG}t4", f"T1,,T3,,0.5,{ORG}t1,{ORG}t3"]
    # every node says how it was made
    from rdflib.namespace import PROV, RDF
    from esely_graph.namespaces import ESELY
    assert {derived.value(n, PROV.wasGeneratedBy) for n in derived.subjects(RDF.type, ESELY.PlanSimilarity)} == {
        next(derived.subjects(RDF.type, PROV.Activity))}
