"""Pages made of named-query tables, for one town (its rows): the gap lists, the plan-health lists of the town and
of each of its documents, overdue items, owners, budget. The national pages count these rows per town."""

from __future__ import annotations

from ..report import HEADLINES
from .charts import bar_chart_svg
from .fmt import collate_key
from .health import FIGURE_QUERY, figures, scope_filter, scopes
from .tables import Cell, Table, build_table, header_lines

# gap lists, most important first; every other query is a plain listing
GAPS = ["overdue-measures", "problems-without-measure", "measures-incomplete", "opportunities-not-adopted",
        "strategies-without-adoption"]
TITLES = {n: (hu, en) for n, hu, en in HEADLINES}


def title_of(q) -> tuple[str, str]:
    return TITLES.get(q.name, (header_lines(q).get("title-hu", q.title), q.title))


def answers_of(q) -> tuple[str, str]:
    return (header_lines(q).get("answers-hu", q.answers), q.answers)


class QueryPages:
    def __init__(self, w, queries: dict, raw: dict, ents: dict, status, owners, prefix: str = ""):
        """``prefix``: the town's folder ("<town>/"); a table shows at most ``towns.MAX_TOWN_ROWS`` of its rows
        (a pairwise comparison has a row per other town)."""
        from .towns import shown_rows

        self.totals = {n: len(rows) for n, rows in raw.items()}
        raw = shown_rows(raw)
        self.w, self.queries, self.raw, self.ents, self.status = w, queries, raw, ents, status
        self.owners, self.prefix = owners, prefix
        self.tables = {lang: {n: build_table(queries[n], raw[n], ents, lang, owners) for n in raw} for lang in
                       ("hu", "en")}

    def listed(self) -> tuple[list, list]:
        """(gap lists, plain lists): [(name, title, answers, count)]."""
        rows = [(n, title_of(self.queries[n]), answers_of(self.queries[n]), max(len(self.raw[n]), self.totals.get(n, 0)))
                for n in self.raw]
        gaps = sorted((r for r in rows if r[0] in GAPS), key=lambda r: GAPS.index(r[0]))
        plain = sorted((r for r in rows if r[0] not in GAPS), key=lambda r: collate_key(r[1][0]))
        return gaps, plain

    def table_page(self, lang: str, relpath: str, tbl: Table, title, answers, template="table.html.j2", **ctx):
        csv_rel = relpath[:-5] + ".csv"
        self.w.file(f"{lang}/{csv_rel}", tbl.csv())
        self.w.one(lang, relpath, template, tbl=tbl, title=title, answers=answers,
                   csv_href=csv_rel.rsplit("/", 1)[-1], **ctx)

    def write(self) -> None:
        gaps, plain = self.listed()
        self.w.page(f"{self.prefix}gaps.html", "gaps.html.j2", gaps=gaps, plain=plain)
        for lang in ("hu", "en"):
            for name, tbl in self.tables[lang].items():
                q = self.queries[name]
                self.table_page(lang, f"{self.prefix}gaps/{name}.html", tbl, title_of(q), answers_of(q), query=name,
                                total=self.totals.get(name, 0))
            self.health_lists(lang)
            self.overdue(lang)
            self.owner_load(lang)
            self.budget(lang)

    def health_lists(self, lang: str) -> None:
        for scope in scopes(self.ents):
            inside = scope_filter(self.ents, scope)
            for fig in figures(self.status, self.ents, scope):
                qname = FIGURE_QUERY[fig.key]
                if qname is None:
                    tbl = self.unreadable_table(lang, fig.items)
                    answers = ("A forrás cellái, amelyeket az importáló nem tudott értelmezni; az eredeti szöveg "
                               "megmaradt.", "Source cells the importer could not read; their original text is kept.")
                else:
                    base = self.tables[lang][qname]
                    if qname == "measures-incomplete":
                        tbl = base.subset(lambda r, item, doc: r["missing"] == fig.key and inside(item))
                    elif qname == "problems-without-measure":
                        tbl = base.subset(lambda r, item, doc: inside(r["problem_iri"]))
                    else:
                        tbl = base.subset(lambda r, item, doc: inside(item))
                    answers = answers_of(self.queries[qname])
                where = self.ents[scope].label(lang) if scope else None
                self.table_page(lang, fig.page, tbl, fig.words, answers, where=where, scope=scope,
                                query=qname)

    def unreadable_table(self, lang: str, nodes: list[str]) -> Table:
        from .graphindex import E

        idx = self.w.common["idx"]
        rows, items, docs = [], [], []
        owner_of = dict(self.status.unreadable)
        for n in nodes:
            owner = owner_of.get(n)
            e = self.ents.get(owner)
            rows.append([Cell(e.label(lang) if e else "", href=owner if e else None, data=True),
                         Cell(idx.value(n, E + "originalText") or "", data=True)])
            items.append(owner)
            docs.append(e.document if e else None)
        heads = [("item", "Tétel" if lang == "hu" else "Item"), ("text", "Eredeti szöveg" if lang == "hu" else
                                                                  "Original text")]
        return Table("unreadable", heads, rows, items, docs, [{} for _ in rows])

    def overdue(self, lang: str) -> None:
        q = self.queries["overdue-measures"]
        self.table_page(lang, f"{self.prefix}overdue.html", self.tables[lang]["overdue-measures"], title_of(q), answers_of(q),
                        query="overdue-measures")

    def owner_load(self, lang: str) -> None:
        q = self.queries["owner-load"]
        direct = sorted(((r["owner"], int(r["measures"]) + int(r["subtasks"])) for r in self.raw["owner-load"]
                         if int(r["measures"]) + int(r["subtasks"])), key=lambda t: (-t[1], collate_key(t[0])))
        title = "Saját intézkedések és alfeladatok felelősönként" if lang == "hu" else "Own measures and sub-tasks per owner"
        self.table_page(lang, f"{self.prefix}owners.html", self.tables[lang]["owner-load"], title_of(q), answers_of(q),
                        svg=bar_chart_svg(direct, title), query="owner-load")

    def budget(self, lang: str) -> None:
        q = self.queries["budget-summary"]
        items = self.tables[lang]["budget-items"]
        self.w.file(f"{lang}/{self.prefix}budget-items.csv", items.csv())
        self.table_page(lang, f"{self.prefix}budget.html", self.tables[lang]["budget-summary"], title_of(q), answers_of(q),
                        tbl2=items, title2=title_of(self.queries["budget-items"]), query="budget-summary")
