"""The cross-reference site: one static page per entity, overview pages, offline search.

Gather once, render many: every triple is read from the store in one query into
an in-memory index; pages are rendered from that index with jinja2 (autoescape
on). Entity pages link to each other both ways: every link an entity page makes
to another entity page is answered by a backlink there, by construction.
"""

from __future__ import annotations

import datetime as dt
import html
import json
import math
import re
import shutil
import tempfile
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path

import jinja2
from pyoxigraph import NamedNode
from rdflib import Graph
from rdflib.namespace import RDF, RDFS, SH

from .namespaces import BASE, PREFIXES
from .queries import bind_params, load_queries, run_sparql, term_value
from .store import load_store
from .text import fold
from .validate import Report

RDF_TYPE = str(RDF.type)
NS = {k: str(v) for k, v in PREFIXES.items()}
E = NS["esely"]
DCT = NS["dcterms"]
SKOS_ = NS["skos"]
ORG_ = NS["org"]
ELI_ = NS["eli"]
PROV_ = NS["prov"]
TIME_ = NS["time"]

# entity kinds with a page: kind -> (classes, hu, en)
KINDS = {
    "document": ([E + "SituationAnalysis", E + "ActionPlan", E + "StrategyActionPlan", E + "ResolutionText", E + "Proposal"],
                 "Dokumentum", "Document"),
    "problem": ([E + "Problem"], "Probléma", "Problem"),
    "opportunity": ([E + "DevelopmentOpportunity"], "Fejlesztési lehetőség", "Development opportunity"),
    "goal": ([E + "Goal"], "Cél", "Goal"),
    "measure": ([E + "Measure"], "Intézkedés", "Measure"),
    "subtask": ([E + "SubTask"], "Alfeladat", "Sub-task"),
    "strategy": ([E + "LocalStrategy"], "Stratégia", "Strategy"),
    "resolution": ([ELI_ + "LegalResource"], "Határozat", "Resolution"),
    "owner": ([ORG_ + "Organization", ORG_ + "OrganizationalUnit", ORG_ + "Post"], "Felelős", "Owner"),
    "target-group": ([], "Célcsoport", "Target group"),
    "programme": ([E + "Programme"], "Program", "Programme"),
    "workshop-group": ([E + "WorkshopGroup"], "Műhelycsoport", "Workshop group"),
}
# value nodes shown inline on their owner's page
INLINE = {E + "TimeSpec", E + "Resource", E + "OwnerMention", E + "Indicator", "https://schema.org/MonetaryAmount",
          E + "Link", E + "SourceRow", TIME_ + "Instant", E + "Section", ELI_ + "LegalResourceSubdivision"}
# predicates that are plumbing, not facts
HIDDEN = {PROV_ + "wasDerivedFrom", E + "ownerMention", DCT + "isPartOf", E + "parseNote", E + "flag",
          SKOS_ + "inScheme", SKOS_ + "topConceptOf", E + "linkFrom", E + "linkTo"}
LABEL_PROPS = [SKOS_ + "prefLabel", DCT + "title", RDFS.label.__str__(), E + "originalText", ELI_ + "id_local",
               "http://xmlns.com/foaf/0.1/name"]
EXTERNAL_LABELS = {
    DCT + "title": ("cím", "title"), DCT + "description": ("tartalom (F)", "content (F)"),
    DCT + "identifier": ("azonosító", "identifier"), DCT + "date": ("dátum", "date"),
    DCT + "alternative": ("cím a forrásban", "title as written"), DCT + "subject": ("tárgy", "subject"),
    DCT + "created": ("kelt", "dated"), DCT + "contributor": ("készítette", "prepared by"),
    DCT + "source": ("forrás", "basis"), RDFS.label.__str__(): ("név", "label"),
    SKOS_ + "prefLabel": ("név", "name"), SKOS_ + "altLabel": ("más írásmód", "other spelling"),
    SKOS_ + "definition": ("meghatározás", "definition"), SKOS_ + "broader": ("tágabb célcsoport", "broader group"),
    SKOS_ + "related": ("kapcsolódó célcsoport", "related group"), ORG_ + "unitOf": ("felettes egység", "unit of"),
    ORG_ + "postIn": ("egység", "post in"), ORG_ + "subOrganizationOf": ("fenntartó", "part of"),
    ORG_ + "hasUnit": ("alegység", "has unit"), ORG_ + "heldBy": ("betölti", "held by"),
    ELI_ + "id_local": ("szám", "number"), ELI_ + "date_document": ("dátum", "date"),
    ELI_ + "passed_by": ("testület", "passed by"), ELI_ + "title": ("cím", "title"), ELI_ + "number": ("szám", "number"),
    ELI_ + "has_part": ("pontja", "has part"), "https://schema.org/value": ("összeg (Ft)", "amount (HUF)"),
}
INVERSE = {  # how a backlink reads on the target's page
    E + "answersProblem": ("intézkedés, amely választ ad rá", "measures that answer it"),
    E + "takesUpOpportunity": ("intézkedés, amely megvalósítja", "measures that take it up"),
    E + "hasGoal": ("intézkedés", "measure"),
    E + "alignedWith": ("hivatkozó intézkedés", "measures citing it"),
    E + "responsible": ("felelőse ennek", "responsible for"),
    E + "targetGroup": ("ide tartozik", "belongs here"),
    E + "subTaskOf": ("alfeladat", "sub-tasks"),
    E + "hasOpportunity": ("probléma", "problem"),
    E + "mentionsProgramme": ("említi", "mentioned by"),
    E + "citesResolution": ("hivatkozik rá", "cited by"),
    E + "adopts": ("elfogadta", "adopted by"),
    E + "implements": ("végrehajtja", "implemented by"),
    E + "servesMeasure": ("ezt szolgálja", "served by"),
    E + "municipality": ("dokumentum", "documents"),
    E + "setsGoal": ("határozta meg", "set by"),
    E + "hasWorkshopGroup": ("javasolja", "proposed by"),
    "partOf": ("tartalmazza", "contains"),
}
UI = {
    "home": ("Kezdőlap", "Home"), "search": ("Keresés", "Search"), "gaps": ("Hiányok", "Gaps"),
    "coverage": ("Lefedettség", "Coverage"), "owners": ("Felelősök", "Owners"), "overdue": ("Lejárt határidők", "Overdue"),
    "budget": ("Költségvetés", "Budget"), "timeline": ("Idővonal", "Timeline"), "ontology": ("Ontológia", "Ontology"),
    "facts": ("Adatok", "Facts"), "source": ("Forrás", "Source"), "links_out": ("Kapcsolatok", "Links"),
    "links_in": ("Visszamutató kapcsolatok", "Linked from"), "chain": ("Helye a láncban", "Place in the chain"),
    "findings": ("Ellenőrzés", "Validation findings"), "none": ("Nincs.", "None."),
    "neighbourhood": ("Környezet", "Neighbourhood"), "documents": ("Dokumentumok", "Documents"),
    "search_label": ("Keresés (ékezet nélkül is)", "Search (accents optional)"), "results": ("Találatok", "Results"),
    "lang": ("English", "Magyar"), "skip": ("Ugrás a tartalomra", "Skip to content"),
    "counts": ("Számok", "Counts"), "as_of": ("Állapot", "As of"), "kind": ("Fajta", "Kind"),
    "original": ("eredeti szöveg", "original text"), "all_kinds": ("Lapok fajtánként", "Pages by kind"),
}
CHAIN_ORDER = [("problem", E + "answersProblem"), ("measure", None), ("goal", E + "hasGoal"),
               ("strategy", E + "alignedWith"), ("owner", E + "responsible"), ("deadline", E + "deadline"),
               ("indicator", E + "hasIndicator"), ("budget", E + "hasResource")]
CHAIN_LABELS = {"problem": ("probléma", "problem"), "measure": ("intézkedés", "measure"), "goal": ("cél", "goal"),
                "strategy": ("stratégia", "strategy"), "owner": ("felelős", "owner"), "deadline": ("határidő", "deadline"),
                "indicator": ("indikátor", "indicator"), "budget": ("erőforrás", "resources")}


@dataclass
class Entity:
    iri: str
    kind: str
    label: str
    page: str  # file name under e/
    facts: list = field(default_factory=list)  # (label_hu, label_en, value, source, href|None)
    out: list = field(default_factory=list)  # (rel_hu, rel_en, target iri)
    inn: list = field(default_factory=list)  # (rel_hu, rel_en, source iri)
    sources: list = field(default_factory=list)  # "file:line"
    findings: list = field(default_factory=list)
    chain: list = field(default_factory=list)  # (step_hu, step_en, [(label, href|None)])


class Index:
    """All triples, indexed by subject and by object: the one read of the graph."""

    def __init__(self, triples):
        self.sp = defaultdict(lambda: defaultdict(list))
        self.en = defaultdict(lambda: defaultdict(list))  # English literals, to prefer the Hungarian ones
        self.op = defaultdict(list)
        for s, p, o, is_iri, lang in triples:
            self.sp[s][p].append((o, is_iri))
            if lang == "en":
                self.en[s][p].append(o)
            if is_iri:
                self.op[o].append((s, p))

    def values(self, s: str, p: str) -> list[str]:
        return [o for o, _ in self.sp.get(s, {}).get(p, [])]

    def value(self, s: str, p: str) -> str | None:
        vals = self.values(s, p)
        return sorted(vals)[0] if vals else None

    def types(self, s: str) -> list[str]:
        return self.values(s, RDF_TYPE)


def _load(store) -> Index:
    triples = []
    for sol in store.query("SELECT ?s ?p ?o WHERE { ?s ?p ?o }", use_default_graph_as_union=True):
        s, p, o = sol["s"], sol["p"], sol["o"]
        triples.append((s.value, p.value, o.value, isinstance(o, NamedNode), getattr(o, "language", None)))
    return Index(triples)


def page_name(iri: str) -> str:
    rel = iri[len(BASE):] if iri.startswith(BASE) else re.sub(r"^https?://", "", iri)
    return re.sub(r"[^A-Za-z0-9._-]+", "~", rel) + ".html"


def _label(idx: Index, iri: str) -> str:
    for p in LABEL_PROPS:
        english = set(idx.en.get(iri, {}).get(p, []))
        vals = [v for v in idx.values(iri, p) if v not in english] or idx.values(iri, p)
        if vals:
            return sorted(vals)[0]
    code = idx.value(iri, E + "code")
    return code or iri.rsplit("/", 1)[-1]


def _pred_labels(onto: Graph) -> dict[str, tuple[str, str]]:
    out = dict(EXTERNAL_LABELS)
    for s, o in onto.subject_objects(RDFS.label):
        hu_en = out.get(str(s), ("", ""))
        if o.language == "hu":
            out[str(s)] = (str(o), hu_en[1])
        elif o.language == "en":
            out[str(s)] = (hu_en[0], str(o))
    return out


def _source(idx: Index, iri: str) -> list[str]:
    out = []
    for row in idx.values(iri, PROV_ + "wasDerivedFrom"):
        f, line = idx.value(row, E + "sourceFile"), idx.value(row, E + "lineNumber")
        if f and line:
            out.append((f, int(line)))
    return [f"{f}:{n}" for f, n in sorted(set(out))]


def gather(store, report: Report | None, onto: Graph) -> tuple[Index, dict[str, Entity]]:
    idx = _load(store)
    labels = _pred_labels(onto)
    kind_of_class = {c: k for k, (classes, _, _) in KINDS.items() for c in classes}
    ents: dict[str, Entity] = {}
    for s, preds in idx.sp.items():
        types = [o for o, _ in preds.get(RDF_TYPE, [])]
        kind = None
        if E + "Measure" in types or E + "HepMeasure" in types:
            kind = "measure"
        else:
            for t in types:
                if t in kind_of_class:
                    kind = kind_of_class[t]
                    break
        if kind is None and (BASE + "target-group/") in s and SKOS_ + "Concept" in types:
            kind = "target-group"
        if kind == "owner" and not (idx.op.get(s) or preds.get(ORG_ + "unitOf")):
            continue
        if kind:
            ents[s] = Entity(s, kind, _label(idx, s), page_name(s))
    for e in ents.values():
        e.sources = _source(idx, e.iri)
        for p, vals in sorted(idx.sp[e.iri].items()):
            if p in HIDDEN or p == RDF_TYPE:
                continue
            hu, en = labels.get(p, (p.rsplit("#", 1)[-1].rsplit("/", 1)[-1],) * 2)
            for o, is_iri in sorted(vals):
                if is_iri and o in ents:
                    e.out.append((hu, en, o, p))
                elif is_iri and any(t in INLINE for t in idx.types(o)):
                    e.facts.extend(_inline(idx, o, hu, en))
                elif is_iri:
                    e.facts.append((hu, en, _label(idx, o), "", None))
                else:
                    e.facts.append((hu, en, o, "", None))
        doc = idx.value(e.iri, DCT + "isPartOf")
        if doc in ents:
            e.out.append(("dokumentum", "document", doc, "partOf"))
        for note in idx.values(e.iri, E + "parseNote"):
            flag = (idx.value(note, E + "flagClass") or "").rsplit("#", 1)[-1]
            for text in idx.values(note, NS["rdfs"] + "comment"):
                e.facts.append(("importálási megjegyzés", "import note", f"{flag}: {text}", "", None))
        seen = set()
        e.facts = [f for f in e.facts if (f[0], f[2]) not in seen and not seen.add((f[0], f[2]))]
    # backlinks, by construction
    for e in list(ents.values()):
        for hu, en, target, pred in e.out:
            ihu, ien = INVERSE.get(pred, (f"← {hu}", f"← {en}"))
            ents[target].inn.append((ihu, ien, e.iri, pred))
    for e in ents.values():
        e.out = sorted(set(e.out), key=lambda t: (t[0], ents[t[2]].label))
        e.inn = sorted(set(e.inn), key=lambda t: (t[0], ents[t[2]].label))
    if report is not None:
        for f in report.findings:
            target = f.focus
            while target not in ents and "/" in target[len(BASE):]:
                target = target.rsplit("/", 1)[0]  # a deadline's finding shows on its measure
            if target in ents:
                ents[target].findings.append(f)
    for e in ents.values():
        e.chain = _chain(idx, ents, e)
    return idx, ents


def _inline(idx: Index, node: str, hu: str, en: str) -> list:
    """A value node (deadline, resource, owner mention, indicator, amount) as facts."""
    out = []
    text = idx.value(node, E + "originalText") or _label(idx, node)
    src = ", ".join(_source(idx, node))
    end = idx.value(idx.value(node, TIME_ + "hasEnd") or "", TIME_ + "inXSDDate")
    begin = idx.value(idx.value(node, TIME_ + "hasBeginning") or "", TIME_ + "inXSDDate")
    extra = f" ({begin} – {end})" if end else ""
    flags = [f.rsplit("#", 1)[-1] for f in idx.values(node, E + "flag") + idx.values(node, E + "timing")]
    if flags:
        extra += " [" + ", ".join(flags) + "]"
    out.append((hu, en, f"{text}{extra}", src, None))
    for amount in idx.values(node, E + "hasAmount"):
        v = idx.value(amount, "https://schema.org/value")
        low, high = (idx.value(amount, "https://schema.org/" + k) for k in ("minValue", "maxValue"))
        huf = f"{float(v):,.0f}" if v is not None else f"{float(low or 0):,.0f} – {float(high or 0):,.0f}"
        basis = (idx.value(amount, E + "basis") or "").rsplit("#", 1)[-1]
        out.append(("összeg", "amount", f"{huf} Ft ({basis})".replace(",", " "), ", ".join(_source(idx, amount)), None))
    return out


CHAIN_KINDS = {"measure", "subtask", "problem", "goal", "strategy", "owner"}


def _chain(idx: Index, ents: dict[str, Entity], e: Entity) -> list:
    """The chain problem → … → budget of the measures this entity takes part in (capped at 12 measures)."""
    if e.kind not in CHAIN_KINDS:
        return []
    if e.kind == "measure":
        measures = [e.iri]
    elif e.kind == "subtask":
        measures = idx.values(e.iri, E + "subTaskOf")
    else:
        measures = sorted({s if ents.get(s) and ents[s].kind == "measure" else idx.value(s, E + "subTaskOf")
                           for s, p in idx.op.get(e.iri, [])
                           if ents.get(s) and ents[s].kind in ("measure", "subtask")} - {None})
    measures = [m for m in measures if m in ents][:12]
    if not measures and e.kind != "problem":
        return []
    steps = []
    for step, prop in CHAIN_ORDER:
        items = []
        for m in measures:
            if prop is None:
                items.append((ents[m].label, ents[m].page))
                continue
            values = idx.values(m, prop)
            if step == "owner":  # a measure's owners include its sub-tasks' owners
                for st, p in idx.op.get(m, []):
                    if p == E + "subTaskOf":
                        values += idx.values(st, prop)
            for o in values:
                if o in ents:
                    items.append((ents[o].label, ents[o].page))
                else:
                    items.append((idx.value(o, E + "originalText") or _label(idx, o), None))
        if step == "problem" and e.kind == "problem":
            items = [(e.label, e.page)]
        hu, en = CHAIN_LABELS[step]
        steps.append((hu, en, sorted(set(items))))
    return steps


# ---------------------------------------------------------------- pictures


def neighbourhood_svg(e: Entity, ents: dict[str, Entity], size: int = 360) -> str:
    """A small picture of the entity and its linked neighbours (both ways), as inline SVG."""
    neigh = []
    for _, _, t, _ in e.out + e.inn:
        if t not in neigh and t != e.iri:
            neigh.append(t)
    neigh = neigh[:14]
    c = size / 2
    r = size / 2 - 60
    parts = [f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {size} {size}" width="100%" '
             f'style="max-width:{size}px" role="img" aria-labelledby="svg-title">',
             f'<title id="svg-title">{html.escape(e.label[:80])}: {len(neigh)} kapcsolódó lap / linked pages</title>']
    points = []
    for i, t in enumerate(neigh):
        a = 2 * math.pi * i / max(1, len(neigh)) - math.pi / 2
        points.append((t, c + r * math.cos(a), c + r * math.sin(a)))
    for _, x, y in points:
        parts.append(f'<line x1="{c:.1f}" y1="{c:.1f}" x2="{x:.1f}" y2="{y:.1f}" stroke="#8a8a8a" stroke-width="1"/>')
    for t, x, y in points:
        n = ents[t]
        label = html.escape(n.label[:22] + ("…" if len(n.label) > 22 else ""))
        parts.append(f'<a href="{n.page}"><circle cx="{x:.1f}" cy="{y:.1f}" r="7" fill="{COLORS.get(n.kind, "#555")}"/>'
                     f'<text x="{x:.1f}" y="{y + 19:.1f}" font-size="10" text-anchor="middle" fill="#1a1a1a">{label}</text>'
                     f'<title>{html.escape(n.label)}</title></a>')
    parts.append(f'<circle cx="{c}" cy="{c}" r="11" fill="{COLORS.get(e.kind, "#555")}" stroke="#000"/>')
    parts.append("</svg>")
    return "".join(parts)


COLORS = {"measure": "#1f5fa8", "problem": "#b3261e", "opportunity": "#c76b00", "goal": "#2e7d32", "subtask": "#5b6fb0",
          "strategy": "#6a1b9a", "owner": "#00695c", "target-group": "#8d6e00", "document": "#424242",
          "resolution": "#4e342e", "programme": "#ad1457", "workshop-group": "#37474f"}


def bar_chart_svg(rows: list[tuple[str, int, str | None]], width: int = 640) -> str:
    """Horizontal bars: (label, value, href)."""
    if not rows:
        return ""
    top = max(v for _, v, _ in rows) or 1
    h = 22 * len(rows) + 10
    parts = [f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {width} {h}" width="100%" role="img" '
             f'aria-labelledby="bars-title"><title id="bars-title">Felelősök terhelése / owner load</title>']
    for i, (label, v, href) in enumerate(rows):
        y = 5 + 22 * i
        w = (width - 330) * v / top
        text = html.escape(label[:45])
        parts.append(f'<text x="0" y="{y + 14}" font-size="12" fill="#1a1a1a">{text}</text>')
        bar = f'<rect x="300" y="{y + 2}" width="{w:.1f}" height="16" fill="#1f5fa8"/>' \
              f'<text x="{305 + w:.1f}" y="{y + 14}" font-size="12" fill="#1a1a1a">{v}</text>'
        parts.append(f'<a href="{href}">{bar}</a>' if href else bar)
    parts.append("</svg>")
    return "".join(parts)


def timeline_svg(items: list[tuple[str, dt.date, dt.date | None, str | None]], width: int = 900) -> str:
    """Deadlines on a time axis: (label, start, end, href)."""
    if not items:
        return ""
    lo = min(s for _, s, _, _ in items)
    hi = max((e or s) for _, s, e, _ in items)
    lo, hi = dt.date(lo.year, 1, 1), dt.date(hi.year, 12, 31)
    span = (hi - lo).days or 1
    left, h = 230, 16 * len(items) + 30

    def x(d):
        return left + (width - left - 10) * (d - lo).days / span

    parts = [f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {width} {h}" width="100%" role="img" '
             f'aria-labelledby="tl-title"><title id="tl-title">Határidők idővonala / timeline of deadlines</title>']
    for year in range(lo.year, hi.year + 1):
        xx = x(dt.date(year, 1, 1))
        parts.append(f'<line x1="{xx:.1f}" y1="0" x2="{xx:.1f}" y2="{h}" stroke="#ddd"/>'
                     f'<text x="{xx + 2:.1f}" y="{h - 4}" font-size="10" fill="#333">{year}</text>')
    for i, (label, s, e, href) in enumerate(items):
        y = 4 + 16 * i
        x1, x2 = x(s), x(e or s)
        mark = f'<rect x="{x1:.1f}" y="{y}" width="{max(3, x2 - x1):.1f}" height="11" fill="#1f5fa8"/>'
        text = f'<text x="0" y="{y + 10}" font-size="10" fill="#1a1a1a">{html.escape(label[:40])}</text>'
        parts.append(f'<a href="{href}">{text}{mark}</a>' if href else text + mark)
    parts.append("</svg>")
    return "".join(parts)


# ---------------------------------------------------------------- rendering


def _env() -> jinja2.Environment:
    env = jinja2.Environment(loader=jinja2.PackageLoader("esely_graph", "templates"),
                             autoescape=True, trim_blocks=True, lstrip_blocks=True)
    env.globals["UI"] = UI
    return env


def _search_js(ents: dict[str, Entity]) -> str:
    rows = [[e.label[:200], fold(e.label), "e/" + e.page, e.kind] for e in sorted(ents.values(), key=lambda e: e.iri)]
    data = json.dumps(rows, ensure_ascii=False).replace("<", "\\u003c")
    return f"window.ESELY_SEARCH = {data};\n"


def build_site(data_dir: Path, out_dir: Path, shapes_dir: Path, query_dir: Path, ontology_file: Path,
               report: Report | None, as_of: dt.date) -> dict:
    store = load_store(data_dir)
    onto = Graph().parse(ontology_file)
    idx, ents = gather(store, report, onto)
    env = _env()
    tmp = Path(tempfile.mkdtemp(prefix=".site-", dir=out_dir.parent if out_dir.parent.exists() else None))
    try:
        (tmp / "e").mkdir()
        (tmp / "gaps").mkdir()
        static = Path(__file__).parent / "templates" / "static"
        for f in static.iterdir():
            shutil.copy(f, tmp / f.name)
        (tmp / "search-index.js").write_text(_search_js(ents), encoding="utf-8")
        ent_tpl = env.get_template("entity.html.j2")
        for e in ents.values():
            svg = neighbourhood_svg(e, ents)
            (tmp / "e" / e.page).write_text(ent_tpl.render(e=e, ents=ents, svg=svg, root="../", kinds=KINDS),
                                            encoding="utf-8")
        pages = _overviews(env, tmp, store, ents, idx, query_dir, shapes_dir, onto, as_of)
        count = len(ents) + pages
        if out_dir.exists():
            shutil.rmtree(out_dir)
        out_dir.parent.mkdir(parents=True, exist_ok=True)
        tmp.rename(out_dir)
    except BaseException:
        shutil.rmtree(tmp, ignore_errors=True)
        raise
    by_kind = defaultdict(int)
    for e in ents.values():
        by_kind[e.kind] += 1
    return {"pages": count, "entities": len(ents), "by_kind": dict(sorted(by_kind.items()))}


def _rows(store, queries, name, params=None):
    q = queries[name]
    names, rows = run_sparql(store, q.text, bind_params(q, params or {}))
    return names, [{n: term_value(r[n]) for n in names} for r in rows]


def _overviews(env, out: Path, store, ents, idx, query_dir, shapes_dir, onto, as_of) -> int:
    queries = load_queries(query_dir)
    by_iri = {e.iri: e for e in ents.values()}

    def href(iri):
        return "e/" + by_iri[iri].page if iri in by_iri else None

    pages = 0

    def write(filename, tpl, **ctx):
        nonlocal pages
        (out / filename).write_text(env.get_template(tpl).render(root="" if "/" not in filename else "../", **ctx),
                                    encoding="utf-8")
        pages += 1

    docs = sorted((e for e in ents.values() if e.kind == "document"), key=lambda e: e.label)
    kinds = defaultdict(list)
    for e in ents.values():
        kinds[e.kind].append(e)
    for k in kinds:
        kinds[k].sort(key=lambda e: (e.label.lower(), e.iri))
    # gap dashboard: every named query without a required parameter, with its own list page
    from .report import HEADLINES

    titles = {n: (hu, en) for n, hu, en in HEADLINES}
    order = [n for n, _, _ in HEADLINES if n in queries] + sorted(set(queries) - set(titles))
    gaps = []
    for name in order:
        q = queries[name]
        if any(p.default is None for p in q.params):
            continue
        names, rows = _rows(store, queries, name, {"as_of": as_of.isoformat()} if any(p.name == "as_of" for p in q.params) else {})
        cols = [n for n in names if not n.endswith("_iri") and n not in ("measure", "item", "as_of", "node", "target")]
        link_col = next((n for n in names if n.endswith("_iri") or n in ("measure", "item")), None)
        table = [([r[c] for c in cols], href(r[link_col]) if link_col else None) for r in rows]
        title = titles.get(name, (q.title, q.title))
        write(f"gaps/{name}.html", "table.html.j2", title=title, answers=q.answers, cols=cols, table=table,
              name=name)
        gaps.append((name, title, q.answers, len(rows)))
    write("gaps.html", "gaps.html.j2", gaps=gaps, as_of=as_of.isoformat())
    # coverage matrix: target groups x documents
    tgs = kinds.get("target-group", [])
    matrix = []
    for tg in tgs:
        row = []
        for d in docs:
            n = sum(1 for s, p in idx.op.get(tg.iri, []) if p == E + "targetGroup" and idx.value(s, DCT + "isPartOf") == d.iri)
            row.append(n)
        matrix.append((tg, row))
    write("coverage.html", "coverage.html.j2", docs=docs, matrix=matrix)
    # owner load chart
    _, load = _rows(store, queries, "owner-load")
    bars = [(r["owner"], int(r["measures_total"]) + int(r["subtasks_total"]), href(r["owner_iri"])) for r in load]
    write("owners.html", "chart.html.j2", title=("Felelősök terhelése", "Owner load"), svg=bar_chart_svg(bars),
          cols=["owner", "measures", "subtasks", "documents", "measures_total", "subtasks_total"],
          table=[([r[c] for c in ["owner", "measures", "subtasks", "documents", "measures_total", "subtasks_total"]],
                  href(r["owner_iri"])) for r in load])
    # overdue as of the build date
    _, overdue = _rows(store, queries, "overdue-measures", {"as_of": as_of.isoformat()})
    cols = ["document", "code", "title", "deadline_text", "deadline_end", "days_overdue", "kind"]
    write("overdue.html", "chart.html.j2", title=("Lejárt határidők", "Overdue deadlines"), svg="",
          cols=cols, table=[([r[c] for c in cols], href(r["item"])) for r in overdue], note=as_of.isoformat())
    # budget
    _, summary = _rows(store, queries, "budget-summary")
    _, items = _rows(store, queries, "budget-items")
    scols = ["document", "section", "amounts", "gross_huf", "net_huf", "unspecified_huf", "no_extra_funding"]
    write("budget.html", "chart.html.j2", title=("Költségvetés", "Budget"), svg="",
          cols=scols, table=[([r[c] for c in scols], None) for r in summary],
          cols2=["document", "code", "amount_huf", "basis", "vat_included", "original_text"],
          table2=[[r[c] for c in ["document", "code", "amount_huf", "basis", "vat_included", "original_text"]] for r in items])
    # timeline of deadlines
    tl = []
    for e in sorted(ents.values(), key=lambda e: e.iri):
        if e.kind not in ("measure", "subtask"):
            continue
        ts = idx.value(e.iri, E + "deadline")
        end = idx.value(idx.value(ts or "", TIME_ + "hasEnd") or "", TIME_ + "inXSDDate")
        begin = idx.value(idx.value(ts or "", TIME_ + "hasBeginning") or "", TIME_ + "inXSDDate")
        start_ts = idx.value(e.iri, E + "start")
        sbegin = idx.value(idx.value(start_ts or "", TIME_ + "hasBeginning") or "", TIME_ + "inXSDDate")
        if end:
            s = dt.date.fromisoformat(sbegin or begin)
            tl.append((f"{idx.value(e.iri, E + 'code')} {e.label}", min(s, dt.date.fromisoformat(end)),
                       dt.date.fromisoformat(end), "e/" + e.page))
    tl.sort(key=lambda t: (t[2], t[0]))
    write("timeline.html", "chart.html.j2", title=("Határidők idővonala", "Timeline of deadlines"),
          svg=timeline_svg(tl), cols=[], table=[])
    # ontology
    shapes = Graph()
    for f in sorted(shapes_dir.glob("*.ttl")):
        shapes.parse(f)
    terms = []
    for s in sorted(set(onto.subjects(RDF.type, None))):
        if not str(s).startswith(E):
            continue
        def lang(p, code):
            return next((str(o) for o in onto.objects(s, p) if getattr(o, "language", None) == code), "")
        used_by = sorted({str(sh).rsplit("#", 1)[-1] for sh in
                          set(shapes.subjects(SH.path, s)) | set(shapes.subjects(SH.targetClass, s))})
        terms.append({"id": str(s)[len(E):], "type": ", ".join(sorted(str(t).rsplit("#", 1)[-1] for t in onto.objects(s, RDF.type))),
                      "hu": lang(RDFS.label, "hu"), "en": lang(RDFS.label, "en"),
                      "comment_hu": lang(RDFS.comment, "hu"), "comment_en": lang(RDFS.comment, "en"),
                      "domain": ", ".join(_curie(str(o)) for o in onto.objects(s, RDFS.domain)),
                      "range": ", ".join(_curie(str(o)) for o in onto.objects(s, RDFS.range)), "shapes": used_by})
    write("ontology.html", "ontology.html.j2", terms=terms)
    write("search.html", "search.html.j2")
    write("index.html", "index.html.j2", docs=docs, kinds=[(k, KINDS[k], kinds.get(k, [])) for k in KINDS],
          gaps=gaps, as_of=as_of.isoformat())
    for k, _, lst in [(k, KINDS[k], kinds.get(k, [])) for k in KINDS]:
        write(f"kind-{k}.html", "kind.html.j2", kind=k, names=KINDS[k], items=lst)
    return pages


def _curie(iri: str) -> str:
    for p, ns in NS.items():
        if iri.startswith(ns):
            return f"{p}:{iri[len(ns):]}"
    return iri
