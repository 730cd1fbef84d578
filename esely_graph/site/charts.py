"""Pictures as inline SVG: a link diagram, bars, a timeline. Each is role="img" with a title, holds no links,
and the page shows the same data as a table beside it."""

from __future__ import annotations

import datetime as dt
import math

from markupsafe import Markup, escape

COLORS = {"measure": "#1f5fa8", "problem": "#b3261e", "opportunity": "#9a5200", "goal": "#2e7d32", "subtask": "#4a5aa0",
          "strategy": "#6a1b9a", "owner": "#00695c", "target-group": "#7a5f00", "document": "#424242",
          "resolution": "#4e342e", "programme": "#ad1457", "workshop-group": "#37474f", "municipality": "#263238"}
OVERDUE = "#b3261e"
ON_TIME = "#1f5fa8"
MAX_NEIGHBOURS = 12


def _short(text: str, n: int) -> str:
    return text if len(text) <= n else text[: n - 1] + "…"


def neighbourhood_svg(center_label: str, center_kind: str, neighbours: list[tuple[str, str]], title: str,
                      width: int = 720, height: int = 420) -> Markup:
    """The entity in the middle, up to MAX_NEIGHBOURS linked pages around it: [(label, kind)]; labels stay
    inside the picture (24 characters at most, written away from the centre)."""
    shown = neighbours[:MAX_NEIGHBOURS]
    c, cy, r = width / 2, height / 2, min(170, height / 2 - 40)
    parts = [f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {width} {height}" width="100%" '
             f'style="max-width:{width}px" role="img" aria-label="{escape(title)}">']
    for i, (label, kind) in enumerate(shown):
        a = 2 * math.pi * i / max(1, len(shown)) - math.pi / 2
        x, y = c + r * math.cos(a), cy + r * math.sin(a)
        anchor = "middle" if abs(math.cos(a)) < 0.3 else ("start" if math.cos(a) > 0 else "end")
        tx = x + (0 if anchor == "middle" else (12 if anchor == "start" else -12))
        ty = y + (22 if anchor == "middle" and math.sin(a) > 0 else (-14 if anchor == "middle" else 4))
        parts.append(f'<line x1="{c:.1f}" y1="{cy:.1f}" x2="{x:.1f}" y2="{y:.1f}" stroke="#767676" stroke-width="1"/>'
                     f'<circle cx="{x:.1f}" cy="{y:.1f}" r="7" fill="{COLORS.get(kind, "#555")}"/>'
                     f'<text x="{tx:.1f}" y="{ty:.1f}" font-size="12" text-anchor="{anchor}" fill="#1a1a1a">'
                     f'{escape(_short(label, 24))}</text>')
    parts.append(f'<circle cx="{c}" cy="{cy}" r="12" fill="{COLORS.get(center_kind, "#555")}" stroke="#000"/>')
    parts.append(f'<text x="{c}" y="{cy + 30}" font-size="13" font-weight="bold" text-anchor="middle" '
                 f'fill="#1a1a1a">{escape(_short(center_label, 34))}</text></svg>')
    return Markup("".join(parts))


def bar_chart_svg(rows: list[tuple[str, int]], title: str, width: int = 640) -> Markup:
    """Horizontal bars scaled to the values they show, each with its value written beside it."""
    if not rows:
        return Markup("")
    top = max(v for _, v in rows) or 1
    bar_left, bar_room = 290, width - 290 - 50
    h = 24 * len(rows) + 6
    parts = [f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {width} {h}" width="100%" role="img" '
             f'aria-label="{escape(title)}">']
    for i, (label, v) in enumerate(rows):
        y = 3 + 24 * i
        w = bar_room * v / top
        parts.append(f'<text x="0" y="{y + 15}" font-size="13" fill="#1a1a1a">{escape(_short(label, 40))}</text>'
                     f'<rect x="{bar_left}" y="{y + 3}" width="{w:.1f}" height="16" fill="{ON_TIME}"/>'
                     f'<text x="{bar_left + w + 5:.1f}" y="{y + 16}" font-size="13" fill="#1a1a1a">{v}</text>')
    parts.append("</svg>")
    return Markup("".join(parts))


def timeline_svg(items: list[tuple[str, dt.date, dt.date, bool]], today: dt.date, title: str, today_word: str,
                 width: int = 960) -> Markup:
    """Deadlines on a time axis: (label, start, end, overdue); a line for today; overdue bars in red."""
    if not items:
        return Markup("")
    lo = min(min(s for _, s, _, _ in items), today)
    hi = max(max(e for _, _, e, _ in items), today)
    lo, hi = dt.date(lo.year, 1, 1), dt.date(hi.year, 12, 31)
    span = (hi - lo).days or 1
    left, row = 300, 20
    h = row * len(items) + 40

    def x(d):
        return left + (width - left - 10) * (d - lo).days / span

    parts = [f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {width} {h}" width="{width}" height="{h}" '
             f'role="img" aria-label="{escape(title)}">']
    for year in range(lo.year, hi.year + 1):
        xx = x(dt.date(year, 1, 1))
        parts.append(f'<line x1="{xx:.1f}" y1="0" x2="{xx:.1f}" y2="{h - 20}" stroke="#d0d0d0"/>'
                     f'<text x="{xx + 3:.1f}" y="{h - 6}" font-size="13" fill="#1a1a1a">{year}</text>')
    for i, (label, s, e, late) in enumerate(items):
        y = 4 + row * i
        x1, x2 = x(s), x(e)
        parts.append(f'<text x="0" y="{y + 13}" font-size="13" fill="#1a1a1a">{escape(_short(label, 42))}</text>'
                     f'<rect x="{x1:.1f}" y="{y + 2}" width="{max(4, x2 - x1):.1f}" height="13" '
                     f'fill="{OVERDUE if late else ON_TIME}"/>')
    tx = x(today)
    parts.append(f'<line x1="{tx:.1f}" y1="0" x2="{tx:.1f}" y2="{h - 20}" stroke="#000" stroke-width="2" '
                 f'stroke-dasharray="4 3"/><text x="{tx + 4:.1f}" y="{h - 22}" font-size="13" font-weight="bold" '
                 f'fill="#000">{escape(today_word)}</text></svg>')
    return Markup("".join(parts))
