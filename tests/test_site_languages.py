"""One town's two languages rendered side by side (a forked child writes the English pages) give the same site."""

import datetime as dt
from types import SimpleNamespace

import pytest

from conftest import ROOT, TTL
from esely_graph.site import build_site
from esely_graph.site.languages import side_by_side


def _files(root):
    return {p.relative_to(root): p.read_bytes() for p in sorted(root.rglob("*")) if p.is_file()}


def test_languages_side_by_side_give_the_same_site_as_one_after_the_other(tmp_path):
    one, two = tmp_path / "one", tmp_path / "two"
    args = (ROOT / "shapes", ROOT / "queries", TTL / "ontology.ttl", None, dt.date(2024, 1, 1))
    a = build_site(TTL, one, *args, jobs=1)  # here, Hungarian then English
    b = build_site(TTL, two, *args, jobs=2)  # two towns: here, each town's English pages in a child
    assert a["pages"] == b["pages"] and a["towns_rendered"] == b["towns_rendered"] == 2
    fa, fb = _files(one), _files(two)
    assert sorted(fa) == sorted(fb) and any(str(p).startswith("en/kecskemet/") for p in fa)
    assert [p for p in fa if fa[p] != fb[p]] == []


def _writer():
    return SimpleNamespace(langs=("hu", "en"), files=True, pages=0, area="t", written=[])


def test_each_process_writes_one_language_and_the_pages_add_up():
    w, seen = _writer(), []
    w.pages, w.written = 10, ["before.html"]
    with side_by_side(w):
        seen.append((w.langs, w.files))
        w.pages += 3 if w.langs == ("hu",) else 4
        w.written.append("hu/a.html" if w.langs == ("hu",) else "en/a.html")
    assert seen == [(("hu",), True)]  # here: Hungarian and the files; the child's part is not seen here
    assert w.pages == 17 and w.langs == ("hu", "en")
    assert w.written == ["before.html", "hu/a.html", "en/a.html"]  # the child's files, for ``reuse``


def test_a_failing_child_fails_the_town():
    w = _writer()
    with pytest.raises(RuntimeError, match="English pages of t"):
        with side_by_side(w):
            if w.langs == ("en",):
                raise ValueError("a template failed")
            w.pages += 1


def test_off_writes_both_here():
    w, seen = _writer(), []
    with side_by_side(w, on=False):
        seen.append(w.langs)
    assert seen == [("hu", "en")]
