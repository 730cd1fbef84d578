"""The fuzzing harness finds what it is for (checker run on planted faults) and a seeded slice is clean."""

import pytest
from rdflib import Literal, URIRef

from esely_graph.build import build_context, import_document
from esely_graph.fuzz import harness
from esely_graph.fuzz.lost_cells import lost_cells
from esely_graph.fuzz.mutations import FAMILIES
from esely_graph.layout import resource
from conftest import DATA


def test_every_mutation_family_changes_the_bytes_deterministically():
    import random

    data = (DATA / "sources" / "jozsefvaros-hep-intezkedesi-terv.tsv").read_bytes()
    for name, fn in FAMILIES.items():
        a, b = fn(data, random.Random(7)), fn(data, random.Random(7))
        assert a == b, name
        assert isinstance(a, bytes)


def test_a_dropped_cell_is_reported_as_lost(tmp_path):
    """Run the lost-cell checker on a graph from which one cell's literal was removed."""
    manifest, ctx = build_context(DATA, resource("ontology"))
    meta = next(d for d in manifest.documents if d.kind == "hep-action-plan")
    path = manifest.source_path(meta)
    dg = import_document(meta, ctx, path, path.name)
    assert lost_cells(dg, path, meta) == []
    victim = next(o for o in dg.g.objects() if isinstance(o, Literal) and "lakhatási szegénység" in str(o))
    for s, p in list(dg.g.subject_predicates(victim)):
        dg.g.remove((s, p, victim))
    dg.g.add((URIRef("urn:x"), URIRef("urn:y"), Literal("unrelated")))
    missing = lost_cells(dg, path, meta)
    assert missing and all(m.startswith(path.name + ":") for m in missing)


def test_a_crash_is_classified_as_crash(monkeypatch):
    def boom(*a, **k):
        raise ValueError("Exceeds the limit (4300 digits) for integer string conversion")

    monkeypatch.setattr(harness, "import_document", boom)
    report = harness.run(DATA, resource("ontology"), cases=3, partial_every=0)
    assert report.counts()["crash"] == 3
    assert "ValueError" in report.failures[0].detail


def test_seeded_slice_has_no_crash_lost_cell_timeout_or_partial_write():
    report = harness.run(DATA, resource("ontology"), cases=60, seed=3, timeout=30, partial_every=30)
    counts = report.counts()
    assert counts["partial_checks"] == 2 and counts["partial_writes"] == 0
    assert counts["timeout"] == 0
    assert report.failures == []
