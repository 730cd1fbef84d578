"""Each town's ``k`` most similar towns, recomputed only where a change can alter them.

A town's ranking key for another town is (−score, the other town's IRI), the score the similarity in
hundredths (``scores``: numpy, one block of towns against all towns at a time). After some towns'
profiles changed (or towns came or went), the list of an unchanged town ``t`` changes only if a changed
town enters or leaves it:

- if no town of ``t``'s old list changed or left, every unchanged town outside the list still ranks below
  the list's last, so the new list is the best ``k`` of the old list and the changed towns (their new
  scores against ``t``): a comparison with the few changed towns, not with the country;
- otherwise (a town of the list changed or left) ``t``'s row is ranked again against every town, as is
  the row of every changed town.

The result equals a full ranking exactly (``tests/test_similarity_update.py`` compares them on a corpus
where a change moves a town into and out of another's list). ``Ranking`` is what a build keeps for the
next: the profiles it ranked and the lists.
"""

from __future__ import annotations

from dataclasses import dataclass
from fractions import Fraction

import numpy as np

BLOCK = 256  # towns compared with every town at once (BLOCK × N × groups floats)
_MAX = np.iinfo(np.int64).max


def scores(a: np.ndarray, b: np.ndarray) -> np.ndarray:
    """Similarity of each row of ``a`` with each row of ``b`` in hundredths, rounded half up (a hair
    added so an exact .5 rounds up as Decimal does): 100 × (1 − ½ Σ|a − b|)."""
    distance = np.abs(a[:, None, :] - b[None, :, :]).sum(axis=2)
    return np.floor(100 * (1 - distance / 2) + 0.5 + 1e-9).astype(np.int64)


@dataclass
class Ranking:
    """The profiles ranked (town -> shares) and each town's list: (other town, score), best first."""
    shares: dict[str, tuple[Fraction, ...]]
    lists: dict[str, list[tuple[str, int]]]
    k: int


def _rank_rows(p: np.ndarray, towns: list[str], rows: list[int], k: int) -> dict[str, list[tuple[str, int]]]:
    """The full ranking of the towns at ``rows`` against all towns."""
    n = len(towns)
    index = np.arange(n)
    out: dict[str, list[tuple[str, int]]] = {}
    for start in range(0, len(rows), BLOCK):
        idx = np.array(rows[start:start + BLOCK])
        score = scores(p[idx], p)
        key = -score * n + index[None, :]  # higher score first, then the lower index (IRI order)
        key[np.arange(len(idx)), idx] = _MAX  # not similar to itself
        best = np.argpartition(key, k - 1, axis=1)[:, :k]
        for r, cand in enumerate(best):
            cand = cand[np.argsort(key[r, cand])]
            out[towns[idx[r]]] = [(towns[j], int(score[r, j])) for j in cand]
    return out


def rank(shares: dict[str, tuple[Fraction, ...]], k: int, last: Ranking | None = None) -> Ranking:
    """Each town's ``k`` (at most towns − 1) most similar towns; with ``last`` (the previous build's
    ranking) only the rows a change can alter are ranked against all towns."""
    towns = sorted(shares)
    n = len(towns)
    k = min(k, n - 1)
    if k < 1:
        return Ranking(dict(shares), {t: [] for t in towns}, k)
    p = np.array([[float(x) for x in shares[t]] for t in towns])
    at = {t: i for i, t in enumerate(towns)}
    if last is None or last.k != k or any(len(v) != p.shape[1] for v in last.shares.values()):
        return Ranking(dict(shares), _rank_rows(p, towns, list(range(n)), k), k)
    changed = [t for t in towns if last.shares.get(t) != shares[t]]
    moved = set(changed) | (last.shares.keys() - shares.keys())  # changed or gone
    again = set(changed) | {t for t in towns if t not in moved and any(o in moved for o, _ in last.lists[t])}
    lists = _rank_rows(p, towns, sorted(at[t] for t in again), k) if again else {}
    keep = [t for t in towns if t not in again]
    if keep and changed:
        cross = scores(p[[at[t] for t in keep]], p[[at[c] for c in changed]])
        for r, t in enumerate(keep):
            cand = last.lists[t] + [(c, int(cross[r, j])) for j, c in enumerate(changed)]
            lists[t] = sorted(cand, key=lambda e: (-e[1], e[0]))[:k]
    else:
        lists.update({t: last.lists[t] for t in keep})
    return Ranking(dict(shares), {t: lists[t] for t in towns}, k)
