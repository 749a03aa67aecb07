"""Participants and their answers: join, save, change, decline, withdraw.

Saving is one idempotent upsert keyed by (participant, item): a double tap,
a reconnect or a rerun never duplicates or loses an answer.
"""

from __future__ import annotations

import json
import re
import secrets
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from types import SimpleNamespace
from typing import Any, TypeGuard

from sqlalchemy import Connection, Engine, and_, bindparam, delete, func, select, update
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert

from workshop import db, driver, joincodes, sessions, validation
from workshop.content import CHOICE_KINDS, Question, QuestionKind
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
        _ensure_open(session.state.value)
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
_ANSWERS = select(answers.c.item_id, answers.c.value, answers.c.declined).where(
    answers.c.participant_id == bindparam("pid")
)
_ANSWER = _ANSWERS.where(answers.c.item_id == bindparam("item"))
# The participant row locked first (FOR UPDATE OF participants on PostgreSQL;
# SQLite's BEGIN IMMEDIATE already serializes writers): a save and a withdrawal
# of one participant take their locks in the same order instead of deadlocking.
_OWNER = (
    select(
        participants.c.session_id,
        participants.c.consented.label("p_consented"),
        participants.c.finished.label("p_finished"),
        *sessions.COLUMNS,  # so a save can hand the page its next place (save_and_place)
    )
    .join(sessions.sessions, sessions.sessions.c.id == participants.c.session_id)
    .where(participants.c.id == bindparam("pid"))
    .with_for_update(of=participants)
)
_PREVIOUS = select(answers.c.value, answers.c.moderation).where(
    answers.c.participant_id == bindparam("pid"), answers.c.item_id == bindparam("item")
)
_CLEAR_CODES = delete(answer_codes).where(
    answer_codes.c.participant_id == bindparam("pid"), answer_codes.c.item_id == bindparam("item")
)
_PLACE = (
    select(
        *sessions.COLUMNS,
        participants.c.id.label("p_id"),
        participants.c.consented.label("p_consented"),
        participants.c.step.label("p_step"),
        participants.c.finished.label("p_finished"),
    )
    .select_from(
        sessions.sessions.outerjoin(
            participants,
            and_(
                participants.c.session_id == sessions.sessions.c.id,
                participants.c.id == bindparam("pid"),
            ),
        )
    )
    .where(sessions.sessions.c.code == bindparam("code"))
)
_PROGRESS = (
    update(participants).where(participants.c.id == bindparam("pid")).values(step=bindparam("step"))
)
_PROGRESS_FINISHED = _PROGRESS.values(finished=True)

# The same statements for a tap's write transaction, run on the driver (workshop/driver.py).
_OWNER_D = driver.Prepared(_OWNER)
_PREVIOUS_D = driver.Prepared(_PREVIOUS)
_CLEAR_CODES_D = driver.Prepared(_CLEAR_CODES)
_INSERT_CODES_D = driver.Prepared(
    answer_codes.insert().values(
        {c: bindparam(c) for c in ("participant_id", "item_id", "code", "position", "session_id")}
    )
)
_ANSWER_D = driver.Prepared(_ANSWER)
_PROGRESS_D = driver.Prepared(_PROGRESS)
_PROGRESS_FINISHED_D = driver.Prepared(_PROGRESS_FINISHED)
_UPSERTS_D: dict[str, driver.Prepared] = {}
_ANSWER_COLUMNS = (
    "participant_id",
    "item_id",
    "session_id",
    "value",
    "number",
    "declined",
    "moderation",
)

_GONE = "We could not find your answers; they may have been withdrawn."  # a write for a participant who no longer exists
_NOT_FOUND = (
    "We could not find your answers for this link; they may have been withdrawn. "
    "Join again with the session code."
)


def _is_id(participant_id: object) -> TypeGuard[str]:
    return isinstance(participant_id, str) and _PARTICIPANT_ID.match(participant_id) is not None


def _check_id(participant_id: object) -> str:
    if not _is_id(participant_id):
        raise ParticipantNotFound("This link is not valid. Join again with the session code.")
    return participant_id


def _participant(row: Any) -> Participant:
    return Participant(row.id, row.session_id, row.consented, row.step, row.finished)


def get_participant(
    engine: Engine, participant_id: object, session_id: int | None = None
) -> Participant:
    """Look up a participant from an untrusted URL value."""
    params: dict[str, object] = {"pid": _check_id(participant_id)}
    query = _BY_ID
    if session_id is not None:
        query, params["sid"] = _BY_ID_IN_SESSION, session_id
    with db.read(engine) as connection:
        row = connection.execute(query, params).first()
    if row is None:
        raise ParticipantNotFound(_NOT_FOUND)
    return _participant(row)


@dataclass(frozen=True)
class Place:
    """What one participant page run needs, read in one transaction.

    `answer` is the saved answer to the question at the participant's step
    (None: not answered, a reading, the end, or no participant). Only that
    one is read: a screen shows one question, and every row read costs a
    round trip through the driver.
    """

    session: WorkshopSession
    participant: Participant | None
    answer: Answer | None


def place(engine: Engine, typed_code: str, participant_id: object | None) -> Place:
    """The session for a typed code, plus the participant and their answers if given.

    Raises like sessions.find_by_code for the code, then like get_participant
    for the participant (a participant of another session is not found).
    """
    if participant_id is None or not _is_id(participant_id):
        session = sessions.find_by_code(engine, typed_code)  # the code's errors come first
        if participant_id is None:
            return Place(session, None, None)
        _check_id(participant_id)  # raises: not a participant id at all
    code = joincodes.normalize(typed_code)
    pid = str(participant_id)
    with db.read(engine) as connection:
        # The session and the participant in one statement (an outer join, so
        # an unknown code and an unknown participant stay distinguishable).
        row = connection.execute(_PLACE, {"code": code, "pid": pid}).first()
        if row is None:
            raise sessions.not_found(code)
        if row.p_id is None:
            raise ParticipantNotFound(_NOT_FOUND)
        participant = Participant(row.p_id, row.id, row.p_consented, row.p_step, row.p_finished)
        saved = _saved(
            engine,
            participant,
            lambda item: connection.execute(_ANSWER, {"pid": pid, "item": item}).mappings().first(),
        )
    return Place(sessions.session_from_row(row), participant, saved)


def _update_participant(engine: Engine, participant_id: str, **values: object) -> None:
    with db.write(engine) as connection:
        result = connection.execute(
            update(participants).where(participants.c.id == participant_id).values(**values)
        )
    if result.rowcount == 0:
        raise ParticipantNotFound(_GONE)


def record_consent(engine: Engine, participant_id: str) -> None:
    _update_participant(engine, participant_id, consented=True)


def move_and_place(
    engine: Engine, participant_id: str, step: int, *, finished: bool = False
) -> Place:
    """set_progress, returning the participant's new Place from the same transaction."""
    pid = _check_id(participant_id)
    with driver.write(engine) as tx:
        owner = _owner(tx, pid)
        if owner is None:
            raise ParticipantNotFound(_GONE)
        _move(tx, pid, step, finished)
        return _place_after(tx, engine, owner, pid, (step, finished))


def set_progress(engine: Engine, participant_id: str, step: int, *, finished: bool = False) -> None:
    """Remember where the participant is, so a reload resumes there."""
    with driver.write(engine) as tx:
        changed = _move(tx, participant_id, step, finished)
    if changed == 0:
        raise ParticipantNotFound(_GONE)


def _upsert(dialect: str) -> driver.Prepared:
    """Insert or replace one answer, in the dialect's own ON CONFLICT syntax."""
    prepared = _UPSERTS_D.get(dialect)
    if prepared is None:
        insert = pg_insert if dialect == "postgresql" else sqlite_insert
        base = insert(answers).values({c: bindparam(c) for c in _ANSWER_COLUMNS})
        changing = {k: base.excluded[k] for k in ("value", "number", "declined", "moderation")}
        statement = base.on_conflict_do_update(
            index_elements=[answers.c.participant_id, answers.c.item_id], set_=changing
        )
        prepared = _UPSERTS_D[dialect] = driver.Prepared(statement)
    return prepared


def _owner(tx: driver.Transaction, pid: str) -> SimpleNamespace | None:
    """The participant's session_id, consent and finish flags and session row, locked."""
    row = tx.one(_OWNER_D, pid=pid)
    if row is None:
        return None
    owner = SimpleNamespace(**row)
    owner.p_consented, owner.p_finished = bool(owner.p_consented), bool(owner.p_finished)
    return owner


def _move(tx: driver.Transaction, pid: str, step: int, finished: bool) -> int:
    """Save the participant's step; returns the rows changed (0: no such participant)."""
    return tx.run(_PROGRESS_FINISHED_D if finished else _PROGRESS_D, pid=pid, step=max(0, step))


def _question(engine: Engine, session_id: int, item_id: object) -> Question:
    snapshot = sessions.get_snapshot(engine, session_id)
    question = snapshot.survey.question(item_id) if isinstance(item_id, str) else None
    if question is None:
        raise AnswerRejected("That question is not part of this session.")
    return question


_DECLINE = object()  # marker: store "prefer not to answer"


def _store(
    engine: Engine,
    participant_id: object,
    item_id: object,
    raw: object,
    move_to: tuple[int, bool] | None = None,
    with_place: bool = False,
) -> tuple[Answer, Place | None]:
    """Validate and upsert one answer (and optionally move on) in ONE write transaction.

    Order of checks as a caller sees them: the link, the participant, the
    question and the answer, then the session state, all re-read under the
    participant's lock so a closing session or a withdrawal cannot slip in.
    """
    pid = _check_id(participant_id)
    with driver.write(engine) as tx:
        owner = _owner(tx, pid)
        if owner is None:
            raise ParticipantNotFound(_NOT_FOUND)
        question = _question(engine, owner.session_id, item_id)
        normalized = None if raw is _DECLINE else validation.normalize(question, raw)
        _ensure_open(owner.state)
        keys = {"pid": pid, "item": question.id}
        new_value = normalized.value_json if normalized else None
        moderation = None
        if question.kind is QuestionKind.text and normalized is not None:
            # A changed text goes back to moderation; the same text keeps its status.
            previous = tx.one(_PREVIOUS_D, **keys)
            moderation = (
                previous["moderation"]
                if previous is not None and previous["value"] == new_value
                else "pending"
            )
        tx.run(
            _upsert(tx.dialect.name),
            participant_id=pid,
            item_id=question.id,
            session_id=owner.session_id,
            value=new_value,
            number=normalized.number if normalized else None,
            declined=normalized is None,
            moderation=moderation,
        )
        if question.kind in CHOICE_KINDS:  # only these ever have codes to replace
            tx.run(_CLEAR_CODES_D, **keys)
        if normalized and normalized.codes:
            tx.many(
                _INSERT_CODES_D,
                [
                    {
                        "participant_id": pid,
                        "item_id": question.id,
                        "code": code,
                        "position": position,
                        "session_id": owner.session_id,
                    }
                    for code, position in normalized.codes
                ],
            )
        if move_to is not None:
            _move(tx, pid, *move_to)
        where = _place_after(tx, engine, owner, pid, move_to) if with_place else None
    if normalized is None:
        return Answer(question.id, None, True), where
    return Answer(question.id, json.loads(normalized.value_json), False), where


def _place_after(
    tx: driver.Transaction,
    engine: Engine,
    owner: Any,
    pid: str,
    move_to: tuple[int, bool] | None,
) -> Place:
    """Where the participant is once this write commits, read inside it.

    The page's next run would otherwise open a second transaction to read
    exactly this; the session columns came with the owner row.
    """
    step, finished = move_to if move_to is not None else (0, False)
    participant = Participant(
        pid, owner.session_id, owner.p_consented, max(0, step), owner.p_finished or finished
    )
    saved = _saved(engine, participant, lambda item: tx.one(_ANSWER_D, pid=pid, item=item))
    return Place(sessions.session_from_row(owner), participant, saved)


def save_answer(
    engine: Engine,
    participant_id: str,
    item_id: str,
    raw: object,
    *,
    move_to: tuple[int, bool] | None = None,
) -> Answer:
    """Validate and store an answer, replacing any earlier one for the same item.

    move_to=(step, finished) also saves the participant's progress in the same
    transaction: a Next press is one write, and moves only if the answer stored.
    """
    return _store(engine, participant_id, item_id, raw, move_to)[0]


def save_and_place(
    engine: Engine,
    participant_id: str,
    item_id: str,
    raw: object,
    *,
    move_to: tuple[int, bool],
    declined: bool = False,
) -> Place:
    """save_answer (or decline) and move, returning the participant's new Place.

    One write transaction that also reads what the page draws next, so a Next
    press costs one transaction instead of a write and then a read.
    """
    value = _DECLINE if declined else raw
    where = _store(engine, participant_id, item_id, value, move_to, with_place=True)[1]
    if where is None:  # with_place=True always reads it
        raise RuntimeError("save_and_place read no place")
    return where


def decline(
    engine: Engine,
    participant_id: str,
    item_id: str,
    *,
    move_to: tuple[int, bool] | None = None,
) -> Answer:
    """Record "prefer not to answer" (replaces any earlier answer); move_to as in save_answer."""
    return _store(engine, participant_id, item_id, _DECLINE, move_to)[0]


def _answer(row: Any) -> Answer:
    return Answer(row.item_id, None if row.value is None else json.loads(row.value), row.declined)


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


def _answers(connection: Connection, participant_id: str) -> dict[str, Answer]:
    rows = connection.execute(_ANSWERS, {"pid": participant_id}).all()
    return {r.item_id: _answer(r) for r in rows}


def answers_for(engine: Engine, participant_id: str) -> dict[str, Answer]:
    with db.read(engine) as connection:
        return _answers(connection, participant_id)


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
