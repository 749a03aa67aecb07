"""Paired pre/post comparison per construct, as one tidy table (one row per construct).

For each construct (a `measure: pre` item and its `measure: post` twin):
pairs, mean and median change (post minus pre), the Wilcoxon signed-rank test,
the matched-pairs rank-biserial correlation with a seeded bootstrap
confidence interval, and the unmatched rate. Every figure is withheld when
there are fewer than k pairs. The chart is analysis.charts.prepost.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from dataclasses import asdict, dataclass, fields

import numpy as np
import pandas as pd
from scipy import stats
from sqlalchemy import Engine

from analysis.dataset import Dataset, effective_k, knowledge, load, paired_scores
from analysis.disclosure import is_small

KNOWLEDGE = "knowledge"  # the construct id of the knowledge score's row
BOOTSTRAP_RESAMPLES = 2000
BOOTSTRAP_SEED = 20261127
CONFIDENCE = 0.95


@dataclass(frozen=True)
class PrePostResult:
    construct: str
    pre_item: str
    post_item: str
    pairs: int | None
    unmatched_rate: float | None
    mean_change: float | None
    median_change: float | None
    wilcoxon_statistic: float | None
    p_value: float | None
    rank_biserial: float | None
    ci_low: float | None
    ci_high: float | None
    suppressed: bool

    def as_dict(self) -> dict[str, object]:
        return asdict(self)


def rank_biserial(differences: np.ndarray) -> np.ndarray:
    """Matched-pairs rank-biserial r = (T+ - T-) / (T+ + T-), zero differences dropped.

    Works on a 1-D array or row-wise on a 2-D array of resampled differences.
    """
    d = np.atleast_2d(np.asarray(differences, dtype=float))
    ranks = stats.rankdata(np.abs(d), axis=1)
    # Zeros tie for the lowest ranks; removing them shifts every other rank down
    # by the number of zeros, exactly as ranking the non-zero values alone.
    zeros = (d == 0).sum(axis=1, keepdims=True)
    ranks = ranks - zeros
    positive = np.where(d > 0, ranks, 0).sum(axis=1)
    negative = np.where(d < 0, ranks, 0).sum(axis=1)
    total = positive + negative
    with np.errstate(invalid="ignore", divide="ignore"):
        r = np.where(total > 0, (positive - negative) / np.where(total > 0, total, 1), 0.0)
    return r if np.ndim(differences) > 1 else r[:1]


def bootstrap_ci(
    differences: np.ndarray,
    *,
    resamples: int = BOOTSTRAP_RESAMPLES,
    seed: int = BOOTSTRAP_SEED,
    confidence: float = CONFIDENCE,
) -> tuple[float, float]:
    """Percentile bootstrap interval of the rank-biserial r, resampling pairs."""
    rng = np.random.default_rng(seed)
    d = np.asarray(differences, dtype=float)
    picks = rng.integers(0, len(d), size=(resamples, len(d)))
    r = rank_biserial(d[picks])
    tail = (1 - confidence) / 2 * 100
    low, high = np.percentile(r, [tail, 100 - tail])
    return float(low), float(high)


def _rounded(value: float, digits: int = 4) -> float:
    return round(float(value), digits)


def compare(
    construct: str,
    pre_item: str,
    post_item: str,
    pre: Sequence[float | None],
    post: Sequence[float | None],
    *,
    k: int,
    seed: int = BOOTSTRAP_SEED,
    resamples: int = BOOTSTRAP_RESAMPLES,
) -> PrePostResult:
    """pre[i] and post[i] belong to participant i; None where that answer is missing."""
    both = [(a, b) for a, b in zip(pre, post, strict=True) if a is not None and b is not None]
    either = sum(1 for a, b in zip(pre, post, strict=True) if a is not None or b is not None)
    pairs = len(both)
    if is_small(pairs, k):
        return PrePostResult(
            construct,
            pre_item,
            post_item,
            pairs=None,
            unmatched_rate=None,
            mean_change=None,
            median_change=None,
            wilcoxon_statistic=None,
            p_value=None,
            rank_biserial=None,
            ci_low=None,
            ci_high=None,
            suppressed=True,
        )
    d = np.array([b - a for a, b in both], dtype=float)
    unmatched = (either - pairs) / either
    if np.all(d == 0):
        statistic, p_value = 0.0, 1.0  # no change at all: nothing for the test to rank
    else:
        test = stats.wilcoxon(d, zero_method="wilcox", alternative="two-sided")
        statistic, p_value = float(test.statistic), float(test.pvalue)
    low, high = bootstrap_ci(d, seed=seed, resamples=resamples)
    return PrePostResult(
        construct=construct,
        pre_item=pre_item,
        post_item=post_item,
        pairs=pairs,
        unmatched_rate=_rounded(unmatched),
        mean_change=_rounded(d.mean()),
        median_change=_rounded(np.median(d)),
        wilcoxon_statistic=_rounded(statistic),
        p_value=_rounded(p_value, 6) if math.isfinite(p_value) else None,
        rank_biserial=_rounded(rank_biserial(d)[0]),
        ci_low=_rounded(low),
        ci_high=_rounded(high),
        suppressed=False,
    )


COLUMNS = tuple(f.name for f in fields(PrePostResult))


def table(results: Sequence[PrePostResult]) -> pd.DataFrame:
    """One row per construct, the columns of PrePostResult (missing figures as None)."""
    rows = [[getattr(r, name) for name in COLUMNS] for r in results]
    return pd.DataFrame(rows, columns=list(COLUMNS), dtype=object)


def analyze(
    constructs: Mapping[str, tuple[str, str]],
    values: Mapping[str, Sequence[float | None]],
    *,
    k: int,
    seed: int = BOOTSTRAP_SEED,
) -> pd.DataFrame:
    """constructs: id -> (pre item, post item); values: item id -> one value per participant."""
    return table(
        [
            compare(construct, pre, post, values[pre], values[post], k=k, seed=seed)
            for construct, (pre, post) in constructs.items()
        ]
    )


def from_dataset(dataset: Dataset, *, seed: int = BOOTSTRAP_SEED) -> pd.DataFrame:
    """Every construct the dataset asked before and after, compared at the dataset's k."""
    constructs, values = paired_scores(dataset)
    scored = knowledge(dataset)
    if scored is not None and any(r.pre.items and r.post.items for r in scored):
        # The knowledge score as one more pair: items right before and after, for
        # participants who answered every knowledge item on both sides.
        constructs = {**constructs, KNOWLEDGE: ("knowledge_pre", "knowledge_post")}
        values = {
            **values,
            "knowledge_pre": [None if r.change is None else float(r.pre.correct) for r in scored],
            "knowledge_post": [None if r.change is None else float(r.post.correct) for r in scored],
        }
    return analyze(constructs, values, k=dataset.k, seed=seed)


def for_sessions(engine: Engine, session_ids: Sequence[int], k: int | None = None) -> pd.DataFrame:
    """Pre/post results for sessions straight from the database (facilitator results page).

    Uses the same reading and k as the export (the sessions' own k unless a higher
    one is given), so the page and the export never disagree.
    """
    dataset = load(engine, session_ids, effective_k(engine, session_ids, k))
    return from_dataset(dataset)
