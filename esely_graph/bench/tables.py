"""Writing a town's tables in the tab-separated formats the importers read.

Each writer takes the seed's records (sections, problems, measures) and the town, samples
and shuffles rows per section, borrows a few rows from other sections, rewords the texts and
puts the town's own owners and strategies in the owner and strategy columns.
"""

from __future__ import annotations

import re

from .reword import pick, reword


def _cell(text: str) -> str:
    return re.sub(r"\s+", " ", text or "").strip()


def _cap(text: str) -> str:
    return text[:1].upper() + text[1:]


def _row(values: list[str]) -> str:
    return "\t".join(_cell(v) for v in values)


def _by_section(items, sections) -> list[tuple[object, list]]:
    """[(section, its items)] in the seed's order, each section with some items of other sections."""
    return [(s, [x for x in items if x.section is s]) for s in sections]


def _sample(town, groups: list[tuple[object, list]], low: float, high: float) -> list[tuple[object, list]]:
    rnd = town.rnd
    everything = [x for _, xs in groups for x in xs]
    out = []
    for section, xs in groups:
        if not xs:
            continue
        chosen = pick(rnd, xs, low, high, 1)
        if everything and rnd.random() < 0.4:  # recombine: a row from another section
            chosen.append(rnd.choice(everything))
        rnd.shuffle(chosen)
        out.append((section, chosen))
    return out


def _owner(town) -> str:
    return ", ".join(town.rnd.sample(town.owners, min(len(town.owners), town.rnd.choice([1, 1, 2]))))


def _strategies(town) -> str:
    names = [s["label"] if not s.get("aliases") or town.rnd.random() < 0.7 else town.rnd.choice(s["aliases"])
             for s in town.rnd.sample(town.strategies, min(len(town.strategies), town.rnd.choice([0, 1, 1, 2])))]
    return ", ".join(names) or "-"


def conclusions_tsv(doc, town) -> str:
    """A HEP situation-analysis conclusions table: group, problem, opportunity."""
    rnd, rename = town.rnd, town.rename
    keys = [k for k, _ in doc.header]
    lines = ["", "", _row([t for _, t in doc.header])]
    for section, problems in _sample(town, _by_section(doc.problems, doc.sections), 0.5, 1.0):
        first = True
        for p in problems:
            opps = [_cap(reword(rename(o.text.text), rnd)) for o in pick(rnd, p.opportunities, 0.6, 1.0, 1)]
            for n, opp in enumerate(opps or [""]):
                cells = {"group": section.label if first else "", "problem": "", "opportunity": opp}
                if n == 0:
                    cells["problem"] = _cap(reword(rename(p.text.text), rnd))
                lines.append(_row([cells[k] for k in keys]))
                first = False
    return "\n".join(lines) + "\n"


def action_plan_tsv(doc, town) -> str:
    """A HEP action plan's summary table: number, A–L, one section row per target group."""
    rnd, rename = town.rnd, town.rename
    keys = [k for k, _ in doc.header]
    lines = [rename(doc.title or ""), "", _row(["" if k == "number" else k for k in keys]),
             _row([t for _, t in doc.header])]
    for section, measures in _sample(town, _by_section(doc.measures, doc.sections), 0.5, 1.0):
        lines.append(_row([section.label] + [""] * (len(keys) - 1)))
        for number, m in enumerate(measures, 1):
            cells = {k: c.text for k, c in m.cells.items()}
            cells |= {"number": str(number), "A": m.title.text if m.title else "", "D": _strategies(town),
                      "G": _owner(town)}
            for k in ("A", "B", "C", "F", "I", "K"):
                cells[k] = reword(rename(cells.get(k, "")), rnd)
            cells["A"] = _cap(cells["A"]) or "Intézkedés"
            lines.append(_row([cells.get(k, "") for k in keys]))
    return "\n".join(lines) + "\n"


def strategy_plan_tsv(doc, town, title: str) -> str:
    """A strategy's action plan: measure, sub-tasks, owner, start, end, budget source and amount."""
    rnd, rename = town.rnd, town.rename
    keys = [k for k, _ in doc.header]
    lines = ["", "", _row([title] + [""] * (len(keys) - 1)), _row([t for _, t in doc.header])]
    for section, measures in _sample(town, _by_section(doc.measures, doc.sections), 0.5, 1.0):
        lines.append(_row([f"<b>{section.label}</b>"] + [""] * (len(keys) - 1)))
        for m in measures:
            tasks = pick(rnd, m.subtasks, 0.5, 1.0, 1) if m.subtasks else [m]
            for n, item in enumerate(tasks):
                cells = {k: rename(c.text) for k, c in item.cells.items()}
                cells["owner"] = _owner(town)
                cells["measure"] = _cap(reword(rename(m.title.text if m.title else ""), rnd)) if n == 0 else ""
                cells["subtask"] = _cap(reword(rename(item.title.text), rnd)) if item is not m and item.title else ""
                if not cells["measure"] and not cells["subtask"]:
                    continue
                lines.append(_row([cells.get(k, "") for k in keys]))
    return "\n".join(lines) + "\n"
