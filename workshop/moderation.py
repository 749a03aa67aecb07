"""Free-text moderation: answers wait as pending until a facilitator decides."""

from __future__ import annotations

import json
from collections.abc import Iterable
from dataclasses import dataclass
from enum import StrEnum

from sqlalchemy import Engine, select, update

from workshop import db
from workshop.errors import WorkshopError
from workshop.safeguarding import Mark, Marker
from workshop.schema import answers


class Status(StrEnum):
    pending = "pending"
    approved = "approved"
    hidden = "hidden"


@dataclass(frozen=True)
class TextAnswer:
    participant_id: str
    item_id: str
    text: str
    status: Status


def texts(
    engine: Engine, session_id: int, item_id: str | None = None, status: Status | None = None
) -> list[TextAnswer]:
    query = select(
        answers.c.participant_id, answers.c.item_id, answers.c.value, answers.c.moderation
    ).where(answers.c.session_id == session_id, answers.c.moderation.is_not(None))
    if item_id is not None:
        query = query.where(answers.c.item_id == item_id)
    if status is not None:
        query = query.where(answers.c.moderation == status.value)
    with db.read(engine) as connection:
        rows = connection.execute(query).all()
    return [
        TextAnswer(r.participant_id, r.item_id, json.loads(r.value), Status(r.moderation))
        for r in rows
    ]


def set_status(
    engine: Engine, session_id: int, participant_id: str, item_id: str, status: Status
) -> None:
    with db.write(engine) as connection:
        result = connection.execute(
            update(answers)
            .where(
                answers.c.session_id == session_id,
                answers.c.participant_id == participant_id,
                answers.c.item_id == item_id,
                answers.c.moderation.is_not(None),
            )
            .values(moderation=status.value)
        )
    if result.rowcount == 0:
        raise WorkshopError("That answer no longer exists (it may have been changed or withdrawn).")


def care_first(
    items: Iterable[TextAnswer], marker: Marker
) -> list[tuple[TextAnswer, tuple[Mark, ...]]]:
    """Each answer with its safeguarding marks; marked ones first, otherwise in order."""
    marked = [(item, marker.marks(item.text)) for item in items]
    return sorted(marked, key=lambda pair: not pair[1])  # stable: the rest keep their order
