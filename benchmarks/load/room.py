"""The room a started app is loaded with: an open session, and approved questions in it."""

from __future__ import annotations

from pathlib import Path

from loadtest import launch


def create_open_session(
    database_url: str,
    root: Path = launch.ROOT,
    expected_size: int | None = None,
    survey: str = "first-look",
) -> str:
    """An open session of `survey`; `expected_size` as a facilitator would set it (join limits)."""
    from workshop import db, migrate, sessions
    from workshop.loading import load_content

    migrate.upgrade(database_url)
    library = load_content(root / "content")
    library.raise_for_problems()
    session = sessions.create_session(
        db.get_engine(database_url),
        library.snapshot(survey),
        title="Load test",
        settings=sessions.SessionSettings(expected_size=expected_size),
        open_now=True,
    )
    return session.code


def seed_questions(database_url: str, code: str, count: int) -> None:
    """`count` approved questions in the session, from participants made for the purpose."""
    from workshop import db, participants, question_box
    from workshop.question_box import Limits, Status
    from workshop.rate_limits import Limiter

    engine = db.get_engine(database_url)
    roomy = Limits(per_participant=count, waiting=count, per_session=count)
    session, asker = participants.join(engine, code, consented=True)
    for n in range(count):
        question_id = question_box.ask(
            engine, asker.id, f"Load test question {n + 1}?", limits=roomy, limiter=Limiter()
        )
        question_box.set_status(engine, session.id, question_id, Status.approved)
