"""The forest plot's per-session effects and the DerSimonian-Laird pooled estimate."""

from __future__ import annotations

import math

import numpy as np
import pytest

from analysis import forest
from analysis.forest import SessionEffect


def _effect(session: str, mean: float, se: float, pairs: int = 20) -> SessionEffect:
    return SessionEffect("c", session, pairs, mean, se, mean - 1.96 * se, mean + 1.96 * se)


def _dersimonian_laird(y: np.ndarray, v: np.ndarray) -> tuple[float, float, float]:
    """The textbook formulas (DerSimonian & Laird 1986), written out by hand."""
    w = 1 / v
    fixed = (w * y).sum() / w.sum()
    q = (w * (y - fixed) ** 2).sum()
    c = w.sum() - (w**2).sum() / w.sum()
    tau2 = max(0.0, (q - (len(y) - 1)) / c)
    w_star = 1 / (v + tau2)
    estimate = (w_star * y).sum() / w_star.sum()
    return estimate, math.sqrt(1 / w_star.sum()), tau2


def test_pooled_estimate_matches_the_hand_computation() -> None:
    y = np.array([0.5, 1.0, 0.2])
    se = np.array([0.2, 0.3, 0.25])
    pooled = forest.pool([_effect(s, m, e) for s, m, e in zip("ABC", y, se, strict=True)])
    assert pooled is not None
    estimate, std_error, tau2 = _dersimonian_laird(y, se**2)
    # Worked by hand: Q = 4.207 on 2 df, C = 32.835, so tau² = 0.0672.
    assert tau2 == pytest.approx(0.06721, abs=1e-4)
    assert pooled.tau_squared == pytest.approx(tau2, abs=1e-5)
    assert pooled.estimate == pytest.approx(estimate, abs=1e-4)
    assert pooled.std_error == pytest.approx(std_error, abs=1e-4)
    assert pooled.ci_low == pytest.approx(estimate - 1.959964 * std_error, abs=1e-3)
    assert pooled.ci_high == pytest.approx(estimate + 1.959964 * std_error, abs=1e-3)
    assert pooled.q_statistic == pytest.approx(4.2069, abs=1e-3)
    assert pooled.i_squared == pytest.approx((4.2069 - 2) / 4.2069, abs=1e-3)
    assert sum(pooled.weights.values()) == pytest.approx(1.0, abs=1e-3)
    assert pooled.pairs == 60


def test_homogeneous_sessions_give_the_fixed_effect_estimate() -> None:
    y = np.array([0.4, 0.42, 0.41])
    se = np.array([0.2, 0.2, 0.2])
    pooled = forest.pool([_effect(s, m, e) for s, m, e in zip("ABC", y, se, strict=True)])
    assert pooled is not None
    assert pooled.tau_squared == 0
    assert pooled.estimate == pytest.approx(0.41, abs=1e-4)
    assert pooled.std_error == pytest.approx(0.2 / math.sqrt(3), abs=1e-4)


def test_a_session_below_k_shows_nothing_and_is_left_out_of_the_pool() -> None:
    small = forest.session_effect("c", "S", [1, 0, 1], k=5)
    assert (small.pairs, small.mean_change, small.ci_low) == (None, None, None)
    assert not small.usable
    effects = [
        forest.session_effect("c", "A", [1, 0, 1, 2, 1, 0], k=5),
        forest.session_effect("c", "B", [0, 0, 1, -1, 1, 0, 2], k=5),
        small,
    ]
    pooled = forest.pool(effects)
    assert pooled is not None and set(pooled.weights) == {"A", "B"}
    frame = forest.table(effects, pooled)
    assert list(frame["session"]) == ["A", "B", "S", forest.POOLED]
    assert frame.loc[2, "mean_change"] is None and frame.loc[2, "note"] == "fewer than k pairs"


def test_session_effect_is_the_mean_change_with_a_normal_interval() -> None:
    d = [1, 0, 1, 2, 1, 0]
    effect = forest.session_effect("c", "A", d, k=5)
    se = np.std(d, ddof=1) / math.sqrt(len(d))
    assert effect.mean_change == pytest.approx(np.mean(d), abs=1e-4)
    assert effect.std_error == pytest.approx(se, abs=1e-4)
    assert effect.ci_low == pytest.approx(np.mean(d) - 1.959964 * se, abs=1e-3)


def test_one_usable_session_is_not_pooled_and_the_chart_still_draws() -> None:
    effects = [forest.session_effect("c", "A", [1, 0, 1, 2, 1, 0], k=5)]
    assert forest.pool(effects) is None
    spec = forest.chart(forest.table(effects, None), "Title").to_dict()
    assert spec["title"] == "Title"
