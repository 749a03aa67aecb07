"""An open session of the first-look survey and people joining it, for tests of what a room sees."""

from __future__ import annotations

from sqlalchemy import Engine

from workshop import participants, sessions
from workshop.content import Survey
from workshop.loading import ContentLibrary
from workshop.sessions import WorkshopSession


def open_room(engine: Engine, library: ContentLibrary) -> tuple[Engine, WorkshopSession, Survey]:
    """(engine, a new open first-look session, its survey)."""
    snapshot = library.snapshot("first-look")
    session = sessions.create_session(engine, snapshot, open_now=True)
    return engine, session, snapshot.survey


def join_people(engine: Engine, session: WorkshopSession, n: int) -> list[str]:
    """The ids of `n` new participants of `session`."""
    return [participants.join(engine, session.code)[1].id for _ in range(n)]
