"""What a live display may show for each question: SQL aggregates plus disclosure control.

`collect` runs the GROUP BY queries once per session (the app caches it per
refresh interval, shared by every viewer). `question_view` turns those counts
into a QuestionView that has already been through analysis.disclosure, so the
chart builders and pages never see a raw small count of a masked item.
`BatchedViews` decides what is on screen and replaces it only in batches;
the batch itself is kept in a BatchStore (the database in the app).
"""

from __future__ import annotations

import json
import math
import random
import threading
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field, replace
from enum import StrEnum
from typing import Any, Protocol

from sqlalchemy import Engine

from analysis import disclosure, kinds, words
from analysis.batch_noise import draw_for_batch, noise_shown
from analysis.disclosure import DECLINED, Breakdown, DisclosurePolicy
from analysis.disclosure import noise as noise_rule
from analysis.kinds import View
from analysis.words import Cloud
from workshop import aggregates, moderation
from workshop import kinds as workshop_kinds
from workshop import published as stored_batches
from workshop.aggregates import ItemCounts, NumericSummary, ParticipantCounts
from workshop.content import Question, Survey
from workshop.published import Stored

MAX_BINS = 10


@dataclass(frozen=True)
class SessionAggregates:
    """Raw counts for one session (no disclosure control yet). Holds no participant ids."""

    session_id: int
    participants: ParticipantCounts
    items: dict[str, ItemCounts]
    numbers: dict[str, NumericSummary]
    approved_texts: dict[str, tuple[str, ...]]
    # item -> normalized word -> how many different participants gave it
    word_counts: dict[str, dict[str, int]] = field(default_factory=dict)


def collect(engine: Engine, session_id: int, survey: Survey) -> SessionAggregates:
    """All counts a display needs, each computed by SQL GROUP BY."""
    numbers = {
        q.id: aggregates.numeric_summary(engine, session_id, q.id)
        for q in survey.questions
        if kinds.spec(q.kind).view is View.numbers
    }
    approved: dict[str, list[str]] = {}
    for answer in moderation.texts(engine, session_id, status=moderation.Status.approved):
        approved.setdefault(answer.item_id, []).append(answer.text)
    worded = [q for q in survey.questions if q.kind in words.CLOUD_KINDS]
    values = aggregates.answer_values(engine, session_id, [q.id for q in worded])
    word_counts = {
        q.id: dict(words.count_terms(q.kind, values.get(q.id, ()), language=survey.language))
        for q in worded
    }
    return SessionAggregates(
        session_id=session_id,
        participants=aggregates.participant_counts(engine, session_id),
        items=aggregates.item_counts(engine, session_id),
        numbers=numbers,
        approved_texts={item: tuple(texts) for item, texts in approved.items()},
        word_counts=word_counts,
    )


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
    k: int,
    *,
    seed: int = 0,
    mask_all: bool = False,
    noise: Mapping[str, int] | None = None,
) -> QuestionView:
    """Apply the k threshold, masking and subtraction protection to one question.

    `mask_all` is the session's "mask small groups on every question" setting;
    sensitive and quasi-identifier questions are masked either way. `noise`
    (rule 7, drawn once per batch) is added to the counts before the threshold
    and masking, which then see only noisy counts.
    """
    counts = data.items.get(question.id) or ItemCounts(question.id, 0, 0)
    base: dict[str, Any] = {
        "question": question,
        "k": k,
        "responded": counts.responded,
        "participants": data.participants.joined,
        "noisy": noise is not None,
    }
    if not disclosure.enough_answers(counts.responded, k):
        return QuestionView(**base, declined=None, state=ViewState.waiting)
    sensitive = disclosure.masks_small_groups(question, mask_all=mask_all)
    spec = kinds.spec(question.kind)
    # Rankings, texts and word lists have no categories that add up to the
    # total; what can leak is the decliner count and so, by subtraction, the
    # number who answered.
    declined: int | None = counts.declined
    if sensitive and not disclosure.outside_count_shown(counts.declined, counts.answered, k):
        declined = None
    if spec.view is View.cloud:
        terms = data.word_counts.get(question.id, {})
        if noise is not None:
            terms = disclosure.cloud_counts(terms, noise_rule.noisy(terms, noise), k)
        cloud = words.threshold(terms, k)
        texts: list[str] = []
        if workshop_kinds.moderated(question):  # approved free text is shown as well
            texts = list(data.approved_texts.get(question.id, ()))
            random.Random(seed).shuffle(texts)  # arrival order would say who wrote what
        return QuestionView(
            **base, declined=declined, state=ViewState.ready, texts=tuple(texts), cloud=cloud
        )
    if spec.view is View.ranking:
        # A mean rank of fewer than k people is theirs.
        ranked = not sensitive or disclosure.enough_answers(counts.answered, k)
        return QuestionView(
            **base,
            declined=declined,
            state=ViewState.ready,
            mean_rank={
                c: counts.mean_rank[c]
                for c in question.option_codes
                if c in counts.mean_rank and ranked
            },
        )
    if spec.view is View.numbers:
        summary = data.numbers.get(question.id) or NumericSummary(
            question.id, 0, None, None, None, {}
        )
        bins = number_bins(question, summary)
        cells = _noisy({**_bin_counts(bins, summary), DECLINED: counts.declined}, noise)
        breakdown = disclosure.mask_counts(
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
    breakdown = disclosure.mask_counts(
        cells, k, total=total, sensitive=sensitive, partition=partition
    )
    return QuestionView(
        **base,
        declined=breakdown.shown_counts().get(DECLINED),
        state=ViewState.ready,
        breakdown=breakdown,
    )


def _noisy(cells: dict[str, int], noise: Mapping[str, int] | None) -> dict[str, int]:
    return cells if noise is None else noise_rule.noisy(cells, noise)


@dataclass(frozen=True)
class Published:
    """The chart on screen (possibly from an earlier batch) and the live counts."""

    view: QuestionView
    responded_now: int
    participants_now: int

    @property
    def answered_line(self) -> str:
        people = "participant" if self.participants_now == 1 else "participants"
        return f"{self.responded_now} of {self.participants_now} {people} answered"

    @property
    def is_behind(self) -> bool:
        return self.view.ready and self.view.responded != self.responded_now


@dataclass(frozen=True)
class Basis:
    """The counts one question's published batch is drawn from. No participant ids.

    Stored as JSON (workshop/published.py), so a batch survives hide/reveal,
    restarts and other replicas, and is redrawn with the session's current k.
    """

    counts: ItemCounts
    numbers: NumericSummary | None = None
    words: dict[str, int] = field(default_factory=dict)
    texts: tuple[str, ...] = ()  # approved texts, for a released snapshot
    noise: dict[str, int] | None = None  # rule 7: drawn once for this batch, None if exact

    @property
    def responded(self) -> int:
        return self.counts.responded

    def stored(self) -> Stored:
        numbers = self.numbers
        payload = {
            "counts": {
                "answered": self.counts.answered,
                "declined": self.counts.declined,
                "options": self.counts.options,
                "mean_rank": self.counts.mean_rank,
            },
            "numbers": None
            if numbers is None
            else {
                "count": numbers.count,
                "mean": numbers.mean,
                "minimum": numbers.minimum,
                "maximum": numbers.maximum,
                "values": sorted(numbers.values.items()),
            },
            "words": self.words,
            "texts": list(self.texts),
        }
        if self.noise is not None:
            payload["noise"] = self.noise
        return Stored(self.responded, json.dumps(payload, sort_keys=True))

    @classmethod
    def from_stored(cls, item_id: str, stored: Stored) -> Basis:
        payload = json.loads(stored.basis)
        c, n = payload["counts"], payload["numbers"]
        return cls(
            counts=ItemCounts(
                item_id, int(c["answered"]), int(c["declined"]), c["options"], c["mean_rank"]
            ),
            numbers=None
            if n is None
            else NumericSummary(
                item_id,
                int(n["count"]),
                n["mean"],
                n["minimum"],
                n["maximum"],
                {float(v): int(k) for v, k in n["values"]},
            ),
            words={w: int(k) for w, k in payload["words"].items()},
            texts=tuple(payload["texts"]),
            noise=None
            if payload.get("noise") is None
            else {key: int(n) for key, n in payload["noise"].items()},
        )


def basis_of(data: SessionAggregates, item_id: str) -> Basis:
    return Basis(
        counts=data.items.get(item_id) or ItemCounts(item_id, 0, 0),
        numbers=data.numbers.get(item_id),
        words=dict(data.word_counts.get(item_id, {})),
        texts=data.approved_texts.get(item_id, ()),
    )


def aggregates_of(
    session_id: int, item_id: str, basis: Basis, participants: ParticipantCounts
) -> SessionAggregates:
    """A one-question SessionAggregates drawn from a stored basis, for question_view."""
    return SessionAggregates(
        session_id=session_id,
        participants=participants,
        items={item_id: basis.counts},
        numbers={item_id: basis.numbers} if basis.numbers is not None else {},
        approved_texts={item_id: basis.texts},
        word_counts={item_id: basis.words},
    )


def next_batch(shown: Basis | None, fresh: Basis, k: int, batch: int) -> Basis | None:
    """Rule 4: the basis to publish now, or None to keep what is shown.

    Below k (after withdrawals) nothing is charted and nothing is stored: the
    last batch stays the baseline, so coming back above k with one person
    swapped for another does not show the difference.
    """
    if not disclosure.enough_answers(fresh.responded, k):
        return None
    if shown is None or disclosure.should_publish(shown.responded, fresh.responded, batch):
        return fresh
    return None


class BatchStore(Protocol):
    """Where published batches are kept: the database in the app, memory in tests."""

    def shown(self, session_id: int, item_id: str) -> Stored | None: ...

    def publish(
        self, session_id: int, item_id: str, new: Stored, *, replacing: Stored | None
    ) -> bool:
        """Store `new` if `replacing` is still stored; False when another viewer got there first."""
        ...


class MemoryBatchStore:
    """Batches in this process only: for notebooks and tests (the app uses the database)."""

    def __init__(self) -> None:
        self._shown: dict[tuple[int, str], Stored] = {}
        self._lock = threading.Lock()

    def shown(self, session_id: int, item_id: str) -> Stored | None:
        return self._shown.get((session_id, item_id))

    def publish(
        self, session_id: int, item_id: str, new: Stored, *, replacing: Stored | None
    ) -> bool:
        with self._lock:
            if self._shown.get((session_id, item_id)) != replacing:
                return False
            self._shown[(session_id, item_id)] = new
            return True


class DatabaseBatchStore:
    """Batches kept in the database (workshop/published.py), shared by restarts and replicas.

    `read(session_id)` returns the session's stored batches; the app passes a
    cached read (one query per session and refresh interval) and `published`,
    called after a batch is stored, to drop that cache.
    """

    def __init__(
        self,
        engine: Engine,
        read: Callable[[int], dict[str, Stored]] | None = None,
        published: Callable[[], None] | None = None,
    ) -> None:
        self._engine = engine
        self._read = read or (
            lambda sid: stored_batches.read(engine, sid, stored_batches.Scope.live)
        )
        self._published = published

    def shown(self, session_id: int, item_id: str) -> Stored | None:
        return self._read(session_id).get(item_id)

    def publish(
        self, session_id: int, item_id: str, new: Stored, *, replacing: Stored | None
    ) -> bool:
        done = stored_batches.publish(self._engine, session_id, item_id, new, replacing=replacing)
        if done and self._published is not None:
            self._published()
        return done


class BatchedViews:
    """What is on screen per (session, item): replaced only after `batch` more responses.

    The batch lives in a BatchStore (the database in the app), so hiding and
    revealing, restarts and other replicas all show the same batch: showing
    the latest counts on reveal would let one new answer be worked out by
    comparing with the chart the room saw before. The stored counts are drawn
    with the session's current k and masking, so raising k never shows
    fresher counts either. Approved free text is published as soon as it is
    approved (the facilitator decides when, and the list is shuffled),
    without moving the counts or the word cloud.
    """

    def __init__(self, store: BatchStore | None = None) -> None:
        self.store: BatchStore = store if store is not None else MemoryBatchStore()

    def current(
        self,
        session_id: int,
        question: Question,
        data: SessionAggregates,
        k: int,
        *,
        batch: int,
        seed: int = 0,
        mask_all: bool = False,
        policy: DisclosurePolicy | None = None,
    ) -> Published:
        """`policy` brings rule 7's noise: drawn once per new batch and stored with it."""
        fresh = basis_of(data, question.id)
        stored = self.store.shown(session_id, question.id)
        shown = Basis.from_stored(question.id, stored) if stored is not None else None
        new = next_batch(shown, fresh, k, batch)
        if new is not None and policy is not None:
            bins = MAX_BINS + 1 if new.numbers is not None else 0
            new = replace(new, noise=draw_for_batch(question, new.words, bins, policy))
        if new is not None and self.store.publish(
            session_id, question.id, new.stored(), replacing=stored
        ):
            shown = new  # else another viewer moved the batch: keep ours until we read theirs
        if shown is None or not disclosure.enough_answers(fresh.responded, k):
            view = question_view(question, data, k, seed=seed, mask_all=mask_all)  # waiting
        else:
            drawn = replace(shown, texts=fresh.texts)  # approved texts are live
            view = question_view(
                question,
                aggregates_of(session_id, question.id, drawn, data.participants),
                k,
                seed=seed,
                mask_all=mask_all,
                noise=noise_shown(question, drawn.noise, policy),
            )
        return Published(view, fresh.responded, data.participants.joined)


def released_view(
    question: Question,
    session_id: int,
    stored: Stored | None,
    k: int,
    *,
    mask_all: bool,
    policy: DisclosurePolicy | None = None,
) -> QuestionView | None:
    """A question as the facilitator released it to participants (None: not released).

    Drawn only from the released snapshot, never from live counts, so a
    watching participant cannot difference one release against the next tap.
    """
    if stored is None:
        return None
    basis = Basis.from_stored(question.id, stored)
    responded = basis.responded
    people = ParticipantCounts(responded, responded, 0, {})  # what the snapshot knew
    data = aggregates_of(session_id, question.id, basis, people)
    noise = noise_shown(question, basis.noise, policy)
    return question_view(question, data, k, mask_all=mask_all, noise=noise)


def without_hidden_words(result: Published, hidden: tuple[str, ...]) -> Published:
    """The published view with the words the facilitator hid taken off its cloud.

    Applied after batching, so hiding a word takes effect at once without
    publishing fresher counts.
    """
    cloud = result.view.cloud
    if cloud is None or not hidden:
        return result
    return replace(result, view=replace(result.view, cloud=words.without(cloud, hidden)))
