"""The national pages' parts repeated for every town, made in Python (``site/fragments.py``): the same bytes as the
template code they replace (kept here as the reference), on towns and documents written by hand with names that
need escaping; one order of items of one label; the hash of a town's findings."""

from esely_graph.site.entity_pages import entity_order
from esely_graph.site.health import Figure
from esely_graph.site.model import Entity
from esely_graph.site.render import Lang, environment

# The template code the fragments replace, as it was in towns.html.j2 and index.html.j2.
ROWS = """{% for town, cells in rows %}<tr><th scope="row">{{ L.link(town) }}</th>{% for n, href, gap in cells %}\
<td class="num{{ ' gap' if gap else '' }}" data-sort="{{ '%08d' % n }}">{% if href and n %}<a href="{{ L.root }}\
{{ href }}">{{ n }}</a>{% elif gap %}0 <span class="visually-hidden">{{ L.t("missing") }}</span>{% else %}{{ n }}\
{% endif %}</td>{% endfor %}</tr>
{% endfor %}"""
SECTIONS = """{% for m, mfigs, mdocs in by_muni %}
<section class="muni">
<h2>{{ L.link(m.iri) }}</h2>
<ul class="figures small">
{% for f in mfigs if f.count %}<li class="bad"><a href="{{ L.root }}{{ f.page }}"><span class="n">{{ f.count }}\
</span> <span class="w">{{ L.pick(f.words) }}</span></a></li>
{% endfor %}</ul>
<ul>{% for d in mdocs %}<li>{{ L.link(d.iri, d.short[lang], false) }}: {{ L.text(d.label(lang)) }}</li>{% endfor %}\
</ul>
</section>
{% endfor %}
"""
ORG = "https://w3id.org/esely/org/"
DOC = "https://w3id.org/esely/doc/"


def ents():
    towns = [Entity(ORG + "kisbereg", "municipality", "index.html", {"hu": "Kisbereg", "en": "Kisbereg"},
                    area="kisbereg"),
             Entity(ORG + "also-szolos", "municipality", "index.html", {"hu": "Alsó-Szőlős <Község>",
                                                                       "en": "Alsó-Szőlős <Village>"},
                    area="also-szolos")]
    doc = Entity(DOC + "kisbereg-hep-it", "document", "doc~kisbereg-hep-it.html",
                 {"hu": "HEP IT „Esély & jövő” 2024–2029", "en": "HEP IT „Esély & jövő” 2024–2029"},
                 short={"hu": "HEP IT 2024", "en": "Action plan 2024"}, area="kisbereg")
    return {e.iri: e for e in towns + [doc]}, towns, doc


def test_town_rows_are_the_template_rows():
    e, towns, _ = ents()
    rows = [(towns[0].iri, [(3, "kisbereg/gaps/overdue-measures.html", False), (0, "kisbereg/x.html", True)]),
            (towns[1].iri, [(0, None, False), (12, "also-szolos/a&b.html", False)]),
            (ORG + "not-a-page", [])]  # a town with no page: its name as text
    env = environment()
    for lang in ("hu", "en"):
        L = Lang(lang, 1, e, "gaps/overdue-measures.html")
        made = env.from_string("{{ town_rows(L, rows) }}").render(L=L, rows=rows)
        assert made == env.from_string(ROWS).render(L=L, rows=rows)
    assert '<td class="num gap" data-sort="00000000">0 <span class="visually-hidden">' in made
    assert 'href="../also-szolos/a&amp;b.html">12</a>' in made


def test_town_sections_are_the_template_sections():
    e, towns, doc = ents()
    figs = [Figure("overdue", ("lejárt", "overdue"), 2, "kisbereg/health/hep-it-overdue.html"),
            Figure("incomplete", ("hiányos", "incomplete"), 0, "kisbereg/health/hep-it-incomplete.html"),
            Figure("problems", ("megválaszolatlan <probléma>", "unanswered <problems>"), 5, "kisbereg/p&q.html")]
    by_muni = [(towns[0], figs, [doc]), (towns[1], [], [])]
    env = environment()
    for lang in ("hu", "en"):
        L = Lang(lang, 0, e, "index.html")
        made = env.from_string("{{ town_sections(L, by_muni) }}").render(L=L, lang=lang, by_muni=by_muni)
        assert made == env.from_string(SECTIONS).render(L=L, lang=lang, by_muni=by_muni)
    assert "Alsó-Szőlős &lt;Village&gt;" in made and "unanswered &lt;problems&gt;" in made
    assert made.count('<li class="bad">') == 2  # a figure of nought is not listed


def test_two_items_of_one_label_are_ordered_by_iri():
    a = Entity(DOC + "d~problem~124", "problem", "a.html", {"hu": "civil szervezetek támogatása"}, document=DOC + "d")
    b = Entity(DOC + "d~problem~123", "problem", "b.html", {"hu": "civil szervezetek támogatása"}, document=DOC + "d")
    assert sorted([a, b], key=entity_order) == [b, a] == sorted([b, a], key=entity_order)


def test_a_towns_findings_hash_changes_with_any_field_of_a_finding():
    """The hash of a town's findings in the digest of its input (``site.towns.findings_digest``): equal findings,
    equal hashes; a finding moved to another line, or a note added, another hash (the town is rendered again)."""
    from esely_graph.site.towns import findings_digest
    from esely_graph.validate.findings import Finding

    f = Finding("varos-hep-it", DOC + "varos-hep-it/measure/2", "warning", "esely:MeasureShape", "sh:minCount",
                "esely:deadline", None, "Nincs határidő.", "No deadline.", "sources/varos-hep-it.tsv", 7, "2027. II.")
    same = Finding(*tuple(f))
    assert findings_digest([f]) == findings_digest([same]) != findings_digest([])
    unshared = Finding(*("".join(v) if isinstance(v, str) else v for v in f))  # equal strings, other objects
    assert findings_digest([f, f]) == findings_digest([f, unshared])  # a string met twice is written twice
    assert findings_digest([f._replace(line=8)]) != findings_digest([f])
    assert findings_digest([f._replace(detail="unreadable deadline")]) != findings_digest([f])
    assert findings_digest([f, f._replace(line=8)]) != findings_digest([f._replace(line=8), f])
    from rdflib import Literal  # a value of another type than marshal takes: hashed by its text form

    odd = f._replace(value=Literal("2027. II."))
    assert findings_digest([odd]) == findings_digest([odd]) != findings_digest([odd._replace(value=Literal("2028"))])
