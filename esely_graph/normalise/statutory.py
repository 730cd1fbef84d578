"""Owners of any municipality: statutory posts and bodies, units known by their head word, holders.

``statutory.toml`` lists what every Hungarian municipality has (polgármester, jegyző, képviselő-testület,
polgármesteri hivatal …) and the words that make a phrase a unit's name (``… Osztály``, ``… Bizottság``).
``owner_gazetteer`` joins them with a town's curated entries; ``read_owners`` cuts an owner cell into
owners: at commas, ``és``, ``valamint``, ``/``, ``;`` and line breaks, but not inside a name (a curated
or statutory name, or a phrase ending in a head word such as ``Igazgatási és Szociális Osztály``);
a person written before a post becomes that post's holder.
"""

from __future__ import annotations

import tomllib
from dataclasses import dataclass, replace
from functools import lru_cache
from pathlib import Path

from ..text import fold, slug
from .names import CONNECTORS, Entry, Gazetteer, Segment, Token, key, looks_like_person, tokenize

STATUTORY = Path(__file__).with_name("statutory.toml")


@dataclass(frozen=True)
class Rules:
    fixed: tuple[dict, ...]
    heads: dict[tuple[str, ...], str]  # folded head words -> kind
    bases: dict[str, str]  # folded inflected head word -> its base form ("bizottsaganak" -> "Bizottság")
    holders: frozenset[str]
    connectors: frozenset[str]
    articles: frozenset[str]


@lru_cache(maxsize=None)
def rules() -> Rules:
    data = tomllib.loads(STATUTORY.read_text(encoding="utf-8"))
    heads = {tuple(key(w).split()): kind for kind, words in data["heads"].items() for w in words}
    lasts = sorted({w.split()[-1] for words in data["heads"].values() for w in words}, key=len)
    bases = {}
    for word in lasts:
        bases.setdefault(key(word), next(b for b in lasts if key(word).startswith(key(b))))
    return Rules(tuple(data["fixed"]), heads, bases, frozenset(key(w) for w in data["holders"]["words"]),
                 frozenset(key(w) for w in data["fillers"]["connectors"]) | CONNECTORS,
                 frozenset(key(w) for w in data["fillers"]["articles"]))


def owner_gazetteer(municipality: str, curated: list[Entry]) -> Gazetteer:
    """A town's curated entries plus the statutory posts and bodies, as nodes of that town.

    A curated entry with the statutory id wins (its label, aliases, parent); a town's curated council
    also answers to the statutory council names (képviselő-testület, közgyűlés)."""
    ids = {e.id for e in curated}
    council = next((e for e in curated if e.kind == "council"), None)
    entries, extra = list(curated), []
    for row in rules().fixed:
        eid = f"{municipality}/{row['slug']}" if row["slug"] else municipality
        names = (row["label"], *row.get("aliases", ()))
        target = next((e for e in curated if e.id == eid), None)
        if target is None and row["kind"] == "council" and council is not None:
            target = council
        if target is not None:
            extra.extend((name, target) for name in names)
            continue
        if eid in ids:
            continue
        parent = None
        if "parent" in row:
            parent = f"{municipality}/{row['parent']}" if row["parent"] else municipality
        entries.append(Entry(eid, row["label"], row["kind"], parent, tuple(row.get("aliases", ())), "statutory"))
        ids.add(eid)
    return Gazetteer(entries, extra_names=extra)


@dataclass(frozen=True)
class Owner:
    """One owner named in a cell: ``entry`` (curated, statutory or recognised by its head word) or
    None (unresolved text); ``holder`` is a person written with a post (``Dr. Szabó Éva``)."""

    text: str
    entry: Entry | None
    holder: str | None = None


def head_kind(words: list[str]) -> tuple[str, int] | None:
    """(kind, length of the name) when folded words end in a head word, perhaps followed by holder
    words: ``igazgatasi es szocialis osztaly vezetoje`` -> ("unit", 4). One word must precede the head."""
    r = rules()
    end = len(words)
    while end > 1 and words[end - 1] in r.holders:
        end -= 1
    for size in (2, 1):
        if end > size and tuple(words[end - size:end]) in r.heads:
            return r.heads[tuple(words[end - size:end])], end
    return None


def read_owners(gaz: Gazetteer, municipality: str, text: str) -> list[Owner]:
    """The owners a cell names, in order, each with its spelling; nothing dropped but connectors."""
    tokens = tokenize(text)
    segments: list[Segment] = []
    for seg in gaz.collapse_paths(gaz.segment(text, tokens)):
        last = segments[-1] if segments else None
        if last is not None and last.entry is None and seg.entry is None:  # one unresolved run, cut below
            seg = Segment(f"{last.text} {seg.text}", None, 0.0, last.start, seg.end, last.sep)
            segments.pop()
        segments.append(seg)
    out: list[Owner] = []
    prefix, holder, skip = "", None, False
    for k, seg in enumerate(segments):
        if skip:
            skip = False
            continue
        if seg.entry is not None:
            out.append(Owner(f"{prefix} {seg.text}".strip(), seg.entry, holder))
            prefix, holder = "", None
            continue
        nxt = segments[k + 1] if k + 1 < len(segments) else None
        prev = segments[k - 1] if k > 0 else None
        pieces = _pieces(tokens, seg.start, seg.end)
        for p, (i, j) in enumerate(pieces):
            ptext = " ".join(text[tokens[i].start:tokens[j - 1].end].split()).strip(" ,;")
            words = [w for t in tokens[i:j] for w in t.words]
            head = head_kind(words)
            after_name = (p == 0 and out and out[-1].entry is not None and prev is not None and prev.entry is not None
                          and not seg.sep and i == prev.end)
            if after_name and all(w in rules().holders for w in words):
                out[-1] = replace(out[-1], text=f"{out[-1].text} {ptext}")  # "Pénzügyi Iroda" + "vezetője"
                continue
            if after_name and head is not None and out[-1].entry.kind in ("office", "department"):
                unit = _form(municipality, ptext, head).entry  # a written path: "Polgármesteri Hivatal" + "Igazgatási Osztály"
                out[-1] = Owner(f"{out[-1].text} {ptext}", replace(unit, parent=out[-1].entry.id))
                continue
            if p == len(pieces) - 1 and nxt is not None and nxt.entry is not None and not nxt.sep and nxt.start == j:
                both = f"{ptext} {nxt.text}"
                both_head = head_kind(key(both).split())
                if len(nxt.text.split()) == 1 and nxt.entry.kind != "post" and both_head is not None:
                    out.append(_form(municipality, both, both_head))  # "Roma Nemzetiségi" + "Önkormányzat"
                    skip = True
                    continue
                if nxt.entry.kind == "post" and looks_like_person(ptext):
                    holder = ptext  # "Dr. Szabó Éva" + "jegyző"
                    continue
                if head is None and ptext[:1].isupper():
                    prefix = ptext  # "Kisvárosi" + "Polgármesteri Hivatal"
                    continue
            out.append(_form(municipality, ptext, head) if head else Owner(ptext, None))
    return out


def _pieces(tokens: list[Token], start: int, end: int) -> list[tuple[int, int]]:
    """Unresolved tokens cut at separators and connectors (leading articles left out); a piece with no
    head word (``Igazgatási``) is joined to a named piece after it (``Szociális Osztály``): one name
    written with ``és`` or commas."""
    r = rules()
    cuts: list[tuple[int, int]] = []
    cur: list[int] = []
    for t in range(start, end):
        words = tokens[t].words
        filler = not words or (len(words) == 1 and (words[0] in r.connectors or (not cur and words[0] in r.articles)))
        if filler:
            if cur:
                cuts.append((cur[0], cur[-1] + 1))
                cur = []
            continue
        cur.append(t)
        if tokens[t].sep_after:
            cuts.append((cur[0], cur[-1] + 1))
            cur = []
    if cur:
        cuts.append((cur[0], cur[-1] + 1))
    merged: list[tuple[int, int]] = []
    for piece in reversed(cuts):
        if merged and _words(tokens, merged[0]) and head_kind(_words(tokens, merged[0])) is not None \
                and head_kind(_words(tokens, piece)) is None and len(_words(tokens, piece)) <= 3:
            merged[0] = (piece[0], merged[0][1])
        else:
            merged.insert(0, piece)
    return merged


def _words(tokens: list[Token], piece: tuple[int, int]) -> list[str]:
    return [w for t in tokens[piece[0]:piece[1]] for w in t.words]


def _form(muni: str, text: str, head: tuple[str, int]) -> Owner:
    """A unit nobody curated, named by its head word: a node of this municipality, flagged by its origin."""
    kind, end = head
    words = text.split()
    holders = len(key(text).split()) - end  # trailing holder words ("vezetője") are not part of the name
    name_words = words[:len(words) - holders] if 0 < holders < len(words) else words
    base = rules().bases.get(key(name_words[-1]))
    if base is not None:  # the unit's name in the nominative: "Pénzügyi Bizottságának" -> "Pénzügyi Bizottság"
        name_words = [*name_words[:-1], base]
    name = " ".join(name_words).strip(" ,;")
    parent = None if kind == "organisation" else muni
    return Owner(text, Entry(f"{muni}/{slug(fold(name))}", name, kind, parent, (), "form"))


def name_part(text: str) -> str:
    """The spelling without trailing holder words: ``Pénzügyi Osztály vezetője`` -> ``Pénzügyi Osztály``."""
    words = text.split()
    while len(words) > 1 and key(words[-1]) in rules().holders:
        words.pop()
    return " ".join(words)


def passing_body(gaz: Gazetteer, municipality: str, heading: str, text: str,
                 emergency: bool) -> tuple[Entry | None, Entry | None]:
    """(body, decider) a resolution's heading and enacting sentence (``text``) name.

    A committee named in the heading passed it; under an emergency the mayor decides in place of the
    council (the body is the council whose powers the mayor uses, the decider the mayor's post);
    otherwise the council named, or None (the caller's default)."""
    committee = _committee(gaz, municipality, heading)
    if committee is not None:
        return committee, None
    text = f"{heading} {text}"
    found = [s.entry for s in gaz.segment(text) if s.entry is not None]
    council = next((e for e in found if e.kind == "council"), None)
    mayor = next((e for e in found if e.id == f"{municipality}/polgarmester"), None)
    if mayor is not None and (emergency or council is None):
        return council, mayor
    return council, None


def _committee(gaz: Gazetteer, municipality: str, text: str) -> Entry | None:
    """``… Önkormányzata Pénzügyi és Ügyrendi Bizottságának 12/2023. …`` -> the committee, curated or by form."""
    words = text.replace(",", " , ").split()
    stop = {key(w) for w in _settlement_words()}
    for i, w in enumerate(words):
        if not key(w).startswith(("bizottsag", "albizottsag")):
            continue
        j = i
        while j > 0 and (words[j - 1][:1].isupper() or words[j - 1] in (",", "és")) and key(words[j - 1]) not in stop:
            j -= 1
        while j < i and words[j] in (",", "és"):
            j += 1
        if j == i:
            continue
        name = " ".join(words[j:i + 1]).replace(" , ", ", ")
        entry, _ = gaz.lookup(name)
        if entry is not None and entry.kind == "committee":
            return entry
        return _form(municipality, name, ("committee", len(name.split()))).entry
    return None


@lru_cache(maxsize=None)
def _settlement_words() -> tuple[str, ...]:
    return tuple(tomllib.loads(STATUTORY.read_text(encoding="utf-8"))["fillers"]["settlement"])


def strategy_gazetteer(municipality: str, curated: list[Entry]) -> Gazetteer:
    """A town's curated strategies plus the plans every municipality must adopt (the HEP), unless curated."""
    known = Gazetteer(curated)
    entries = list(curated)
    for row in tomllib.loads(STATUTORY.read_text(encoding="utf-8")).get("strategy", []):
        names = (row["label"], *row.get("aliases", ()))
        if any(known.lookup(name)[0] is not None for name in names):
            continue
        entries.append(Entry(f"{municipality}/{row['slug']}", row["label"], "strategy", None,
                             tuple(row.get("aliases", ())), "statutory"))
    return Gazetteer(entries)
