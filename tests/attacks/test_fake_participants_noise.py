"""Issue 23 point 3: k-1 fake participants read a victim's answer; noise stops it being certain.

Each test plays the attack through the app's own release code
(benchmarks/noise_attack.py over analysis.live and the disclosure policy).
Before noise, every trial succeeded: the projector showed "yes" exactly when
the victim said yes, and two releases differed by exactly the victim's answer.
"""

from __future__ import annotations

import random

import pytest

from analysis import room_votes
from analysis.disclosure import DisclosurePolicy
from benchmarks import noise_attack
from workshop.question_box import Shown, Status

TRIALS = 60


def _rate(attack: str, policy: DisclosurePolicy) -> float:
    rng = random.Random(7)
    trial = noise_attack.ATTACKS[attack]
    return sum(trial(policy, rng) for _ in range(TRIALS)) / TRIALS


def test_without_noise_the_fakes_name_the_victims_answer_every_time() -> None:
    exact = DisclosurePolicy(k=5, epsilon=None)
    assert _rate("threshold", exact) == 1.0
    assert _rate("differencing", exact) == 1.0


@pytest.mark.slow
def test_with_noise_the_fakes_are_often_wrong() -> None:
    noisy = DisclosurePolicy(k=5, epsilon=1.0)
    # The bound is 88% per release; the measured rate is near 70% (benchmarks/RESULTS.md).
    assert _rate("threshold", noisy) < 0.9
    assert _rate("differencing", noisy) < 0.9


def test_one_vote_is_not_shown_to_the_room() -> None:
    """'0 votes' turned into '1 vote' five seconds after one tap."""
    policy = DisclosurePolicy(k=5)
    before = [Shown("q1", "A question", Status.approved, 0, 0.25)]
    after = [Shown("q1", "A question", Status.approved, 1, 0.25)]
    assert room_votes.room_questions(before, policy) == room_votes.room_questions(after, policy)
    [shown] = room_votes.room_questions(after, policy)
    assert shown.votes is None and "1 vote" not in shown.votes_text


def test_one_vote_does_not_reorder_the_room_list() -> None:
    policy = DisclosurePolicy(k=5)
    first = Shown("q1", "First", Status.approved, 7, 0.1)
    second = Shown("q2", "Second", Status.approved, 7, 0.9)
    order = [q.id for q in room_votes.room_questions([first, second], policy)]
    tapped = Shown("q2", "Second", Status.approved, 8, 0.9)
    assert [q.id for q in room_votes.room_questions([first, tapped], policy)] == order
