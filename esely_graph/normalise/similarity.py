"""Hungarian-aware text similarity for linking plans to their situation analysis.

Two views of a text, both accent-insensitive:
- word stems (snowballstemmer's Hungarian stemmer) without stop words, weighted
  by TF-IDF over the corpus being linked;
- character 4-grams of the folded text, which survive typos, compounds
  (``Humánszolgáltatási`` / ``Humán szolgáltatási``) and the suffixes the
  stemmer leaves.
``similarity`` is a weighted mean of the two cosines, in [0, 1].

Vectorised: every text of the corpus is one row of two L2-normalised sparse
matrices (scipy.sparse), so the similarities of a block of texts against another
are two sparse matrix products (``Corpus.block``). No town's name is a stop word
here: stop words are Hungarian function words and words of every local plan.
"""

from __future__ import annotations

import math
import re
from collections import Counter
from itertools import chain
from functools import lru_cache

import numpy as np
import snowballstemmer
from scipy import sparse

from ..text import fold

# Function words and words every Hungarian local plan uses, which say nothing about what a text is about.
STOP = frozenset("""
a az egy és vagy is nem hogy de ha mint már még csak meg el ki be fel le rá ezt azt ez az ezek azok
aki ami amely amelyek akik akár illetve valamint továbbá pedig mert így ill pl stb sem se
van vannak lesz lett volt nincs nincsenek kell szükséges által során között számára részére
kerület kerületi kerületben önkormányzat önkormányzati
""".split())
WORD_WEIGHT = 0.6
CHAR_N = 4

_stemmer = snowballstemmer.stemmer("hungarian")


@lru_cache(maxsize=1 << 20)
def _stem(word: str) -> str:
    return fold(_stemmer.stemWord(word))


def stems(text: str) -> list[str]:
    """Folded stems of the content words."""
    words = [w for w in re.findall(r"\w+", text.lower()) if w not in STOP and not w.isdigit() and len(w) > 1]
    return [s for s in (_stem(w) for w in words) if s not in STOP]


@lru_cache(maxsize=4096)  # a text's grams are computed once per corpus anyway; keep memory small
def char_grams(text: str) -> Counter:
    t = " " + _NON_WORD.sub(" ", fold(text)).strip() + " "
    return Counter(map("".join, zip(*(t[i:] for i in range(CHAR_N)))))  # t[i:i + 4] for every i, in order


_NON_WORD = re.compile(r"\W+")


def _normalised_rows(rows: list[dict], columns: dict[str, int], counts: bool = False) -> sparse.csr_matrix:
    """One L2-normalised sparse row per dict (feature -> weight); new features get new columns, in
    the order they are met (the products sum in column order: the same columns, the same floats).
    ``counts``: the weights are whole numbers, whose squares numpy sums exactly; other weights'
    squares are summed by Python, left to right, as they always were."""
    lengths = np.fromiter(map(len, rows), np.int64, len(rows))
    total = int(lengths.sum())
    new = [k for k in dict.fromkeys(chain.from_iterable(rows)) if k not in columns]
    columns.update(zip(new, range(len(columns), len(columns) + len(new))))
    indices = np.fromiter(map(columns.__getitem__, chain.from_iterable(rows)), np.int64, total)
    values = chain.from_iterable(r.values() for r in rows)
    indptr = np.concatenate(([0], np.cumsum(lengths)))
    squares = np.zeros(len(rows), dtype=float)
    if counts:
        whole = np.fromiter(values, np.int64, total)
        data = whole.astype(float)
        if total:
            filled = lengths > 0
            squares[filled] = np.add.reduceat(whole * whole, indptr[:-1][filled])  # exact: whole numbers
    else:
        data = np.fromiter(values, float, total)
        squares[:] = [sum(v * v for v in r.values()) for r in rows]
    data = data / np.repeat(np.sqrt(squares), lengths)  # as v / math.sqrt(…): IEEE division and root
    return sparse.csr_matrix((data, indices, indptr), shape=(len(rows), max(1, len(columns))))


class Corpus:
    """IDF weights from all texts being linked, and one row of each view per text."""

    def __init__(self, texts: list[str]):
        df = Counter()
        stemmed = {}
        for t in texts:
            if t not in stemmed:
                stemmed[t] = stems(t)
            df.update(set(stemmed[t]))
        n = max(1, len(texts))
        self.idf = {s: math.log((1 + n) / (1 + c)) + 1.0 for s, c in df.items()}
        self._default_idf = math.log(1 + n) + 1.0
        self.row: dict[str, int] = {}
        self._words = self._chars = None
        self._wcols: dict[str, int] = {}
        self._ccols: dict[str, int] = {}
        self.add(list(stemmed), stemmed)

    def vector(self, text: str, stemmed: list[str] | None = None) -> dict[str, float]:
        tf = Counter(stems(text) if stemmed is None else stemmed)
        return {s: c * self.idf.get(s, self._default_idf) for s, c in tf.items()}

    def add(self, texts: list[str], stemmed: dict | None = None) -> None:
        """Give rows to texts not seen yet (their IDF is the corpus's, unseen stems count as rare)."""
        new = [t for t in dict.fromkeys(texts) if t not in self.row]
        if not new:
            return
        words = _normalised_rows([self.vector(t, (stemmed or {}).get(t)) for t in new], self._wcols)
        chars = _normalised_rows([char_grams(t) for t in new], self._ccols, counts=True)
        for t in new:
            self.row[t] = len(self.row)
        self._words = words if self._words is None else _stack(self._words, words)
        self._chars = chars if self._chars is None else _stack(self._chars, chars)

    def block(self, a: list[str], b: list[str]) -> np.ndarray:
        """similarity(a[i], b[j]) for every i, j: a dense len(a) × len(b) array."""
        self.add(list(a) + list(b))
        if not a or not b:
            return np.zeros((len(a), len(b)))
        ia = [self.row[t] for t in a]
        ib = [self.row[t] for t in b]
        w = _cross(self._words, ia, ib)
        c = _cross(self._chars, ia, ib)
        return WORD_WEIGHT * w + (1 - WORD_WEIGHT) * c

    def similarity(self, a: str, b: str) -> float:
        return float(self.block([a], [b])[0, 0])


def _stack(top: sparse.csr_matrix, bottom: sparse.csr_matrix) -> sparse.csr_matrix:
    width = max(top.shape[1], bottom.shape[1])
    top.resize(top.shape[0], width)
    bottom.resize(bottom.shape[0], width)
    return sparse.vstack([top, bottom], format="csr")


def _cross(m: sparse.csr_matrix, ia: list[int], ib: list[int]) -> np.ndarray:
    return np.asarray((m[ia] @ m[ib].T).todense())
