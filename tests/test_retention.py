"""Data that expires: retention periods, the purge, the aggregates kept and the export's refusal."""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from sqlalchemy import Engine, func, select

from analysis.export import make_export
from analysis.retained import published
from tests.support.sqlite_files import sqlite_files
from workshop import db, followup, migrate, moderation, participants, retention, sessions
from workshop.answers import save_answer
from workshop.config import DEFAULT_RETENTION_DAYS, retention_days_from
from workshop.errors import WorkshopError
from workshop.loading import ContentLibrary
from workshop.schema import answer_codes, answers, followup_links
from workshop.schema import participants as participant_rows

MARKER = "expired-marker-5c1e0d"


def _session(
    engine: Engine, library: ContentLibrary, days: int | None, people: int = 6
) -> sessions.WorkshopSession:
    session = sessions.create_session(
        engine, library.snapshot("first-look"), open_now=True, retention_days=days
    )
    for n in range(people):
        _, person = participants.join(engine, session.code, consented=True)
        save_answer(engine, person.id, "low_mood_ever", "yes" if n % 3 else "no")
        save_answer(engine, person.id, "one_word", f"{MARKER}{n} and tea")
        # only approved text counts in a cloud (issue 23 point 2)
        moderation.set_status(engine, session.id, person.id, "one_word", moderation.Status.approved)
    return session


def _count(engine: Engine, table, session_id: int) -> int:  # type: ignore[no-untyped-def]
    with db.read(engine) as connection:
        return connection.execute(
            select(func.count()).select_from(table).where(table.c.session_id == session_id)
        ).scalar_one()


def test_the_retention_setting_has_a_default_and_clear_errors() -> None:
    assert retention_days_from(None) == DEFAULT_RETENTION_DAYS
    assert retention_days_from(" 30 ") == 30
    assert retention_days_from("none") is None
    with pytest.raises(ValueError, match="WORKSHOP_RETENTION_DAYS must be a whole number"):
        retention_days_from("a month")


def test_expiry_counts_from_closing_and_a_reopen_restarts_it(
    engine: Engine, library: ContentLibrary
) -> None:
    session = _session(engine, library, 30, people=0)
    assert session.expires_at is None
    assert "30 day(s) after closing" in retention.status(session)
    closed = sessions.close_session(engine, session.id)
    assert closed.closed_at is not None
    assert closed.expires_at == closed.closed_at + timedelta(days=30)
    assert f"{closed.expires_at:%Y-%m-%d}" in retention.status(closed)
    assert sessions.open_session(engine, session.id).expires_at is None
    kept = sessions.create_session(engine, library.snapshot("first-look"), retention_days=None)
    assert retention.status(kept) == "raw data kept until deleted by hand"
    with pytest.raises(WorkshopError, match="between 0 and 3650"):
        sessions.create_session(engine, library.snapshot("first-look"), retention_days=-1)


def test_dry_run_lists_and_the_real_run_deletes_but_keeps_the_published_counts(
    engine: Engine, library: ContentLibrary
) -> None:
    expiring = _session(engine, library, 0)
    lasting = _session(engine, library, 30)
    unlimited = _session(engine, library, None)
    still_open = _session(engine, library, 0)
    for s in (expiring, lasting, unlimited):
        sessions.close_session(engine, s.id)
    before = published(engine, expiring.id)
    later = datetime.now(UTC) + timedelta(days=1)

    listed = retention.purge(engine, published, now=later, dry_run=True)
    assert [(d.session.id, d.participants, d.answers) for d in listed] == [(expiring.id, 6, 12)]
    assert _count(engine, answers, expiring.id) == 12  # nothing deleted by a dry run

    done = retention.purge(engine, published, now=later)
    assert [d.session.id for d in done] == [expiring.id]
    for table in (answers, answer_codes, participant_rows):
        assert _count(engine, table, expiring.id) == 0
    for other in (lasting, unlimited, still_open):
        assert _count(engine, answers, other.id) == 12
    purged = sessions.get_session(engine, expiring.id)
    assert purged.purged and "published counts kept" in retention.status(purged)
    kept = retention.kept_aggregates(engine, expiring.id)
    assert kept is not None
    assert kept["questions"] == before["questions"]
    assert kept["participants"] == {"joined": 6, "consented": 6, "finished": 0}
    heard = kept["questions"]["low_mood_ever"]
    assert heard["responded"] == 6 and heard["ready"]
    assert MARKER not in json.dumps(kept)  # free text is not kept, words below k neither
    assert ["tea", 6] in heard_words(kept)
    assert retention.purge(engine, published, now=later) == []  # once only
    with pytest.raises(WorkshopError, match="cannot be opened again"):
        sessions.open_session(engine, expiring.id)


def test_a_purge_deletes_follow_up_links_of_the_expired_session(
    engine: Engine, library: ContentLibrary
) -> None:
    snapshot = library.snapshot("aftercare-workshop")
    workshop = sessions.create_session(engine, snapshot, open_now=True, retention_days=0)
    _, person = participants.join(engine, workshop.code, consented=True)
    participants.set_progress(engine, person.id, len(snapshot.survey.steps) - 1, finished=True)
    code = followup.opt_in(engine, person.id, key=b"k" * 32)
    sessions.close_session(engine, workshop.id)
    follow = sessions.create_session(
        engine, library.snapshot("aftercare-followup"), open_now=True, follow_up_of=workshop.id
    )
    _, returner = participants.join(engine, follow.code, consented=True)
    assert followup.link(engine, returner.id, code, key=b"k" * 32).linked
    retention.purge(engine, published, now=datetime.now(UTC) + timedelta(days=1))
    with db.read(engine) as connection:
        assert connection.execute(select(followup_links)).all() == []
    participants.get_participant(engine, returner.id)  # the follow-up's own answers stay


def test_the_export_refuses_expired_sessions_and_names_the_report(
    engine: Engine, library: ContentLibrary
) -> None:
    expiring = _session(engine, library, 0)
    sessions.close_session(engine, expiring.id)
    fine = _session(engine, library, 30)
    assert make_export(engine, [expiring.id, fine.id]).participants == 12
    retention.purge(engine, published, now=datetime.now(UTC) + timedelta(days=1))
    with pytest.raises(retention.RawDataExpired) as caught:
        make_export(engine, [fine.id, expiring.id])
    message = str(caught.value)
    assert expiring.code in message and fine.code not in message
    assert f"workshop report --session {expiring.code}" in message
    assert make_export(engine, [fine.id]).participants == 6


def test_purged_text_is_in_none_of_the_sqlite_files(tmp_path: Path, library) -> None:
    database = tmp_path / "workshop.db"
    url = f"sqlite:///{database}"
    migrate.upgrade(url)
    engine = db.get_engine(url)
    session = _session(engine, library, 0)
    kept = _session(engine, library, None, people=1)
    sessions.close_session(engine, session.id)
    assert any(MARKER.encode() in data for data in sqlite_files(database).values())
    retention.purge(engine, published, now=datetime.now(UTC) + timedelta(days=1))
    with db.read(engine) as connection:  # a reader afterwards must not bring it back
        connection.execute(select(func.count()).select_from(answers)).scalar_one()
    for name, data in sqlite_files(database).items():
        assert f"{MARKER}3".encode() not in data, f"the purged text is still in {name}"
    assert retention.kept_aggregates(engine, session.id) is not None
    assert _count(engine, answers, kept.id) == 2
    db.dispose(engine)
    for name, data in sqlite_files(database).items():
        assert f"{MARKER}3".encode() not in data, f"the purged text is still in {name}"


def heard_words(kept: dict) -> list[list[object]]:  # type: ignore[type-arg]
    return kept["questions"]["one_word"]["words"]


def test_the_report_after_a_purge_shows_what_the_room_saw(
    engine: Engine, library: ContentLibrary
) -> None:
    """Issue 19: a purge leaves the report intact, drawn from the kept aggregates."""
    from analysis import pooling
    from workshop import demo

    filled = demo.fill(engine, library.snapshot("first-look"), participants=12)
    session = filled.session
    sessions.close_session(engine, session.id)
    with db.write(engine) as connection:
        connection.execute(
            sessions.sessions.update()
            .where(sessions.sessions.c.id == session.id)
            .values(retention_days=0)
        )
    before = pooling.read_session(engine, session.id)
    views = {q.id: before.view(q) for q in before.survey.questions}
    retention.purge(engine, published, now=datetime.now(UTC) + timedelta(days=1))
    assert _count(engine, answers, session.id) == 0
    after = pooling.read_session(engine, session.id)
    assert after.facts.joined == before.facts.joined == 12
    for question in after.survey.questions:
        old, new = views[question.id], after.view(question)
        assert (new.responded, new.state, new.declined) == (old.responded, old.state, old.declined)
        assert new.breakdown == old.breakdown, question.id
        assert new.mean_rank == old.mean_rank and new.median == old.median
        assert (new.cloud.terms if new.cloud else ()) == (old.cloud.terms if old.cloud else ())
        assert new.texts == ()  # approved free text is a raw answer: not kept
