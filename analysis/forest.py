"""Before/after effect per session and a pooled random-effects estimate (a forest plot).

The effect is the mean change (post minus pre) of one construct, in the points
of its own scale, with its standard error sd/sqrt(pairs). Sessions are pooled
with statsmodels' DerSimonian-Laird random-effects estimate, so a programme of
workshops that differ from each other is not summarised as if it were one room.
A session with fewer than k pairs contributes nothing: its figures are never shown,
and a pooled figure that included them could be unpicked by subtraction.
"""

from __future__ import annotations

import math
import warnings
from collections.abc import Sequence
from dataclasses import asdict, dataclass

import altair as alt
import numpy as np
import pandas as pd
from scipy import stats

from analysis.disclosure import is_small

CONFIDENCE = 0.95
POOLED = "Pooled (random effects)"


@dataclass(frozen=True)
class SessionEffect:
    """One session's mean change for one construct; figures are None when withheld."""

    construct: str
    session: str
    pairs: int | None
    mean_change: float | None
    std_error: float | None
    ci_low: float | None
    ci_high: float | None
    note: str = ""

    @property
    def usable(self) -> bool:
        return self.std_error is not None and self.std_error > 0


@dataclass(frozen=True)
class Pooled:
    """The random-effects estimate over the usable sessions of one construct."""

    construct: str
    sessions: int
    pairs: int
    estimate: float
    std_error: float
    ci_low: float
    ci_high: float
    tau_squared: float
    i_squared: float  # share of the spread between sessions beyond chance, 0..1
    q_statistic: float
    weights: dict[str, float]  # session -> random-effects weight, summing to 1


def session_effect(
    construct: str, session: str, differences: Sequence[float], *, k: int
) -> SessionEffect:
    """Mean change and its normal-theory interval for one session (withheld below k pairs)."""
    d = np.asarray(differences, dtype=float)
    if is_small(len(d), k):
        return SessionEffect(construct, session, None, None, None, None, None, "fewer than k pairs")
    mean = float(d.mean())
    se = float(d.std(ddof=1) / math.sqrt(len(d)))
    if se == 0:
        # Everyone changed by the same amount: no spread to weigh the session by.
        return SessionEffect(
            construct,
            session,
            len(d),
            round(mean, 4),
            0.0,
            round(mean, 4),
            round(mean, 4),
            "no spread: not pooled",
        )
    z = stats.norm.ppf(0.5 + CONFIDENCE / 2)
    return SessionEffect(
        construct,
        session,
        len(d),
        round(mean, 4),
        round(se, 4),
        round(mean - z * se, 4),
        round(mean + z * se, 4),
    )


def pool(effects: Sequence[SessionEffect]) -> Pooled | None:
    """DerSimonian-Laird random-effects estimate (statsmodels), or None with fewer than 2 sessions."""
    usable = [e for e in effects if e.usable]
    if len(usable) < 2:
        return None
    from statsmodels.stats.meta_analysis import combine_effects

    means = np.array([e.mean_change for e in usable], dtype=float)
    variances = np.array([e.std_error for e in usable], dtype=float) ** 2
    with warnings.catch_warnings():
        # statsmodels warns on the square root of a negative tau² (handled below).
        warnings.simplefilter("ignore", RuntimeWarning)
        result = combine_effects(
            means,
            variances,
            method_re="dl",
            alpha=1 - CONFIDENCE,
            use_t=False,
            row_names=[e.session for e in usable],
        )
    if result.tau2 > 0:
        estimate, std_error = float(result.mean_effect_re), float(result.sd_eff_w_re)
        weights = np.asarray(result.weights_rel_re, dtype=float)
    else:
        # DerSimonian-Laird truncates tau² at 0; statsmodels 0.15 does not, and a negative
        # tau² would shrink the interval. With tau² = 0 the estimate is the fixed effect.
        estimate, std_error = float(result.mean_effect_fe), float(result.sd_eff_w_fe)
        weights = np.asarray(result.weights_rel_fe, dtype=float)
    z = stats.norm.ppf(0.5 + CONFIDENCE / 2)
    return Pooled(
        construct=usable[0].construct,
        sessions=len(usable),
        pairs=sum(e.pairs or 0 for e in usable),
        estimate=round(estimate, 4),
        std_error=round(std_error, 4),
        ci_low=round(estimate - z * std_error, 4),
        ci_high=round(estimate + z * std_error, 4),
        tau_squared=round(max(0.0, float(result.tau2)), 6),
        i_squared=round(float(max(0.0, result.i2)), 4),
        q_statistic=round(float(result.q), 4),
        weights={e.session: round(float(w), 4) for e, w in zip(usable, weights, strict=True)},
    )


FIELDS = (
    "construct",
    "session",
    "pairs",
    "mean_change",
    "std_error",
    "ci_low",
    "ci_high",
    "weight",
    "tau_squared",
    "i_squared",
    "note",
)


def table(effects: Sequence[SessionEffect], pooled: Pooled | None) -> pd.DataFrame:
    """Rows for forest.csv: every session, then the pooled estimate (when there is one)."""
    rows: list[dict[str, object]] = []
    weights = pooled.weights if pooled else {}
    for e in effects:
        row = asdict(e)
        row.update(weight=weights.get(e.session), tau_squared=None, i_squared=None)
        rows.append(row)
    if pooled is not None:
        rows.append(
            {
                "construct": pooled.construct,
                "session": POOLED,
                "pairs": pooled.pairs,
                "mean_change": pooled.estimate,
                "std_error": pooled.std_error,
                "ci_low": pooled.ci_low,
                "ci_high": pooled.ci_high,
                "weight": 1.0,
                "tau_squared": pooled.tau_squared,
                "i_squared": pooled.i_squared,
                "note": f"DerSimonian-Laird over {pooled.sessions} sessions",
            }
        )
    return pd.DataFrame(rows, columns=list(FIELDS), dtype=object)


SCALE_CHANGE = "Mean change after the modules (scale points, 95% CI)"
# A knowledge item scores 1 right and 0 not: its mean change is a change in share correct.
KNOWLEDGE_CHANGE = "Change in share answering correctly (0.1 = 10 percentage points, 95% CI)"


def chart(frame: pd.DataFrame, title: str, change: str = SCALE_CHANGE) -> alt.LayerChart:
    """Forest plot of one construct's rows of `table`: a square per session, a diamond pooled."""
    shown = frame[frame["ci_low"].notna()].copy()
    shown["kind"] = np.where(shown["session"] == POOLED, "pooled", "session")
    order = list(frame["session"])
    y = alt.Y("session:N", sort=order, title=None)
    colour = "#1B6B73"
    zero = alt.Chart(pd.DataFrame({"x": [0.0]})).mark_rule(strokeDash=[4, 4], color="gray")
    interval = (
        alt.Chart(shown)
        .mark_rule(strokeWidth=3, color=colour)
        .encode(
            y=y,
            x=alt.X("ci_low:Q", title=change),
            x2="ci_high:Q",
        )
    )
    points = (
        alt.Chart(shown)
        .mark_point(filled=True, size=160, color=colour, opacity=1)
        .encode(
            y=y,
            x="mean_change:Q",
            shape=alt.Shape(
                "kind:N",
                scale=alt.Scale(domain=["session", "pooled"], range=["square", "diamond"]),
                legend=None,
            ),
        )
    )
    missing = frame[frame["ci_low"].isna()]
    notes = (
        alt.Chart(missing)
        .mark_text(align="left", color="gray", fontSize=12)
        .encode(y=y, x=alt.value(5), text="note:N")
    )
    layered: alt.LayerChart = alt.LayerChart(
        layer=[zero.encode(x="x:Q"), interval, points, notes]
    ).properties(title=title, height=alt.Step(34))
    return layered
