"""The benchmark's figures as one dict (written as JSON for tracking) and as a table for people."""

from __future__ import annotations

from .machine import line as machine_line
from .meter import Stage
from .stages import UPDATE, UPDATE_ROWS, UPDATES, WHOLE_RUN
from .update import WHOLE

NAME = 52  # the stage column: "update one town's measures: whole (side by side)"


def _total(stages: list[Stage]) -> dict | None:
    if not stages:
        return None
    return {"wall": round(sum(s.wall for s in stages), 3), "cpu": round(sum(s.cpu for s in stages), 3),
            "rss_mb": round(max((s.rss_mb for s in stages), default=0.0), 1)}


def _whole_run(stages: list[Stage], timeline: dict[str, tuple[float, float]]) -> dict | None:
    """The full run's figures: its ``WHOLE_RUN`` stage (its steps partly side by side) and the wall from its start to
    the report's end (``to_report``, from ``timeline``: the issue's build + validation + queries + report; the report
    runs beside the site), else the sum of its stages (a build that failed)."""
    whole = next((s for s in stages if s.name == WHOLE_RUN), None)
    if whole is None:
        return _total(stages)
    report = timeline.get("report")
    return {"wall": round(whole.wall, 3), "cpu": round(whole.cpu, 3), "rss_mb": round(whole.rss_mb, 1),
            "to_report": report[1] if report else None}


def _timeline(stages: list[Stage]) -> dict[str, tuple[float, float]]:
    """When each stage of the full run started and ended, in seconds from the run's start (``WHOLE_RUN``; stages run
    in another process read the same clock, ``meter.Stage.end``); empty without that stage."""
    whole = next((s for s in stages if s.name == WHOLE_RUN and s.end is not None), None)
    if whole is None:
        return {}
    t0 = whole.end - whole.wall
    return {s.name: (round(s.end - s.wall - t0, 3), round(s.end - t0, 3)) for s in stages
            if s.end is not None and not s.name.startswith(tuple(UPDATES.values()))}


def _update(stages: list[Stage], prefix: str) -> dict | None:
    """An update's figures: its ``WHOLE`` stage (its steps partly run side by side), else the sum of its stages."""
    whole = next((s for s in stages if s.name == prefix + WHOLE), None)
    if whole is None:
        return _total([s for s in stages if s.name.startswith(prefix)])
    return {"wall": round(whole.wall, 3), "cpu": round(whole.cpu, 3), "rss_mb": round(whole.rss_mb, 1)}


def _figures(s: Stage, n: int) -> dict:
    out = {"wall": round(s.wall, 3), "cpu": round(s.cpu, 3), "rss_mb": round(s.rss_mb, 1),
           "stage_rss_mb": None if s.stage_rss_mb is None else round(s.stage_rss_mb, 1),
           "stage_pss_mb": None if s.stage_pss_mb is None else round(s.stage_pss_mb, 1),
           "wall_per_municipality": round(s.wall / n, 4) if n else None,
           "cpu_per_municipality": round(s.cpu / n, 4) if n else None}
    if s.detail:
        out["detail"] = s.detail
    if s.error:
        out["error"] = s.error
    return out


def summary(n: int, seed: int | None, documents: int, stages: list[Stage], per_query: dict, plain: list[Stage],
            ratios: dict, corpus: Stage | None) -> dict:
    build = next((s for s in stages if s.name == "build"), None)
    timeline = _timeline(stages)
    return {
        "municipalities": n,
        "seed": seed,
        "documents": documents,
        "triples": (build.detail or {}).get("triples") if build else None,
        "corpus": _figures(corpus, n) if corpus else None,
        "stages": {s.name: {**_figures(s, n), **(dict(zip(("start_s", "end_s"), timeline[s.name]))
                                                  if s.name in timeline else {})} for s in stages},
        "total": _whole_run([s for s in stages if not s.name.startswith(tuple(UPDATES.values()))], timeline),
        "update one town": _update(stages, UPDATE),
        "update one town's measures": _update(stages, UPDATE_ROWS),
        "queries": {k: {kk: (round(vv, 4) if isinstance(vv, float) else vv) for kk, vv in v.items()}
                    for k, v in sorted(per_query.items())},
        "plain": {s.name: _figures(s, n) for s in plain},
        "ratios": ratios,
    }


def table(result: dict) -> str:
    n = result["municipalities"]
    lines = [f"{n} municipalities, {result['documents']} documents, {result['triples'] or 0} triples",
             f"{'stage':{NAME}} {'wall s':>9} {'CPU s':>9} {'CPU ms/town':>12} {'peak RSS MB':>12} {'stage peak':>10} "
             f"{'stage PSS':>10}  detail"]

    def row(name: str, f: dict) -> str:
        per = f["cpu_per_municipality"]
        detail = f.get("error") or ", ".join(f"{k} {v}" for k, v in (f.get("detail") or {}).items()
                                             if not isinstance(v, (list, dict)) or v)
        own, pss = f.get("stage_rss_mb"), f.get("stage_pss_mb")
        return (f"{name:{NAME}} {f['wall']:9.2f} {f['cpu']:9.2f} {per * 1000 if per is not None else 0:12.1f} "
                f"{f['rss_mb']:12.0f} {'-' if own is None else f'{own:.0f}':>10} "
                f"{'-' if pss is None else f'{pss:.0f}':>10}  {detail}")

    for name, f in result["stages"].items():
        lines.append(row(name, f))
    for name in ("total", "update one town", "update one town's measures"):
        t = result.get(name)
        if t:
            per = f"{t['cpu'] / n * 1000 if n else 0:12.1f}" if name == "total" else f"{'':12}"
            what = " (from its build to its end)" if name != "total" or "to_report" in t else " (sum of its stages)"
            lines.append(f"{name + what:{NAME}} {t['wall']:9.2f} {t['cpu']:9.2f} {per} {t['rss_mb']:12.0f} "
                         f"{'':>10} {'':>10}")
            if t.get("to_report") is not None:
                lines.append(f"{'total from its build to the report’s end':{NAME}} {t['to_report']:9.2f}")
    if result["queries"]:
        slow = sorted(result["queries"].items(), key=lambda kv: -kv[1]["cpu"])
        lines.append("slowest queries (CPU): " + ", ".join(f"{k} {v['cpu']:.3f} s" for k, v in slow[:5]))
        for fmt in ("csv", "json"):
            kept = {k: v[f"kept {fmt}"] for k, v in result["queries"].items() if f"kept {fmt}" in v}
            if kept:
                lines.append(f"whole-country answers read from the kept results as {fmt}: "
                             f"{sum(w <= 1 for w in kept.values())} of {len(result['queries'])} in 1 s or less; "
                             "slowest " + ", ".join(f"{k} {w:.3f} s" for k, w in sorted(kept.items(),
                                                                                       key=lambda kv: -kv[1])[:3]))
    for name, f in result["plain"].items():
        lines.append(row(name, f))
    for name, r in result["ratios"].items():
        lines.append(f"  {name}: {'-' if r is None else f'{r:.2f}x'}")
    machine = result.get("machine") or {}
    if machine:
        lines.append(machine_line(machine.get("before"), machine.get("after")))
    return "\n".join(lines)
