"""The canonical Turtle writer (build/output.py) writes rdflib's longturtle byte for byte."""


import pytest
from rdflib import BNode, Graph, Literal, URIRef
from rdflib.namespace import RDF, RDFS, XSD

from esely_graph.build import build_graphs
from esely_graph.build.output import _flat_turtle, serialise
from esely_graph.layout import resource
from esely_graph.namespaces import ESELY, new_graph
from conftest import DATA


@pytest.fixture(scope="module")
def built() -> dict[str, Graph]:
    return build_graphs(DATA, resource("ontology"))


def test_every_built_file_is_written_as_rdflib_writes_it(built):
    for name, g in built.items():
        flat = _flat_turtle(g)
        assert flat is not None, f"{name} fell back to rdflib"
        assert flat.encode("utf-8") == g.serialize(format="longturtle", encoding="utf-8"), name


def test_order_and_layout_on_a_small_graph():
    """Written by hand from longturtle's rules: rdfs:Class members first, then subjects by how often
    they are objects; 'a' and rdfs:label first; object lists one per line; IRIs before literals."""
    g = new_graph()
    a, b, c = (URIRef(f"https://w3id.org/esely/id/x/{n}") for n in "abc")
    g.add((a, ESELY.next, b))
    g.add((a, ESELY.next, c))
    g.add((b, ESELY.next, c))
    g.add((c, RDF.type, RDFS.Class))
    g.add((b, ESELY.code, Literal("2")))
    g.add((b, ESELY.code, Literal(1)))
    g.add((b, RDFS.label, Literal("bé", lang="hu")))
    g.add((b, RDF.type, ESELY.Measure))
    expected = (
        "PREFIX esely: <https://w3id.org/esely/ontology#>\n"
        "PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>\n"
        "PREFIX xsd: <http://www.w3.org/2001/XMLSchema#>\n"
        "\n<https://w3id.org/esely/id/x/c>\n    a rdfs:Class ;\n.\n"
        "\n<https://w3id.org/esely/id/x/a>\n    esely:next\n"
        "        <https://w3id.org/esely/id/x/b> ,\n        <https://w3id.org/esely/id/x/c> ;\n.\n"
        "\n<https://w3id.org/esely/id/x/b>\n    a esely:Measure ;\n    rdfs:label \"bé\"@hu ;\n"
        "    esely:code\n        1 ,\n        \"2\" ;\n"
        "    esely:next <https://w3id.org/esely/id/x/c> ;\n.\n"
    )
    assert serialise(g).decode("utf-8") == g.serialize(format="longturtle", encoding="utf-8").decode("utf-8")
    assert serialise(g).decode("utf-8") == expected


def test_a_graph_with_a_blank_node_is_left_to_rdflib():
    g = new_graph()
    g.add((URIRef("https://w3id.org/esely/id/x/a"), ESELY.hasResource, BNode()))
    assert _flat_turtle(g) is None
    assert serialise(g) == g.serialize(format="longturtle", encoding="utf-8")


def test_an_unbound_predicate_namespace_is_left_to_rdflib():
    g = Graph(bind_namespaces="none")
    g.add((URIRef("https://example.org/a"), URIRef("https://example.org/ns/p"), Literal("x", datatype=XSD.string)))
    assert _flat_turtle(g) is None
    assert serialise(g) == g.serialize(format="longturtle", encoding="utf-8")


def test_a_rebuild_from_the_cache_equals_a_fresh_build(data_copy, tmp_path, monkeypatch):
    """Build, change one source, rebuild: only that document misses and only its town's links are
    computed again, and every file equals a build without the cache (organisations.ttl too, which
    gathers what each document observed; links.ttl, merged from the towns' parts)."""
    import shutil

    from esely_graph.build import build

    shutil.rmtree(data_copy / ".cache", ignore_errors=True)
    build(data_copy, tmp_path / "first")
    cache = data_copy / ".cache" / "documents"
    keys = lambda: {p.name.split(".")[0] for p in cache.rglob("*") if p.is_file()}  # noqa: E731
    towns = lambda: {p.name for p in (data_copy / ".cache" / "links").iterdir()}  # noqa: E731
    entries, town_links = keys(), towns()
    assert len(entries) == 5  # one per document of the manifest
    assert len(town_links) == 2  # one per municipality with links
    source = data_copy / "sources" / "jozsefvaros-hep-intezkedesi-terv.tsv"
    source.write_text(source.read_text(encoding="utf-8").replace("lakhatási szegénység csökkentése",
                                                                 "lakhatási szegénység mérséklése"), encoding="utf-8")
    build(data_copy, tmp_path / "cached")
    now = keys()
    assert len(now - entries) == 1 and len(entries - now) == 1  # the old entry of the changed document is pruned
    assert len(towns() - town_links) == 1 and len(town_links - towns()) == 1  # its town's links only
    monkeypatch.setenv("ESELY_NO_CACHE", "1")
    build(data_copy, tmp_path / "fresh")
    names = sorted(p.name for p in (tmp_path / "fresh").glob("*.ttl"))
    assert names == sorted(p.name for p in (tmp_path / "cached").glob("*.ttl"))
    for name in names:
        assert (tmp_path / "cached" / name).read_bytes() == (tmp_path / "fresh" / name).read_bytes(), name
    assert "mérséklése" in (tmp_path / "cached" / "jozsefvaros-hep-it.ttl").read_text(encoding="utf-8")


def test_the_cache_records_every_part_of_the_shared_build_context():
    """A new accumulating field of BuildContext must be recorded per document (build/cache.py,
    ``Observed``), or a rebuild from the cache would lose what the cached documents added to it."""
    import dataclasses

    from esely_graph.build.cache import Observed, observe
    from esely_graph.build.context import BuildContext

    lookups = {"owner_gazetteers", "strategy_gazetteers", "programmes"}  # derived from the vocabularies
    accumulating = {f.name for f in dataclasses.fields(BuildContext)
                    if f.default_factory is not dataclasses.MISSING and f.name not in lookups}
    ctx = BuildContext.__new__(BuildContext)
    for name in accumulating:
        setattr(ctx, name, "before")
    observed, done = observe(ctx)
    assert {name for name in accumulating if getattr(ctx, name) != "before"} == accumulating  # each one fresh
    assert len(dataclasses.fields(Observed)) == len(accumulating)


def test_an_output_file_edited_in_place_is_not_taken_back_from_the_cache(data_copy, tmp_path):
    """Cached Turtle is hard-linked into the output; an edit of the output file in place (the
    same inode) makes the cache entry a miss, so the next build writes the document's own bytes."""
    from esely_graph.build import build

    build(data_copy, tmp_path / "first")
    expected = (tmp_path / "first" / "jozsefvaros-hep-it.ttl").read_bytes()
    with (tmp_path / "first" / "jozsefvaros-hep-it.ttl").open("ab") as fh:
        fh.write(b"\n# edited by hand\n")
    build(data_copy, tmp_path / "second")
    assert (tmp_path / "second" / "jozsefvaros-hep-it.ttl").read_bytes() == expected
