"""The raw counts a live display starts from: one set of SQL GROUP BY queries per session.

`collect` runs once per session and refresh interval (the app caches it,
shared by every viewer). Nothing here has been through disclosure control
yet, and nothing here holds a participant id.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from sqlalchemy import Engine

from analysis import kinds, words
from analysis.kinds import View
from workshop import aggregates, moderation
from workshop.aggregates import ItemCounts, NumericSummary, ParticipantCounts
from workshop.content import Survey


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
    # item -> words a stored batch no longer holds, each given by fewer than k
    words_held_back: dict[str, int] = field(default_factory=dict)


def collect(engine: Engine, session_id: int, survey: Survey) -> SessionAggregates:
    """All counts a display needs, each computed by SQL GROUP BY.

    Words are counted only from answers anyone may see: moderated free text
    once a facilitator approved it (workshop.aggregates.answer_values).
    """
    numbers = {
        q.id: aggregates.numeric_summary(engine, session_id, q.id)
        for q in survey.questions
        if kinds.spec(q.kind).view is View.numbers
    }
    approved: dict[str, list[str]] = {}
    for answer in moderation.texts(engine, session_id, status=moderation.Status.approved):
        approved.setdefault(answer.item_id, []).append(answer.text)
    worded = [q for q in survey.questions if q.kind in words.CLOUD_KINDS]
    spoken = ",".join(survey.languages or (survey.language,))  # answers come in any of them
    values = aggregates.answer_values(engine, session_id, [q.id for q in worded])
    word_counts = {
        q.id: dict(words.count_terms(q.kind, values.get(q.id, ()), language=spoken)) for q in worded
    }
    return SessionAggregates(
        session_id=session_id,
        participants=aggregates.participant_counts(engine, session_id),
        items=aggregates.item_counts(engine, session_id),
        numbers=numbers,
        approved_texts={item: tuple(texts) for item, texts in approved.items()},
        word_counts=word_counts,
    )
