"""Synthetic town names, and putting a town's name where a seed document names its own town.

Names are made of Hungarian place-name parts (``Alsó`` + ``berény`` + ``falva``), so they fold,
stem and slug the way real names do. A seed document's own town is known from the manifest
(its municipality id is the slug of the name), never from code: every word whose folded form
starts with that id (for ``ferencvaros``: ``Ferencvárosi``, ``ferencvárosban``) becomes the new name plus the same
ending.
"""

from __future__ import annotations

import re

from ..text import fold, slug

PREFIXES = ["", "Alsó", "Felső", "Nagy", "Kis", "Új", "Ó", "Szent", "Hegy", "Tisza", "Duna", "Rába"]
ROOTS = ["berény", "kér", "som", "tarcsa", "vár", "hát", "falu", "keszi", "szeg", "becs", "halom", "szállás",
         "nyék", "szőlős", "bükk", "diós", "tölgyes", "füzes", "almás", "körtvélyes", "egres", "szilas",
         "medgyes", "csaba", "kálló", "gyarmat", "lak", "marót", "apáti", "monostor"]
SUFFIXES = ["", "háza", "falva", "telek", "egyháza", "szentiván", "hida", "laka", "újfalu", "kút"]


def town_names(n: int) -> list[str]:
    """``n`` distinct names, always the same for the same ``n`` (and the first k of n+1 are those of k)."""
    out: list[str] = []
    seen: set[str] = set()
    for i in range(len(PREFIXES) * len(ROOTS) * len(SUFFIXES)):
        if len(out) == n:
            break
        p, r, s = PREFIXES[i % len(PREFIXES)], ROOTS[(i // len(PREFIXES)) % len(ROOTS)], \
            SUFFIXES[(i // (len(PREFIXES) * len(ROOTS))) % len(SUFFIXES)]
        name = (p + r + s)
        name = name[0].upper() + name[1:]
        if slug(name) not in seen:
            seen.add(slug(name))
            out.append(name)
    k = 2
    while len(out) < n:  # beyond the combinations: numbered districts of the same names
        out.extend(f"{name} {k}. kerület" for name in out[: n - len(out)])
        k += 1
    return out[:n]


def renamer(seed_id: str, name: str):
    """A function that puts ``name`` where a text names the town whose id is ``seed_id``."""
    word = re.compile(r"\w+")

    def sub(m: re.Match) -> str:
        w = m.group(0)
        f = fold(w)
        if f.startswith(seed_id) and len(f) == len(w):
            return name + w[len(seed_id):]
        return w

    return lambda text: word.sub(sub, text) if text else text
