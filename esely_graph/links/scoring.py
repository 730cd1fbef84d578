"""Scoring candidates: text similarity within one municipality, weighed with target-group agreement
and shared programme names, as a few sparse matrix products per town."""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np
from rdflib import Graph
from scipy import sparse

from ..namespaces import TG
from ..normalise.similarity import Corpus
from .nodes import Node, collect

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
class Candidate:
    source: Node
    target: Node
    score: float
    kind: str  # problem | opportunity | measure
    strength: str  # primary | secondary
    accepted: bool


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

    def index(self) -> None:
        self.row = {m.iri: i for i, m in enumerate(self.measures)}
        self.heps = [m for m in self.measures if m.hep]

    def score(self, corpus: Corpus) -> None:
        ms, ps, os_ = self.measures, self.problems, self.opportunities
        self.index()
        content = corpus.block([m.text for m in ms], [p.text for p in ps])
        statement = corpus.block([m.statement for m in ms], [p.statement for p in ps])
        has_statement = np.array([bool(m.statement) for m in ms], dtype=bool)[:, None]
        s = np.where(has_statement, STATEMENT_WEIGHT * statement + (1 - STATEMENT_WEIGHT) * content, content)
        self.blocks["problem"] = _evidence_block(s, ms, ps)
        self.blocks["opportunity"] = _evidence_block(
            corpus.block([m.text for m in ms], [o.text for o in os_]), ms, os_)
        self.blocks["measure"] = _evidence_block(
            corpus.block([m.text for m in ms], [h.text for h in self.heps]), ms, self.heps)


def propose(g: Graph) -> list[Candidate]:
    """All automatic candidates, ranked; ``accepted`` says whether the automatic rule keeps it."""
    return propose_for(*collect(g))


def town_key(town: "_Town") -> str:
    """What a town's candidates depend on (its nodes, every field), as a stable hash."""
    import hashlib

    h = hashlib.sha256(METHOD.encode())
    for kind in (town.problems, town.opportunities, town.measures):
        h.update(b"|")
        for n in kind:
            h.update(repr((str(n.iri), n.doc, n.code, n.line, n.text, n.statement, sorted(map(str, n.groups)), n.hep,
                           sorted(map(str, n.programmes)), n.municipality)).encode())
    return h.hexdigest()


def propose_for(problems: list[Node], opportunities: list[Node], measures: list[Node],
                memo=None) -> list[Candidate]:
    """``propose`` on collected nodes. Plans are linked within their own municipality only: the
    nodes are grouped by municipality once, and each town's scores are a few sparse products.

    Word weights (IDF) come from the town's own texts, so a town's links depend on its own
    documents only: adding or changing another town changes none of its scores. ``memo`` (a
    mapping, e.g. the build cache's) keeps each town's scores under ``town_key``, so an unchanged
    town is not scored again."""
    towns: dict[str, _Town] = {}
    for kind, nodes in (("problems", problems), ("opportunities", opportunities), ("measures", measures)):
        for n in sorted(nodes, key=lambda n: str(n.iri)):
            getattr(towns.setdefault(n.municipality, _Town()), kind).append(n)
    for town in towns.values():
        key = town_key(town) if memo is not None else None
        if key is not None and key in memo:
            town.blocks = memo[key]
            town.index()
            continue
        texts = [n.text for n in town.problems + town.opportunities + town.measures]
        town.score(Corpus(texts + [m.statement for m in town.measures if m.statement]))
        if key is not None:
            memo[key] = town.blocks
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


