"""Which towns a subject of a shared file belongs to (``site_query.split.Owners``): by its own IRI (a town's
organisation or strategy), by a document it hangs under, or by the towns that mention it (a programme)."""

from esely_graph.namespaces import BASE
from esely_graph.site_query.split import Owners

DOCS = {BASE + "doc/a-hep": {"a"}, BASE + "doc/b/2020": {"b"}, BASE + "doc/shared-plan": {"a", "b"}}
PROGRAMMES = {"https://example.org/programme/p": {"b", "c"}}
OWNERS = Owners({"a", "b", "c"}, DOCS, PROGRAMMES)


def test_a_town_s_organisations_and_strategies():
    assert OWNERS(BASE + "org/a") == {"a"}
    assert OWNERS(BASE + "org/a/office") == {"a"}
    assert OWNERS(BASE + "strategy/c/roma") == {"c"}
    assert OWNERS(BASE + "strategy/c") == set()  # a strategy's IRI has its town and its own key
    assert OWNERS(BASE + "org/zz/office") == set()  # not a town of the corpus


def test_nodes_under_a_document_at_any_depth():
    assert OWNERS(BASE + "doc/a-hep/measure/0-1/link/problem/x/line-11/automatic") == {"a"}
    assert OWNERS(BASE + "doc/b/2020/row/3") == {"b"}  # a document IRI one level deeper than the others
    assert OWNERS(BASE + "doc/shared-plan/x") == {"a", "b"}
    assert OWNERS(BASE + "doc/a-hep") == set()  # the document itself is in its own file, not under itself
    assert OWNERS(BASE + "doc/b/2021/row/3") == set()
    assert OWNERS(BASE + "doc/a-hep-2/measure/1") == set()  # a longer name is another document


def test_a_programme_belongs_to_the_towns_that_mention_it():
    assert OWNERS("https://example.org/programme/p") == {"b", "c"}
    assert OWNERS("https://example.org/programme/q") == set()


def test_no_documents():
    assert Owners({"a"}, {}, {})(BASE + "org/a/x") == {"a"}
