"""The participant's view: what one participant page run needs, read in one transaction.

Also read inside a tap's write transaction (`view_after`), so a Next press
costs one transaction instead of a write and then a read.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from types import SimpleNamespace
from typing import Any

from sqlalchemy import Engine, and_, bindparam, select

from workshop import db, driver, joincodes, sessions
from workshop.content import Question
from workshop.errors import ParticipantNotFound
from workshop.i18n import _
from workshop.participants import (
    GONE,
    NOT_FOUND,
    Participant,
    check_participant_id,
    check_step,
    is_participant_id,
    lock_owner,
    move,
)
from workshop.schema import answers, participants
from workshop.schema import sessions as session_rows
from workshop.sessions import WorkshopSession


@dataclass(frozen=True)
class Answer:
    item_id: str
    value: Any  # decoded JSON; None when declined
    declined: bool


@dataclass(frozen=True)
class ParticipantView:
    """The session, the participant (None before they join) and one saved answer.

    `answer` is the saved answer to the question at the participant's step
    (None: not answered, a reading, the end, or no participant). Only that
    one is read: a screen shows one question, and every row read costs a
    round trip through the driver.
    """

    session: WorkshopSession
    participant: Participant | None
    answer: Answer | None


_ANSWERS = select(answers.c.item_id, answers.c.value, answers.c.declined).where(
    answers.c.participant_id == bindparam("pid")
)
_ANSWER = _ANSWERS.where(answers.c.item_id == bindparam("item"))
_ANSWER_D = driver.Prepared(_ANSWER)
_PLACE = (
    select(
        *sessions.COLUMNS,
        participants.c.id.label("p_id"),
        participants.c.consented.label("p_consented"),
        participants.c.step.label("p_step"),
        participants.c.finished.label("p_finished"),
    )
    .select_from(
        session_rows.outerjoin(
            participants,
            and_(
                participants.c.session_id == session_rows.c.id,
                participants.c.id == bindparam("pid"),
            ),
        )
    )
    .where(session_rows.c.code == bindparam("code"))
)


def read(engine: Engine, typed_code: str, participant_id: object | None) -> ParticipantView:
    """The session for a typed code, plus the participant and their answer if given.

    Raises like sessions.find_by_code for the code, then like get_participant
    for the participant (a participant of another session is not found).
    """
    if participant_id is None or not is_participant_id(participant_id):
        session = sessions.find_by_code(engine, typed_code)  # the code's errors come first
        if participant_id is None:
            return ParticipantView(session, None, None)
        check_participant_id(participant_id)  # raises: not a participant id at all
    code = joincodes.normalize(typed_code)
    pid = str(participant_id)
    with db.read(engine) as connection:
        # The session and the participant in one statement (an outer join, so
        # an unknown code and an unknown participant stay distinguishable).
        row = connection.execute(_PLACE, {"code": code, "pid": pid}).first()
        if row is None:
            raise sessions.not_found(code)
        if row.p_id is None:
            raise ParticipantNotFound(_(NOT_FOUND))
        participant = Participant(row.p_id, row.id, row.p_consented, row.p_step, row.p_finished)
        saved = _saved(
            engine,
            participant,
            lambda item: connection.execute(_ANSWER, {"pid": pid, "item": item}).mappings().first(),
        )
    return ParticipantView(sessions.session_from_row(row), participant, saved)


def move_and_view(
    engine: Engine,
    participant_id: str,
    step: int,
    *,
    finished: bool = False,
    from_step: int | None = None,
) -> ParticipantView:
    """set_progress, returning the participant's new view from the same transaction.

    from_step: the step the tap was sent from; another saved step raises StaleStep.
    """
    pid = check_participant_id(participant_id)
    with driver.write(engine) as tx:
        owner = owner_at_step(tx, pid, from_step, missing=GONE)
        move(tx, pid, step, finished)
        return view_after(tx, engine, owner, pid, (step, finished))


def owner_at_step(
    tx: driver.Transaction, pid: str, from_step: int | None, *, missing: str
) -> SimpleNamespace:
    """The participant's row locked for a step's write (participants.lock_owner).

    Raises ParticipantNotFound(`missing`) when they are gone, StaleStep when the
    tap came from another step than the saved one.
    """
    owner = lock_owner(tx, pid)
    if owner is None:
        raise ParticipantNotFound(_(missing))
    check_step(owner, from_step)
    return owner


def view_after(
    tx: driver.Transaction,
    engine: Engine,
    owner: Any,
    pid: str,
    move_to: tuple[int, bool] | None,
) -> ParticipantView:
    """Where the participant is once this write commits, read inside it.

    `owner` is participants.lock_owner's row: the session columns came with it.
    """
    step, finished = move_to if move_to is not None else (owner.p_step, False)
    participant = Participant(
        pid, owner.session_id, owner.p_consented, max(0, step), owner.p_finished or finished
    )
    saved = _saved(engine, participant, lambda item: tx.one(_ANSWER_D, pid=pid, item=item))
    return ParticipantView(sessions.session_from_row(owner), participant, saved)


def _saved(
    engine: Engine, participant: Participant, read: Callable[[str], Mapping[Any, Any] | None]
) -> Answer | None:
    """The participant's saved answer to the question at their step, if any.

    `read(item_id)` fetches that answer's item_id, value and declined, or None.
    """
    if not participant.consented:
        return None
    steps = sessions.get_snapshot(engine, participant.session_id).survey.steps
    current = steps[participant.step] if 0 <= participant.step < len(steps) else None
    if not isinstance(current, Question):
        return None
    row = read(current.id)
    if row is None:
        return None
    value = None if row["value"] is None else json.loads(row["value"])
    return Answer(row["item_id"], value, bool(row["declined"]))  # the driver may give 0/1


def answers_for(engine: Engine, participant_id: str) -> dict[str, Answer]:
    """Every saved answer of one participant, by item id."""
    with db.read(engine) as connection:
        rows = connection.execute(_ANSWERS, {"pid": participant_id}).all()
    return {
        r.item_id: Answer(r.item_id, None if r.value is None else json.loads(r.value), r.declined)
        for r in rows
    }
