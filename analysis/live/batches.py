"""Charts that change in batches: what is on screen per question, kept in a BatchStore.

`BatchedViews` decides what is on screen and replaces it only after a batch
of new responses (the policy's rule 4); the batch itself is kept in a
BatchStore (the database in the app, workshop/published.py). A stored batch
holds counts only: no approved text and no word fewer than k people gave, so
it never outlives the answers it was drawn from (workshop/lifecycle.py).
"""

from __future__ import annotations

import json
import threading
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from typing import Protocol

from sqlalchemy import Engine

from analysis.batch_noise import draw_for_batch, noise_shown
from analysis.disclosure import DisclosurePolicy
from workshop import published as stored_batches
from workshop.aggregates import ItemCounts, NumericSummary, ParticipantCounts
from workshop.content import Question
from workshop.i18n import ngettext
from workshop.published import Stored

from .counts import SessionAggregates
from .views import MAX_BINS, QuestionView, question_view


@dataclass(frozen=True)
class Published:
    """The chart on screen (possibly from an earlier batch) and the live counts."""

    view: QuestionView
    responded_now: int
    participants_now: int

    @property
    def answered_line(self) -> str:
        return ngettext(
            "{answered} of {total} participant answered",
            "{answered} of {total} participants answered",
            self.participants_now,
        ).format(answered=self.responded_now, total=self.participants_now)

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
    words_held_back: int = 0  # words given by fewer than k, counted but not kept
    texts: tuple[str, ...] = ()  # approved texts: live only, never stored
    noise: dict[str, int] | None = None  # rule 7: drawn once for this batch, None if exact

    @property
    def responded(self) -> int:
        return self.counts.responded

    def stored(self, policy: DisclosurePolicy) -> Stored:
        """The batch as kept: counts, and only the words the policy lets a batch keep."""
        kept_words, dropped = policy.storable_terms(self.words)
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
            "words": kept_words,
            "words_held_back": self.words_held_back + dropped,
        }
        if self.noise is not None:
            # Noise for the counts kept only: a word dropped here leaves no trace as a key.
            rare = set(self.words) - set(kept_words)
            payload["noise"] = {key: n for key, n in self.noise.items() if key not in rare}
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
            words={w: int(n) for w, n in payload["words"].items()},
            words_held_back=int(payload.get("words_held_back", 0)),
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
        words_held_back={item_id: basis.words_held_back},
    )


def next_batch(shown: Basis | None, fresh: Basis, policy: DisclosurePolicy) -> Basis | None:
    """Rule 4: the basis to publish now, or None to keep what is shown.

    Below k (after withdrawals) nothing is charted and nothing is stored: the
    last batch stays the baseline, so coming back above k with one person
    swapped for another does not show the difference.
    """
    if not policy.enough_answers(fresh.responded):
        return None
    if shown is None or policy.should_publish(shown.responded, fresh.responded):
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
        policy: DisclosurePolicy,
        *,
        seed: int = 0,
    ) -> Published:
        fresh = basis_of(data, question.id)
        stored = self.store.shown(session_id, question.id)
        shown = Basis.from_stored(question.id, stored) if stored is not None else None
        new = next_batch(shown, fresh, policy)
        if new is not None:
            # Rule 7: the batch's noise is drawn once, now, and stored with it.
            bins = MAX_BINS + 1 if new.numbers is not None else 0
            new = replace(new, noise=draw_for_batch(question, new.words, bins, policy))
            kept = new.stored(policy)
            if self.store.publish(session_id, question.id, kept, replacing=stored):
                shown = Basis.from_stored(question.id, kept)  # what every replica now draws
            # else another viewer moved the batch: keep ours until we read theirs
        if shown is None or not policy.enough_answers(fresh.responded):
            view = question_view(question, data, policy, seed=seed)  # waiting
        else:
            drawn = replace(shown, texts=fresh.texts)  # approved texts are live
            view = question_view(
                question,
                aggregates_of(session_id, question.id, drawn, data.participants),
                policy,
                seed=seed,
                noise=noise_shown(question, drawn.noise, policy),
            )
        return Published(view, fresh.responded, data.participants.joined)
