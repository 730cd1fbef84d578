"""Names of units, posts and strategy documents -> authority entries.

Owner and strategy cells list several names, joined by commas or only by
spaces, with typos and short or long forms. ``Gazetteer.segment`` cuts a cell
into the names it contains by matching token windows against every spelling
of every authority entry (accent- and case-insensitive, typo-tolerant with
rapidfuzz), longest best match first. Text it cannot match comes back as an
unresolved segment, never dropped.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from rapidfuzz import fuzz

from ..text import fold

CONNECTORS = {"es", "valamint", "illetve", "ill.", "+", "-", "–", "/"}


@dataclass(frozen=True)
class Entry:
    id: str
    label: str
    kind: str
    parent: str | None = None
    aliases: tuple[str, ...] = ()

    @property
    def names(self) -> tuple[str, ...]:
        return (self.label, *self.aliases)


@dataclass(frozen=True)
class Segment:
    """A piece of a cell: a resolved name (``entry`` set) or unresolved text."""

    text: str
    entry: Entry | None
    score: float


def _key(text: str) -> str:
    return re.sub(r"\s+", " ", re.sub(r"[^\w\s]", " ", fold(text))).strip()


def _same_edges(window: list[str], name: list[str]) -> bool:
    """A window must begin and end like the name it is compared with.

    This keeps a stray neighbour word (``nyelvi Józsefvárosi …``) or a trailing
    connector (``… Iroda és``) out of a match while allowing typos inside.
    """
    return _same_word(window[0], name[0]) and _same_word(window[-1], name[-1])


def _same_word(a: str, b: str) -> bool:
    """Typo-tolerant word equality; a word split in two (``Humán szolgáltatási``) matches its start."""
    return a.startswith(b) or b.startswith(a) or fuzz.ratio(a, b) >= 80


class Gazetteer:
    def __init__(self, entries: list[Entry], threshold: float = 90.0):
        self.entries = {e.id: e for e in entries}
        self.threshold = threshold
        self._names: list[tuple[str, int, Entry]] = []
        for e in entries:
            for name in e.names:
                key = _key(name)
                if key:
                    self._names.append((key, len(key.split()), e))
        self.max_window = max((n for _, n, _ in self._names), default=1) + 2

    def ancestors(self, entry_id: str) -> list[str]:
        out, seen = [], set()
        parent = self.entries[entry_id].parent if entry_id in self.entries else None
        while parent and parent not in seen:
            out.append(parent)
            seen.add(parent)
            parent = self.entries[parent].parent if parent in self.entries else None
        return out

    def lookup(self, text: str) -> tuple[Entry | None, float]:
        """Best entry for a whole string, or (None, best score)."""
        key = _key(text)
        best: tuple[float, Entry | None] = (0.0, None)
        if not key:
            return None, 0.0
        words = key.split()
        for name, ntok, entry in self._names:
            if ntok == 1 or len(name) <= 6:
                score = 100.0 if key == name else 0.0
            elif abs(len(words) - ntok) > 1 or not _same_edges(words, name.split()):
                continue
            else:
                score = fuzz.ratio(key, name)
            if score > best[0]:
                best = (score, entry)
        return (best[1], best[0]) if best[0] >= self.threshold else (None, best[0])

    def segment(self, text: str) -> list[Segment]:
        tokens = text.split()
        out: list[Segment] = []
        pending: list[str] = []

        def flush() -> None:
            if pending:
                words = [t for t in pending if _key(t) and _key(t) not in CONNECTORS]
                if words:
                    out.append(Segment(" ".join(pending).strip(" ,;"), None, 0.0))
                pending.clear()

        i = 0
        while i < len(tokens):
            best: tuple[float, int, Entry] | None = None
            for j in range(min(len(tokens), i + self.max_window), i, -1):
                entry, score = self.lookup(" ".join(tokens[i:j]))
                if entry is not None and (best is None or (j - i, score) > (best[1] - i, best[0])):
                    best = (score, j, entry)
            if best is None:
                pending.append(tokens[i])
                i += 1
                continue
            flush()
            score, j, entry = best
            out.append(Segment(" ".join(tokens[i:j]).strip(" ,;"), entry, score))
            i = j
        flush()
        return out

    def collapse_paths(self, segments: list[Segment]) -> list[Segment]:
        """Join a written path ``Hivatal Ügyosztály Iroda`` into its deepest unit.

        Consecutive resolved segments where each earlier one is an ancestor of
        the next (per the authority file) name one unit, written in full.
        """
        out: list[Segment] = []
        for seg in segments:
            prev = out[-1] if out else None
            if (prev is not None and prev.entry is not None and seg.entry is not None
                    and prev.entry.id in self.ancestors(seg.entry.id)
                    and not prev.text.endswith(",")):
                out[-1] = Segment(f"{prev.text} {seg.text}", seg.entry, min(prev.score, seg.score))
            else:
                out.append(seg)
        return out


PERSON_NAME = re.compile(r"(?:[Dd]r\.\s+)?(?:[A-ZÁÉÍÓÖŐÚÜŰ][\w-]+\s?){2,3}")


def looks_like_person(text: str) -> bool:
    """Two or three capitalised words, optionally after "Dr.": a person's name written before a post."""
    return PERSON_NAME.fullmatch(text) is not None
