"""The parts of the national pages repeated for every town, made in Python rather than in the templates.

The national overview has a section per town and each per-town list a row per town: 3,200 of them, rendered again
in both languages whenever one town's counts change. Made by the template, each cost a few dozen template calls
and escapes; here one f-string each, with the same escaping (``tests/test_site_fragments.py`` compares them with
the template code they replace)."""

from __future__ import annotations

from markupsafe import Markup, escape


def town_rows(L, rows) -> Markup:
    """The rows of a page with one row per town (``national.towns_page``): (town, [(count, href relative to the
    language root, gap)]) each."""
    root, missing, out = escape(L.root), escape(L.t("missing")), []
    for town, cells in rows:
        out.append(f'<tr><th scope="row">{L.link(town)}</th>')
        for n, href, gap in cells:
            if href and n:
                inner = f'<a href="{root}{escape(href)}">{escape(n)}</a>'
            elif gap:
                inner = f'0 <span class="visually-hidden">{missing}</span>'
            else:
                inner = escape(n)
            out.append(f'<td class="num{" gap" if gap else ""}" data-sort="{escape("%08d" % n)}">{inner}</td>')
        out.append("</tr>\n")
    return Markup("".join(out))


def town_sections(L, by_muni) -> Markup:
    """The overview's section per town (``national.index``): (the town, its health figures, its documents) each."""
    root, lang, out = escape(L.root), L.lang, []
    for m, figs, docs in by_muni:
        out.append(f'<section class="muni">\n<h2>{L.link(m.iri)}</h2>\n<ul class="figures small">\n')
        out.extend(f'<li class="bad"><a href="{root}{escape(f.page)}"><span class="n">{escape(f.count)}</span> '
                   f'<span class="w">{escape(L.pick(f.words))}</span></a></li>\n' for f in figs if f.count)
        out.append("</ul>\n<ul>")
        out.extend(f"<li>{L.link(d.iri, d.short[lang], False)}: {L.text(d.label(lang))}</li>" for d in docs)
        out.append("</ul>\n</section>\n")
    return Markup("".join(out))
