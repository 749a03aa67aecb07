"""Participants: the id check, joining, consent, progress and withdrawal.

A participant is a random 32-hex id with no link to a person. Every function
that takes an id from a URL checks it here, once, before touching the database.
"""

from __future__ import annotations

import re
import secrets
from collections.abc import Callable
from dataclasses import dataclass
from types import SimpleNamespace
from typing import TypeGuard

from sqlalchemy import Connection, Engine, bindparam, func, or_, select, update

from workshop import db, driver, join_limits, joincodes, lifecycle, sessions
from workshop.errors import JoiningClosed, ParticipantNotFound, SessionNotOpen, StaleStep
from workshop.i18n import N_, _
from workshop.schema import FOLLOWUP_RANDOM, answers, followup_links, participants
from workshop.schema import sessions as session_rows
from workshop.sessions import SessionState, WorkshopSession

_PARTICIPANT_ID = re.compile(r"^[0-9a-f]{32}$")

# A write for a participant who no longer exists. These constants are translated where raised.
GONE = N_("We could not find your answers; they may have been withdrawn.")
JOINING_LOCKED = N_(
    "This session is not taking new participants now. If you joined on this phone "
    "already, open the page you joined with to carry on; otherwise ask the facilitator."
)
NOT_FOUND = N_(
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
        raise ParticipantNotFound(_("This link is not valid. Join again with the session code."))
    return participant_id


def ensure_open(state: str) -> None:
    if state == SessionState.closed.value:
        raise SessionNotOpen(
            _("This session is closed. Your saved answers are kept; no more can be added."), state
        )
    if state != SessionState.open.value:
        raise SessionNotOpen(
            _("This session has not started yet. Wait for the facilitator to open it."), state
        )


def join(
    engine: Engine,
    typed_code: str,
    *,
    consented: bool = False,
    admit: Callable[[WorkshopSession], bool] | None = None,
) -> tuple[WorkshopSession, Participant]:
    """Join an open session by its code; returns the session and a new random participant.

    consented=True records consent in the same write transaction (the
    consent screen's Start creates the participant only once they agree).
    A session whose joining is locked refuses (JoiningClosed); so does
    `admit(session)` returning False (the app's rate limit, join_limits.py),
    asked only once the session is known to be open and unlocked.
    """
    joincodes.normalize(typed_code)  # a garbled code is refused before any transaction
    participant_id = secrets.token_hex(16)
    with db.write(engine) as connection:
        session = sessions.find_by_code(engine, typed_code, connection=connection)
        ensure_open(session.state.value)
        if session.settings.joining_locked:
            raise JoiningClosed(_(JOINING_LOCKED))
        if admit is not None and not admit(session):
            raise JoiningClosed(_(join_limits.TOO_FAST))
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
        raise ParticipantNotFound(_(NOT_FOUND))
    return Participant(row.id, row.session_id, row.consented, row.step, row.finished)


def record_consent(engine: Engine, participant_id: str) -> None:
    with db.write(engine) as connection:
        result = connection.execute(
            update(participants).where(participants.c.id == participant_id).values(consented=True)
        )
    if result.rowcount == 0:
        raise ParticipantNotFound(_(GONE))


def lock_owner(tx: driver.Transaction, pid: str) -> SimpleNamespace | None:
    """The participant's session_id, consent, step, finish flag and session row, locked."""
    row = tx.one(_OWNER_D, pid=pid)
    if row is None:
        return None
    owner = SimpleNamespace(**row)
    owner.p_consented, owner.p_finished = bool(owner.p_consented), bool(owner.p_finished)
    return owner


STALE_STEP = N_(
    "That tap came from a screen you had already left, so nothing was changed. "
    "Here is where you are now."
)


def check_step(owner: SimpleNamespace, from_step: int | None) -> None:
    """Refuse a step action unless it was sent from the participant's saved step.

    A re-sent old Next (a replayed message, a second tab) would otherwise move
    the participant back and save the old screen's values over newer answers.
    """
    if from_step is not None and owner.p_step != from_step:
        raise StaleStep(_(STALE_STEP), owner.p_step)


def move(tx: driver.Transaction, pid: str, step: int, finished: bool) -> int:
    """Save the participant's step; returns the rows changed (0: no such participant)."""
    return tx.run(_PROGRESS_FINISHED_D if finished else _PROGRESS_D, pid=pid, step=max(0, step))


def set_progress(engine: Engine, participant_id: str, step: int, *, finished: bool = False) -> None:
    """Remember where the participant is, so a reload resumes there."""
    with driver.write(engine) as tx:
        changed = move(tx, participant_id, step, finished)
    if changed == 0:
        raise ParticipantNotFound(_(GONE))


def _linked(connection: Connection, pid: str) -> list[str]:
    """Participants whose answers go with this one's on withdrawal: linked by a random code.

    A random follow-up code was shown only to the person who took it, so a link
    made with it shows one person gave both parts. A self-made code can be
    reproduced by someone else, so its link never reaches the other part.
    """
    rows = connection.execute(
        select(followup_links.c.participant_id, followup_links.c.followup_participant_id).where(
            or_(
                followup_links.c.participant_id == pid,
                followup_links.c.followup_participant_id == pid,
            ),
            followup_links.c.kind == FOLLOWUP_RANDOM,
        )
    ).all()
    found = {r.participant_id for r in rows} | {r.followup_participant_id for r in rows}
    return sorted(p for p in found if p is not None and p != pid)


def withdraw(engine: Engine, participant_id: object) -> int:
    """Delete the participant, every answer, question and vote they gave; returns answers deleted.

    A participant linked to a follow-up by a random code (or a follow-up
    participant linked to a workshop by one) withdraws both parts: the link and
    both sets of answers go. A link made with a self-made code goes, and only
    this participant's answers with it.
    Allowed in any session state: withdrawing is a right, not a feature.
    """
    pid = check_participant_id(participant_id)
    with db.write(engine) as connection:
        found = connection.execute(  # same lock order as a save: the participant row first
            select(participants.c.id).where(participants.c.id == pid).with_for_update()
        ).first()
        everyone = [pid, *_linked(connection, pid)]
        count = connection.execute(
            select(func.count()).select_from(answers).where(answers.c.participant_id.in_(everyone))
        ).scalar_one()
        lifecycle.erase_participants(connection, everyone)  # every table, as registered
    db.erase_leftovers(engine)  # no copy left in SQLite's write-ahead log
    if found is None:
        raise ParticipantNotFound(
            _("There was nothing to withdraw: no answers are stored for this link.")
        )
    return count
