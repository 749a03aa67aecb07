"""Raw aggregates computed in SQL (GROUP BY), never by loading every answer.

These are counts without disclosure control: analysis/ applies the k-rules
before anything is shown or exported.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field

from sqlalchemy import Engine, case, func, or_, select

from workshop import db
from workshop.schema import answer_codes, answers, participants


@dataclass(frozen=True)
class ItemCounts:
    item_id: str
    answered: int  # gave an answer (not declined)
    declined: int  # chose "prefer not to answer"
    options: dict[str, int] = field(default_factory=dict)  # code -> participants choosing it
    mean_rank: dict[str, float] = field(default_factory=dict)  # ranking items only

    @property
    def responded(self) -> int:
        return self.answered + self.declined


@dataclass(frozen=True)
class NumericSummary:
    item_id: str
    count: int
    mean: float | None
    minimum: float | None
    maximum: float | None
    values: dict[float, int]  # value -> how many gave it (for medians and histograms)

    @property
    def median(self) -> float | None:
        if not self.count:
            return None
        return (self._at((self.count - 1) // 2) + self._at(self.count // 2)) / 2

    def _at(self, index: int) -> float:
        """The value at 0-based position `index` in sorted order."""
        seen = 0
        for value, count in sorted(self.values.items()):
            seen += count
            if index < seen:
                return value
        raise IndexError(index)


@dataclass(frozen=True)
class ParticipantCounts:
    joined: int
    consented: int
    finished: int
    at_step: dict[int, int]  # step index -> participants whose furthest step it is


def item_counts(engine: Engine, session_id: int) -> dict[str, ItemCounts]:
    """Answered/declined per item and chosen-option counts, for one session."""
    with db.read(engine) as connection:
        totals = connection.execute(
            select(
                answers.c.item_id,
                func.sum(case((answers.c.declined, 0), else_=1)),
                func.sum(case((answers.c.declined, 1), else_=0)),
            )
            .where(answers.c.session_id == session_id)
            .group_by(answers.c.item_id)
        ).all()
        chosen = connection.execute(
            select(
                answer_codes.c.item_id,
                answer_codes.c.code,
                func.count(),
                func.avg(case((answer_codes.c.position > 0, answer_codes.c.position))),
            )
            .where(answer_codes.c.session_id == session_id)
            .group_by(answer_codes.c.item_id, answer_codes.c.code)
        ).all()
    options: dict[str, dict[str, int]] = {}
    ranks: dict[str, dict[str, float]] = {}
    for item_id, code, count, mean_position in chosen:
        options.setdefault(item_id, {})[code] = int(count)
        if mean_position is not None:
            ranks.setdefault(item_id, {})[code] = float(mean_position)
    return {
        item_id: ItemCounts(
            item_id=item_id,
            answered=int(answered or 0),
            declined=int(declined or 0),
            options=options.get(item_id, {}),
            mean_rank=ranks.get(item_id, {}),
        )
        for item_id, answered, declined in totals
    }


def numeric_summary(engine: Engine, session_id: int, item_id: str) -> NumericSummary:
    where = (
        (answers.c.session_id == session_id)
        & (answers.c.item_id == item_id)
        & answers.c.number.is_not(None)
    )
    with db.read(engine) as connection:
        count, mean, low, high = connection.execute(
            select(
                func.count(),
                func.avg(answers.c.number),
                func.min(answers.c.number),
                func.max(answers.c.number),
            ).where(where)
        ).one()
        distribution = connection.execute(
            select(answers.c.number, func.count()).where(where).group_by(answers.c.number)
        ).all()
    return NumericSummary(
        item_id=item_id,
        count=int(count),
        mean=None if mean is None else float(mean),
        minimum=None if low is None else float(low),
        maximum=None if high is None else float(high),
        values={float(v): int(c) for v, c in distribution},
    )


def participant_counts(engine: Engine, session_id: int) -> ParticipantCounts:
    with db.read(engine) as connection:
        joined, consented, finished = connection.execute(
            select(
                func.count(),
                func.sum(case((participants.c.consented, 1), else_=0)),
                func.sum(case((participants.c.finished, 1), else_=0)),
            ).where(participants.c.session_id == session_id)
        ).one()
        steps = connection.execute(
            select(participants.c.step, func.count())
            .where(participants.c.session_id == session_id)
            .group_by(participants.c.step)
        ).all()
    return ParticipantCounts(
        joined=int(joined or 0),
        consented=int(consented or 0),
        finished=int(finished or 0),
        at_step={int(s): int(c) for s, c in steps},
    )


def answer_values(engine: Engine, session_id: int, item_ids: list[str]) -> dict[str, list[object]]:
    """The given answers (decoded JSON) of word and text items, one per participant.

    Word clouds count words once per participant, which needs the words
    themselves; no participant id is read. Moderated free text counts only
    once a facilitator approved it (pending and hidden text never reach a
    cloud); declined answers have no value.
    """
    if not item_ids:
        return {}
    with db.read(engine) as connection:
        rows = connection.execute(
            select(answers.c.item_id, answers.c.value)
            .where(
                answers.c.session_id == session_id,
                answers.c.item_id.in_(item_ids),
                answers.c.declined.is_(False),
                answers.c.value.is_not(None),
                or_(answers.c.moderation.is_(None), answers.c.moderation == "approved"),
            )
            .order_by(answers.c.item_id, answers.c.participant_id)  # never arrival order
        ).all()
    values: dict[str, list[object]] = {}
    for item_id, value in rows:
        values.setdefault(item_id, []).append(json.loads(value))
    return values
