"""Hungarian-aware text similarity for linking plans to their situation analysis.

Two views of a text, both accent-insensitive:
- word stems (snowballstemmer's Hungarian stemmer) without stop words, weighted
  by TF-IDF over the corpus being linked;
- character 4-grams of the folded text, which survive typos, compounds
  (``Humánszolgáltatási`` / ``Humán szolgáltatási``) and the suffixes the
  stemmer leaves.
``similarity`` is a weighted mean of the two cosines, in [0, 1].
"""

from __future__ import annotations

import math
import re
from collections import Counter
from functools import lru_cache

import snowballstemmer

from ..text import fold

# Function words and words every plan uses, which say nothing about what a text is about.
STOP = set("""
a az egy és vagy is nem hogy de ha mint már még csak meg el ki be fel le rá ezt azt ez az ezek azok
aki ami amely amelyek akik akár illetve valamint továbbá pedig mert így ill pl stb sem se
van vannak lesz lett volt nincs nincsenek kell szükséges által során között számára részére
kerület kerületi kerületben józsefváros józsefvárosi józsefvárosban önkormányzat önkormányzati
""".split())
WORD_WEIGHT = 0.6
CHAR_N = 4

_stemmer = snowballstemmer.stemmer("hungarian")


@lru_cache(maxsize=65536)
def _stem(word: str) -> str:
    return fold(_stemmer.stemWord(word))


def stems(text: str) -> list[str]:
    words = [w for w in re.findall(r"\w+", text.lower()) if w not in STOP and not w.isdigit() and len(w) > 1]
    return [s for s in (_stem(w) for w in words) if s not in STOP]


@lru_cache(maxsize=65536)
def char_grams(text: str) -> Counter:
    t = " " + re.sub(r"\W+", " ", fold(text)).strip() + " "
    return Counter(t[i:i + CHAR_N] for i in range(max(0, len(t) - CHAR_N + 1)))


def _cosine(a: dict, b: dict) -> float:
    if not a or not b:
        return 0.0
    dot = sum(v * b.get(k, 0.0) for k, v in a.items())
    na = math.sqrt(sum(v * v for v in a.values()))
    nb = math.sqrt(sum(v * v for v in b.values()))
    return dot / (na * nb) if na and nb else 0.0


class Corpus:
    """IDF weights from all texts being linked, and vectors for any text."""

    def __init__(self, texts: list[str]):
        df = Counter()
        for t in texts:
            df.update(set(stems(t)))
        n = max(1, len(texts))
        self.idf = {s: math.log((1 + n) / (1 + c)) + 1.0 for s, c in df.items()}
        self._default_idf = math.log(1 + n) + 1.0
        self._vectors: dict[str, dict[str, float]] = {}

    def vector(self, text: str) -> dict[str, float]:
        if text not in self._vectors:
            tf = Counter(stems(text))
            self._vectors[text] = {s: c * self.idf.get(s, self._default_idf) for s, c in tf.items()}
        return self._vectors[text]

    def similarity(self, a: str, b: str) -> float:
        return WORD_WEIGHT * _cosine(self.vector(a), self.vector(b)) + \
            (1 - WORD_WEIGHT) * _cosine(char_grams(a), char_grams(b))
