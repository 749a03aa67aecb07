"""The anonymous question box: ask, moderate, vote, answer. No Streamlit here.

Rules (the tests check each):
1. A question belongs to a session. It is linked to the participant who asked
   only so that withdrawal deletes it (with their votes, workshop/lifecycle.py)
   and so a participant's vote counts once (primary key on question and voter;
   voting again changes nothing).
2. Nothing records when a question arrived: ids are random, there are no
   timestamps, and every list is ordered by things unrelated to arrival. The
   queue is ordered by the random id; the approved list by votes, and among
   equal votes by a random key drawn when the question was approved.
3. Participants see only approved questions (and the one being answered, and
   answered ones); pending and hidden ones never leave the facilitator's queue.
   Approving names the version shown (moderation.version_of), as for free text.
4. Rate limits: each participant may ask LIMITS.per_participant questions per
   LIMITS.participant_window seconds and have at most LIMITS.waiting waiting;
   a session takes at most LIMITS.per_session per LIMITS.session_window seconds.
   The windows are moving windows in this process's memory
   (workshop/rate_limits.py; no time is stored), keyed by participant, then
   by session; the cap on waiting questions is counted in the database, so it holds across
   replicas.
"""

from __future__ import annotations

import secrets
from collections.abc import Iterable
from dataclasses import dataclass, field
from enum import StrEnum

from sqlalchemy import Connection, Engine, ScalarSelect, func, select, update
from sqlalchemy.dialects import postgresql, sqlite

from workshop import db
from workshop.errors import WorkshopError
from workshop.i18n import _, ngettext
from workshop.moderation import check_shown, version_of
from workshop.rate_limits import Limiter, MovingWindow, Rule
from workshop.safeguarding import Mark, Marker
from workshop.schema import participants, question_votes, questions
from workshop.schema import sessions as session_rows

MAX_CHARS = 280


class Status(StrEnum):
    pending = "pending"
    approved = "approved"
    hidden = "hidden"
    answering = "answering"
    answered = "answered"


# What participants (and the audience screen) may see.
VISIBLE = (Status.answering, Status.approved, Status.answered)
VOTABLE = (Status.approved, Status.answering)


class QuestionRefused(WorkshopError):
    """The question was not stored: empty, too long, closed session, or a limit reached."""


@dataclass(frozen=True)
class Limits:
    per_participant: int = 3
    participant_window: float = 300.0  # seconds
    waiting: int = 5  # pending questions one participant may have at once
    per_session: int = 30
    session_window: float = 60.0


LIMITS = Limits()


@dataclass(frozen=True)
class Question:
    """A question as the facilitator's queue sees it."""

    id: str
    text: str
    status: Status
    votes: int
    version: str  # names exactly this text; pass it back to approve
    secret: float | None = field(default=None, repr=False)  # the shuffle key drawn at approval


@dataclass(frozen=True)
class Shown:
    """A question as participants and the audience see it: no link to anyone.

    `votes` is exact: screens show it only through the disclosure policy
    (analysis/room_votes.py), which noises it with `secret`, the random key
    drawn at approval (never shown).
    """

    id: str
    text: str
    status: Status
    votes: int
    secret: float | None = field(default=None, repr=False)


# The app's limiter: plain module state, one per process (not a clearable Streamlit cache).
QUESTIONS = Limiter()


def _minutes(seconds: float) -> str:
    minutes = max(1, round(seconds / 60))
    return ngettext("{n} minute", "{n} minutes", minutes).format(n=minutes)


def clean_text(text: object) -> str:
    """The question as it will be stored, or QuestionRefused saying what to change."""
    if not isinstance(text, str) or not text.strip():
        raise QuestionRefused(_("Type a question first."))
    cleaned = " ".join(text.split())  # no layout tricks: one line, single spaces
    if len(cleaned) > MAX_CHARS:
        raise QuestionRefused(
            _(
                "Your question is {length} characters long; the limit is {limit}. "
                "Please shorten it."
            ).format(length=len(cleaned), limit=MAX_CHARS)
        )
    return cleaned


def ask(
    engine: Engine,
    participant_id: str,
    text: object,
    *,
    limits: Limits = LIMITS,
    limiter: Limiter | None = None,
) -> str:
    """Store a question as pending; returns its random id. Raises QuestionRefused."""
    cleaned = clean_text(text)
    limiter = limiter or QUESTIONS
    question_id = secrets.token_hex(16)
    with db.write(engine) as connection:
        owner = connection.execute(
            select(participants.c.session_id, participants.c.consented, session_rows.c.state)
            .join(session_rows, session_rows.c.id == participants.c.session_id)
            .where(participants.c.id == participant_id)
            .with_for_update(of=participants)
        ).first()
        if owner is None or not owner.consented:
            raise QuestionRefused(_("We could not find your place; your answers may be withdrawn."))
        if owner.state != "open":
            raise QuestionRefused(_("This session is not open, so it takes no questions now."))
        waiting = connection.execute(
            select(func.count())
            .select_from(questions)
            .where(
                questions.c.participant_id == participant_id,
                questions.c.status == Status.pending.value,
            )
        ).scalar_one()
        if waiting >= limits.waiting:
            raise QuestionRefused(
                ngettext(
                    "You have {n} question waiting for the facilitator. Please wait "
                    "until they have read it before asking more.",
                    "You have {n} questions waiting for the facilitator. Please wait "
                    "until they have read them before asking more.",
                    waiting,
                ).format(n=waiting)
            )
        mine = Rule(
            f"question-participant:{participant_id}",
            MovingWindow(limits.per_participant, limits.participant_window),
        )
        room = Rule(
            f"question-session:{owner.session_id}",
            MovingWindow(limits.per_session, limits.session_window),
        )
        refused = limiter.take(mine, room)
        if refused is mine:
            raise QuestionRefused(
                ngettext(
                    "You can ask up to {n} question every {minutes}. "
                    "Please try again in a little while.",
                    "You can ask up to {n} questions every {minutes}. "
                    "Please try again in a little while.",
                    limits.per_participant,
                ).format(n=limits.per_participant, minutes=_minutes(limits.participant_window))
            )
        if refused is room:
            raise QuestionRefused(
                _("Many questions are arriving at once. Please try again in a minute.")
            )
        connection.execute(
            questions.insert().values(
                id=question_id,
                session_id=owner.session_id,
                participant_id=participant_id,
                text=cleaned,
                status=Status.pending.value,
                shuffle=None,
            )
        )
    return question_id


def _votes() -> ScalarSelect[int]:
    return (
        select(func.count())
        .select_from(question_votes)
        .where(question_votes.c.question_id == questions.c.id)
        .scalar_subquery()
    )


def queue(engine: Engine, session_id: int, status: Status | Iterable[Status]) -> list[Question]:
    """The facilitator's view of one or more statuses, with votes and versions.

    Pending and hidden questions come in random-id order (unrelated to arrival);
    shown ones in the order participants see them.
    """
    wanted = [status] if isinstance(status, Status) else list(status)
    votes = _votes().label("votes")
    query = (
        select(questions.c.id, questions.c.text, questions.c.status, votes, questions.c.shuffle)
        .where(
            questions.c.session_id == session_id,
            questions.c.status.in_([s.value for s in wanted]),
        )
        .order_by(votes.desc(), questions.c.shuffle, questions.c.id)
    )
    with db.read(engine) as connection:
        rows = connection.execute(query).all()
    found = [
        Question(r.id, r.text, Status(r.status), r.votes, version_of(r.text), r.shuffle)
        for r in rows
    ]
    return sorted(found, key=lambda q: VISIBLE.index(q.status) if q.status in VISIBLE else 0)


def shown(engine: Engine, session_id: int) -> list[Shown]:
    """What participants see: the one being answered, then approved, then answered.

    Within each group: most votes first, equal votes in the random order drawn
    at approval. One query; the app caches it per session and interval.
    """
    return [
        Shown(q.id, q.text, q.status, q.votes, q.secret) for q in queue(engine, session_id, VISIBLE)
    ]


def answering(wall: Iterable[Shown]) -> Shown | None:
    """The question marked "answering now" on a wall of shown questions (at most one is)."""
    return next((question for question in wall if question.status is Status.answering), None)


def answering_now(engine: Engine, session_id: int) -> Shown | None:
    return answering(shown(engine, session_id))


def set_status(
    engine: Engine,
    session_id: int,
    question_id: str,
    status: Status,
    *,
    version: str | None = None,
) -> None:
    """Approve, hide, mark answering or answered. Approving needs the version shown.

    Marking one question "answering now" marks the session's previous one answered.
    """
    with db.write(engine) as connection:
        current = connection.execute(
            select(questions.c.text, questions.c.status, questions.c.shuffle)
            .where(questions.c.id == question_id, questions.c.session_id == session_id)
            .with_for_update()
        ).first()
        current = check_shown(
            current,
            lambda row: row.text,
            version,
            gone="That question no longer exists (the participant may have withdrawn).",
            changed="This question is not the one shown to you, so nothing was decided. "
            "Read it again in the queue, then decide.",
        )
        values: dict[str, object] = {"status": status.value}
        if status in VISIBLE and current.shuffle is None:
            values["shuffle"] = secrets.SystemRandom().random()
        if status is Status.answering:
            connection.execute(
                update(questions)
                .where(
                    questions.c.session_id == session_id,
                    questions.c.status == Status.answering.value,
                )
                .values(status=Status.answered.value)
            )
        connection.execute(update(questions).where(questions.c.id == question_id).values(values))


def upvote(engine: Engine, participant_id: str, question_id: str) -> bool:
    """One vote per participant and question; True if this call added it.

    Only for a visible, open question in the participant's own session.
    """
    with db.write(engine) as connection:
        target = connection.execute(
            select(questions.c.status)
            .join(participants, participants.c.session_id == questions.c.session_id)
            .where(questions.c.id == question_id, participants.c.id == participant_id)
        ).first()
        if target is None:
            raise QuestionRefused(_("That question is no longer here."))
        if Status(target.status) not in VOTABLE:
            raise QuestionRefused(_("That question is no longer taking votes."))
        return _insert_vote(connection, question_id, participant_id)


def _insert_vote(connection: Connection, question_id: str, participant_id: str) -> bool:
    values = {"question_id": question_id, "participant_id": participant_id}
    dialect = postgresql if connection.dialect.name == "postgresql" else sqlite
    statement = (
        dialect.insert(question_votes)
        .values(values)
        .on_conflict_do_nothing()
        .returning(question_votes.c.question_id)  # a row only when this call inserted
    )
    return connection.execute(statement).first() is not None


def voted(engine: Engine, participant_id: str) -> set[str]:
    """The question ids this participant has voted for."""
    with db.read(engine) as connection:
        rows = connection.execute(
            select(question_votes.c.question_id).where(
                question_votes.c.participant_id == participant_id
            )
        ).all()
    return {r.question_id for r in rows}


def care_first(
    items: Iterable[Question], marker: Marker
) -> list[tuple[Question, tuple[Mark, ...]]]:
    """Each question with its safeguarding marks; marked ones first, otherwise in order."""
    marked = [(item, marker.marks(item.text)) for item in items]
    return sorted(marked, key=lambda pair: not pair[1])


def for_export(engine: Engine, session_ids: Iterable[int]) -> list[tuple[int, str, str, int]]:
    """(session id, text, status, votes) for research exports, in random-id order; no link to anyone."""
    votes = _votes().label("votes")
    with db.read(engine) as connection:
        rows = connection.execute(
            select(questions.c.session_id, questions.c.text, questions.c.status, votes)
            .where(questions.c.session_id.in_(list(session_ids)))
            .order_by(questions.c.id)
        ).all()
    return [(r.session_id, r.text, r.status, r.votes) for r in rows]
