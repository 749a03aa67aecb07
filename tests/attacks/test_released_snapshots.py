"""Issue 23 point 2's findings: snapshots that outlived their sources, and unapproved text in clouds.

- A released snapshot stored participants' texts, so a text withdrawn, or
  hidden after the release, stayed on every phone's end screen.
- `published_results` kept approved text and words only one person gave, after
  withdrawal and after the retention purge (SQLite and PostgreSQL).
- A text question's cloud counted answers nobody approved: a pending text with
  a name in it reached the projector, the phones, the report and summary.csv
  once two fake participants wrote the same word.
"""

from __future__ import annotations

import json
from datetime import UTC, date, datetime, timedelta

import pytest
from sqlalchemy import Engine, select

from analysis import live, retained
from analysis.disclosure import DisclosurePolicy
from analysis.export import make_export
from analysis.report import content
from workshop import db, migrate, moderation, participants, published, retention, sessions
from workshop.answers import save_answer
from workshop.loading import ContentLibrary
from workshop.schema import published_results
from workshop.sessions import SessionSettings

TEXT = "one_word"  # first-look's free-text question (moderated)
NAME = "alexandra"


def _room(engine: Engine, library: ContentLibrary, texts: list[str], k: int = 5):  # type: ignore[no-untyped-def]
    session = sessions.create_session(
        engine,
        library.snapshot("first-look"),
        settings=SessionSettings(k=k),
        open_now=True,
        retention_days=0,
    )
    ids = []
    for text in texts:
        _, person = participants.join(engine, session.code, consented=True)
        save_answer(engine, person.id, TEXT, text)
        moderation.set_status(engine, session.id, person.id, TEXT, moderation.Status.approved)
        ids.append(person.id)
    return session, ids


def _publish_and_release(engine: Engine, session: sessions.WorkshopSession) -> None:
    survey = sessions.get_snapshot(engine, session.id).survey
    data = live.collect(engine, session.id, survey)
    views = live.BatchedViews(live.DatabaseBatchStore(engine))
    views.current(session.id, survey.question(TEXT), data, DisclosurePolicy(k=session.settings.k))
    assert published.release(engine, session.id) == 1


def _stored(engine: Engine) -> str:
    with db.read(engine) as connection:
        return json.dumps(connection.execute(select(published_results)).all(), default=str)


def test_a_withdrawn_or_hidden_text_leaves_every_end_screen(
    monkeypatch: pytest.MonkeyPatch, sqlite_url: str, library: ContentLibrary
) -> None:
    from ui.shared import (
        live_results as facilitator_live,
    )  # the end screen: ui/participant/results.py

    monkeypatch.setenv("WORKSHOP_DATABASE_URL", sqlite_url)
    migrate.upgrade(sqlite_url)
    engine = db.get_engine(sqlite_url)
    texts = ["withdrawn words", "hidden words", "a blanket", "a cup of tea", "quiet time"]
    session, ids = _room(engine, library, texts)
    _publish_and_release(engine, session)
    question = sessions.get_snapshot(engine, session.id).survey.question(TEXT)

    def end_screen() -> tuple[str, ...]:
        facilitator_live._aggregates.clear()  # as after the next refresh interval
        facilitator_live._stored.clear()
        view = facilitator_live.released(session, question)
        assert view is not None and view.ready
        return view.texts

    assert set(end_screen()) == set(texts)
    participants.withdraw(engine, ids[0])
    moderation.set_status(engine, session.id, ids[1], TEXT, moderation.Status.hidden)
    shown = end_screen()
    assert "withdrawn words" not in shown and "hidden words" not in shown
    assert set(shown) == set(texts[2:])
    db.dispose(engine)


def test_stored_batches_keep_no_text_and_no_word_fewer_than_k_gave(
    engine: Engine, library: ContentLibrary
) -> None:
    texts = ["tea and zanzibarian", "tea", "tea", "tea", "tea and blanket"]
    session, ids = _room(engine, library, texts)
    _publish_and_release(engine, session)
    stored = _stored(engine)
    assert "zanzibarian" not in stored and "blanket" not in stored  # one person's words
    assert "tea and" not in stored  # no text at all
    assert '\\"tea\\": 5' in stored  # a word five people gave is a count the policy allows
    participants.withdraw(engine, ids[0])
    assert "zanzibarian" not in _stored(engine)
    sessions.close_session(engine, session.id)
    retention.purge(engine, retained.published, now=datetime.now(UTC) + timedelta(days=1))
    assert _stored(engine) == "[]"  # the purge deletes the batches; the aggregates moved


@pytest.mark.slow
def test_unapproved_text_reaches_no_cloud_report_or_summary(
    engine: Engine, library: ContentLibrary
) -> None:
    session, _ = _room(engine, library, ["a blanket", "a blanket", "a blanket"], k=3)
    for _fake in range(3):  # one real participant and two fakes write the same name
        _, person = participants.join(engine, session.code, consented=True)
        save_answer(engine, person.id, TEXT, f"call {NAME}")  # pending: nobody approved it
    survey = sessions.get_snapshot(engine, session.id).survey
    data = live.collect(engine, session.id, survey)
    view = live.question_view(survey.question(TEXT), data, DisclosurePolicy(k=3))
    assert view.cloud is not None and "blanket" in view.cloud.counts()  # approved text counts
    assert NAME not in view.cloud.counts()  # projector and phones
    report = content.build(engine, [session.id], created=date.today())
    assert NAME not in repr(report)
    summary = make_export(engine, [session.id]).files["summary.csv"].decode()
    assert "blanket" in summary and NAME not in summary
