"""Curated decisions (data/links.toml) and the tools of the person who makes them: review the
ranked candidates, append a decision, measure the automatic links against hand labels."""

from __future__ import annotations

import tomllib
from dataclasses import dataclass
from pathlib import Path

from rdflib import Graph, URIRef

from ..errors import SourceError
from ..store import read_graph
from .nodes import Node
from .scoring import Candidate, propose


@dataclass
class Decision:
    measure: str  # "doc:code"
    target: str  # "doc:line N" for a problem/opportunity, "doc:code" for a measure
    kind: str
    action: str  # accept | reject | add
    strength: str
    reason: str
    line: int  # in the decisions file


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


def doc_graph(data_dir: Path) -> Graph:
    """The documents' graph without any links (what the linker reads)."""
    return read_graph(f for f in sorted(data_dir.glob("*.ttl")) if f.name not in ("links.ttl", "ontology.ttl"))


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
