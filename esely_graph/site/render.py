"""Rendering one page in one language: paths relative to the page, words from the catalogue, values formatted."""

from __future__ import annotations

from pathlib import Path

import jinja2
from markupsafe import Markup, escape

from ..jinja_cache import bytecode_cache
from .fmt import amount_text, data_html, date_html, date_text
from .fragments import town_rows, town_sections
from .messages import HEALTH_SENTENCE, KIND_NAMES, SEVERITY, UI, VALUES, pick


class Lang:
    """What a template needs to speak one language on one page: ``L.t("home")``, ``L.link(iri)`` …"""

    def __init__(self, lang: str, depth: int, ents: dict, relpath: str, area: str | None = None,
                 links: dict | None = None):
        """``links``: iri -> (entity, its ``link()``) of the pages of this language and depth (``Writer``): a national
        list names each of 3,200 towns, and the next list at that depth names them again."""
        self.lang, self.ents, self.relpath, self.area = lang, ents, relpath, area
        self.links = {} if links is None else links
        self.other = "en" if lang == "hu" else "hu"
        self.root = "../" * depth  # this language's root
        self.scope = self.root + (f"{area}/" if area else "")  # the town's folder (national pages: the root)
        self.static = self.root + "../static/"
        self.data = self.root + "../data/"
        self.other_href = self.root + f"../{self.other}/" + relpath

    def t(self, key: str, **kw) -> str:
        return pick(UI[key], self.lang).format(**kw) if kw else pick(UI[key], self.lang)

    def pick(self, pair) -> str:
        return pick(pair, self.lang)

    def kind(self, kind: str, plural: bool = False) -> str:
        names = KIND_NAMES[kind]
        return names[(2 if plural else 0) + (0 if self.lang == "hu" else 1)]

    def finding(self, f) -> str:
        from .model import finding_message

        return finding_message(f, self.lang)

    def severity(self, sev: str) -> str:
        return pick(SEVERITY.get(sev, (sev, sev)), self.lang)

    def label(self, iri: str) -> str:
        return self.ents[iri].label(self.lang)

    def href(self, iri: str) -> str:
        return self.root + self.ents[iri].path

    def link(self, iri: str | None, text: str | None = None, data: bool | None = None) -> Markup:
        """A link to an entity page; ``data``: the text is Hungarian source text (None: the entity's label)."""
        if text is None and data is None:
            e = self.ents.get(iri)
            kept = self.links.get(iri)
            if kept is not None and kept[0] is e:
                return kept[1]
            made = self._link(iri, None, None)
            if e is not None:
                self.links[iri] = (e, made)
            return made
        return self._link(iri, text, data)

    def _link(self, iri: str | None, text: str | None, data: bool | None) -> Markup:
        if iri not in self.ents:
            return self.text(text or "") if data is not False else escape(text or "")
        e = self.ents[iri]
        label = text if text is not None else (f"{e.code} {self.label(iri)}" if e.code and e.kind in (
            "measure", "subtask") else self.label(iri))  # two measures may share a title; their codes differ
        if data is None:
            data = self.ents[iri].labels.get("en") == self.ents[iri].labels["hu"]
        lang = ' lang="hu"' if self.lang == "en" and data else ""
        # escape() and one Markup: Markup.format costs several times more, on every link of every page
        return Markup(f'<a href="{escape(self.href(iri))}"{lang}>{escape(label)}</a>')

    def text(self, text: str) -> Markup:
        return data_html(text, self.lang)

    def date(self, iso: str) -> Markup:
        return date_html(iso, self.lang)

    def date_text(self, iso: str) -> str:
        return date_text(iso, self.lang)

    def val(self, v) -> Markup:
        """A fact's value (model.Val) in this language."""
        if v.kind == "date":
            out = date_html(v.iso, self.lang)
            if v.mark == "overdue":
                out += Markup(' <strong class="mark-overdue">{}</strong>').format(self.t("overdue_mark"))
            return out
        if v.kind == "amount":
            return escape(amount_text(v.hu, self.lang))
        if v.kind == "range":
            return escape(f"{amount_text(v.hu, self.lang)} – {amount_text(v.en, self.lang)}")
        if v.kind == "bool":
            return escape(pick(VALUES[v.hu], self.lang))
        if v.kind in ("term", "flag"):
            return escape(v.hu if self.lang == "hu" else (v.en or v.hu))
        return self.text(v.hu)

    def vals(self, vals) -> Markup:
        """A fact's values: the words first, the dates they mean in brackets ("2024. október (… – …)")."""
        words = [self.val(v) for v in vals if v.kind != "date"]
        dates = [self.val(v) for v in vals if v.kind == "date"]
        out = Markup("; ").join(words)
        if dates:
            span = Markup(" – ").join(dates)
            out = out + Markup(" (") + span + Markup(")") if words else span
        return out

    def source(self, src) -> Markup:
        """A source row: the document's short name and the line, for people (the file name on English pages)."""
        f, line, doc = src
        d = self.ents.get(doc)
        if d is None:
            return Markup("{}:{}").format(f, line) if self.lang == "en" else Markup("{}. sor").format(line)
        href = f"{self.root}{d.area}/src/{d.page}#line-{line}"
        if self.lang == "hu":
            return Markup('<a href="{}">{}, {}. sor</a>').format(href, d.short["hu"], line)
        return Markup('<a href="{}">{}, line {}</a> (<span class="file">{}</span>)').format(href, d.short["en"], line, f)


def environment() -> jinja2.Environment:
    env = jinja2.Environment(loader=jinja2.PackageLoader("esely_graph", "templates"), autoescape=True,
                             trim_blocks=True, lstrip_blocks=True, undefined=jinja2.StrictUndefined,
                             bytecode_cache=bytecode_cache())
    env.globals.update(HEALTH_SENTENCE=HEALTH_SENTENCE, VALUES=VALUES, town_rows=town_rows, town_sections=town_sections)
    return env


class Writer:
    """Writes pages of both languages under one output root; counts them."""

    def __init__(self, out: Path, ents: dict, common: dict, area: str | None = None, env=None):
        """``area``: the town whose pages it writes (None: the national pages); ``env``: a jinja2 environment to
        reuse (templates compiled once for every town)."""
        self.out, self.ents, self.common, self.area = out, ents, common, area
        self.env, self.pages = env or environment(), 0
        self.written: list[str] = []  # every file, relative to ``out`` (``reuse``: the files of a group of pages)
        self.links: dict[tuple[str, int], dict] = {}  # (language, depth) -> ``Lang.links``
        self.langs, self.files = ("hu", "en"), True  # what it writes (``languages.side_by_side``: one language each)

    def page(self, relpath: str, template: str, **ctx) -> None:
        for lang in ("hu", "en"):
            self.one(lang, relpath, template, **ctx)

    def one(self, lang: str, relpath: str, template: str, **ctx) -> None:
        if lang not in self.langs:
            return
        depth = relpath.count("/")
        L = Lang(lang, depth, self.ents, relpath, self.area, self.links.setdefault((lang, depth), {}))
        path = self.out / lang / relpath
        path.parent.mkdir(parents=True, exist_ok=True)
        html = self.env.get_template(template).render(L=L, lang=lang, relpath=relpath, **self.common, **ctx)
        path.write_text(html, encoding="utf-8")
        self.pages += 1
        self.written.append(f"{lang}/{relpath}")

    def file(self, relpath: str, data: bytes | str) -> None:
        if not self.files:
            return
        path = self.out / relpath
        path.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(data, str):
            data = data.encode("utf-8")
        path.write_bytes(data)
        self.written.append(relpath)
