"""A town's overview, coverage matrix, timeline and per-kind pages (``prefix``: its folder, "<town>/"), and the
ontology page."""

from __future__ import annotations

import datetime as dt

from rdflib import Graph
from rdflib.namespace import RDF, RDFS, SH

from ..store import read_graph
from .charts import timeline_svg
from .entity_pages import entity_order
from .fmt import collate_key, without_terms
from .graphindex import SKOS, E, curie
from .health import figures
from .messages import KIND_NAMES


def write_index(w, ents: dict, status, gaps, plain, town: str, prefix: str) -> None:
    """The town's overview: its figures, its documents, its lists and pages by kind."""
    docs = sorted((e for e in ents.values() if e.kind == "document"), key=lambda e: e.short["hu"])
    figs = figures(status, ents, town)
    counts = {k: sum(1 for e in ents.values() if e.kind == k) for k in KIND_NAMES}
    w.page(f"{prefix}index.html", "index.html.j2", figs=figs, by_muni=[(ents[town], figs, docs)], gaps=gaps,
           plain=plain, counts=counts, docs=docs)


def write_coverage(w, ents: dict, idx, prefix: str) -> dict[str, int]:
    """The town's matrix target group × document; returns (target group -> items of the town, whether the town
    has a HEP document): the national comparison's row for the town."""
    docs = sorted((e for e in ents.values() if e.kind == "document"), key=lambda e: e.short["hu"])
    tgs = sorted((e for e in ents.values() if e.kind == "target-group"), key=lambda e: collate_key(e.label()))
    counts = {}
    for tg in tgs:
        for s, p in idx.op.get(tg.iri, []):
            if p == E + "targetGroup" and s in ents:
                counts[(tg.iri, ents[s].document)] = counts.get((tg.iri, ents[s].document), 0) + 1
    used = [d for d in docs if any(counts.get((t.iri, d.iri)) for t in tgs)]
    statutory = {t.iri for t in tgs if idx.value(t.iri, E + "statutory") == "true"}
    hep = {d.iri for d in used if {E + "SituationAnalysis", E + "ActionPlan"} & set(idx.types(d.iri))}
    narrower = {t.iri: [s for s, p in idx.op.get(t.iri, []) if p == SKOS + "broader"] for t in tgs}
    # a zero is a gap only in a HEP document, for one of the statutory five, when no narrower local group
    # (skos:broader) of it is covered either; elsewhere a zero is not expected and shows as a dash
    matrix = []
    for tg in tgs:
        row = []
        for d in used:
            n = counts.get((tg.iri, d.iri), 0)
            rolled = sum(counts.get((x, d.iri), 0) for x in narrower[tg.iri])
            row.append((d, n, rolled, tg.iri in statutory and d.iri in hep and n + rolled == 0))
        matrix.append((tg, row))
    w.page(f"{prefix}coverage.html", "coverage.html.j2", docs=used, matrix=matrix)
    hep_docs = any({E + "SituationAnalysis", E + "ActionPlan"} & set(idx.types(d.iri)) for d in docs)
    return {tg.iri: sum(n + rolled for _, n, rolled, _ in row) for tg, row in matrix}, hep_docs


def write_timeline(w, ents: dict, idx, status, as_of: dt.date, prefix: str) -> tuple[int, int]:
    """The town's deadlines on a time axis; returns (deadlines, overdue)."""
    rows = []
    for e in sorted(ents.values(), key=entity_order):
        if e.kind not in ("measure", "subtask"):
            continue
        ts = idx.value(e.iri, E + "deadline")
        end = idx.end_date(ts)
        if not end:
            continue
        begin = idx.end_date(idx.value(e.iri, E + "start"), "hasBeginning") or idx.end_date(ts, "hasBeginning") or end
        start = min(dt.date.fromisoformat(begin), dt.date.fromisoformat(end))
        rows.append((e, start, dt.date.fromisoformat(end), e.iri in status.overdue))
    rows.sort(key=lambda r: (r[2], entity_order(r[0])))
    for lang in ("hu", "en"):
        title = "Határidők idővonala" if lang == "hu" else "Timeline of deadlines"
        svg = timeline_svg([(f"{e.code or ''} {e.label(lang)}".strip(), s, end, late) for e, s, end, late in rows],
                           as_of, title, "ma" if lang == "hu" else "today")
        w.one(lang, f"{prefix}timeline.html", "timeline.html.j2", svg=svg, rows=rows, title=title)
    return len(rows), sum(1 for r in rows if r[3])


def write_ontology(w, onto: Graph, shapes_dir) -> None:
    shapes = read_graph(sorted(shapes_dir.glob("*.ttl")))
    terms = []
    for s in sorted(set(onto.subjects(RDF.type, None))):
        if not str(s).startswith(E):
            continue

        def lang(p, code):
            return without_terms(next((str(o) for o in onto.objects(s, p) if getattr(o, "language", None) == code), ""))

        used_by = sorted({str(sh).rsplit("#", 1)[-1] for sh in
                          set(shapes.subjects(SH.path, s)) | set(shapes.subjects(SH.targetClass, s))})
        terms.append({"id": str(s)[len(E):], "types": sorted(curie(str(t)) for t in onto.objects(s, RDF.type)),
                      "hu": lang(RDFS.label, "hu"), "en": lang(RDFS.label, "en"),
                      "comment_hu": lang(RDFS.comment, "hu"), "comment_en": lang(RDFS.comment, "en"),
                      "domain": ", ".join(curie(str(o)) for o in onto.objects(s, RDFS.domain)),
                      "range": ", ".join(curie(str(o)) for o in onto.objects(s, RDFS.range)), "shapes": used_by})
    w.page("ontology.html", "ontology.html.j2", terms=terms)


def write_kinds(w, ents: dict, prefix: str) -> dict[str, int]:
    counts = {}
    for k in KIND_NAMES:
        items = sorted((e for e in ents.values() if e.kind == k), key=entity_order)
        w.page(f"{prefix}kind-{k}.html", "kind.html.j2", kind=k, items=items)
        counts[k] = len(items)
    return counts
