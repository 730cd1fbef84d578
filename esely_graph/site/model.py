"""Entities with a page, their facts, links both ways, findings and status, gathered from the index."""

from __future__ import annotations

import re
from collections import defaultdict
from dataclasses import dataclass, field

from .fmt import ISO_DATE, without_terms
from .graphindex import (DCT, E, ELI, ORG, PROV, RDF_TYPE, RDFS_COMMENT, RDFS_LABEL, SCHEMA, SKOS, TIME, Index,
                         local_name, page_name)
from .messages import COLUMN_KEYS, EXTERNAL_LABELS, INVERSE, OTHER_INVERSE, SKIP_REASONS, SKIPPED_LINE, \
    SKIPPED_LINE_NO_REASON
from ..namespaces import BASE

KIND_CLASSES = {
    "document": [E + "SituationAnalysis", E + "ActionPlan", E + "StrategyActionPlan", E + "ResolutionText", E + "Proposal"],
    "problem": [E + "Problem"], "opportunity": [E + "DevelopmentOpportunity"], "goal": [E + "Goal"],
    "measure": [E + "Measure", E + "HepMeasure"], "subtask": [E + "SubTask"], "strategy": [E + "LocalStrategy"],
    "resolution": [ELI + "LegalResource"], "owner": [ORG + "Organization", ORG + "OrganizationalUnit", ORG + "Post"],
    "programme": [E + "Programme"], "workshop-group": [E + "WorkshopGroup"],
}
# value nodes shown inline on their owner's page
INLINE = {E + "TimeSpec", E + "Resource", E + "OwnerMention", E + "Indicator", SCHEMA + "MonetaryAmount",
          E + "Link", E + "SourceRow", TIME + "Instant", E + "Section", ELI + "LegalResourceSubdivision",
          E + "ParseNote"}
# predicates that are plumbing, not facts
HIDDEN = {PROV + "wasDerivedFrom", E + "ownerMention", DCT + "isPartOf", E + "parseNote", E + "flag", E + "timing",
          RDF_TYPE,
          SKOS + "inScheme", SKOS + "topConceptOf", E + "headingKeywords", E + "linkFrom", E + "linkTo",
          E + "sourceColumn", E + "documentKind"}
NATIONAL = "national"  # the folder of the pages no town owns (target groups, programmes), beside one per town
# written for maintainers in English (file names, vocabulary basis): shown on English pages only
ENGLISH_NOTES = {E + "sourceFile", DCT + "source"}


@dataclass
class Val:
    """One value on a page: kind text | date | amount | term | flag | bool; ``hu``/``en`` say it in each language."""
    kind: str
    hu: str
    en: str | None = None
    iso: str | None = None
    mark: str | None = None  # "overdue" next to a passed deadline


@dataclass
class Fact:
    pred: tuple[str, str]
    vals: list[Val]
    src: list[tuple[str, int]] = field(default_factory=list)
    en_only: bool = False


@dataclass
class Entity:
    iri: str
    kind: str
    page: str
    labels: dict
    code: str | None = None
    document: str | None = None
    municipality: str | None = None
    facts: list = field(default_factory=list)
    out: list = field(default_factory=list)  # (pred local name, (hu, en), target iri)
    inn: list = field(default_factory=list)  # (pred local name, (hu, en), source iri)
    sources: list = field(default_factory=list)
    findings: list = field(default_factory=list)
    chain: list = field(default_factory=list)
    missing: list = field(default_factory=list)  # template elements a measure lacks
    overdue: tuple | None = None  # (days late, end date)
    unanswered: bool = False  # a problem no measure answers
    code_id: str | None = None  # a document's identifier (the queries' "document" column)
    short: dict = field(default_factory=dict)  # a document's short name: its kind and year
    area: str = NATIONAL  # the folder its page is in: its town's slug, or the national area

    @property
    def path(self) -> str:
        """The page, relative to the language's root: ``<town>/e/<page>`` or ``national/e/<page>``."""
        return f"{self.area}/e/{self.page}"

    @property
    def stem(self) -> str:
        """Its Turtle and JSON-LD downloads, relative to ``data/``, without the extension."""
        return f"{self.area}/{self.page[:-5]}"

    def label(self, lang: str = "hu") -> str:
        return self.labels.get(lang) or self.labels["hu"]


def pred_label(idx: Index, p: str) -> tuple[str, str]:
    hu = idx.literal(p, RDFS_LABEL, "hu") if p.startswith(E) else None
    en = idx.literal(p, RDFS_LABEL, "en") if p.startswith(E) else None
    if hu and en:
        return hu, en
    return EXTERNAL_LABELS.get(local_name(p), (hu or local_name(p), en or local_name(p)))


def term_val(idx: Index, iri: str) -> Val:
    return Val("term", idx.label(iri, "hu"), idx.label(iri, "en"))


def flag_vals(idx: Index, node: str) -> list[Val]:
    notes = {local_name(idx.value(n, E + "flagClass") or ""): idx.value(n, RDFS_COMMENT) or ""
             for n in idx.values(node, E + "parseNote")}
    out = []
    for f in sorted(idx.values(node, E + "flag")) + sorted(idx.values(node, E + "timing")):
        hu = idx.literal(f, RDFS_COMMENT, "hu") or idx.label(f, "hu")
        en = idx.literal(f, RDFS_COMMENT, "en") or idx.label(f, "en")
        note = notes.get(local_name(f))
        hu, en = without_terms(hu), without_terms(en)
        out.append(Val("flag", hu, f"{en} ({note})" if note else en))
    return out


def literal_val(p: str, o: str) -> Val:
    if p == E + "note" and (m := re.match(r"^line (\d+) skipped: (.*)$", o)):
        why = SKIP_REASONS.get(m.group(2))
        hu = (SKIPPED_LINE[0].format(line=m.group(1), why=why[0]) if why
              else SKIPPED_LINE_NO_REASON[0].format(line=m.group(1)))
        return Val("term", hu, SKIPPED_LINE[1].format(line=m.group(1), why=m.group(2)))
    if p == E + "columnHeader" and (m := re.match(r"^([a-z]+): (.*)$", o)) and m.group(1) in COLUMN_KEYS:
        key = COLUMN_KEYS[m.group(1)]
        return Val("term", f"{key[0]}: {m.group(2)}", f"{key[1]}: {m.group(2)}")
    if ISO_DATE.match(o):
        return Val("date", o, iso=o)
    if p == SCHEMA + "value":
        return Val("amount", o)
    if o in ("true", "false"):
        return Val("bool", o)
    return Val("text", o)


def inline_facts(idx: Index, node: str, pred: tuple[str, str], as_of: str | None) -> list[Fact]:
    """A value node (deadline, resource, owner mention, indicator, amount) as facts."""
    text = idx.value(node, E + "originalText") or idx.label(node)
    vals = [Val("text", text)]
    begin, end = idx.end_date(node, "hasBeginning"), idx.end_date(node, "hasEnd")
    if end:
        vals.append(Val("date", end, iso=end))
        if begin and begin != end:
            vals.insert(1, Val("date", begin, iso=begin))
    vals += flag_vals(idx, node)
    facts = [Fact(pred, vals, idx.sources(node))]
    for amount in idx.values(node, E + "hasAmount"):
        v = idx.value(amount, SCHEMA + "value")
        low, high = (idx.value(amount, SCHEMA + k) for k in ("minValue", "maxValue"))
        basis = idx.value(amount, E + "basis")
        first = Val("amount", v) if v is not None else Val("range", low or "0", high or "0")  # "1–2 millió Ft"
        avals = [first] + ([term_val(idx, basis)] if basis else [])
        facts.append(Fact(("összeg", "amount"), avals, idx.sources(amount)))
    return facts


def classify(idx: Index, shared: dict[str, str] | None = None) -> dict[str, str]:
    """Entity IRI -> kind, for the index's own subjects; ``shared``: the national entities' kinds, of which those the
    index's own triples point to are added (a town's view of a target group or a programme)."""
    kind_of_class = {c: k for k, classes in KIND_CLASSES.items() for c in classes}
    municipalities = {o for s, preds in idx.sp.items() for o, _, _ in preds.get(E + "municipality", [])}
    kinds = {o: shared[o] for o in dict.keys(idx.op) if o in shared} if shared else {}
    for s, preds in idx.sp.items():
        types = [o for o, _, _ in preds.get(RDF_TYPE, [])]
        kind = "municipality" if s in municipalities else None
        kind = kind or ("measure" if E + "Measure" in types or E + "HepMeasure" in types else None)
        kind = kind or next((kind_of_class[t] for t in types if t in kind_of_class), None)
        if kind is None and s.startswith(BASE + "target-group/") and SKOS + "Concept" in types:
            kind = "target-group"
        if kind == "owner" and not (idx.op.get(s) or preds.get(ORG + "unitOf")):
            continue
        if kind:
            kinds[s] = kind
    return kinds


def gather(idx: Index, findings, status, kinds: dict[str, str], area: str = NATIONAL) -> dict[str, Entity]:
    """``findings``: a list of validation findings; ``status``: the named queries' verdicts (overdue items, missing
    template elements); ``kinds``: the entities to gather (``classify``); ``area``: the folder of their pages."""
    ents = {s: Entity(s, k, page_name(s), {"hu": idx.label(s, "hu"), "en": idx.label(s, "en")},
                      code=idx.value(s, E + "code"), area=area) for s, k in kinds.items()}
    for e in ents.values():
        place(e, idx)
        e.overdue = status.overdue.get(e.iri)
        e.missing = status.missing.get(e.iri, [])
        e.unanswered = e.iri in status.problems
        describe(e, idx, ents)
    for e in list(ents.values()):  # backlinks, by construction
        for pred, label, target in e.out:
            ents[target].inn.append((pred, INVERSE.get(pred, OTHER_INVERSE), e.iri))
    for e in ents.values():
        e.out = sorted(set(e.out), key=lambda t: (t[1], ents[t[2]].label(), t[2], t[0]))  # from a set: every tie
        e.inn = sorted(set(e.inn), key=lambda t: (t[1], ents[t[2]].label(), t[2], t[0]))  # broken, one order
    for f in findings:
        target = f.focus
        while target not in ents and "/" in target[len(BASE):]:
            target = target.rsplit("/", 1)[0]  # a deadline's finding shows on its measure
        if target in ents and not said_already(f, idx):
            ents[target].findings.append(f)
    return ents


def place(e: Entity, idx: Index) -> None:
    """Where an entity belongs: its source rows, document and municipality; a document's short name."""
    e.sources = idx.sources(e.iri)
    e.document = idx.value(e.iri, DCT + "isPartOf") if e.kind != "document" else e.iri
    if e.document is None and e.kind == "subtask":
        e.document = idx.value(idx.value(e.iri, E + "subTaskOf"), DCT + "isPartOf")
    e.municipality = idx.value(e.document, E + "municipality") if e.document else None
    if e.kind == "document":
        e.code_id = idx.value(e.iri, DCT + "identifier")
        year = (idx.value(e.iri, DCT + "date") or "")[:4]
        cls = next((t for t in sorted(idx.types(e.iri)) if t in KIND_CLASSES["document"]), None)
        e.short = {lg: ", ".join(x for x in (idx.label(cls, lg) if cls else e.labels[lg], year) if x)
                   for lg in ("hu", "en")}


def describe(e: Entity, idx: Index, ents: dict) -> None:
    """An entity's facts (value nodes inline, each fact once) and its links to other pages."""
    for p, vals in sorted(idx.sp[e.iri].items()):
        if p in HIDDEN:
            continue
        label = pred_label(idx, p)
        lits = []
        for o, is_iri, _ in sorted(vals):
            if is_iri and o in ents:
                e.out.append((local_name(p), label, o))
            elif is_iri and any(t in INLINE for t in idx.types(o)):
                e.facts.extend(inline_facts(idx, o, label, None))
            elif is_iri:
                lits.append(term_val(idx, o))
            else:
                lits.append(literal_val(p, o))
        if lits:
            e.facts.append(Fact(label, lits, en_only=p in ENGLISH_NOTES))
    if e.document in ents and e.document != e.iri:
        e.out.append(("partOf", ("dokumentum", "document"), e.document))
    seen = set()  # the same words under the same heading once (skos:prefLabel and rdfs:label often agree)
    e.facts = [f for f in e.facts if (f.pred[0], tuple(v.hu for v in f.vals)) not in seen
               and not seen.add((f.pred[0], tuple(v.hu for v in f.vals)))]
    flags = flag_vals(idx, e.iri)
    if flags:
        e.facts.append(Fact(("importálási megjegyzés", "import note"), flags))
    if e.overdue:  # the mark beside the date that passed
        deadline = pred_label(idx, E + "deadline")
        for v in (v for f in e.facts if f.pred == deadline for v in f.vals):
            if v.kind == "date" and v.iso == e.overdue[1]:
                v.mark = "overdue"


def said_already(finding, idx: Index) -> bool:
    """A finding the page already states in words beside the fact: a parse flag (its sentence from the ontology
    stands next to the value) or an overdue deadline. Overdue is the site's own verdict, from the named query at
    the site's --as-of day (status line and mark next to the date); the validator's may be from another day."""
    if finding.value and (E + "ParseFlags" in idx.values(finding.value, SKOS + "inScheme")
                          or E + "ParseFlag" in idx.types(finding.value)):
        return True
    return finding.path == E + "completed"


def finding_message(finding, lang: str) -> str:
    """The shape's message without references to raw terms ("(lásd esely:flagNote)")."""
    return without_terms(finding.message(lang))


def grouped_links(e: Entity, ents: dict, which: str, key) -> list[tuple[tuple[str, str], list[str]]]:
    """Links grouped by how they read, each group sorted by ``key`` (Hungarian collation or code order)."""
    groups = defaultdict(list)
    for _, label, iri in (e.inn if which == "in" else e.out):
        if iri not in groups[label]:
            groups[label].append(iri)
    return [(label, sorted(iris, key=lambda i: key(ents[i]))) for label, iris in sorted(groups.items())]
