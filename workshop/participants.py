"""Participants: the id check, joining, consent, progress and withdrawal.

A participant is a random 32-hex id with no link to a person. Every function
that takes an id from a URL checks it here, once, before touching the database.
"""

from __future__ import annotations

import re
import secrets
from dataclasses import dataclass
from types import SimpleNamespace
from typing import TypeGuard

from sqlalchemy import Engine, bindparam, delete, func, select, update

from workshop import db, driver, joincodes, question_box, sessions
from workshop.errors import ParticipantNotFound, SessionNotOpen
from workshop.schema import answer_codes, answers, participants
from workshop.schema import sessions as session_rows
from workshop.sessions import SessionState, WorkshopSession

_PARTICIPANT_ID = re.compile(r"^[0-9a-f]{32}$")

GONE = "We could not find your answers; they may have been withdrawn."  # a write for a participant who no longer exists
NOT_FOUND = (
    "We could not find your answers for this link; they may have been withdrawn. "
    "Join again with the session code."
)


@dataclass(frozen=True)
class Participant:
    id: str
    session_id: int
    consented: bool
    step: int
    finished: bool


def is_participant_id(participant_id: object) -> TypeGuard[str]:
    return isinstance(participant_id, str) and _PARTICIPANT_ID.match(participant_id) is not None


def check_participant_id(participant_id: object) -> str:
    """The id from an untrusted URL value, or ParticipantNotFound if it cannot be one."""
    if not is_participant_id(participant_id):
        raise ParticipantNotFound("This link is not valid. Join again with the session code.")
    return participant_id


def ensure_open(state: str) -> None:
    if state == SessionState.closed.value:
        raise SessionNotOpen(
            "This session is closed. Your saved answers are kept; no more can be added.", state
        )
    if state != SessionState.open.value:
        raise SessionNotOpen(
            "This session has not started yet. Wait for the facilitator to open it.", state
        )


def join(
    engine: Engine, typed_code: str, *, consented: bool = False
) -> tuple[WorkshopSession, Participant]:
    """Join an open session by its code; returns the session and a new random participant.

    consented=True records consent in the same write transaction (the
    consent screen's Start creates the participant only once they agree).
    """
    joincodes.normalize(typed_code)  # a garbled code is refused before any transaction
    participant_id = secrets.token_hex(16)
    with db.write(engine) as connection:
        session = sessions.find_by_code(engine, typed_code, connection=connection)
        ensure_open(session.state.value)
        connection.execute(
            participants.insert().values(
                id=participant_id,
                session_id=session.id,
                consented=consented,
                step=0,
                finished=False,
            )
        )
    return session, Participant(participant_id, session.id, consented, 0, False)


# Statements built once: building a SQLAlchemy statement (coercion, cache
# keys) costs about as much as running it on SQLite, and these run on every tap.
_BY_ID = select(participants).where(participants.c.id == bindparam("pid"))
_BY_ID_IN_SESSION = _BY_ID.where(participants.c.session_id == bindparam("sid"))
# The participant row locked first (FOR UPDATE OF participants on PostgreSQL;
# SQLite's BEGIN IMMEDIATE already serializes writers): a save and a withdrawal
# of one participant take their locks in the same order instead of deadlocking.
_OWNER_D = driver.Prepared(
    select(
        participants.c.session_id,
        participants.c.consented.label("p_consented"),
        participants.c.step.label("p_step"),
        participants.c.finished.label("p_finished"),
        *sessions.COLUMNS,  # so a tap can hand the page its next view (participant_view.py)
    )
    .join(session_rows, session_rows.c.id == participants.c.session_id)
    .where(participants.c.id == bindparam("pid"))
    .with_for_update(of=participants)
)
_PROGRESS = (
    update(participants).where(participants.c.id == bindparam("pid")).values(step=bindparam("step"))
)
_PROGRESS_D = driver.Prepared(_PROGRESS)
_PROGRESS_FINISHED_D = driver.Prepared(_PROGRESS.values(finished=True))


def get_participant(
    engine: Engine, participant_id: object, session_id: int | None = None
) -> Participant:
    """Look up a participant from an untrusted URL value."""
    params: dict[str, object] = {"pid": check_participant_id(participant_id)}
    query = _BY_ID
    if session_id is not None:
        query, params["sid"] = _BY_ID_IN_SESSION, session_id
    with db.read(engine) as connection:
        row = connection.execute(query, params).first()
    if row is None:
        raise ParticipantNotFound(NOT_FOUND)
    return Participant(row.id, row.session_id, row.consented, row.step, row.finished)


def record_consent(engine: Engine, participant_id: str) -> None:
    with db.write(engine) as connection:
        result = connection.execute(
            update(participants).where(participants.c.id == participant_id).values(consented=True)
        )
    if result.rowcount == 0:
        raise ParticipantNotFound(GONE)


def lock_owner(tx: driver.Transaction, pid: str) -> SimpleNamespace | None:
    """The participant's session_id, consent, step, finish flag and session row, locked."""
    row = tx.one(_OWNER_D, pid=pid)
    if row is None:
        return None
    owner = SimpleNamespace(**row)
    owner.p_consented, owner.p_finished = bool(owner.p_consented), bool(owner.p_finished)
    return owner


def move(tx: driver.Transaction, pid: str, step: int, finished: bool) -> int:
    """Save the participant's step; returns the rows changed (0: no such participant)."""
    return tx.run(_PROGRESS_FINISHED_D if finished else _PROGRESS_D, pid=pid, step=max(0, step))


def set_progress(engine: Engine, participant_id: str, step: int, *, finished: bool = False) -> None:
    """Remember where the participant is, so a reload resumes there."""
    with driver.write(engine) as tx:
        changed = move(tx, participant_id, step, finished)
    if changed == 0:
        raise ParticipantNotFound(GONE)


def withdraw(engine: Engine, participant_id: object) -> int:
    """Delete the participant, every answer, question and vote they gave; returns answers deleted.

    Allowed in any session state: withdrawing is a right, not a feature.
    """
    pid = check_participant_id(participant_id)
    with db.write(engine) as connection:
        connection.execute(  # same lock order as a save: the participant row first
            select(participants.c.id).where(participants.c.id == pid).with_for_update()
        )
        count = connection.execute(
            select(func.count()).select_from(answers).where(answers.c.participant_id == pid)
        ).scalar_one()
        question_box.delete_for_participant(connection, pid)  # their questions and votes
        connection.execute(delete(answer_codes).where(answer_codes.c.participant_id == pid))
        connection.execute(delete(answers).where(answers.c.participant_id == pid))
        gone = connection.execute(delete(participants).where(participants.c.id == pid))
    db.erase_leftovers(engine)  # no copy left in SQLite's write-ahead log
    if gone.rowcount == 0:
        raise ParticipantNotFound(
            "There was nothing to withdraw: no answers are stored for this link."
        )
    return count
