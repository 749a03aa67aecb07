"""Saving an answer: the one write path used by the app, the demo, benchmarks and tests.

Saving is one idempotent upsert keyed by (participant, item): a double tap,
a reconnect or a rerun never duplicates or loses an answer. "Prefer not to
answer" is the same save with declined=True.
"""

from __future__ import annotations

from sqlalchemy import Engine, bindparam, delete, select
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert

from workshop import driver, kinds, sessions, validation
from workshop.content import Question
from workshop.errors import AnswerRejected
from workshop.i18n import _
from workshop.participant_view import ParticipantView, owner_at_step, view_after
from workshop.participants import (
    NOT_FOUND,
    check_participant_id,
    ensure_open,
    move,
)
from workshop.schema import answer_codes, answers

# The tap's statements, built once and run on the driver (workshop/driver.py).
_PREVIOUS_D = driver.Prepared(
    select(answers.c.value, answers.c.moderation).where(
        answers.c.participant_id == bindparam("pid"), answers.c.item_id == bindparam("item")
    )
)
_CLEAR_CODES_D = driver.Prepared(
    delete(answer_codes).where(
        answer_codes.c.participant_id == bindparam("pid"),
        answer_codes.c.item_id == bindparam("item"),
    )
)
_INSERT_CODES_D = driver.Prepared(
    answer_codes.insert().values(
        {c: bindparam(c) for c in ("participant_id", "item_id", "code", "position", "session_id")}
    )
)
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


def _question(engine: Engine, session_id: int, item_id: object) -> Question:
    snapshot = sessions.get_snapshot(engine, session_id)
    question = snapshot.survey.question(item_id) if isinstance(item_id, str) else None
    if question is None:
        raise AnswerRejected(_("That question is not part of this session."))
    return question


def save_answer(
    engine: Engine,
    participant_id: object,
    item_id: object,
    raw: object = None,
    *,
    declined: bool = False,
    move_to: tuple[int, bool] | None = None,
    from_step: int | None = None,
) -> ParticipantView:
    """Validate and store an answer (or, declined=True, "prefer not to answer").

    Replaces any earlier answer to the same item. move_to=(step, finished) also
    saves the participant's progress: a Next press is one write transaction,
    and moves only if the answer stored. from_step is the step the tap was
    sent from: when it is not the saved step, nothing is written (StaleStep). Returns the participant's view once
    the write commits, read inside it, so the page needs no second read.

    Order of checks as a caller sees them: the link, the participant, the
    question and the answer, then the session state, all re-read under the
    participant's lock so a closing session or a withdrawal cannot slip in.
    """
    pid = check_participant_id(participant_id)
    with driver.write(engine) as tx:
        owner = owner_at_step(tx, pid, from_step, missing=NOT_FOUND)
        question = _question(engine, owner.session_id, item_id)
        normalized = None if declined else validation.normalize(question, raw)
        ensure_open(owner.state)
        keys = {"pid": pid, "item": question.id}
        new_value = normalized.value_json if normalized else None
        moderation = None
        kind = kinds.spec(question.kind)
        if kind.moderated and normalized is not None:
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
        if kind.stores_codes:  # only these ever have codes to replace
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
            move(tx, pid, *move_to)
        return view_after(tx, engine, owner, pid, move_to)
