"""All viewers of a session share one SQL aggregate per refresh interval."""

from __future__ import annotations

import pytest

from analysis import live
from ui.shared import live_results as facilitator_live
from workshop import db, migrate, participants, sessions
from workshop.answers import save_answer


@pytest.fixture
def app_engine(monkeypatch, tmp_path, sqlite_url):
    monkeypatch.setenv("WORKSHOP_DATABASE_URL", sqlite_url)
    migrate.upgrade(sqlite_url)
    return db.get_engine(sqlite_url)


def test_one_query_set_per_session_and_interval(app_engine, library, monkeypatch) -> None:
    session = sessions.create_session(app_engine, library.snapshot("first-look"), open_now=True)
    calls = []
    real_collect = live.collect
    monkeypatch.setattr(live, "collect", lambda *a: calls.append(a) or real_collect(*a))
    clock = [1_000_000.0]
    monkeypatch.setattr(facilitator_live.time, "time", lambda: clock[0])

    first = facilitator_live.aggregates_now(session.id)
    for _ in range(5):  # five more viewers in the same interval
        assert facilitator_live.aggregates_now(session.id) == first
    assert len(calls) == 1

    pid = participants.join(app_engine, session.code)[1].id
    save_answer(app_engine, pid, "importance_pre", "3")
    # still the same interval: the new answer waits for the next batch
    assert facilitator_live.aggregates_now(session.id).participants.joined == 0
    clock[0] += facilitator_live.REFRESH_SECONDS
    assert facilitator_live.aggregates_now(session.id).participants.joined == 1
    assert len(calls) == 2
