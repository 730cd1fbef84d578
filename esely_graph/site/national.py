"""The national pages, made from what each town's render says about the town (its summary), so they cost one row
per town: the overview, the comparison of towns by target group, per-town counts behind every list, the pages by
kind, the search over towns, documents and national entities, and the national entities' own pages (each lists
the towns that name it, linking to the town's view of it)."""

from __future__ import annotations

import json

from .entity_pages import entity_order, write_entity_pages
from .fmt import collate_key
from .graphindex import E
from .health import Figure, Status
from .languages import side_by_side
from .messages import HEALTH, KIND_NAMES
from .model import NATIONAL, Entity
from .query_pages import GAPS, answers_of, title_of
from .reuse import Reuse, cells_digest, field_digests, projection
from .search import search_files
from .tables import build_table

PER_TOWN_GROUP = "per-town:"  # a per-town list's group of pages (``reuse``): this and the page's path
PER_TOWN = {"overdue.html": ("overdue-measures", None), "owners.html": ("owner-load", None),
            "budget.html": ("budget-summary", None)}


def stubs(summaries: list[dict]) -> dict[str, Entity]:
    """Each town and its documents as entities the national pages link to (their pages are in the town's folder)."""
    out = {}
    for s in summaries:
        out[s["iri"]] = Entity(s["iri"], "municipality", s["page"], s["labels"], area=s["town"])
        for d in s["docs"]:
            out[d["iri"]] = Entity(d["iri"], "document", d["page"], d["labels"], area=s["town"], short=d["short"],
                                   municipality=s["iri"], document=d["iri"])
    return out


class National:
    def __init__(self, w, summaries: list[dict], nation, national_rows: dict, reuse: Reuse | None = None,
                 split: bool = False, digests: dict | None = None):
        """``reuse``: the groups of pages whose inputs are unchanged since the live site was made are not
        rendered again (``reuse``; None: render every page); ``split``: each group's two languages side by side;
        ``digests``: a town's IRI -> its summary's ``reuse.field_digests`` (made here when not given)."""
        self.w, self.nation, self.national_rows, self.split = w, nation, national_rows, split
        self.digests = digests if digests is not None else {s["iri"]: field_digests(s) for s in summaries}
        self.reuse = reuse or Reuse({}, None, "")
        self.summaries = sorted(summaries, key=lambda s: collate_key(s["labels"]["hu"]))
        self.ents = nation.ents
        self.stubs = stubs(self.summaries)
        w.ents = {**self.stubs, **self.ents}

    def write(self, onto_pages, onto_inputs=None) -> None:
        """Each group of pages with what it reads of the towns' summaries (``reuse``); each per-town list is a group
        of its own (its column of every town's summary), so one town's changed count renders its lists only."""
        rows = json.dumps(self.national_rows, sort_keys=True, default=str)
        tables = ("docs",) if any(self.national_rows.values()) else ()  # their cells may link to documents
        for name, fields, render in (("entities", ("shared", "docs"), self.entity_pages),
                                     ("index", ("figures", "queries", "kinds", "docs"), self.index),
                                     ("coverage", ("coverage", "hep") + tables, self.coverage),
                                     ("kinds", ("kinds", "docs"), self.kinds), ("search", ("docs",), self.search)):
            self.reuse.group(self.w, name, [projection(self.summaries, fields, self.digests), rows],
                             lambda r=render: self.both(r))
        lists = self.per_town_lists()
        stubs = projection(self.summaries, tables, self.digests)
        self.reuse.groups(self.w, [(PER_TOWN_GROUP + page[0],
                                    [stubs, cells_digest([(s["iri"], page[4](s)) for s in self.summaries]),
                                     json.dumps(self.national_rows.get(page[5]), default=str)])
                                   for page in lists],
                          lambda names: self.both(lambda: [self.towns_page(*page) for page in lists
                                                          if PER_TOWN_GROUP + page[0] in names]))
        self.reuse.group(self.w, "ontology", [onto_inputs], lambda: onto_pages(self.w))

    def both(self, render) -> None:
        """``render()`` with the two languages side by side (``languages``) when ``split``."""
        with side_by_side(self.w, self.split):
            render()

    def entity_pages(self) -> None:
        towns = {iri: [] for iri in self.ents}
        for s in self.summaries:
            for iri, n in s["shared"].items():
                if iri in towns:
                    towns[iri].append((s["iri"], f"{s['town']}/e/{self.ents[iri].page}", n))
        write_entity_pages(self.w, self.nation.subjects, self.nation.idx, self.ents, Status(),
                           extra=lambda e: {"towns": towns[e.iri]})

    def town_figures(self, s: dict) -> list[Figure]:
        stem = s["page"][:-5]
        return [Figure(key, words, s["figures"].get(key, 0), f"{s['town']}/health/{stem}-{key}.html")
                for key, words in HEALTH]

    def query_total(self, name: str) -> int:
        return sum(s["queries"].get(name, 0) for s in self.summaries) + len(self.national_rows.get(name, []))

    def index(self) -> None:
        figs = [Figure(key, words, sum(s["figures"].get(key, 0) for s in self.summaries), f"health/all-{key}.html")
                for key, words in HEALTH]
        by_muni = [(self.stubs[s["iri"]], self.town_figures(s), [self.stubs[d["iri"]] for d in s["docs"]])
                   for s in self.summaries]
        rows = [(n, title_of(q), answers_of(q), self.query_total(n)) for n, q in self.nation.queries.items()
                if n in self.national_rows]
        gaps = sorted((r for r in rows if r[0] in GAPS), key=lambda r: GAPS.index(r[0]))
        plain = sorted((r for r in rows if r[0] not in GAPS), key=lambda r: collate_key(r[1][0]))
        counts = {k: sum(s["kinds"].get(k, 0) for s in self.summaries) for k in KIND_NAMES}
        for e in self.ents.values():
            counts[e.kind] = sum(1 for x in self.ents.values() if x.kind == e.kind)
        counts["municipality"] = len(self.summaries)
        self.w.page("index.html", "index.html.j2", figs=figs, by_muni=by_muni, gaps=gaps, plain=plain, counts=counts,
                    docs=[])
        self.w.page("gaps.html", "gaps.html.j2", gaps=gaps, plain=plain)
        self.counts = counts

    def towns_page(self, relpath: str, title, answers, heads, cells, query: str | None = None, note=None) -> None:
        """A page with one row per town: ``cells(summary)`` -> [(count, href relative to the language root, gap)]."""
        rows = [(s["iri"], cells(s)) for s in self.summaries]
        for lang in ("hu", "en"):
            tbl, csv_href = None, None
            if query and self.national_rows.get(query):
                tbl = build_table(self.nation.queries[query], self.national_rows[query], self.w.ents, lang, lambda i: [])
                csv_href = relpath.rsplit("/", 1)[-1][:-5] + ".csv"
                self.w.file(f"{lang}/{relpath[:-5]}.csv", tbl.csv())
            self.w.one(lang, relpath, "towns.html.j2", title=title, answers=answers, heads=heads, rows=rows, tbl=tbl,
                       csv_href=csv_href, note=note)

    def per_town_lists(self) -> list[tuple]:
        """The pages with one row per town behind every list: (relpath, title, answers, heads, cells, query) as
        ``towns_page`` takes them."""
        rows_word = ("sor", "rows")
        out = []
        for name, q in self.nation.queries.items():
            if name in self.national_rows:
                out.append((f"gaps/{name}.html", title_of(q), answers_of(q), [rows_word],
                            lambda s, n=name: [(s["queries"].get(n, 0), f"{s['town']}/gaps/{n}.html", False)], name))
        for page, (name, _) in PER_TOWN.items():
            if name in self.national_rows:
                q = self.nation.queries[name]
                out.append((page, title_of(q), answers_of(q), [rows_word],
                            lambda s, n=name, p=page: [(s["queries"].get(n, 0), f"{s['town']}/{p}", False)], name))
        for key, words in HEALTH:
            out.append((f"health/all-{key}.html", words, None, [words],
                        lambda s, k=key: [(s["figures"].get(k, 0), f"{s['town']}/health/{s['page'][:-5]}-{k}.html",
                                           False)], None))
        out.append(("timeline.html", ("Határidők idővonala", "Timeline of deadlines"), None,
                    [("határidő", "deadlines"), ("lejárt", "overdue")],
                    lambda s: [(s["deadlines"], f"{s['town']}/timeline.html", False),
                               (s["overdue"], f"{s['town']}/timeline.html", False)], None))
        return out

    def coverage(self) -> None:
        """The comparison: towns × target groups, items of each town per group (narrower groups rolled up)."""
        tgs = sorted((e for e in self.ents.values() if e.kind == "target-group"), key=lambda e: collate_key(e.label()))
        statutory = {t.iri for t in tgs if self.nation.idx.value(t.iri, E + "statutory") == "true"}
        tgs = [t for t in tgs if t.iri in statutory or any(s["coverage"].get(t.iri) for s in self.summaries)]
        self.towns_page("coverage.html", ("Célcsoportok településenként", "Target groups per municipality"),
                        ("Hány probléma, intézkedés vagy szakasz szól az egyes célcsoportokról (a szűkebb csoportokkal "
                         "együtt). Piros nulla: a törvényes öt célcsoport egyike, amelyről a település HEP-je nem "
                         "szól.",
                         "How many problems, measures or sections speak of each target group (narrower groups "
                         "included). Red zero: one of the five statutory groups the municipality's HEP says nothing "
                         "about."),
                        [(t.label("hu"), t.label("en")) for t in tgs],
                        lambda s: [(s["coverage"].get(t.iri, 0), f"{s['town']}/e/{t.page}", s["hep"]
                                    and t.iri in statutory and not s["coverage"].get(t.iri)) for t in tgs])

    def kinds(self) -> None:
        for k in KIND_NAMES:
            national = sorted((e for e in self.ents.values() if e.kind == k), key=entity_order)
            if k in ("municipality", "document"):
                national = sorted((e for e in self.stubs.values() if e.kind == k), key=lambda e: collate_key(e.label()))
            if national or not any(s["kinds"].get(k) for s in self.summaries):
                self.w.page(f"kind-{k}.html", "kind.html.j2", kind=k, items=national)
                continue
            self.towns_page(f"kind-{k}.html", (KIND_NAMES[k][2], KIND_NAMES[k][3]), None, [(KIND_NAMES[k][2],
                            KIND_NAMES[k][3])], lambda s, k=k: [(s["kinds"].get(k, 0), f"{s['town']}/kind-{k}.html",
                                                                  False)])

    def search(self) -> None:
        index_js, docs_js = search_files({**self.stubs, **self.ents})
        self.w.file(f"data/{NATIONAL}/search-index.js", index_js)
        self.w.file(f"data/{NATIONAL}/search-docs.js", docs_js)
        self.w.page("search.html", "search.html.j2", index_stem=f"{NATIONAL}/")
