"""Rule 7's noise for one published batch (analysis/disclosure/noise.py): which counts, when.

Kept apart from analysis/live.py, which calls it: a batch (live.Basis) gets
its noise drawn once, when it is published, and stored with it; drawing the
batch later adds that same noise, so every rerun and replica shows one value.
"""

from __future__ import annotations

from collections.abc import Iterable

from analysis import kinds
from analysis.disclosure import DECLINED, DisclosurePolicy
from analysis.kinds import View
from workshop.content import Question


def _cloud(question: Question) -> bool:
    return kinds.spec(question.kind).view is View.cloud


def noise_keys(question: Question, words: Iterable[str], bins: int) -> Iterable[str]:
    """Every count of one question a view can show: options, decliners, number bins, words."""
    yield from question.option_codes
    yield DECLINED
    yield from (f"bin{index}" for index in range(bins))
    yield from words


def draw_for_batch(
    question: Question, words: Iterable[str], bins: int, policy: DisclosurePolicy
) -> dict[str, int] | None:
    """A new batch's noise, or None when the policy shows this question's counts exactly.

    `bins` is how many number bins the question can have (0 for other kinds).
    """
    if not policy.noises(question, cloud=_cloud(question)):
        return None
    partition = kinds.spec(question.kind).partition or bins > 0
    keys = noise_keys(question, words, bins)
    drawn = policy.draw_noise(question, keys, partition=partition)
    if kinds.spec(question.kind).view is View.ranking:  # its mean ranks: a release of their own
        drawn.update(policy.draw_rank_noise(question))
    return drawn


def noise_shown(
    question: Question, stored: dict[str, int] | None, policy: DisclosurePolicy | None
) -> dict[str, int] | None:
    """The stored noise to add when drawing a batch, or None for exact counts.

    A batch stored while noise was off has none: it was on screen exactly
    already, so noise starts with the next batch.
    """
    if policy is None or stored is None or not policy.noises(question, cloud=_cloud(question)):
        return None
    return stored
