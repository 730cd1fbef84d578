"""One page per entity (both languages) and its Turtle and JSON-LD downloads."""

from __future__ import annotations

from .chain import chain
from .charts import COLORS, MAX_NEIGHBOURS, neighbourhood_svg
from .fmt import code_key, collate_key
from .health import figures
from .linkeddata import description, description_nodes, embedded, jsonld, turtle
from .messages import KIND_NAMES
from .model import grouped_links


def entity_order(e) -> tuple:
    """Measures and sub-tasks in plan order (I/1, I/2 … I/10), everything else in Hungarian alphabetical order; two
    items of one label (two problems both "civil szervezetek támogatása") by IRI, so every run lists them alike."""
    return (e.document or "", code_key(e.code), collate_key(e.label()), e.iri)


def load_figures(e, ents: dict, status) -> list:
    """Owner and target-group pages: how many of their items are overdue or incomplete."""
    if e.kind not in ("owner", "target-group"):
        return []
    pred = "responsible" if e.kind == "owner" else "targetGroup"
    items = {s for p, _, s in e.inn if p == pred and ents[s].kind in ("measure", "subtask")}
    overdue = sum(1 for i in items if i in status.overdue)
    incomplete = sum(1 for i in items if i in status.missing)
    return [("items", ("intézkedés és alfeladat összesen", "measures and sub-tasks in all"), len(items), None),
            ("overdue", ("lejárt határidejű", "overdue"), overdue, None),
            ("incomplete", ("hiányos intézkedés", "incomplete measures"), incomplete, None)]


def owned_items(e, ents: dict, idx) -> list[tuple]:
    """An owner's or target group's measures and sub-tasks, overdue first (most days late), then incomplete:
    [(entity, deadline ISO or None)]."""
    from .graphindex import E

    if e.kind not in ("owner", "target-group"):
        return []
    pred = "responsible" if e.kind == "owner" else "targetGroup"
    items = {s for p, _, s in e.inn if p == pred and ents[s].kind in ("measure", "subtask")}
    rows = [(ents[i], idx.end_date(idx.value(i, E + "deadline"))) for i in items]
    return sorted(rows, key=lambda r: (-(r[0].overdue[0] if r[0].overdue else -1), not r[0].missing,
                                       entity_order(r[0])))


def write_entity_pages(w, by_subject, idx, ents: dict, status, extra=None) -> None:
    """Every entity's page and downloads; ``by_subject``: subject IRI -> its triples (``linkeddata.by_subject``);
    ``extra(e)``: more context for an entity's page (a national page's towns, a town view's national page)."""
    key = lambda x: entity_order(x)  # noqa: E731
    for e in ents.values():
        stem = e.stem
        triples = description(by_subject, description_nodes(idx, e.iri, ents))
        jl = jsonld(triples)
        w.file(f"data/{stem}.ttl", turtle(triples))
        w.file(f"data/{stem}.jsonld", jl)
        neighbours = []
        for _, _, t in e.out + e.inn:
            if t != e.iri and t not in neighbours:
                neighbours.append(t)
        svg = None
        if neighbours:
            title = (f"{e.label()}: {min(len(neighbours), MAX_NEIGHBOURS)} / {len(neighbours)}")
            svg = neighbourhood_svg(e.label(), e.kind, [(ents[t].label(), ents[t].kind) for t in neighbours], title)
        truncated = (MAX_NEIGHBOURS, len(neighbours)) if len(neighbours) > MAX_NEIGHBOURS else None
        figs = figures(status, ents, e.iri) if e.kind in ("document", "municipality") else None
        w.page(e.path, "entity.html.j2", **(extra(e) if extra else {}), e=e, stem=stem, jsonld=embedded(jl), svg=svg, truncated=truncated,
               chain=chain(idx, ents, e), figs=figs, load=load_figures(e, ents, status),
               items=owned_items(e, ents, idx), legend=sorted({ents[t].kind for t in neighbours[:MAX_NEIGHBOURS]}),
               COLORS=COLORS,
               out_groups=grouped_links(e, ents, "out", key), in_groups=grouped_links(e, ents, "in", key),
               KIND_NAMES=KIND_NAMES)
