from __future__ import annotations

import pytest
from pydantic import ValidationError

from workshop import session_settings, sessions
from workshop.errors import InvalidJoinCode, SessionNotFound
from workshop.sessions import Pacing, SessionSettings, SessionState


def test_create_snapshots_survey_and_starts_as_draft(engine, library) -> None:
    snapshot = library.snapshot("first-look")
    session = sessions.create_session(engine, snapshot, title="Tuesday group")
    assert session.state is SessionState.draft
    assert session.title == "Tuesday group"
    assert session.settings.k == 5 and session.settings.pacing is Pacing.self_paced
    assert sessions.get_snapshot(engine, session.id) == snapshot
    assert set(sessions.get_snapshot(engine, session.id).modules) == set(snapshot.survey.module_ids)


def test_open_close_reopen_and_list(engine, library) -> None:
    first = sessions.create_session(engine, library.snapshot("first-look"))
    second = sessions.create_session(engine, library.snapshot("first-look"), open_now=True)
    assert second.state is SessionState.open
    assert sessions.open_session(engine, first.id).state is SessionState.open
    assert sessions.close_session(engine, first.id).state is SessionState.closed
    assert sessions.open_session(engine, first.id).state is SessionState.open
    listed = sessions.list_sessions(engine)
    assert [s.id for s in listed] == [second.id, first.id]
    assert first.code != second.code


def test_find_by_code_is_forgiving_about_typing(engine, library) -> None:
    session = sessions.create_session(engine, library.snapshot("first-look"))
    typed = f" {session.code[:3].lower()} {session.code[3:]} "
    assert sessions.find_by_code(engine, typed).id == session.id
    other = "".join("A" if c != "A" else "B" for c in session.code)
    with pytest.raises(SessionNotFound, match="No session uses the code"):
        sessions.find_by_code(engine, other)
    with pytest.raises(InvalidJoinCode):
        sessions.find_by_code(engine, "' OR 1=1 --")


def test_unknown_session_ids(engine) -> None:
    with pytest.raises(SessionNotFound):
        sessions.get_session(engine, 999)
    with pytest.raises(SessionNotFound):
        sessions.open_session(engine, 999)
    with pytest.raises(SessionNotFound):
        sessions.resolve(engine, "not a code!")


def test_current_step_is_clamped(engine, library) -> None:
    snapshot = library.snapshot("first-look")
    session = sessions.create_session(engine, snapshot)
    assert sessions.set_current_step(engine, session.id, 3).current_step == 3
    assert (
        sessions.set_current_step(engine, session.id, 10_000).current_step
        == len(snapshot.survey.steps) - 1
    )
    assert sessions.set_current_step(engine, session.id, -5).current_step == 0


def test_k_never_below_three(engine, library) -> None:
    with pytest.raises(ValidationError):
        SessionSettings(k=2)
    session = sessions.create_session(
        engine, library.snapshot("first-look"), settings=SessionSettings(k=3)
    )
    updated = sessions.update_settings(
        engine, session.id, SessionSettings(k=7, pacing=Pacing.facilitator)
    )
    assert updated.settings.k == 7 and updated.settings.pacing is Pacing.facilitator


def test_k_policy_bounds_and_default() -> None:
    assert SessionSettings().k == sessions.DEFAULT_K
    assert SessionSettings(k=sessions.MAX_K).k == sessions.MAX_K
    for outside in (sessions.MIN_K - 1, sessions.MAX_K + 1):
        with pytest.raises(ValidationError):
            SessionSettings(k=outside)


def test_set_epsilon_stores_the_level_and_refuses_values_outside_the_range(engine, library) -> None:
    session = sessions.create_session(engine, library.snapshot("first-look"))
    assert session_settings.set_epsilon(engine, session.id, 0.5).settings.epsilon == 0.5
    for edge in (sessions.MIN_EPSILON, sessions.MAX_EPSILON):
        assert session_settings.set_epsilon(engine, session.id, edge).settings.epsilon == edge
    session_settings.set_epsilon(engine, session.id, 2.0)
    for outside in (0.0, 0.09, 5.01, -1.0, float("nan"), float("inf")):
        with pytest.raises(ValidationError):
            session_settings.set_epsilon(engine, session.id, outside)
    assert sessions.get_session(engine, session.id).settings.epsilon == 2.0  # nothing stored


def test_resolve_accepts_code_or_id(engine, library) -> None:
    session = sessions.create_session(engine, library.snapshot("first-look"))
    assert sessions.resolve(engine, session.code.lower()).id == session.id
    assert sessions.resolve(engine, str(session.id)).id == session.id


def test_set_revealed_changes_one_item_and_keeps_the_other_settings(engine, library) -> None:
    session = sessions.create_session(engine, library.snapshot("first-look"))
    # Another facilitator changes k after this one's page read the session.
    sessions.update_settings(engine, session.id, SessionSettings(k=7))
    session_settings.set_revealed(engine, session.id, "importance_pre", True)
    session_settings.set_revealed(engine, session.id, "practices", True)
    session_settings.set_revealed(
        engine, session.id, "practices", True
    )  # a double tap: no duplicate
    shown = session_settings.set_revealed(engine, session.id, "importance_pre", False)
    assert shown.settings.revealed_items == ("practices",)
    assert shown.settings.k == 7  # the stored settings were changed, not a stale copy
    assert sessions.get_session(engine, session.id).settings == shown.settings
    with pytest.raises(SessionNotFound):
        session_settings.set_revealed(engine, session.id + 1000, "practices", True)


def test_reveals_at_the_same_time_are_all_kept(engine, library) -> None:
    import threading

    session = sessions.create_session(engine, library.snapshot("first-look"))
    items = [f"item_{n}" for n in range(6)]
    start = threading.Barrier(len(items))
    failures: list[BaseException] = []

    def reveal(item: str) -> None:
        start.wait()
        try:
            session_settings.set_revealed(engine, session.id, item, True)
        except BaseException as exc:  # reported below, not lost in the thread
            failures.append(exc)

    threads = [threading.Thread(target=reveal, args=(item,)) for item in items]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert failures == []
    revealed = sessions.get_session(engine, session.id).settings.revealed_items
    assert sorted(revealed) == items
