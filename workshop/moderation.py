"""Free-text moderation: answers wait as pending until a facilitator decides.

A decision names the version of the text the facilitator read (`version`, a
hash of the stored text): if the participant changed it in the meantime the
decision is refused, so Approve can never approve words nobody reviewed. A
participant's edit after approval puts the answer back in the queue (done
where answers are saved: a changed text is stored as pending).
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from enum import StrEnum
from typing import TypeVar

from sqlalchemy import Engine, select, update

from workshop import db
from workshop.errors import WorkshopError
from workshop.safeguarding import Mark, Marker
from workshop.schema import answers

RowT = TypeVar("RowT")


class Status(StrEnum):
    pending = "pending"
    approved = "approved"
    hidden = "hidden"


class ChangedSinceShown(WorkshopError):
    """The text was edited after the facilitator saw it."""


@dataclass(frozen=True)
class TextAnswer:
    participant_id: str
    item_id: str
    text: str
    status: Status
    version: str = ""  # names exactly this text; pass it back to set_status


def version_of(stored_value: str | None) -> str:
    """A short tag of the stored text (its JSON), changing whenever the text does."""
    return hashlib.sha256((stored_value or "").encode()).hexdigest()[:16]


def check_shown(
    row: RowT | None,
    text: Callable[[RowT], str | None],
    version: str | None,
    *,
    gone: str,
    changed: str,
) -> RowT:
    """The locked `row`, unless its text is gone or (given the `version` shown) changed since.

    Free-text answers and question-box questions are decided alike: the facilitator
    decides on the text they read, never on one that replaced it meanwhile.
    """
    if row is None:
        raise WorkshopError(gone)
    if version is not None and version_of(text(row)) != version:
        raise ChangedSinceShown(changed)
    return row


def texts(
    engine: Engine, session_id: int, item_id: str | None = None, status: Status | None = None
) -> list[TextAnswer]:
    """Free-text answers, ordered by the random participant id: arrival order would
    let a facilitator (or a screen photo) tell who wrote what by when they tapped."""
    query = select(
        answers.c.participant_id, answers.c.item_id, answers.c.value, answers.c.moderation
    ).where(answers.c.session_id == session_id, answers.c.moderation.is_not(None))
    if item_id is not None:
        query = query.where(answers.c.item_id == item_id)
    if status is not None:
        query = query.where(answers.c.moderation == status.value)
    with db.read(engine) as connection:
        rows = connection.execute(query.order_by(answers.c.item_id, answers.c.participant_id)).all()
    return [
        TextAnswer(
            r.participant_id,
            r.item_id,
            json.loads(r.value),
            Status(r.moderation),
            version_of(r.value),
        )
        for r in rows
    ]


def set_status(
    engine: Engine,
    session_id: int,
    participant_id: str,
    item_id: str,
    status: Status,
    *,
    version: str | None = None,
) -> None:
    """Decide on one answer; with `version`, only if the text is still the one shown.

    The moderation page always passes the version it displayed. Without it
    (scripts, the demo) the current text is decided on.
    """
    where = (
        answers.c.session_id == session_id,
        answers.c.participant_id == participant_id,
        answers.c.item_id == item_id,
        answers.c.moderation.is_not(None),
    )
    with db.write(engine) as connection:
        check_shown(
            connection.execute(select(answers.c.value).where(*where).with_for_update()).first(),
            lambda row: row.value,
            version,
            gone="That answer no longer exists (it may have been changed or withdrawn).",
            changed="The participant changed this answer after it was shown to you, so nothing "
            "was decided. Read the new text in the queue, then decide again.",
        )
        connection.execute(update(answers).where(*where).values(moderation=status.value))


def care_first(
    items: Iterable[TextAnswer], marker: Marker
) -> list[tuple[TextAnswer, tuple[Mark, ...]]]:
    """Each answer with its safeguarding marks; marked ones first, otherwise in order."""
    marked = [(item, marker.marks(item.text)) for item in items]
    return sorted(marked, key=lambda pair: not pair[1])  # stable: the rest keep their order
