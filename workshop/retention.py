"""Data that expires: raw answers deleted a set number of days after a session closes.

Each session has a retention period chosen when it is created (default:
WORKSHOP_RETENTION_DAYS). Once the session has been closed for that many days,
`purge` deletes what workshop/lifecycle.py registers for it (answers, free
text included, option codes, question-box questions and votes, follow-up
links, participant rows and stored chart batches), and keeps on the session
row only the published aggregates: the counts the live display showed, already under the disclosure
rules. The aggregates are computed by the caller (analysis/retained.py), since
the disclosure rules live above this package.

On SQLite, deleted rows are zeroed (secure_delete), then the file is vacuumed
and the write-ahead log truncated, so neither free pages nor the log keep a
copy. PostgreSQL keeps dead row versions until VACUUM: see docs/privacy.md.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import Engine, func, select, update

from workshop import db, lifecycle, sessions
from workshop.errors import WorkshopError
from workshop.schema import answers, participants
from workshop.schema import sessions as session_rows

# session id -> the published aggregates to keep, as a JSON-ready dict
Snapshotter = Callable[[Engine, int], dict[str, Any]]


@dataclass(frozen=True)
class Due:
    session: sessions.WorkshopSession
    expires_at: datetime
    participants: int
    answers: int


def due(engine: Engine, now: datetime | None = None) -> list[Due]:
    """Sessions whose raw data has passed its retention period and is still stored."""
    now = now or datetime.now(UTC)
    found: list[Due] = []
    for session in sessions.list_sessions(engine):
        expires = session.expires_at
        if session.purged or expires is None or expires > now:
            continue
        if session.state is not sessions.SessionState.closed:
            continue
        with db.read(engine) as connection:
            people = connection.execute(
                select(func.count())
                .select_from(participants)
                .where(participants.c.session_id == session.id)
            ).scalar_one()
            stored = connection.execute(
                select(func.count()).select_from(answers).where(answers.c.session_id == session.id)
            ).scalar_one()
        found.append(Due(session, expires, people, stored))
    return sorted(found, key=lambda d: d.expires_at)


def purge(
    engine: Engine,
    snapshot: Snapshotter,
    *,
    now: datetime | None = None,
    dry_run: bool = False,
) -> list[Due]:
    """Delete the raw data of every session past its retention period; returns what was due.

    The aggregates are computed and stored in the same write transaction that
    deletes the rows, so a crash leaves either everything or the aggregates.
    """
    found = due(engine, now)
    if dry_run or not found:
        return found
    for item in found:
        purge_session(engine, item.session.id, snapshot(engine, item.session.id), now=now)
    erase_free_pages(engine)
    return found


def purge_session(
    engine: Engine, session_id: int, kept: dict[str, Any], *, now: datetime | None = None
) -> bool:
    """Keep `kept` (the published aggregates) on the session row; delete its raw data.

    Returns False when another process purged the session first: its
    aggregates, computed before any row went, are the ones kept.
    """
    kept_json = json.dumps(kept, ensure_ascii=False, sort_keys=True)
    with db.write(engine) as connection:
        marked = connection.execute(
            update(session_rows)
            .where(session_rows.c.id == session_id, session_rows.c.purged_at.is_(None))
            .values(aggregates=kept_json, purged_at=now or datetime.now(UTC))
        )
        if marked.rowcount == 0:
            return False
        lifecycle.erase_session(connection, session_id)  # every table, as registered
    return True


def erase_free_pages(engine: Engine) -> None:
    """SQLite: rebuild the file without free pages, then empty the write-ahead log."""
    if engine.dialect.name != "sqlite":
        return
    raw = db.writer(engine).raw_connection()
    try:
        driver = raw.driver_connection
        assert driver is not None  # a live pooled connection always has one
        driver.execute("VACUUM")
        driver.execute("PRAGMA wal_checkpoint(TRUNCATE)").fetchall()
    finally:
        raw.close()
    db.erase_leftovers(engine)


def kept_aggregates(engine: Engine, session_id: int) -> dict[str, Any] | None:
    """What a purged session kept (None while its raw data is still stored)."""
    with db.read(engine) as connection:
        stored = connection.execute(
            select(session_rows.c.aggregates).where(session_rows.c.id == session_id)
        ).scalar_one_or_none()
    return json.loads(stored) if stored else None


class RawDataExpired(WorkshopError):
    """The session's raw answers were deleted at the end of its retention period."""


def refuse_purged(engine: Engine, session_ids: list[int]) -> None:
    """Raise RawDataExpired naming every chosen session whose raw answers are gone."""
    gone = [sessions.get_session(engine, sid) for sid in session_ids]
    expired = [s for s in gone if s.purged]
    if not expired:
        return
    names = ", ".join(f"{s.code} (deleted {s.purged_at:%Y-%m-%d})" for s in expired if s.purged_at)
    codes = " ".join(f"--session {s.code}" for s in expired)
    raise RawDataExpired(
        f"The raw answers of {names} were deleted at the end of the retention period, so "
        "there is nothing to export for them. Their published results are kept: make their "
        f"report with `workshop report {codes} --out report.html`, or leave them out of the export."
    )


def status(session: sessions.WorkshopSession) -> str:
    """One line for staff lists: when this session's raw answers will be (or were) deleted."""
    if session.purged_at is not None:
        return f"raw data deleted {session.purged_at:%Y-%m-%d}; published counts kept"
    if session.retention_days is None:
        return "raw data kept until deleted by hand"
    expires = session.expires_at
    if expires is None:
        return f"raw data deleted {session.retention_days} day(s) after closing"
    return f"raw data deleted on {expires:%Y-%m-%d}"
