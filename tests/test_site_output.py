"""The site's output: written atomically with normal permissions; Hungarian dates, amounts and order."""

import os
import stat

import pytest

from esely_graph.site.fmt import amount_text, code_key, date_text, sort_hu
from esely_graph.site.output import update_in_place, write_tree_atomically


def test_output_swapped_into_place_with_normal_permissions_and_stale_temp_dirs_removed(tmp_path):
    out = tmp_path / "site"
    stale = tmp_path / ".site-tmp-999999999-abc"  # left by a killed run (no such process)
    stale.mkdir()
    (stale / "x.html").write_text("old")
    write_tree_atomically(out, lambda d: (d / "sub").mkdir() or (d / "sub" / "a.html").write_text("a"))
    assert not stale.exists()
    assert stat.S_IMODE(os.stat(out).st_mode) == 0o755
    assert stat.S_IMODE(os.stat(out / "sub").st_mode) == 0o755
    assert stat.S_IMODE(os.stat(out / "sub" / "a.html").st_mode) == 0o644
    assert sorted(p.name for p in tmp_path.iterdir()) == ["site"]


def test_a_failed_render_leaves_the_old_site(tmp_path):
    out = tmp_path / "site"
    write_tree_atomically(out, lambda d: (d / "index.html").write_text("v1"))

    def broken(d):
        (d / "index.html").write_text("half")
        raise RuntimeError("template error")

    with pytest.raises(RuntimeError):
        write_tree_atomically(out, broken)
    assert (out / "index.html").read_text() == "v1"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["site"]


def paths(town):
    return [f"hu/{town}", f"sparql/graph/{town}.ttl"]


def tree(root):
    return {p.relative_to(root).as_posix(): p.read_text() for p in sorted(root.rglob("*")) if p.is_file()}


def write(root, files):
    for name, text in files.items():
        (root / name).parent.mkdir(parents=True, exist_ok=True)
        (root / name).write_text(text)


def test_an_update_moves_in_the_rendered_town_and_the_national_files_and_removes_what_is_gone(tmp_path):
    out = tmp_path / "site"
    write_tree_atomically(out, lambda d: write(d, {"hu/a/x.html": "a1", "hu/b/x.html": "b1", "hu/c/x.html": "c1",
                                                   "sparql/graph/a.ttl": "ga", "hu/index.html": "n1",
                                                   "hu/gaps/old.html": "gone", ".state": "s1"}))
    untouched = os.stat(out / "hu" / "b" / "x.html").st_ino

    def fill(d):
        write(d, {"hu/a/x.html": "a2", "sparql/graph/a.ttl": "ga2", "hu/index.html": "n2", "hu/gaps/new.html": "new",
                  ".state": "s2"})
        return ["a"], ["a", "b"]  # a rendered again, b kept, c gone

    update_in_place(out, fill, paths, ".state")
    assert tree(out) == {".state": "s2", "hu/a/x.html": "a2", "hu/b/x.html": "b1", "hu/gaps/new.html": "new",
                         "hu/index.html": "n2", "sparql/graph/a.ttl": "ga2"}
    assert os.stat(out / "hu" / "b" / "x.html").st_ino == untouched
    assert stat.S_IMODE(os.stat(out / "hu" / "gaps" / "new.html").st_mode) == 0o644
    assert sorted(p.name for p in tmp_path.iterdir()) == ["site"]


def test_a_failed_update_leaves_the_old_site(tmp_path):
    out = tmp_path / "site"
    write_tree_atomically(out, lambda d: write(d, {"hu/a/x.html": "a1", "hu/index.html": "n1", ".state": "s1"}))

    def broken(d):
        write(d, {"hu/a/x.html": "half"})
        raise RuntimeError("template error")

    with pytest.raises(RuntimeError):
        update_in_place(out, broken, paths, ".state")
    assert tree(out) == {".state": "s1", "hu/a/x.html": "a1", "hu/index.html": "n1"}
    assert sorted(p.name for p in tmp_path.iterdir()) == ["site"]


@pytest.mark.parametrize("iso, hu, en", [("2024-10-31", "2024. október 31.", "31 October 2024"),
                                         ("2023-01-05", "2023. január 5.", "5 January 2023")])
def test_dates_in_words(iso, hu, en):
    assert date_text(iso, "hu") == hu and date_text(iso, "en") == en


def test_amounts_grouped_in_forints():
    assert amount_text("48963300.0", "hu").replace("\u00a0", " ") == "48 963 300 Ft"
    assert amount_text("600000", "en").replace("\u00a0", " ") == "HUF 600 000"


def test_measure_codes_in_plan_order():
    codes = ["I/10", "II/1", "I/2", "0/3", "V/6", "IV/1", "I/1", "III/2"]
    assert sorted(codes, key=code_key) == ["0/3", "I/1", "I/2", "I/10", "II/1", "III/2", "IV/1", "V/6"]
    assert sorted(["1/10", "1/7.2", "1/7.1", "1/7", "2/1"], key=code_key) == ["1/7", "1/7.1", "1/7.2", "1/10", "2/1"]


def test_hungarian_collation():
    words = ["Ózd", "Orosháza", "ablak", "Bicske", "Érd", "eger", "csak", "cukor", "Álmos", "Zala"]
    assert sort_hu(words) == ["ablak", "Álmos", "Bicske", "cukor", "csak", "eger", "Érd", "Orosháza", "Ózd", "Zala"]


def test_a_ranged_amount_reads_low_to_high():
    from esely_graph.site.model import Val
    from esely_graph.site.render import Lang

    text = str(Lang("hu", 0, {}, "index.html").val(Val("range", "1000000", "2000000"))).replace("\u00a0", " ")
    assert text == "1 000 000 Ft – 2 000 000 Ft"


@pytest.mark.parametrize("text, plain", [
    ("Az importáló itt javított valamit (lásd esely:flagNote)", "Az importáló itt javított valamit"),
    ("A sorszám (esely:lineNumber) ilyenkor folyamatos.", "A sorszám ilyenkor folyamatos."),
    ("fejenkénti összeg; lásd esely:flagNote.", "fejenkénti összeg."),
    ("The importer fixed it (see esely:flagNote)", "The importer fixed it")])
def test_sentences_lose_references_to_raw_terms(text, plain):
    from esely_graph.site.fmt import without_terms

    assert without_terms(text) == plain


def test_a_link_kept_for_the_pages_of_one_language_and_depth_is_the_link_made_afresh(tmp_path):
    from esely_graph.site.model import Entity
    from esely_graph.site.render import Lang, Writer

    town = Entity("https://x/org/a", "municipality", "a.html", {"hu": "Ágfalva", "en": "Ágfalva"}, area="a")
    measure = Entity("https://x/m/1", "measure", "m1.html", {"hu": "Közösségi ház", "en": "Community house"}, code="2.1",
                     area="a")
    w = Writer(tmp_path, {town.iri: town, measure.iri: measure}, {})
    links = w.links.setdefault(("en", 1), {})
    first = Lang("en", 1, w.ents, "x/p.html", links=links)
    assert str(first.link(town.iri)) == '<a href="../a/e/a.html" lang="hu">Ágfalva</a>'  # the label is source text
    assert str(first.link(measure.iri)) == '<a href="../a/e/m1.html">2.1 Community house</a>'
    again = Lang("en", 1, w.ents, "x/q.html", links=links)
    assert again.link(town.iri) is first.link(town.iri)  # kept, not made again
    assert str(Lang("hu", 1, w.ents, "x/p.html", links=w.links.setdefault(("hu", 1), {})).link(measure.iri)) == \
        '<a href="../a/e/m1.html">2.1 Közösségi ház</a>'
    assert str(again.link(town.iri, text="Ágfalva község")) == '<a href="../a/e/a.html" lang="hu">Ágfalva község</a>'
    w.ents[town.iri] = Entity(town.iri, "municipality", "b.html", {"hu": "Bük", "en": "Bük"}, area="b")
    assert str(again.link(town.iri)) == '<a href="../b/e/b.html" lang="hu">Bük</a>'  # another entity: made afresh
    assert str(again.link("https://x/none")) == ""
