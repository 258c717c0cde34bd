"""Ranking metrics over graded judgements: nDCG@k, reciprocal rank and recall@k.

A judged passage has a gain: 2 for relevant (it answers the query), 1 for partial (it helps).
MRR and recall count only the relevant passages: a citizen's question is answered by those.
"""
from __future__ import annotations

import math
from dataclasses import dataclass
from statistics import fmean

RELEVANT, PARTIAL = 2, 1
CUTOFF = 10


@dataclass(frozen=True)
class Scores:
    ndcg: float
    rr: float
    recall: float


def ndcg(ranked: list[str], gains: dict[str, int], k: int = CUTOFF) -> float:
    """Normalised discounted cumulative gain of the first ``k`` ranked ids (linear gains)."""
    dcg = sum(gains.get(pid, 0) / math.log2(rank + 1) for rank, pid in enumerate(ranked[:k], 1))
    ideal = sorted(gains.values(), reverse=True)[:k]
    idcg = sum(g / math.log2(rank + 1) for rank, g in enumerate(ideal, 1))
    return dcg / idcg if idcg else 0.0


def reciprocal_rank(ranked: list[str], gains: dict[str, int], k: int = CUTOFF) -> float:
    """1 / rank of the first relevant passage within the first ``k``, else 0."""
    for rank, pid in enumerate(ranked[:k], 1):
        if gains.get(pid, 0) >= RELEVANT:
            return 1.0 / rank
    return 0.0


def recall(ranked: list[str], gains: dict[str, int], k: int = CUTOFF) -> float:
    """Share of the relevant passages found within the first ``k``."""
    wanted = {pid for pid, gain in gains.items() if gain >= RELEVANT}
    return len(wanted & set(ranked[:k])) / len(wanted) if wanted else 0.0


def score(ranked: list[str], gains: dict[str, int], k: int = CUTOFF) -> Scores:
    """All three metrics of one ranking."""
    return Scores(ndcg(ranked, gains, k), reciprocal_rank(ranked, gains, k), recall(ranked, gains, k))


def mean(scores: list[Scores]) -> Scores:
    """The mean of each metric (zeros for no scores)."""
    if not scores:
        return Scores(0.0, 0.0, 0.0)
    return Scores(fmean(s.ndcg for s in scores), fmean(s.rr for s in scores), fmean(s.recall for s in scores))
