"""Workshop sessions: create from a survey snapshot, open, close, reopen, list.

Changing one setting under the row lock lives in workshop/session_settings.py.
"""

from __future__ import annotations

import threading
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from enum import StrEnum
from functools import lru_cache
from typing import Any

from pydantic import BaseModel, ConfigDict, Field
from sqlalchemy import Connection, Engine, bindparam, func, select, update
from sqlalchemy.exc import IntegrityError

from workshop import db, joincodes, translation
from workshop.content import SurveySnapshot
from workshop.errors import InvalidJoinCode, SessionNotFound, WorkshopError
from workshop.i18n import _
from workshop.schema import participants
from workshop.schema import sessions as sessions  # re-exported: joined reads use it

# The range of k a session may set (smaller groups could identify people); the
# rules that compare counts with k live in analysis/disclosure.
MIN_K = 3
DEFAULT_K = 5
MAX_K = 100
MAX_ROOM = 10_000  # the largest expected room size a facilitator can set
# Privacy loss per noisy release (analysis/disclosure/noise.py): 1 is a common choice.
DEFAULT_EPSILON = 1.0
MIN_EPSILON = 0.1
MAX_EPSILON = 5.0

# Retention periods a session may have, in days after it closes.
MIN_RETENTION_DAYS = 0
MAX_RETENTION_DAYS = 3650


class SessionState(StrEnum):
    draft = "draft"
    open = "open"
    closed = "closed"


class Pacing(StrEnum):
    self_paced = "self"
    facilitator = "facilitator"


class SessionSettings(BaseModel):
    """Per-session choices the facilitator makes. Stored as JSON; new fields need defaults."""

    model_config = ConfigDict(extra="ignore", frozen=True)

    pacing: Pacing = Pacing.self_paced
    k: int = Field(default=DEFAULT_K, ge=MIN_K, le=MAX_K, description="Minimum group size shown.")
    show_results_to_participants: bool = False
    revealed_items: tuple[str, ...] = ()
    # Mask groups smaller than k on every question, not only sensitive and
    # demographic ones. On unless the facilitator turns it off at creation;
    # sessions stored before the setting existed read it as on (the safe side).
    mask_all: bool = True
    # Words the facilitator took off the word clouds (normalized forms); the
    # answers themselves are kept.
    hidden_words: tuple[str, ...] = ()
    # How many people the facilitator expects; the presenter's screen shows how
    # many more than that joined (extra joins may be fake participants).
    expected_size: int | None = Field(default=None, ge=1, le=MAX_ROOM)
    # Once the room has arrived: no new participants; those who joined resume.
    joining_locked: bool = False
    # Noise on what the room and phones see of sensitive items, clouds and votes
    # (analysis/disclosure/noise.py). On by default, sessions stored before the
    # setting existed included; a facilitator may turn it off, after a warning.
    noise: bool = True
    epsilon: float = Field(
        default=DEFAULT_EPSILON,
        ge=MIN_EPSILON,
        le=MAX_EPSILON,
        description="Privacy loss per release (smaller: more noise).",
    )
    # The presenter's state, read by the audience screen (workshop/presenter.py):
    # the step on the projector when the room is self-paced, the step whose
    # discussion prompt replaces the chart, whether the join screen is up, and
    # the clock (session start, current step start).
    shown_step: int = 0
    discussion_step: int | None = None
    join_screen: bool = True
    # A small line with the join address and code at the foot of every audience
    # screen, so latecomers can join (issue 24 point 5); off while joining is locked.
    join_strip: bool = True
    # The interface languages participants may use, the first the default; each must be
    # one the operator offers (WORKSHOP_LANGUAGES). Empty: all of those (sessions
    # stored before the setting existed read it so).
    languages: tuple[str, ...] = ()
    started_at: datetime | None = None
    step_started_at: datetime | None = None


@dataclass(frozen=True)
class WorkshopSession:
    id: int
    code: str
    title: str
    survey_id: str
    survey_version: int
    state: SessionState
    current_step: int
    settings: SessionSettings
    created_at: datetime
    # Follow-up and retention (migration 0007; workshop/retention.py, workshop/followup.py).
    retention_days: int | None = None  # None: raw data kept until deleted by hand
    closed_at: datetime | None = None
    purged_at: datetime | None = None
    follow_up_of: int | None = None  # id of the workshop session this one follows up

    @property
    def is_open(self) -> bool:
        return self.state is SessionState.open

    @property
    def purged(self) -> bool:
        """Raw answers deleted by the retention period; only the aggregates remain."""
        return self.purged_at is not None

    @property
    def expires_at(self) -> datetime | None:
        """When the raw answers will be deleted (None: no period, or not closed yet)."""
        if self.retention_days is None or self.closed_at is None:
            return None
        return self.closed_at + timedelta(days=self.retention_days)


_snapshot_cache: dict[tuple[str, int], SurveySnapshot] = {}
_snapshot_lock = threading.Lock()


@lru_cache(maxsize=256)
def parse_settings(stored: str) -> SessionSettings:
    # Parsed on every participant rerun; the model is frozen, so sharing is safe.
    return SessionSettings.model_validate_json(stored)


def _aware(value: datetime | str | None) -> datetime | None:
    if value is None:
        return None
    if isinstance(value, str):  # read on the driver: SQLite keeps timestamps as text
        value = datetime.fromisoformat(value)
    return value if value.tzinfo is not None else value.replace(tzinfo=UTC)


def session_from_row(row: Any) -> WorkshopSession:  # any row holding COLUMNS
    """A session from a row holding COLUMNS (also used by joined reads elsewhere)."""
    created = _aware(row.created_at)
    assert created is not None  # NOT NULL in the schema
    return WorkshopSession(
        id=row.id,
        code=row.code,
        title=row.title,
        survey_id=row.survey_id,
        survey_version=row.survey_version,
        state=SessionState(row.state),
        current_step=row.current_step,
        settings=parse_settings(row.settings),
        created_at=created,
        retention_days=row.retention_days,
        closed_at=_aware(row.closed_at),
        purged_at=_aware(row.purged_at),
        follow_up_of=row.follow_up_of,
    )


# All but the big JSON columns (the snapshot and the kept aggregates).
COLUMNS = [c for c in sessions.c if c.name not in ("snapshot", "aggregates")]


def create_session(
    engine: Engine,
    snapshot: SurveySnapshot,
    *,
    title: str | None = None,
    settings: SessionSettings | None = None,
    open_now: bool = False,
    retention_days: int | None = None,
    follow_up_of: int | None = None,
) -> WorkshopSession:
    """Store a new session with a frozen copy of the survey and its modules.

    retention_days: raw answers are deleted that many days after the session
    closes (workshop/retention.py); None keeps them. follow_up_of: the id of a
    finished session whose participants this one follows up (workshop/followup.py).
    """
    if (
        retention_days is not None
        and not MIN_RETENTION_DAYS <= retention_days <= MAX_RETENTION_DAYS
    ):
        raise WorkshopError(
            f"The retention period must be between {MIN_RETENTION_DAYS} and "
            f"{MAX_RETENTION_DAYS} days, not {retention_days}."
        )
    if follow_up_of is not None:
        get_session(engine, follow_up_of)  # SessionNotFound says which
    title = (title or snapshot.survey.title).strip()[:200] or snapshot.survey.title
    settings = settings or SessionSettings()
    payload = snapshot.model_dump_json()
    for _attempt in range(20):
        code = joincodes.generate()
        try:
            with db.write(engine) as connection:
                session_id = connection.execute(
                    sessions.insert()
                    .values(
                        code=code,
                        title=title,
                        survey_id=snapshot.survey.id,
                        survey_version=snapshot.survey.version,
                        snapshot=payload,
                        settings=settings.model_dump_json(),
                        state=(SessionState.open if open_now else SessionState.draft).value,
                        current_step=0,
                        created_at=datetime.now(UTC),
                        retention_days=retention_days,
                        follow_up_of=follow_up_of,
                    )
                    .returning(sessions.c.id)
                ).scalar_one()
        except IntegrityError:
            continue  # join code already taken: draw another
        return get_session(engine, session_id)
    raise WorkshopError("Could not find a free join code; try again.")


def get_session(engine: Engine, session_id: int) -> WorkshopSession:
    with db.read(engine) as connection:
        row = connection.execute(select(*COLUMNS).where(sessions.c.id == session_id)).first()
    if row is None:
        raise SessionNotFound(f"There is no session with id {session_id}.")
    return session_from_row(row)


_BY_CODE = select(*COLUMNS).where(sessions.c.code == bindparam("code"))


def find_by_code(
    engine: Engine, typed_code: str, *, connection: Connection | None = None
) -> WorkshopSession:
    """Look up a session by what a person typed; raises InvalidJoinCode or SessionNotFound.

    Pass `connection` to read inside a transaction the caller already holds.
    """
    code = joincodes.normalize(typed_code)
    if connection is None:
        with db.read(engine) as own:
            row = own.execute(_BY_CODE, {"code": code}).first()
    else:
        row = connection.execute(_BY_CODE, {"code": code}).first()
    if row is None:
        raise not_found(code)
    return session_from_row(row)


def not_found(code: str) -> SessionNotFound:
    return SessionNotFound(
        _("No session uses the code {code}. Check the code on the screen and try again.").format(
            code=code
        )
    )


def list_sessions(engine: Engine) -> list[WorkshopSession]:
    with db.read(engine) as connection:
        rows = connection.execute(select(*COLUMNS).order_by(sessions.c.id.desc())).all()
    return [session_from_row(r) for r in rows]


def get_snapshot(engine: Engine, session_id: int) -> SurveySnapshot:
    """The survey a session was created with; cached, since it never changes."""
    key = (str(engine.url), session_id)
    cached = _snapshot_cache.get(key)
    if cached is not None:
        return cached
    with db.read(engine) as connection:
        payload = connection.execute(
            select(sessions.c.snapshot).where(sessions.c.id == session_id)
        ).scalar_one_or_none()
    if payload is None:
        raise SessionNotFound(f"There is no session with id {session_id}.")
    snapshot = SurveySnapshot.model_validate_json(payload)
    with _snapshot_lock:
        _snapshot_cache[key] = snapshot
    return snapshot


_participant_cache: dict[tuple[str, int, str], SurveySnapshot] = {}


def get_participant_snapshot(
    engine: Engine, session_id: int, language: str | None = None
) -> SurveySnapshot:
    """The session's snapshot with every facilitator note removed (participant pages use this).

    With a `language` the survey declares, its texts are in that language (English where
    untranslated); ids and option codes stay the same, so answers count together.
    """
    key = (str(engine.url), session_id, language or "")
    cached = _participant_cache.get(key)
    if cached is None:
        cached = get_snapshot(engine, session_id).for_participants()
        if language:
            cached = translation.localized(cached, language)
        with _snapshot_lock:
            _participant_cache[key] = cached
    return cached


def _set(engine: Engine, session_id: int, **values: object) -> WorkshopSession:
    with db.write(engine) as connection:
        result = connection.execute(
            update(sessions).where(sessions.c.id == session_id).values(**values)
        )
    if result.rowcount == 0:
        raise SessionNotFound(f"There is no session with id {session_id}.")
    return get_session(engine, session_id)


def open_session(engine: Engine, session_id: int) -> WorkshopSession:
    """Open (or reopen) a session so participants can join and answer.

    A session whose raw data was purged cannot take answers again.
    """
    if get_session(engine, session_id).purged:
        raise WorkshopError(
            "This session's raw answers were deleted at the end of its retention period; "
            "it cannot be opened again. Create a new session instead."
        )
    return _set(engine, session_id, state=SessionState.open.value, closed_at=None)


def close_session(engine: Engine, session_id: int) -> WorkshopSession:
    """Stop accepting joins and answers; everything saved is kept.

    The retention period counts from this moment (a reopen restarts it).
    """
    return _set(engine, session_id, state=SessionState.closed.value, closed_at=datetime.now(UTC))


def set_current_step(engine: Engine, session_id: int, step: int) -> WorkshopSession:
    """Move a facilitator-paced room to `step` (clamped to the survey)."""
    total = len(get_snapshot(engine, session_id).survey.steps)
    return _set(engine, session_id, current_step=max(0, min(step, total - 1)))


def update_settings(engine: Engine, session_id: int, settings: SessionSettings) -> WorkshopSession:
    return _set(engine, session_id, settings=settings.model_dump_json())


def followup_origin(session: WorkshopSession) -> bool:
    """Whether a follow-up session may be linked to this one: a workshop still holding raw data."""
    return session.follow_up_of is None and not session.purged


def participant_count(engine: Engine, session_id: int) -> int:
    with db.read(engine) as connection:
        return connection.execute(
            select(func.count())
            .select_from(participants)
            .where(participants.c.session_id == session_id)
        ).scalar_one()


def resolve(engine: Engine, code_or_id: str) -> WorkshopSession:
    """For the command line: accept a join code or a numeric session id."""
    text = code_or_id.strip()
    if joincodes.is_valid(text):
        try:
            return find_by_code(engine, text)
        except SessionNotFound:
            if not text.isdigit():
                raise
    if text.isdigit():
        return get_session(engine, int(text))
    try:
        return find_by_code(engine, text)
    except InvalidJoinCode as exc:
        raise SessionNotFound(f"'{text}' is neither a join code nor a session id: {exc}") from None
