"""Names of units, posts and strategy documents -> authority entries.

Owner and strategy cells list several names, joined by commas or only by
spaces, with typos and short or long forms. ``Gazetteer.segment`` cuts a cell
into the names it contains by matching token windows against every spelling
of every authority entry (accent- and case-insensitive, typo-tolerant with
rapidfuzz), longest best match first. Text it cannot match comes back as an
unresolved segment, never dropped.

Cost is linear in the cell: a window is compared only with the names whose
first and last words resemble the window's (an index by first letter, memoised
per word), so a long cell of words no name starts with costs one dictionary
look-up per word.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from rapidfuzz import fuzz

from ..text import fold

CONNECTORS = {"es", "valamint", "illetve", "ill", "ill.", "+", "-", "–", "/"}
SEPARATORS = {",", ";", "/", "\n"}

# An id becomes the path of an IRI: any letter or digit (accents too) and - _ . ~ ' … but no space,
# quote, control character or < > { } | \ ^ ` # ? % (invalid in an IRI or changing its meaning), no empty part.
_PART = r"[^\s\x00-\x1f\x7f<>\"{}|\\^`#?%/]+"
_ID = re.compile(f"{_PART}(?:/{_PART})*")
_TOKEN = re.compile(r"\n|[,;/]|[^\s,;/]+")
_MEMO_LIMIT = 50_000


def check_id(entry_id: str) -> str | None:
    """Why an authority id cannot be an IRI path (a space, a quote …), or None when it can."""
    if _ID.fullmatch(entry_id):
        return None
    return (f"id '{entry_id}' becomes part of an IRI: no spaces, quotes or < > {{ }} | \\ ^ ` # ? %, no empty part "
            f"between '/' / az azonosító IRI része lesz: nem lehet benne szóköz, idézőjel, < > {{ }} | \\ ^ ` # ? %")


@dataclass(frozen=True)
class Entry:
    id: str
    label: str
    kind: str
    parent: str | None = None
    aliases: tuple[str, ...] = ()
    origin: str = "curated"  # curated (data/vocab) | statutory (statutory.toml) | form (recognised by its head word)

    @property
    def names(self) -> tuple[str, ...]:
        return (self.label, *self.aliases)


@dataclass(frozen=True)
class Segment:
    """A piece of a cell: a resolved name (``entry`` set) or unresolved text.

    ``start``/``end`` are token positions in the cell; ``sep`` is the separator written
    between the previous segment and this one ("" when only spaces or connectors)."""

    text: str
    entry: Entry | None
    score: float
    start: int = 0
    end: int = 0
    sep: str = ""


def key(text: str) -> str:
    """Folded words, punctuation as spaces: ``Képviselő-testület.`` -> ``kepviselo testulet``."""
    return re.sub(r"\s+", " ", re.sub(r"[^\w\s]", " ", fold(text))).strip()


def _same_word(a: str, b: str) -> bool:
    """Typo-tolerant word equality; a word split in two (``Humán szolgáltatási``) matches its start."""
    return a.startswith(b) or b.startswith(a) or fuzz.ratio(a, b) >= 80


@dataclass(frozen=True)
class Token:
    start: int  # character offsets in the cell
    end: int
    words: tuple[str, ...]  # folded words ("Család-" -> ("csalad",)); empty for punctuation
    sep_after: str  # "," ";" "/" or "\n" when one stands before the next token, else ""


def tokenize(text: str) -> list[Token]:
    out: list[Token] = []
    for m in _TOKEN.finditer(text):
        piece = m.group(0)
        if piece in SEPARATORS:
            if out and not out[-1].sep_after:
                out[-1] = Token(out[-1].start, out[-1].end, out[-1].words, piece)
            continue
        out.append(Token(m.start(), m.end(), tuple(key(piece).split()), ""))
    return out


class Gazetteer:
    def __init__(self, entries: list[Entry], threshold: float = 90.0, extra_names: list[tuple[str, Entry]] = ()):
        self.entries = {e.id: e for e in entries}
        self.threshold = threshold
        self._names: list[tuple[str, int, Entry]] = []
        pairs = [(name, e) for e in entries for name in e.names] + list(extra_names)
        for name, e in pairs:
            folded = key(name)
            if folded:
                self._names.append((folded, len(folded.split()), e))
        self._exact: dict[str, Entry] = {}
        self._first: dict[str, dict[str, list[int]]] = {}  # first letter -> first word -> name indexes
        self._last: dict[str, dict[str, list[int]]] = {}
        for idx, (folded, _, e) in enumerate(self._names):
            self._exact.setdefault(folded, e)
            words = folded.split()
            self._first.setdefault(words[0][0], {}).setdefault(words[0], []).append(idx)
            self._last.setdefault(words[-1][0], {}).setdefault(words[-1], []).append(idx)
        self.max_window = max((n for _, n, _ in self._names), default=1) + 2
        self._memo_first: dict[str, frozenset[int]] = {}
        self._memo_last: dict[str, frozenset[int]] = {}

    def ancestors(self, entry_id: str) -> list[str]:
        out, seen = [], set()
        parent = self.entries[entry_id].parent if entry_id in self.entries else None
        while parent and parent not in seen:
            out.append(parent)
            seen.add(parent)
            parent = self.entries[parent].parent if parent in self.entries else None
        return out

    # ---------------------------------------------------------------- matching

    def _like(self, word: str, index: dict, memo: dict) -> frozenset[int]:
        """Indexes of the names whose first (or last) word resembles ``word``."""
        hit = memo.get(word)
        if hit is None:
            if len(memo) > _MEMO_LIMIT:
                memo.clear()
            found: list[int] = []
            for other, idxs in index.get(word[:1], {}).items():
                if _same_word(word, other):
                    found.extend(idxs)
            hit = memo[word] = frozenset(found)
        return hit

    def _match(self, words: list[str], candidates: frozenset[int]) -> tuple[Entry | None, float]:
        joined = " ".join(words)
        exact = self._exact.get(joined)
        if exact is not None:
            return exact, 100.0
        best: tuple[float, Entry | None] = (0.0, None)
        for idx in sorted(candidates):
            name, ntok, entry = self._names[idx]
            if ntok == 1 or len(name) <= 6 or abs(len(words) - ntok) > 1:
                continue
            score = fuzz.ratio(joined, name)
            if score > best[0]:
                best = (score, entry)
        return (best[1], best[0]) if best[0] >= self.threshold else (None, best[0])

    def lookup(self, text: str) -> tuple[Entry | None, float]:
        """Best entry for a whole string, or (None, best score)."""
        words = key(text).split()
        if not words:
            return None, 0.0
        cands = (self._like(words[0], self._first, self._memo_first)
                 & self._like(words[-1], self._last, self._memo_last))
        return self._match(words, cands)

    def segment(self, text: str, tokens: list[Token] | None = None) -> list[Segment]:
        """Resolved names (longest best match first) and the unresolved text between them."""
        tokens = tokenize(text) if tokens is None else tokens
        out: list[Segment] = []
        pending: list[int] = []
        sep = ""

        def piece(i: int, j: int) -> str:
            return " ".join(text[tokens[i].start:tokens[j - 1].end].split()).strip(" ,;")

        def flush() -> None:
            nonlocal sep
            if pending:
                words = [w for t in pending for w in tokens[t].words if w not in CONNECTORS]
                if words:
                    out.append(Segment(piece(pending[0], pending[-1] + 1), None, 0.0, pending[0], pending[-1] + 1, sep))
                    sep = ""
                pending.clear()

        i, n = 0, len(tokens)
        while i < n:
            best: tuple[float, int, Entry] | None = None
            first = tokens[i].words
            firsts = self._like(first[0], self._first, self._memo_first) if first else frozenset()
            if firsts:
                words: list[str] = []
                ends: list[int] = []
                for j in range(i, min(n, i + self.max_window)):
                    words.extend(tokens[j].words)
                    ends.append(len(words))
                for j in range(min(n, i + self.max_window), i, -1):
                    last = tokens[j - 1].words
                    if not last:
                        continue
                    cands = firsts & self._like(last[-1], self._last, self._memo_last)
                    if not cands:
                        continue
                    entry, score = self._match(words[:ends[j - 1 - i]], cands)
                    if entry is not None:
                        best = (score, j, entry)
                        break
            if best is None:
                pending.append(i)
                if tokens[i].sep_after:
                    flush()
                    sep = sep or tokens[i].sep_after
                i += 1
                continue
            flush()
            score, j, entry = best
            out.append(Segment(piece(i, j), entry, score, i, j, sep))
            sep = tokens[j - 1].sep_after
            i = j
        flush()
        return out

    def collapse_paths(self, segments: list[Segment]) -> list[Segment]:
        """Join a written path ``Hivatal Ügyosztály Iroda`` into its deepest unit.

        Consecutive resolved segments where each earlier one is an ancestor of
        the next (per the authority file) and nothing but spaces stands between
        them name one unit, written in full.
        """
        out: list[Segment] = []
        for seg in segments:
            prev = out[-1] if out else None
            if (prev is not None and prev.entry is not None and seg.entry is not None and not seg.sep
                    and prev.end == seg.start and prev.entry.id in self.ancestors(seg.entry.id)):
                out[-1] = Segment(f"{prev.text} {seg.text}", seg.entry, min(prev.score, seg.score),
                                  prev.start, seg.end, prev.sep)
            else:
                out.append(seg)
        return out


PERSON_NAME = re.compile(r"(?:[Dd]r\.\s+)?(?:[A-ZÁÉÍÓÖŐÚÜŰ][\w-]+\.?\s?){2,3}")


def looks_like_person(text: str) -> bool:
    """Two or three capitalised words, optionally after "Dr.": a person's name written before a post."""
    return PERSON_NAME.fullmatch(text.strip()) is not None
