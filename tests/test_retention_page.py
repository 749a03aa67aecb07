"""AppTest of the Sessions page's retention and follow-up fields, and the expiry it lists."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from streamlit.testing.v1 import AppTest

from analysis.retained import published
from tests.support.apptest import app
from workshop import retention, sessions

PASSPHRASE = "a long test passphrase"


@pytest.fixture
def app_env(app_env: str, monkeypatch: pytest.MonkeyPatch) -> str:
    monkeypatch.setenv("WORKSHOP_FACILITATOR_PASSPHRASE", PASSPHRASE)
    monkeypatch.setenv("WORKSHOP_RETENTION_DAYS", "45")
    return app_env


def _log_in() -> AppTest:
    at = app()
    at.switch_page("app_pages/facilitator_login.py").run()
    at.text_input(key="staff_passphrase").input(PASSPHRASE)
    return next(b for b in at.button if b.label == "Log in").click().run()


def _create(at: AppTest) -> AppTest:
    at.checkbox(key="fac_new_examples_ok").check()  # the shipped example resources
    return next(b for b in at.button if b.label == "Create session").click().run()


def _captions(at: AppTest) -> str:
    return "\n".join(c.value for c in at.caption)


@pytest.mark.slow
def test_sessions_page_sets_retention_and_follow_up_and_shows_expiry(
    app_env, app_engine, library
) -> None:
    at = _log_in()
    assert at.number_input(key="fac_new_retention").value == 45  # from the configuration
    assert not at.checkbox(key="fac_new_keep_raw").value
    at.number_input(key="fac_new_retention").set_value(0)
    at = _create(at)
    assert not at.exception
    [workshop] = sessions.list_sessions(app_engine)
    assert workshop.retention_days == 0 and workshop.follow_up_of is None
    assert "raw data deleted 0 day(s) after closing" in _captions(at)

    at.run()  # the form was drawn before the session existed
    at.selectbox(key="fac_new_survey").set_value("aftercare-followup")
    at.selectbox(key="fac_new_follow_up_of").set_value(workshop.id)
    at.checkbox(key="fac_new_keep_raw").check()
    at = _create(at)
    follow = sessions.list_sessions(app_engine)[0]
    assert follow.follow_up_of == workshop.id and follow.retention_days is None
    assert "raw data kept until deleted by hand" in _captions(at)

    at.button(key=f"fac_close_{workshop.id}").click().run()
    closed = sessions.get_session(app_engine, workshop.id)
    assert f"raw data deleted on {closed.expires_at:%Y-%m-%d}" in _captions(at)
    retention.purge(app_engine, published, now=datetime.now(UTC) + timedelta(days=1))
    at.run()
    assert "published counts kept" in _captions(at)
    assert at.button(key=f"fac_open_{workshop.id}").disabled  # a purged session stays closed
    # a purged workshop can no longer be chosen for a new follow-up
    assert workshop.id not in at.selectbox(key="fac_new_follow_up_of").options


def test_the_app_worker_purges_what_is_due_and_survives_a_failure(
    app_engine, library, caplog
) -> None:
    from sqlalchemy import create_engine

    from ui.shared import retention_worker

    session = sessions.create_session(app_engine, library.snapshot("first-look"), retention_days=0)
    sessions.close_session(app_engine, session.id)
    assert retention_worker.run_once(app_engine) == 1
    assert sessions.get_session(app_engine, session.id).purged
    assert retention_worker.run_once(app_engine) == 0
    broken = create_engine("sqlite:///file:nowhere?mode=ro&uri=true")
    assert retention_worker.run_once(broken) == 0  # logged, not raised
    assert "Retention purge failed (OperationalError)" in caplog.text


@pytest.mark.parametrize(("setting", "threads"), [("true", 1), ("false", 0)])
def test_the_in_app_purge_is_a_fallback_a_timer_turns_off(
    app_engine, monkeypatch: pytest.MonkeyPatch, setting: str, threads: int
) -> None:
    """WORKSHOP_PURGE_IN_APP=false (deploy/systemd's env file) leaves the purge to the timer."""
    import threading

    from ui.shared import retention_worker
    from workshop import config

    monkeypatch.setenv("WORKSHOP_PURGE_IN_APP", setting)
    config.reset()
    started: list[str] = []

    class Recorder:
        def __init__(self, *, name: str, **_: object) -> None:
            self.name = name

        def start(self) -> None:
            started.append(self.name)

    monkeypatch.setattr(retention_worker, "_started", threading.Event())
    monkeypatch.setattr(retention_worker.threading, "Thread", Recorder)
    retention_worker.start()
    retention_worker.start()  # once per process
    assert started == ["retention-purge"] * threads
