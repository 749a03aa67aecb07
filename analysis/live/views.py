"""One question as a live display may show it: the k threshold, masking and subtraction protection.

`question_view` turns a session's raw counts (analysis/live/counts.py) into a
QuestionView that has already been through the session's DisclosurePolicy, so
the chart builders and pages never see a raw small count of a masked item.
"""

from __future__ import annotations

import math
import random
from collections.abc import Mapping
from dataclasses import dataclass, field
from enum import StrEnum
from typing import Any

from analysis import disclosure, kinds, words
from analysis.disclosure import DECLINED, Breakdown, DisclosurePolicy, mask_counts
from analysis.disclosure import noise as noise_rule
from analysis.kinds import View
from analysis.words import Cloud
from workshop import kinds as workshop_kinds
from workshop.aggregates import ItemCounts, NumericSummary
from workshop.content import Question

from .counts import SessionAggregates

MAX_BINS = 10


class ViewState(StrEnum):
    waiting = "waiting"  # fewer than k answered: nothing but the count
    ready = "ready"


@dataclass(frozen=True)
class NumberBin:
    key: str  # cell key in the breakdown
    low: float
    high: float  # exclusive, except for the last bin
    label: str


@dataclass(frozen=True)
class QuestionView:
    """Everything a display may show about one question, already disclosure-controlled."""

    question: Question
    k: int
    responded: int  # answered or chose "prefer not to answer"
    declined: int | None  # None when masked
    participants: int  # joined the session
    state: ViewState
    breakdown: Breakdown | None = None  # choice, likert and number bins
    bins: tuple[NumberBin, ...] = ()
    median: float | None = None
    mean_rank: dict[str, float] = field(default_factory=dict)
    texts: tuple[str, ...] = ()
    cloud: Cloud | None = None  # words and text items: words given by at least k people
    noisy: bool = False  # counts carry rule 7's noise: displays say "about N"

    @property
    def ready(self) -> bool:
        return self.state is ViewState.ready


def number_bins(question: Question, summary: NumericSummary) -> tuple[NumberBin, ...]:
    """Round-numbered bins from the question's lower bound up to the bin holding the largest answer.

    The extent ends on a bin edge, so it says no more than the bars do: that
    someone answered within that bin, never the exact largest answer.
    """
    low = question.min if question.min is not None else min(0.0, summary.minimum or 0.0)
    high = question.max if question.max is not None else (summary.maximum or low + 1)
    if summary.maximum is not None and summary.maximum < high:
        high = max(low + 1, _nice_ceiling(summary.maximum - low) + low)
    if high <= low:
        high = low + 1
    span = high - low
    if question.integer and span + 1 <= 12:
        width = 1.0
        count = int(span) + 1
    else:
        raw = span / MAX_BINS
        magnitude = 10 ** math.floor(math.log10(raw))
        width = next(m * magnitude for m in (1, 2, 2.5, 5, 10) if m * magnitude >= raw)
        count = math.ceil(span / width) + (1 if question.integer else 0)
        count = max(1, min(count, MAX_BINS + 1))
    bins = []
    for index in range(count):
        start = low + index * width
        end = start + width
        if question.integer and width == 1:
            label = f"{start:g}"
        elif question.integer:
            label = f"{start:g}–{end - 1:g}"
        else:
            label = f"{start:g}–{end:g}"
        if question.integer and width == 1:
            start, end = start - 0.5, start + 0.5  # one whole number per bar, centred on it
        bins.append(NumberBin(f"bin{index}", start, end, label))
    return tuple(bins)


def _nice_ceiling(value: float) -> float:
    """The smallest of 1, 2, 2.5, 5 times a power of ten that is at least `value` (and above 0)."""
    if value <= 0:
        return 1.0
    magnitude: float = 10 ** math.floor(math.log10(value))
    return next(m * magnitude for m in (1, 2, 2.5, 5, 10) if m * magnitude >= value)


def _bin_counts(bins: tuple[NumberBin, ...], summary: NumericSummary) -> dict[str, int]:
    counts = {b.key: 0 for b in bins}
    for value, n in summary.values.items():
        index = 0
        for i, b in enumerate(bins):
            if value >= b.low:
                index = i
        counts[bins[index].key] += n
    return counts


def question_view(
    question: Question,
    data: SessionAggregates,
    policy: DisclosurePolicy,
    *,
    seed: int = 0,
    noise: Mapping[str, int] | None = None,
) -> QuestionView:
    """Apply the policy's k threshold, masking and subtraction protection to one question.

    The policy's `mask_all` is the session's "mask small groups on every
    question" setting; sensitive and quasi-identifier questions are masked either way.
    `noise` (rule 7, drawn once per batch) is added to the counts before the
    threshold and masking, which then see only noisy counts.
    """
    k = policy.k
    counts = data.items.get(question.id) or ItemCounts(question.id, 0, 0)
    base: dict[str, Any] = {
        "question": question,
        "k": k,
        "responded": counts.responded,
        "participants": data.participants.joined,
        "noisy": noise is not None,
    }
    if not policy.enough_answers(counts.responded):
        return QuestionView(**base, declined=None, state=ViewState.waiting)
    sensitive = policy.masks(question)
    spec = kinds.spec(question.kind)
    # Rankings, texts and word lists have no categories that add up to the
    # total; what can leak is the decliner count and so, by subtraction, the
    # number who answered.
    declined: int | None = counts.declined
    if sensitive and not policy.outside_count_shown(counts.declined, counts.answered):
        declined = None
    if spec.view is View.cloud:
        terms = data.word_counts.get(question.id, {})
        if noise is not None:
            terms = disclosure.cloud_counts(terms, noise_rule.noisy(terms, noise), k)
        cloud = words.threshold(
            terms,
            k,
            held_back=data.words_held_back.get(question.id, 0),  # dropped when stored
        )
        texts: list[str] = []
        if workshop_kinds.moderated(question):  # approved free text is shown as well
            texts = list(data.approved_texts.get(question.id, ()))
            random.Random(seed).shuffle(texts)  # arrival order would say who wrote what
        return QuestionView(
            **base, declined=declined, state=ViewState.ready, texts=tuple(texts), cloud=cloud
        )
    if spec.view is View.ranking:
        # A mean rank of fewer than k people is theirs.
        ranked = not sensitive or policy.enough_answers(counts.answered)
        means = {c: counts.mean_rank[c] for c in question.option_codes if c in counts.mean_rank}
        if noise is not None and counts.answered:  # rule 7: the batch's noise on the rank sums
            options = len(question.option_codes)
            means = noise_rule.noisy_mean_ranks(means, counts.answered, options, noise)
        return QuestionView(
            **base, declined=declined, state=ViewState.ready, mean_rank=means if ranked else {}
        )
    if spec.view is View.numbers:
        summary = data.numbers.get(question.id) or NumericSummary(
            question.id, 0, None, None, None, {}
        )
        bins = number_bins(question, summary)
        cells = _noisy({**_bin_counts(bins, summary), DECLINED: counts.declined}, noise)
        breakdown = mask_counts(
            cells, k, total=sum(cells.values()), sensitive=sensitive, partition=True
        )
        exact_median = noise is None and not breakdown.withheld
        return QuestionView(
            **base,
            declined=breakdown.shown_counts().get(DECLINED),
            state=ViewState.ready,
            breakdown=breakdown,
            bins=bins,
            median=summary.median if exact_median else None,
        )
    cells = {code: counts.options.get(code, 0) for code in question.option_codes}
    partition = spec.partition
    if partition or not sensitive:
        # A multiple-choice decliner count is not part of a partition; for a
        # sensitive item it is left out rather than claimed to be "fewer than k".
        cells[DECLINED] = counts.declined
    cells = _noisy(cells, noise)
    total = counts.responded if noise is None else sum(cells.values())
    breakdown = mask_counts(cells, k, total=total, sensitive=sensitive, partition=partition)
    return QuestionView(
        **base,
        declined=breakdown.shown_counts().get(DECLINED),
        state=ViewState.ready,
        breakdown=breakdown,
    )


def _noisy(cells: dict[str, int], noise: Mapping[str, int] | None) -> dict[str, int]:
    return cells if noise is None else noise_rule.noisy(cells, noise)
