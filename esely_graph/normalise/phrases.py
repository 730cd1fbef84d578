"""Phrase rules (data in phrases.toml): does a sentence adopt, review, amend, repeal … what it names?"""

from __future__ import annotations

import tomllib
from functools import lru_cache
from pathlib import Path

PHRASES = Path(__file__).with_name("phrases.toml")


@lru_cache(maxsize=None)
def _rules() -> dict[str, tuple[tuple[str, ...], tuple[str, ...]]]:
    data = tomllib.loads(PHRASES.read_text(encoding="utf-8"))
    return {k: (tuple(m.lower() for m in v.get("match", ())), tuple(u.lower() for u in v.get("unless", ())))
            for k, v in data.items()}


def says(rule: str, text: str) -> bool:
    """True when ``text`` uses a phrase of ``rule`` (e.g. "adopts") and none of its exceptions."""
    match, unless = _rules()[rule]
    low = " ".join(text.lower().split())
    return any(m in low for m in match) and not any(u in low for u in unless)


def actions(text: str) -> list[str]:
    """What a point does with the documents it names, in a fixed order: adopts, reviews, amends, repeals."""
    return [rule for rule in ("adopts", "reviews", "amends", "amended_by", "repeals", "repealed_by") if says(rule, text)]
