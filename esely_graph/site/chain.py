"""The chain problem → measure → goal → strategy → owner → deadline → indicator → budget, for one page."""

from __future__ import annotations

from .graphindex import E, Index
from .messages import CHAIN_LABELS

CHAIN_ORDER = [("problem", E + "answersProblem"), ("measure", None), ("goal", E + "hasGoal"),
               ("strategy", E + "alignedWith"), ("owner", E + "responsible"), ("deadline", E + "deadline"),
               ("indicator", E + "hasIndicator"), ("budget", E + "hasResource")]
# pages that show the chain of their measures; owners and strategies list their (many) measures grouped instead
CHAIN_KINDS = {"measure", "subtask", "problem", "goal"}
MAX_MEASURES = 6


def owners(idx: Index, item: str) -> list[str]:
    """An item's owners; a measure's include its sub-tasks' owners."""
    out = list(idx.values(item, E + "responsible"))
    for st, p in idx.op.get(item, []):
        if p == E + "subTaskOf":
            out += [o for o in idx.values(st, E + "responsible") if o not in out]
    return out


def chain(idx: Index, ents: dict, e) -> list:
    """[(step labels, [(entity iri | None, text)])]; an empty list of items is a broken step."""
    if e.kind not in CHAIN_KINDS:
        return []
    if e.kind == "measure":
        measures = [e.iri]
    elif e.kind == "subtask":
        measures = idx.values(e.iri, E + "subTaskOf")
    else:
        measures = sorted({s for s, p in idx.op.get(e.iri, []) if ents.get(s) and ents[s].kind == "measure"})
    measures = [m for m in measures if m in ents][:MAX_MEASURES]
    if not measures and e.kind != "problem":
        return []
    steps = []
    for step, prop in CHAIN_ORDER:
        items = []
        for m in measures:
            if prop is None:
                items.append((m, None))
                continue
            values = owners(idx, m) if step == "owner" else idx.values(m, prop)
            for o in values:
                items.append((o, None) if o in ents else (None, idx.value(o, E + "originalText") or idx.label(o)))
        if step == "problem" and e.kind == "problem":
            items = [(e.iri, None)]
        seen, uniq = set(), []
        for it in items:
            if it not in seen:
                seen.add(it)
                uniq.append(it)
        steps.append((step, CHAIN_LABELS[step], uniq))
    return steps
