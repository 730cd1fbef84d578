"""Named programmes in free text -> authority entries (data/vocab/programmes.toml).

A programme name matches where the text has its words in order, each word
beginning with the name word's stem (the word less its last two letters, at
least four): ``Szűrőszombatok`` and ``Szűrőszombat``, ``roma gyakornoki
programban`` and ``roma gyakornoki program``. Accent- and case-insensitive.
"""

from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass
from pathlib import Path

from ..errors import SourceError
from ..text import fold


def _words(text: str) -> list[str]:
    return re.findall(r"\w+", fold(text))


def _stem(word: str) -> str:
    return word[: max(4, len(word) - 2)]


@dataclass(frozen=True)
class Programme:
    id: str
    label: str
    aliases: tuple[str, ...]


def _pattern(stems: list[str]) -> str:
    """Consecutive words (``\\w+`` runs of the folded text) beginning with the stems, in order."""
    return r"(?<!\w)" + r"\w*\W+".join(re.escape(s) for s in stems) + r"\w*"


class ProgrammeFinder:
    def __init__(self, programmes: list[Programme]):
        self.programmes = programmes
        self._patterns = [(p, [_stem(w) for w in _words(name)]) for p in programmes for name in (p.label, *p.aliases)]
        # one search per name, and first one for any name's first word: most texts name no programme
        self._regexes = [(p, re.compile(_pattern(stems))) for p, stems in self._patterns if stems]
        firsts = sorted({stems[0] for _, stems in self._patterns if stems}, key=lambda s: (-len(s), s))
        self._any = re.compile(r"(?<!\w)(?:" + "|".join(map(re.escape, firsts)) + ")") if firsts else None

    @classmethod
    def from_file(cls, path: Path) -> "ProgrammeFinder":
        if not path.exists():
            return cls([])
        try:
            rows = tomllib.loads(path.read_text(encoding="utf-8")).get("programme", [])
        except tomllib.TOMLDecodeError as exc:
            raise SourceError(str(path), None, None, f"not valid TOML: {exc}") from None
        for row in rows:
            if "id" not in row or "label" not in row:
                raise SourceError(str(path), None, None, f"[[programme]] {row.get('id', '?')}: needs id and label")
        return cls([Programme(r["id"], r["label"], tuple(r.get("aliases", []))) for r in rows])

    def find(self, text: str) -> list[Programme]:
        if self._any is None:
            return []
        folded = fold(text)
        if not self._any.search(folded):
            return []
        found: list[Programme] = []
        for programme, regex in self._regexes:
            if programme not in found and regex.search(folded):
                found.append(programme)
        return sorted(found, key=lambda p: p.id)

    def find_by_words(self, text: str) -> list[Programme]:
        """``find`` word by word (the definition ``find``'s regular expressions implement)."""
        words = _words(text)
        found: list[Programme] = []
        for programme, stems in self._patterns:
            if programme in found or not stems:
                continue
            n = len(stems)
            for i in range(len(words) - n + 1):
                if all(words[i + k].startswith(stems[k]) for k in range(n)):
                    found.append(programme)
                    break
        return sorted(found, key=lambda p: p.id)
