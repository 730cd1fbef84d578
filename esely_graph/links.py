"""Linking measures to the problems and opportunities of the situation analysis.

Automatic links come from Hungarian-aware text similarity (normalise/similarity.py)
with agreement of target group as evidence; curated decisions (data/links.toml)
accept, reject or add links. Both are kept in the graph apart: every link is an
``esely:Link`` node with its score, method, strength and origin, and only the
links that stand (automatic above the threshold and not rejected, or curated)
also become the plain ``esely:answersProblem`` / ``esely:takesUpOpportunity`` /
``esely:servesMeasure`` triples that queries use.

Nothing here knows a seed's texts: the method is the same for any municipality.
"""

from __future__ import annotations

import tomllib
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path

import numpy as np
from rdflib import Graph, Literal, URIRef
from scipy import sparse
from rdflib.namespace import DCTERMS, PROV, RDF, RDFS, SKOS, XSD

from .errors import SourceError
from .namespaces import BASE, ESELY, TG, new_graph
from .normalise.similarity import Corpus

METHOD = "stem-tfidf+char4-cosine, target-group agreement, shared programme names"
# Weights and thresholds, chosen on the hand-labelled HEP IT measures (tests/fixtures/links/).
STATEMENT_WEIGHT = 0.6  # column B vs the problem; the rest: title+goal+content vs problem+opportunities
OTHER_GROUP_FACTOR = 0.6  # score factor when measure and problem share no target group
PRIMARY_THRESHOLD = 0.16
SECONDARY_THRESHOLD = 0.30
OPPORTUNITY_THRESHOLD = 0.30
MEASURE_THRESHOLD = 0.30
PROGRAMME_BONUS = 0.25  # both texts name the same programme (esely:mentionsProgramme)
SETTLEMENT_LEVEL = TG["telepulesszint"]


@dataclass
class Node:
    iri: URIRef
    doc: str
    code: str  # measure code, or "line N" for problems and opportunities
    line: int
    text: str  # what is compared
    statement: str = ""  # column B of a HEP measure
    groups: frozenset = frozenset()
    hep: bool = False
    programmes: frozenset = frozenset()
    municipality: str = ""


@dataclass
class Candidate:
    source: Node
    target: Node
    score: float
    kind: str  # problem | opportunity | measure
    strength: str  # primary | secondary
    accepted: bool


@dataclass
class Decision:
    measure: str  # "doc:code"
    target: str  # "doc:line N" for a problem/opportunity, "doc:code" for a measure
    kind: str
    action: str  # accept | reject | add
    strength: str
    reason: str
    line: int  # in the decisions file


@dataclass
class LinkResult:
    graph: Graph
    candidates: list[Candidate] = field(default_factory=list)


def _closure(g: Graph, groups) -> frozenset:
    out = set(groups)
    for t in groups:
        out |= set(g.transitive_objects(t, SKOS.broader))
    return frozenset(out)


def _first_line(g: Graph, node) -> int:
    lines = [int(g.value(r, ESELY.lineNumber)) for r in g.objects(node, PROV.wasDerivedFrom)
             if g.value(r, ESELY.lineNumber) is not None]
    return min(lines) if lines else 0


def _doc_id(g: Graph, node) -> str:
    return str(g.value(g.value(node, DCTERMS.isPartOf), DCTERMS.identifier))


def _municipality(g: Graph, node) -> str:
    return str(g.value(g.value(node, DCTERMS.isPartOf), ESELY.municipality))


def collect(g: Graph) -> tuple[list[Node], list[Node], list[Node]]:
    """(problems, opportunities, measures) with the texts the linker compares."""
    problems, opportunities, measures = [], [], []
    for p in sorted(g.subjects(RDF.type, ESELY.Problem)):
        opps = " ".join(str(g.value(o, RDFS.label)) for o in sorted(g.objects(p, ESELY.hasOpportunity)))
        line = _first_line(g, p)
        progs = set(g.objects(p, ESELY.mentionsProgramme))
        for o in g.objects(p, ESELY.hasOpportunity):
            progs |= set(g.objects(o, ESELY.mentionsProgramme))
        problems.append(Node(p, _doc_id(g, p), f"line {line}", line, f"{g.value(p, RDFS.label)} {opps}",
                             str(g.value(p, RDFS.label)), _closure(g, set(g.objects(p, ESELY.targetGroup))),
                             programmes=frozenset(progs), municipality=_municipality(g, p)))
        for o in sorted(g.objects(p, ESELY.hasOpportunity)):
            ol = _first_line(g, o)
            opportunities.append(Node(o, _doc_id(g, o), f"line {ol}", ol, str(g.value(o, RDFS.label)),
                                      groups=_closure(g, set(g.objects(p, ESELY.targetGroup))),
                                      programmes=frozenset(g.objects(o, ESELY.mentionsProgramme)),
                                      municipality=_municipality(g, o)))
    for m in sorted(g.subjects(RDF.type, ESELY.Measure)):
        parts = [g.value(m, DCTERMS.title), g.value(g.value(m, ESELY.hasGoal), RDFS.label), g.value(m, DCTERMS.description)]
        parts += [g.value(s, DCTERMS.title) for s in sorted(g.subjects(ESELY.subTaskOf, m))]
        text = " ".join(str(x) for x in parts if x is not None)
        groups = set(g.objects(m, ESELY.targetGroup)) or set(g.objects(g.value(m, DCTERMS.isPartOf), ESELY.targetGroup))
        progs = set(g.objects(m, ESELY.mentionsProgramme))
        for st in g.subjects(ESELY.subTaskOf, m):
            progs |= set(g.objects(st, ESELY.mentionsProgramme))
        measures.append(Node(m, _doc_id(g, m), str(g.value(m, ESELY.code)), _first_line(g, m), text,
                             str(g.value(m, ESELY.problemStatement) or ""), _closure(g, groups),
                             (m, RDF.type, ESELY.HepMeasure) in g, frozenset(progs), _municipality(g, m)))
    return problems, opportunities, measures


def _shares(a: list[frozenset], b: list[frozenset]) -> np.ndarray:
    """shares[i, j]: a[i] and b[j] have an element in common (one sparse product)."""
    columns: dict = {}
    mats = []
    for sets in (a, b):
        rows, cols = [], []
        for i, s in enumerate(sets):
            for x in s:
                rows.append(i)
                cols.append(columns.setdefault(x, len(columns)))
        mats.append((rows, cols))
    width = max(1, len(columns))
    ma, mb = (sparse.csr_matrix((np.ones(len(r)), (r, c)), shape=(len(sets), width))
              for (r, c), sets in zip(mats, (a, b)))
    return np.asarray((ma @ mb.T).todense()) > 0


def _evidence_block(sim: np.ndarray, a: list[Node], b: list[Node]) -> np.ndarray:
    """``_evidence`` for every pair of a block: similarity weighed with target groups and programmes."""
    shared_group = _shares([n.groups for n in a], [n.groups for n in b])
    neutral_a = np.array([SETTLEMENT_LEVEL in n.groups or not n.groups for n in a], dtype=bool)
    neutral_b = np.array([SETTLEMENT_LEVEL in n.groups or not n.groups for n in b], dtype=bool)
    factor = np.where(neutral_a[:, None] | neutral_b[None, :] | shared_group, 1.0, OTHER_GROUP_FACTOR)
    bonus = np.where(_shares([n.programmes for n in a], [n.programmes for n in b]), PROGRAMME_BONUS, 0.0)
    return np.round(np.minimum(1.0, sim * factor + bonus), 4)


def _top(scores: np.ndarray, targets: list[Node], k: int) -> list[tuple[float, Node]]:
    """The k best targets of one row, ties in IRI order (targets come sorted by IRI)."""
    order = np.argsort(-scores, kind="stable")[:k]
    return [(float(scores[j]), targets[j]) for j in order]


@dataclass
class _Town:
    """One municipality's nodes, each list sorted by IRI, and its score blocks (rows: its measures)."""
    problems: list[Node] = field(default_factory=list)
    opportunities: list[Node] = field(default_factory=list)
    measures: list[Node] = field(default_factory=list)
    blocks: dict = field(default_factory=dict)

    def score(self, corpus: Corpus) -> None:
        ms, ps, os_ = self.measures, self.problems, self.opportunities
        self.row = {m.iri: i for i, m in enumerate(ms)}
        self.heps = [m for m in ms if m.hep]
        content = corpus.block([m.text for m in ms], [p.text for p in ps])
        statement = corpus.block([m.statement for m in ms], [p.statement for p in ps])
        has_statement = np.array([bool(m.statement) for m in ms])[:, None]
        s = np.where(has_statement, STATEMENT_WEIGHT * statement + (1 - STATEMENT_WEIGHT) * content, content)
        self.blocks["problem"] = _evidence_block(s, ms, ps)
        self.blocks["opportunity"] = _evidence_block(
            corpus.block([m.text for m in ms], [o.text for o in os_]), ms, os_)
        self.blocks["measure"] = _evidence_block(
            corpus.block([m.text for m in ms], [h.text for h in self.heps]), ms, self.heps)


def propose(g: Graph) -> list[Candidate]:
    """All automatic candidates, ranked; ``accepted`` says whether the automatic rule keeps it."""
    return propose_for(*collect(g))


def propose_for(problems: list[Node], opportunities: list[Node], measures: list[Node]) -> list[Candidate]:
    """``propose`` on collected nodes. Plans are linked within their own municipality only: the
    nodes are grouped by municipality once, and each town's scores are a few sparse products."""
    corpus = Corpus([n.text for n in problems + opportunities + measures] + [m.statement for m in measures if m.statement])
    towns: dict[str, _Town] = {}
    for kind, nodes in (("problems", problems), ("opportunities", opportunities), ("measures", measures)):
        for n in sorted(nodes, key=lambda n: str(n.iri)):
            getattr(towns.setdefault(n.municipality, _Town()), kind).append(n)
    for town in towns.values():
        town.score(corpus)
    out: list[Candidate] = []
    for m in measures:
        town = towns[m.municipality]
        i = town.row[m.iri]
        for rank, (s, p) in enumerate(_top(town.blocks["problem"][i], town.problems, 5)):
            if m.hep and rank == 0:
                out.append(Candidate(m, p, s, "problem", "primary", s >= PRIMARY_THRESHOLD))
            else:
                out.append(Candidate(m, p, s, "problem", "secondary", s >= SECONDARY_THRESHOLD))
        for s, o in _top(town.blocks["opportunity"][i], town.opportunities, 3):
            out.append(Candidate(m, o, s, "opportunity", "secondary", s >= OPPORTUNITY_THRESHOLD))
        if not m.hep:
            for s, h in _top(town.blocks["measure"][i], town.heps, 3):
                out.append(Candidate(m, h, s, "measure", "secondary", s >= MEASURE_THRESHOLD))
    return out


# ---------------------------------------------------------------- curated decisions


def load_decisions(path: Path) -> list[Decision]:
    if not path.exists():
        return []
    text = path.read_text(encoding="utf-8")
    try:
        rows = tomllib.loads(text).get("decision", [])
    except tomllib.TOMLDecodeError as exc:
        raise SourceError(str(path), None, None, f"not valid TOML: {exc}") from None
    starts = [i for i, l in enumerate(text.splitlines(), 1) if l.strip() == "[[decision]]"]
    out = []
    for n, row in enumerate(rows):
        line = starts[n] if n < len(starts) else None
        for key in ("measure", "target", "action", "reason"):
            if not row.get(key):
                raise SourceError(str(path), line, None, f"decision lacks '{key}'")
        if row["action"] not in ("accept", "reject", "add"):
            raise SourceError(str(path), line, None, f"action '{row['action']}': expected accept, reject or add")
        kind = row.get("kind", "problem")
        if kind not in ("problem", "opportunity", "measure"):
            raise SourceError(str(path), line, None, f"kind '{kind}': expected problem, opportunity or measure")
        out.append(Decision(row["measure"], row["target"], kind, row["action"], row.get("strength", "primary"),
                            row["reason"], line or 0))
    return out


def _key(n: Node) -> str:
    return f"{n.doc}:{n.code}"


PROPS = {"problem": ESELY.answersProblem, "opportunity": ESELY.takesUpOpportunity, "measure": ESELY.servesMeasure}


def link_graph(g: Graph, decisions: list[Decision], decisions_file: str) -> LinkResult:
    """The links graph: automatic candidates and curated decisions, kept apart by origin."""
    problems, opportunities, measures = collect(g)
    by_key = {("problem", _key(n)): n for n in problems}
    by_key |= {("opportunity", _key(n)): n for n in opportunities}
    by_key |= {("measure", _key(n)): n for n in measures}
    candidates = propose_for(problems, opportunities, measures)
    out = new_graph()
    decided = {(d.measure, d.target, d.kind): d for d in decisions}
    links_of: dict[str, int] = {}
    doc_node = URIRef(f"{BASE}doc/links-curated")

    def link_node(c_src: Node, c_tgt: Node, kind: str, origin: str) -> URIRef:
        return URIRef(f"{c_src.iri}/link/{kind}/{c_tgt.doc}/{c_tgt.code.replace(' ', '-').replace('/', '-')}/{origin}")

    for c in candidates:
        if not c.accepted and c.strength == "secondary":
            continue  # only the primary candidate is kept when below threshold: it is what a reviewer checks
        node = link_node(c.source, c.target, c.kind, "automatic")
        out.add((node, RDF.type, ESELY.Link))
        out.add((node, ESELY.linkFrom, c.source.iri))
        out.add((node, ESELY.linkTo, c.target.iri))
        out.add((node, ESELY.linkKind, Literal(c.kind)))
        out.add((node, ESELY.score, Literal(Decimal(str(c.score)), datatype=XSD.decimal)))
        out.add((node, ESELY.method, Literal(METHOD)))
        out.add((node, ESELY.strength, Literal(c.strength)))
        out.add((node, ESELY.origin, Literal("automatic")))
        out.add((node, ESELY.accepted, Literal(c.accepted)))
        for n in (c.source, c.target):
            for row in g.objects(n.iri, PROV.wasDerivedFrom):
                out.add((node, PROV.wasDerivedFrom, row))
        d = decided.get((_key(c.source), _key(c.target), c.kind))
        stands = c.accepted and not (d and d.action == "reject")
        if d and d.action == "reject":
            out.add((node, ESELY.rejectedBecause, Literal(d.reason, lang="hu")))
        if stands:
            out.add((c.source.iri, PROPS[c.kind], c.target.iri))
            if c.kind == "problem" and c.strength == "primary":
                links_of[_key(c.source)] = links_of.get(_key(c.source), 0) + 1
    for d in decisions:
        if d.action == "reject":
            continue
        src, tgt = by_key.get(("measure", d.measure)), by_key.get((d.kind, d.target))
        if src is None or tgt is None:
            missing = d.measure if src is None else d.target
            raise SourceError(decisions_file, d.line, None,
                              f"'{missing}' names no measure, problem or opportunity; expected 'document-id:CODE' "
                              "or 'document-id:line N'")
        node = link_node(src, tgt, d.kind, "curated")
        out.add((node, RDF.type, ESELY.Link))
        out.add((node, ESELY.linkFrom, src.iri))
        out.add((node, ESELY.linkTo, tgt.iri))
        out.add((node, ESELY.linkKind, Literal(d.kind)))
        out.add((node, ESELY.strength, Literal(d.strength)))
        out.add((node, ESELY.origin, Literal("curated")))
        out.add((node, ESELY.accepted, Literal(True)))
        out.add((node, ESELY.decisionReason, Literal(d.reason, lang="hu")))
        out.add((node, PROV.wasDerivedFrom, URIRef(f"{doc_node}/line/{d.line}")))
        out.add((URIRef(f"{doc_node}/line/{d.line}"), RDF.type, ESELY.SourceRow))
        out.add((URIRef(f"{doc_node}/line/{d.line}"), ESELY.lineNumber, Literal(d.line, datatype=XSD.positiveInteger)))
        out.add((URIRef(f"{doc_node}/line/{d.line}"), ESELY.sourceFile, Literal("links.toml")))
        out.add((src.iri, PROPS[d.kind], tgt.iri))
        if d.kind == "problem" and d.strength == "primary":
            links_of[d.measure] = links_of.get(d.measure, 0) + 1
    for m in measures:
        if m.hep and not links_of.get(_key(m)) and not (m.iri, ESELY.answersProblem, None) in out:
            out.add((m.iri, ESELY.answersNoProblem, Literal(True)))
    return LinkResult(out, candidates)


# ---------------------------------------------------------------- review, decisions, evaluation


def doc_graph(data_dir: Path) -> Graph:
    """The documents' graph without any links (what the linker reads)."""
    g = Graph()
    for f in sorted(data_dir.glob("*.ttl")):
        if f.name not in ("links.ttl", "ontology.ttl"):
            g.parse(f)
    return g


def review(g: Graph, document: str | None = None, limit: int = 3) -> list[tuple[Node, list[Candidate]]]:
    """Ranked problem candidates per measure, for a person to accept or reject."""
    by_measure: dict[URIRef, list[Candidate]] = {}
    for c in propose(g):
        if c.kind == "problem" and (document is None or c.source.doc == document):
            by_measure.setdefault(c.source.iri, []).append(c)
    out = []
    for cands in by_measure.values():
        cands.sort(key=lambda c: -c.score)
        out.append((cands[0].source, cands[:limit]))
    out.sort(key=lambda t: (t[0].doc, t[0].line))
    return out


def append_decision(path: Path, measure: str, target: str, kind: str, action: str, strength: str, reason: str) -> None:
    """Append one [[decision]] table, written by tomli-w (any reason text stays valid TOML)."""
    import tomli_w

    block = tomli_w.dumps({"decision": [{"measure": measure, "target": target, "kind": kind, "action": action,
                                          "strength": strength, "reason": reason}]})
    with path.open("a", encoding="utf-8") as fh:
        fh.write("\n" + block)


@dataclass
class Evaluation:
    labelled: int
    with_problem: int
    predicted: int
    true_positive: int
    none_correct: int
    misses: list[str]

    @property
    def precision(self) -> float:
        return self.true_positive / self.predicted if self.predicted else 0.0

    @property
    def recall(self) -> float:
        return self.true_positive / self.with_problem if self.with_problem else 0.0


def evaluate(g: Graph, labels_csv: Path, document: str) -> Evaluation:
    """Precision and recall of the automatic primary links alone against hand labels."""
    import csv

    gold = {}
    with labels_csv.open(encoding="utf-8") as fh:
        for row in csv.DictReader(fh):
            gold[row["code"]] = {int(x) for x in row["problem_lines"].split("|") if x.strip()}
    primary = {c.source.code: c for c in propose(g)
               if c.kind == "problem" and c.strength == "primary" and c.source.doc == document}
    tp = fp = none_ok = 0
    misses = []
    for code, lines in sorted(gold.items()):
        c = primary.get(code)
        predicted = c.target.line if c is not None and c.accepted else None
        if predicted is not None and predicted in lines:
            tp += 1
        elif predicted is not None:
            fp += 1
            misses.append(f"{code}: linked line {predicted}, labelled {sorted(lines) or 'none'}")
        elif lines:
            misses.append(f"{code}: no link (best line {c.target.line if c else '-'}, score {c.score if c else '-'}), "
                          f"labelled {sorted(lines)}")
        else:
            none_ok += 1
    return Evaluation(len(gold), sum(1 for v in gold.values() if v), tp + fp, tp, none_ok, misses)
