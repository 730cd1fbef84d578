"""Rewording seed texts so that every synthetic town reads differently but stays on topic.

Three moves, each drawn from the town's random generator: swap a word for a synonym that
local plans use interchangeably, reorder the parts of a list-like text (split at ``, `` / `` - ``
/ ``; ``), and drop a part of a long list. The result is new text on the same subject, so
linking and name resolution have real work to do.
"""

from __future__ import annotations

import random
import re

# Interchangeable words of Hungarian local plans (each pair used both ways).
SYNONYMS = [
    ("biztosítása", "megteremtése"), ("fejlesztése", "javítása"), ("támogatása", "segítése"),
    ("csökkentése", "mérséklése"), ("növelése", "bővítése"), ("kialakítása", "létrehozása"),
    ("hiánya", "elégtelensége"), ("szervezése", "megszervezése"), ("programok", "programsorozatok"),
    ("lakosok", "lakók"), ("gyermekek", "gyerekek"), ("magas", "jelentős"), ("kevés", "alacsony számú"),
    ("folyamatos", "rendszeres"), ("érintettek", "érintett lakosok"), ("hozzáférés", "elérhetőség"),
    ("szolgáltatások", "ellátások"), ("felmérése", "feltérképezése"), ("nők", "asszonyok"),
    ("idősek", "idős emberek"), ("fiatalok", "fiatal felnőttek"), ("képzés", "tréning"),
]
_SWAP = {a: b for a, b in SYNONYMS} | {b: a for a, b in SYNONYMS}
_WORD = re.compile(r"\w+")
_PARTS = re.compile(r"(, | - |; )")


def reword(text: str, rnd: random.Random, strength: float = 0.5) -> str:
    """A new wording of ``text``; ``strength`` is the chance of each move."""
    if not text or len(text) < 12:
        return text
    out = _WORD.sub(lambda m: _SWAP.get(m.group(0), m.group(0)) if rnd.random() < strength else m.group(0), text)
    pieces = _PARTS.split(out)
    parts, seps = pieces[0::2], pieces[1::2]
    if len(parts) >= 3 and rnd.random() < strength:
        first = parts[0]
        rest = parts[1:]
        rnd.shuffle(rest)
        if len(rest) >= 3 and rnd.random() < strength / 2:
            rest.pop(rnd.randrange(len(rest)))
        parts = [first] + rest
        out = "".join(p + (seps[i] if i < len(parts) - 1 and i < len(seps) else "") for i, p in enumerate(parts))
    out = out.strip(" ,;-")
    return out[:1].upper() + out[1:] if text[:1].isupper() else out


def pick(rnd: random.Random, items: list, low: float, high: float, at_least: int = 1) -> list:
    """A random share (between ``low`` and ``high``) of ``items``, in their order."""
    if not items:
        return []
    k = max(min(at_least, len(items)), round(len(items) * rnd.uniform(low, high)))
    chosen = sorted(rnd.sample(range(len(items)), min(k, len(items))))
    return [items[i] for i in chosen]
