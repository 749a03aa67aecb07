"""Participants and their answers: join, save, change, decline, withdraw.

Saving is one idempotent upsert keyed by (participant, item): a double tap,
a reconnect or a rerun never duplicates or loses an answer.
"""

from __future__ import annotations

import json
import re
import secrets
from dataclasses import dataclass
from typing import Any

from sqlalchemy import Connection, Engine, delete, func, select, update
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert

from workshop import db, sessions, validation
from workshop.content import QuestionKind
from workshop.errors import AnswerRejected, ParticipantNotFound, SessionNotOpen
from workshop.schema import answer_codes, answers, participants
from workshop.sessions import SessionState, WorkshopSession

_PARTICIPANT_ID = re.compile(r"^[0-9a-f]{32}$")


@dataclass(frozen=True)
class Participant:
    id: str
    session_id: int
    consented: bool
    step: int
    finished: bool


@dataclass(frozen=True)
class Answer:
    item_id: str
    value: Any  # decoded JSON; None when declined
    declined: bool


def _ensure_open(state: str) -> None:
    if state == SessionState.closed.value:
        raise SessionNotOpen(
            "This session is closed. Your saved answers are kept; no more can be added.", state
        )
    if state != SessionState.open.value:
        raise SessionNotOpen(
            "This session has not started yet. Wait for the facilitator to open it.", state
        )


def join(engine: Engine, typed_code: str) -> tuple[WorkshopSession, Participant]:
    """Join an open session by its code; returns the session and a new random participant."""
    session = sessions.find_by_code(engine, typed_code)
    _ensure_open(session.state.value)
    participant_id = secrets.token_hex(16)
    with db.write(engine) as connection:
        connection.execute(
            participants.insert().values(
                id=participant_id, session_id=session.id, consented=False, step=0, finished=False
            )
        )
    return session, Participant(participant_id, session.id, False, 0, False)


def get_participant(
    engine: Engine, participant_id: object, session_id: int | None = None
) -> Participant:
    """Look up a participant from an untrusted URL value."""
    if not isinstance(participant_id, str) or not _PARTICIPANT_ID.match(participant_id):
        raise ParticipantNotFound("This link is not valid. Join again with the session code.")
    query = select(participants).where(participants.c.id == participant_id)
    if session_id is not None:
        query = query.where(participants.c.session_id == session_id)
    with db.read(engine) as connection:
        row = connection.execute(query).first()
    if row is None:
        raise ParticipantNotFound(
            "We could not find your answers for this link; they may have been withdrawn. "
            "Join again with the session code."
        )
    return Participant(row.id, row.session_id, row.consented, row.step, row.finished)


def _update_participant(engine: Engine, participant_id: str, **values: object) -> None:
    with db.write(engine) as connection:
        result = connection.execute(
            update(participants).where(participants.c.id == participant_id).values(**values)
        )
    if result.rowcount == 0:
        raise ParticipantNotFound("We could not find your answers; they may have been withdrawn.")


def record_consent(engine: Engine, participant_id: str) -> None:
    _update_participant(engine, participant_id, consented=True)


def set_progress(engine: Engine, participant_id: str, step: int, *, finished: bool = False) -> None:
    """Remember where the participant is, so a reload resumes there."""
    values: dict[str, object] = {"step": max(0, step)}
    if finished:
        values["finished"] = True
    _update_participant(engine, participant_id, **values)


def _upsert(connection: Connection, row: dict[str, object]) -> None:
    insert = pg_insert if connection.dialect.name == "postgresql" else sqlite_insert
    statement = insert(answers).values(**row)
    changing = {k: statement.excluded[k] for k in ("value", "number", "declined", "moderation")}
    connection.execute(
        statement.on_conflict_do_update(
            index_elements=[answers.c.participant_id, answers.c.item_id], set_=changing
        )
    )


def _store(
    engine: Engine,
    participant_id: str,
    item_id: str,
    normalized: validation.NormalizedAnswer | None,
    kind: QuestionKind,
) -> None:
    with db.write(engine) as connection:
        # Re-read inside the write transaction: the session may have closed or
        # the participant withdrawn since the caller looked.
        # Lock the participant row first (PostgreSQL; SQLite's BEGIN IMMEDIATE already
        # serializes writers): saves and a withdrawal of one participant then take
        # their locks in the same order instead of deadlocking.
        owner = connection.execute(
            select(participants.c.session_id)
            .where(participants.c.id == participant_id)
            .with_for_update()
        ).scalar_one_or_none()
        if owner is None:
            raise ParticipantNotFound(
                "We could not find your answers; they may have been withdrawn."
            )
        state = connection.execute(
            select(sessions.sessions.c.state).where(sessions.sessions.c.id == owner)
        ).scalar_one()
        _ensure_open(state)
        previous = connection.execute(
            select(answers.c.value).where(
                answers.c.participant_id == participant_id, answers.c.item_id == item_id
            )
        ).scalar_one_or_none()
        new_value = normalized.value_json if normalized else None
        moderation = None
        if kind is QuestionKind.text and normalized is not None:
            moderation = "pending"
            if previous == new_value:
                moderation = connection.execute(
                    select(answers.c.moderation).where(
                        answers.c.participant_id == participant_id, answers.c.item_id == item_id
                    )
                ).scalar_one()
        _upsert(
            connection,
            {
                "participant_id": participant_id,
                "item_id": item_id,
                "session_id": owner,
                "value": new_value,
                "number": normalized.number if normalized else None,
                "declined": normalized is None,
                "moderation": moderation,
            },
        )
        connection.execute(
            delete(answer_codes).where(
                answer_codes.c.participant_id == participant_id, answer_codes.c.item_id == item_id
            )
        )
        if normalized and normalized.codes:
            connection.execute(
                answer_codes.insert(),
                [
                    {
                        "participant_id": participant_id,
                        "item_id": item_id,
                        "code": code,
                        "position": position,
                        "session_id": owner,
                    }
                    for code, position in normalized.codes
                ],
            )


def _question(engine: Engine, participant: Participant, item_id: object):  # type: ignore[no-untyped-def]
    snapshot = sessions.get_snapshot(engine, participant.session_id)
    question = snapshot.survey.question(item_id) if isinstance(item_id, str) else None
    if question is None:
        raise AnswerRejected("That question is not part of this session.")
    return question


def save_answer(engine: Engine, participant_id: str, item_id: str, raw: object) -> Answer:
    """Validate and store an answer, replacing any earlier one for the same item."""
    participant = get_participant(engine, participant_id)
    question = _question(engine, participant, item_id)
    normalized = validation.normalize(question, raw)
    _store(engine, participant_id, item_id, normalized, question.kind)
    return Answer(item_id, json.loads(normalized.value_json), False)


def decline(engine: Engine, participant_id: str, item_id: str) -> Answer:
    """Record "prefer not to answer" (replaces any earlier answer)."""
    participant = get_participant(engine, participant_id)
    question = _question(engine, participant, item_id)
    _store(engine, participant_id, item_id, None, question.kind)
    return Answer(item_id, None, True)


def answers_for(engine: Engine, participant_id: str) -> dict[str, Answer]:
    with db.read(engine) as connection:
        rows = connection.execute(
            select(answers.c.item_id, answers.c.value, answers.c.declined).where(
                answers.c.participant_id == participant_id
            )
        ).all()
    return {
        r.item_id: Answer(r.item_id, None if r.value is None else json.loads(r.value), r.declined)
        for r in rows
    }


def withdraw(engine: Engine, participant_id: str) -> int:
    """Delete the participant and every answer they gave; returns answers deleted.

    Allowed in any session state: withdrawing is a right, not a feature.
    """
    if not isinstance(participant_id, str) or not _PARTICIPANT_ID.match(participant_id):
        raise ParticipantNotFound("This link is not valid.")
    with db.write(engine) as connection:
        connection.execute(  # same lock order as _store: the participant row first
            select(participants.c.id).where(participants.c.id == participant_id).with_for_update()
        )
        count = connection.execute(
            select(func.count())
            .select_from(answers)
            .where(answers.c.participant_id == participant_id)
        ).scalar_one()
        connection.execute(
            delete(answer_codes).where(answer_codes.c.participant_id == participant_id)
        )
        connection.execute(delete(answers).where(answers.c.participant_id == participant_id))
        gone = connection.execute(delete(participants).where(participants.c.id == participant_id))
    if gone.rowcount == 0:
        raise ParticipantNotFound(
            "There was nothing to withdraw: no answers are stored for this link."
        )
    return count
