"""Issue 23 point 3: k-1 fakes read a victim's answer from means: before/after, and mean ranks.

The victim answers a sensitive likert question before and after the modules;
k-1 fake participants then answer "4" both times (no change), so the first
batch of k pairs has mean change (victim's change) / k. Before noise, the
view showed that mean rounded to 0.1, which for k = 5 is exactly the victim's
change over 5: the attacker read it off every time.

The attack runs through the app's own release code (prepost_live.publish, as
the Before-and-after page calls it). The noise sampler is replaced by a seeded
Laplace sampler of the same scale, so the test is deterministic and checks the
scale the release asks for; the real sampler is OpenDP's (analysis/disclosure/noise.py).

The ranking attack (benchmarks/noise_attack.py's, through analysis.live as the
projector draws it): the victim ranks four options in order or reversed, k-1
fakes in order; exact mean ranks gave the victim's ranking every time.
"""

from __future__ import annotations

import math
import random
from collections.abc import Callable, Iterator

import pytest
from sqlalchemy import Engine

from analysis import prepost_live
from analysis.disclosure import DisclosurePolicy, noise
from benchmarks import noise_attack
from workshop import participants, published, sessions
from workshop.answers import save_answer
from workshop.content import Survey, SurveySnapshot
from workshop.loading import ContentLibrary
from workshop.sessions import SessionSettings, WorkshopSession

PRE, POST = "intention_break_pre", "intention_break_post"  # after-conflict's 7-point likert pair
K = 5
TRIALS = 40
LARGEST_CHANGE = 6  # from "1" to "7": one person moves the sum of changes by at most 6


def _marked(node: object) -> object:
    """The dumped survey with the pair marked sensitive (questions sit inside its steps)."""
    if isinstance(node, dict):
        marked = {key: _marked(value) for key, value in node.items()}
        return {**marked, "sensitive": True} if node.get("id") in (PRE, POST) else marked
    if isinstance(node, list | tuple):  # model_dump keeps tuples
        return [_marked(value) for value in node]
    return node


def _sensitive(library: ContentLibrary) -> SurveySnapshot:
    snapshot = library.snapshot("after-conflict")
    survey = Survey.model_validate(_marked(snapshot.survey.model_dump(by_alias=True)))
    assert all(survey.question(item).sensitive for item in (PRE, POST))  # type: ignore[union-attr]
    return snapshot.model_copy(update={"survey": survey})


def _room(
    engine: Engine, snapshot: SurveySnapshot, victim: tuple[str, str], settings: SessionSettings
) -> WorkshopSession:
    """The victim answers first; then k-1 fakes answer "4" before and after."""
    session = sessions.create_session(engine, snapshot, settings=settings, open_now=True)
    for before, after in [victim, *[("4", "4")] * (K - 1)]:
        _, person = participants.join(engine, session.code, consented=True)
        save_answer(engine, person.id, PRE, before)
        save_answer(engine, person.id, POST, after)
    return session


def _shown_mean(engine: Engine, session: WorkshopSession) -> float | None:
    """The mean change the room sees for a fresh first batch (nothing stored yet)."""
    rows, _ = prepost_live.publish(engine, session, {})
    [row] = [r for r in rows.to_dict("records") if r["construct"] == "intention_break"]
    value = row["mean_change"]
    return None if value is None else float(value)


def _guess(shown: float | None) -> int:
    """The attacker's best guess of the victim's change: 0 or +6 (the likelihood's midpoint)."""
    return LARGEST_CHANGE if shown is not None and shown * K > LARGEST_CHANGE / 2 else 0


@pytest.fixture
def seeded_noise(monkeypatch: pytest.MonkeyPatch) -> Iterator[list[tuple[float, float]]]:
    """Laplace noise from a seeded generator; records (sensitivity, epsilon) of each draw."""
    rng = random.Random(23)
    asked: list[tuple[float, float]] = []

    def laplace(sensitivity: float, epsilon: float) -> float:
        asked.append((sensitivity, epsilon))
        scale = sensitivity / epsilon
        return rng.expovariate(1 / scale) - rng.expovariate(1 / scale)

    monkeypatch.setattr(noise, "draw_real", laplace, raising=False)
    yield asked


def _success(engine: Engine, snapshot: SurveySnapshot, settings: SessionSettings) -> float:
    worlds: dict[int, Callable[[], float | None]] = {}
    for change, victim in ((LARGEST_CHANGE, ("1", "7")), (0, ("4", "4"))):
        session = _room(engine, snapshot, victim, settings)
        worlds[change] = lambda session=session: _shown_mean(engine, session)  # type: ignore[misc]
    wins = sum(_guess(show()) == change for change, show in worlds.items() for _ in range(TRIALS))
    return wins / (2 * TRIALS)


@pytest.mark.slow
def test_with_noise_off_the_fakes_read_the_victims_change(
    engine: Engine, library: ContentLibrary
) -> None:
    assert _success(engine, _sensitive(library), SessionSettings(k=K, noise=False)) == 1.0


@pytest.mark.slow
def test_with_noise_the_fakes_cannot_read_the_victims_change(
    engine: Engine, library: ContentLibrary, seeded_noise: list[tuple[float, float]]
) -> None:
    settings = SessionSettings(k=K, epsilon=1.0)
    rate = _success(engine, _sensitive(library), settings)
    # Exact figures gave 100%. With Laplace noise of scale 6/epsilon on the sum,
    # this attacker wins 1 - e^(-epsilon/2)/2, about 70% at epsilon = 1.
    assert rate < 0.85
    assert seeded_noise, "the release drew no noise"
    assert all(s >= LARGEST_CHANGE and e == settings.epsilon for s, e in seeded_noise)


@pytest.mark.slow
def test_the_noise_is_drawn_once_per_batch(engine: Engine, library: ContentLibrary) -> None:
    """A rerun shows the stored batch: redrawing would let a watcher average the noise away."""
    session = _room(engine, _sensitive(library), ("1", "7"), SessionSettings(k=K))
    first, stored_new = prepost_live.publish(engine, session, {})
    assert stored_new
    again, moved = prepost_live.publish(
        engine, session, published.read(engine, session.id, published.Scope.live)
    )
    assert not moved
    assert first.to_dict("records") == again.to_dict("records")
    [row] = [r for r in first.to_dict("records") if r["construct"] == "intention_break"]
    assert row["noisy"] is True
    # Only the noisy mean is released: the others move with single answers.
    assert row["rank_biserial"] is None and row["median_change"] is None
    assert row["p_value"] is None and math.isfinite(float(row["mean_change"]))


@pytest.fixture
def seeded_counts(monkeypatch: pytest.MonkeyPatch) -> Iterator[list[int]]:
    """Discrete Laplace noise for counts from a seeded generator; records each draw's sensitivity."""
    draws = iter(range(10**9))
    asked: list[int] = []

    def draw(keys: object, *, sensitivity: int, epsilon: float) -> dict[str, int]:
        asked.append(sensitivity)
        per_unit = epsilon / max(1, sensitivity)  # noise.seeded has sensitivity 1
        ordered = sorted(set(keys))  # type: ignore[call-overload]
        return {key: noise.seeded(str(next(draws)), 0, epsilon=per_unit) for key in ordered}

    monkeypatch.setattr(noise, "draw", draw)
    yield asked


def _ranking_success(policy: DisclosurePolicy) -> float:
    rng = random.Random(5)
    return sum(noise_attack.ranking_trial(policy, rng) for _ in range(TRIALS * 5)) / (TRIALS * 5)


def test_with_noise_off_the_fakes_read_the_victims_ranking() -> None:
    assert _ranking_success(DisclosurePolicy(k=K, epsilon=None)) == 1.0


def test_with_noise_the_fakes_cannot_read_the_victims_ranking(seeded_counts: list[int]) -> None:
    # Exact mean ranks gave 100%; reversing a ranking of four moves the doubled,
    # centred rank sums by 16, two sensitivities (8), so no attacker beats 88% at epsilon 1.
    assert _ranking_success(DisclosurePolicy(k=K, epsilon=1.0)) < 0.85
    assert noise.rank_sensitivity(4) in seeded_counts
