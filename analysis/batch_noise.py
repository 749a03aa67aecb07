"""Rule 7's noise for one published batch (analysis/disclosure/noise.py): which counts, when.

Kept apart from analysis/live.py, which calls it: the batch (live.Basis) gets
its noise drawn once, when it is published, and stored with it; drawing the
batch later adds that same noise, so every rerun and replica shows one value.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import replace
from typing import TYPE_CHECKING

from analysis import kinds
from analysis.disclosure import DECLINED, DisclosurePolicy
from analysis.kinds import View
from workshop.content import Question

if TYPE_CHECKING:
    from analysis.live import Basis


def noise_keys(question: Question, basis: Basis) -> Iterable[str]:
    """Every count of one question a view can show: options, number bins, decliners, words."""
    from analysis.live import MAX_BINS  # live imports this module

    yield from question.option_codes
    yield DECLINED
    if basis.numbers is not None:
        yield from (f"bin{index}" for index in range(MAX_BINS + 1))
    yield from basis.words


def with_noise(question: Question, basis: Basis, policy: DisclosurePolicy) -> Basis:
    """The basis with its batch's noise drawn (rule 7), when the policy noises this question."""
    cloud = kinds.spec(question.kind).view is View.cloud
    if not policy.noises(question, cloud=cloud):
        return basis
    partition = kinds.spec(question.kind).partition or basis.numbers is not None
    drawn = policy.draw_noise(question, noise_keys(question, basis), partition=partition)
    return replace(basis, noise=drawn)


def noise_shown(
    question: Question, basis: Basis, policy: DisclosurePolicy | None
) -> dict[str, int] | None:
    """The stored noise to add when drawing this basis, or None for exact counts.

    A batch stored while noise was off has none: it was on screen exactly
    already, so noise starts with the next batch.
    """
    cloud = kinds.spec(question.kind).view is View.cloud
    if policy is None or basis.noise is None or not policy.noises(question, cloud=cloud):
        return None
    return basis.noise
