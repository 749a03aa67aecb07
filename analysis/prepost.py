"""Paired pre/post comparison per construct, and its chart.

For each construct (a `measure: pre` item and its `measure: post` twin):
pairs, mean and median change (post minus pre), the Wilcoxon signed-rank test,
the matched-pairs rank-biserial correlation with a seeded bootstrap
confidence interval, and the unmatched rate. Every figure is withheld when
there are fewer than k pairs.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from dataclasses import asdict, dataclass
from typing import TYPE_CHECKING

import numpy as np
from scipy import stats

if TYPE_CHECKING:  # both imported lazily at run time
    import altair as alt
    from sqlalchemy import Engine

BOOTSTRAP_RESAMPLES = 2000
BOOTSTRAP_SEED = 20261127
CONFIDENCE = 0.95

PREPOST_FIELDS = (
    "construct",
    "pre_item",
    "post_item",
    "pairs",
    "unmatched_rate",
    "mean_change",
    "median_change",
    "wilcoxon_statistic",
    "p_value",
    "rank_biserial",
    "ci_low",
    "ci_high",
    "suppressed",
)


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
    if pairs < k:
        hidden = (None,) * 9  # every figure from pairs to ci_high
        return PrePostResult(construct, pre_item, post_item, *hidden, suppressed=True)
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


def analyze(
    constructs: Mapping[str, tuple[str, str]],
    values: Mapping[str, Sequence[float | None]],
    *,
    k: int,
    seed: int = BOOTSTRAP_SEED,
) -> list[PrePostResult]:
    """constructs: id -> (pre item, post item); values: item id -> one value per participant."""
    return [
        compare(construct, pre, post, values[pre], values[post], k=k, seed=seed)
        for construct, (pre, post) in constructs.items()
    ]


def for_sessions(
    engine: Engine, session_ids: Sequence[int], k: int | None = None
) -> list[PrePostResult]:
    """Pre/post results for sessions straight from the database (facilitator results page).

    Uses the same reading and k as the export (the sessions' own k unless a higher
    one is given), so the page and the export never disagree.
    """
    from analysis.export import effective_k, load, prepost_results

    dataset = load(engine, session_ids, effective_k(engine, session_ids, k))
    return prepost_results(dataset)


def chart(results: Sequence[PrePostResult]) -> alt.LayerChart:
    """Altair chart: rank-biserial effect and its 95% interval per construct.

    Constructs with fewer than k pairs are listed with a note instead of a point.
    """
    import altair as alt
    import pandas as pd

    rows = []
    for r in results:
        rows.append(
            {
                "construct": r.construct,
                "effect": r.rank_biserial,
                "low": r.ci_low,
                "high": r.ci_high,
                "pairs": r.pairs,
                "mean_change": r.mean_change,
                "p_value": r.p_value,
                "note": "fewer than k pairs: not shown" if r.suppressed else "",
            }
        )
    frame = pd.DataFrame(
        rows,
        columns=["construct", "effect", "low", "high", "pairs", "mean_change", "p_value", "note"],
    )
    shown = frame[frame["note"] == ""]
    y = alt.Y("construct:N", title=None, sort=None)
    scale = alt.Scale(domain=[-1, 1])
    zero = (
        alt.Chart(pd.DataFrame({"x": [0]}))
        .mark_rule(strokeDash=[4, 4], color="gray")
        .encode(x=alt.X("x:Q", scale=scale))
    )
    colour = "#2f6f6a"
    interval = (
        alt.Chart(shown)
        .mark_rule(strokeWidth=4, color=colour, opacity=0.6)
        .encode(
            y=y,
            x=alt.X(
                "low:Q", scale=scale, title="Change after the modules (rank-biserial r, 95% CI)"
            ),
            x2="high:Q",
        )
    )
    points = (
        alt.Chart(shown)
        .mark_point(filled=True, size=220, color=colour, opacity=1)
        .encode(
            y=y,
            x=alt.X("effect:Q", scale=scale),
            tooltip=[
                alt.Tooltip("construct:N", title="Construct"),
                alt.Tooltip("pairs:Q", title="Pairs"),
                alt.Tooltip("mean_change:Q", title="Mean change", format=".2f"),
                alt.Tooltip("effect:Q", title="Rank-biserial r", format=".2f"),
                alt.Tooltip("p_value:Q", title="Wilcoxon p", format=".3f"),
            ],
        )
    )
    notes = (
        alt.Chart(frame[frame["note"] != ""])
        .mark_text(align="left", dx=5, color="gray", fontSize=14)
        .encode(y=y, x=alt.value(5), text="note:N")
    )
    layered: alt.LayerChart = (
        alt.LayerChart(layer=[zero, interval, points, notes])
        .properties(
            title="Before and after: change per construct",
            width="container",
            height=alt.Step(56),  # one roomy row per construct, readable on a projector
        )
        .configure_axis(labelFontSize=14, titleFontSize=14)
        .configure_title(fontSize=18, anchor="start")
    )
    return layered
