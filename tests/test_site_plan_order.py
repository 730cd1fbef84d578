"""A town's anchored queries are handed to the workers with the comparisons across towns first."""

import datetime as dt
from types import SimpleNamespace

from esely_graph.site import plan as plan_module
from esely_graph.site.plan import ACROSS_TOWNS, Plan


def test_the_comparisons_across_towns_go_to_the_workers_first(monkeypatch):
    names = ["coverage", "compare-programmes", "measures", "shared-programmes", "timeline"]
    queries = {n: SimpleNamespace(columns=[]) for n in names}
    handed = []

    def fan_out(store, work, items):
        handed.append(list(items))
        return [[] for _ in items]

    monkeypatch.setattr(plan_module, "fan_out", fan_out)
    monkeypatch.setattr(plan_module, "run_rows", lambda *a, **k: [])
    towns = [f"t{i:02}" for i in range(plan_module.WHOLE_SHARE)]
    own = {t: "input" for t in towns}
    previous = {t: {"own": "input", "rows": {n: "rows" for n in names}} for t in towns[1:]}
    p = Plan(None, queries, dt.date(2026, 11, 30), own, previous, town_of=lambda iri: None)
    assert handed[0] == [("t00", "compare-programmes"), ("t00", "shared-programmes"), ("t00", "coverage"),
                         ("t00", "measures"), ("t00", "timeline")]
    assert set(p.rows_of("t00")) == set(names) and {"compare-programmes", "shared-programmes"} <= set(ACROSS_TOWNS)


def test_rows_the_queries_step_ran_anchored_on_a_changed_town_are_not_run_again(monkeypatch):
    """`all` runs the changed towns' rows anchored for the report (``catalogue.py``) and hands them to the site: only
    the pairs it lacks go to the workers, and the handed rows are shown as a run of the site's own would give them
    (a GROUP_CONCAT's parts in alphabetical order)."""
    import pyoxigraph as ox
    from esely_graph.namespaces import BASE

    names = ["measures", "timeline"]
    text = 'SELECT ?m (GROUP_CONCAT(DISTINCT ?o; SEPARATOR="; ") AS ?owners) WHERE {}'
    queries = {n: SimpleNamespace(columns=[], text=text) for n in names}
    handed = []

    def fan_out(store, work, items):
        handed.append(list(items))
        return [[{"m": "ran here"}] for _ in items]

    monkeypatch.setattr(plan_module, "fan_out", fan_out)
    towns = [f"t{i:02}" for i in range(plan_module.WHOLE_SHARE)]
    own = {t: "input" for t in towns}
    previous = {t: {"own": "input", "rows": {n: "rows" for n in names}} for t in towns[1:]}
    anchored = {(BASE + "org/t00", "measures"): (["m", "owners"], [
        {"m": ox.Literal("M1"), "owners": ox.Literal("polgármester; jegyző; Kabinet")}])}
    p = Plan(None, queries, dt.date(2026, 11, 30), own, previous, town_of=lambda iri: None, anchored=anchored)
    assert handed == [[("t00", "timeline")]]
    assert p.rows_of("t00") == {"measures": [{"m": "M1", "owners": "jegyző; Kabinet; polgármester"}],
                                "timeline": [{"m": "ran here"}]}
