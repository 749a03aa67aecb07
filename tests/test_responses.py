"""Joining, saving, changing, declining and withdrawing answers.

workshop/participants.py, workshop/answers.py (the one save path) and
workshop/participant_view.py (what a page run reads) together.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

import pytest
from sqlalchemy import event, func, select

from workshop import db, participant_view, participants, sessions
from workshop.answers import save_answer
from workshop.errors import (
    AnswerRejected,
    ParticipantNotFound,
    SessionNotOpen,
    StaleStep,
    WorkshopError,
)
from workshop.schema import answer_codes, answers
from workshop.schema import participants as participant_rows


@pytest.fixture
def open_session(engine, library):
    return sessions.create_session(engine, library.snapshot("first-look"), open_now=True)


@contextmanager
def _counting_transactions(engine, count) -> Iterator[None]:
    """Call count(pool) for every connection checkout, each one transaction here.

    Counts on the engine and on its SQLite writer (db.writer), through
    SQLAlchemy or on the driver (workshop/driver.py) alike.
    """
    pools = {engine.pool, db.writer(engine).pool}

    def checkout(_dbapi_connection, _record, _proxy) -> None:
        count(_record)

    for pool in pools:
        event.listen(pool, "checkout", checkout)
    try:
        yield
    finally:
        for pool in pools:
            event.remove(pool, "checkout", checkout)


def test_sqlite_writes_share_one_connection_and_reads_do_not(engine) -> None:
    if engine.dialect.name != "sqlite":
        assert db.writer(engine) is engine  # PostgreSQL takes row locks, not a file lock
        return
    writer = db.writer(engine)
    assert writer is not engine and writer.url == engine.url
    assert writer.pool.size() == 1 and engine.pool.size() > 1
    with db.write(engine) as connection:
        assert connection.engine is writer
    with db.read(engine) as connection:
        assert connection.engine is engine


def count(engine, table, **where) -> int:
    query = select(func.count()).select_from(table)
    for column, value in where.items():
        query = query.where(table.c[column] == value)
    with db.read(engine) as connection:
        return connection.execute(query).scalar_one()


def test_joining_with_consent_is_one_transaction(engine, open_session) -> None:
    begins: list[object] = []
    with _counting_transactions(engine, begins.append):
        session, p = participants.join(engine, open_session.code.lower(), consented=True)
    assert len(begins) == 1  # the code lookup, the state check and the insert
    assert session.id == open_session.id and p.consented
    assert participants.get_participant(engine, p.id).consented
    with _counting_transactions(engine, begins.append), pytest.raises(WorkshopError):
        participants.join(engine, "not a code!", consented=True)
    assert len(begins) == 1  # a garbled code never opens a transaction
    sessions.close_session(engine, open_session.id)
    with pytest.raises(SessionNotOpen):
        participants.join(engine, open_session.code, consented=True)
    assert count(engine, participant_rows) == 1


def test_join_needs_an_open_session(engine, library) -> None:
    draft = sessions.create_session(engine, library.snapshot("first-look"))
    with pytest.raises(SessionNotOpen, match="not started yet"):
        participants.join(engine, draft.code)
    sessions.open_session(engine, draft.id)
    session, participant = participants.join(engine, draft.code.lower())
    assert session.id == draft.id and len(participant.id) == 32
    sessions.close_session(engine, draft.id)
    with pytest.raises(SessionNotOpen, match="closed"):
        participants.join(engine, draft.code)


def test_save_change_and_decline_is_one_row(engine, open_session) -> None:
    _, p = participants.join(engine, open_session.code)
    save_answer(engine, p.id, "importance_pre", "4")
    save_answer(engine, p.id, "importance_pre", "4")  # double tap
    save_answer(engine, p.id, "importance_pre", "5")  # change
    stored = participant_view.answers_for(engine, p.id)
    assert stored["importance_pre"].value == "5" and not stored["importance_pre"].declined
    assert count(engine, answers, participant_id=p.id) == 1
    assert count(engine, answer_codes, participant_id=p.id) == 1
    save_answer(engine, p.id, "importance_pre", declined=True)
    stored = participant_view.answers_for(engine, p.id)
    assert stored["importance_pre"].declined and stored["importance_pre"].value is None
    assert count(engine, answer_codes, participant_id=p.id) == 0


def test_every_kind_round_trips(engine, open_session) -> None:
    _, p = participants.join(engine, open_session.code)
    given = {
        "importance_pre": "3",
        "practices": ["talk", "touch"],
        "minutes_affection": 15,
        "comfort_talking": 7,
        "low_mood_ever": "unsure",
        "practice_ranking": ["quiet", "touch", "talk", "comfort"],
        "one_word": "Tea and a blanket 🫖 — شكراً",
    }
    for item, value in given.items():
        save_answer(engine, p.id, item, value)
    stored = participant_view.answers_for(engine, p.id)
    assert stored["practices"].value == ["touch", "talk"]  # kept in option order
    assert stored["practice_ranking"].value == given["practice_ranking"]
    assert stored["one_word"].value == given["one_word"]
    assert stored["minutes_affection"].value == 15


@pytest.mark.parametrize(
    ("item", "value", "message"),
    [
        ("nope", "1", "not part of this session"),
        ("importance_pre", "9", "choose one of the options"),
        ("importance_pre", ["1"], "choose one of the options"),
        ("practices", ["touch", "talk", "comfort", "quiet"], "at most 3"),
        ("practices", ["touch", "touch"], "only once"),
        ("practices", [], "at least one"),
        ("minutes_affection", 241, "from 0 to 240 minutes"),
        ("minutes_affection", -1, "from 0 to 240 minutes"),
        ("minutes_affection", 2.5, "whole number"),
        ("minutes_affection", float("nan"), "ordinary number"),
        ("minutes_affection", float("inf"), "ordinary number"),
        ("minutes_affection", True, "enter a number"),
        ("practice_ranking", ["touch", "talk"], "every option"),
        ("one_word", "x" * 201, "200 characters"),
        ("one_word", "   ", "empty"),
        ("one_word", 12, "as text"),
    ],
)
def test_bad_answers_are_refused_and_change_nothing(
    engine, open_session, item, value, message
) -> None:
    _, p = participants.join(engine, open_session.code)
    save_answer(engine, p.id, "minutes_affection", 20)
    save_answer(engine, p.id, "practices", ["quiet"])
    save_answer(engine, p.id, "one_word", "kept")
    before = participant_view.answers_for(engine, p.id)
    with pytest.raises(AnswerRejected, match=message):
        save_answer(engine, p.id, item, value)
    assert participant_view.answers_for(engine, p.id) == before


def test_text_is_stored_plain_and_cleaned(engine, open_session) -> None:
    _, p = participants.join(engine, open_session.code)
    hostile = "<script>alert(1)</script> ![x](http://e.vil/a.png) =SUM(A1)\u202egnp.exe\x00"
    save_answer(engine, p.id, "one_word", hostile[:200])
    value = participant_view.answers_for(engine, p.id)["one_word"].value
    assert "<script>" in value  # kept as plain text; pages never render it as HTML
    assert "\u202e" not in value and "\x00" not in value


def test_closed_session_keeps_answers_and_refuses_more(engine, open_session) -> None:
    _, p = participants.join(engine, open_session.code)
    save_answer(engine, p.id, "importance_pre", "2")
    sessions.close_session(engine, open_session.id)
    with pytest.raises(SessionNotOpen, match="saved answers are kept"):
        save_answer(engine, p.id, "importance_pre", "5")
    with pytest.raises(SessionNotOpen):
        save_answer(engine, p.id, "importance_pre", declined=True)
    assert participant_view.answers_for(engine, p.id)["importance_pre"].value == "2"
    sessions.open_session(engine, open_session.id)
    save_answer(engine, p.id, "importance_pre", "5")


def test_withdraw_deletes_everything_of_that_participant_only(engine, open_session) -> None:
    _, leaver = participants.join(engine, open_session.code)
    _, stayer = participants.join(engine, open_session.code)
    for pid in (leaver.id, stayer.id):
        save_answer(engine, pid, "practices", ["touch", "talk"])
        save_answer(engine, pid, "one_word", "hello")
    assert participants.withdraw(engine, leaver.id) == 2
    assert count(engine, answers, participant_id=leaver.id) == 0
    assert count(engine, answer_codes, participant_id=leaver.id) == 0
    assert count(engine, participant_rows, id=leaver.id) == 0
    assert count(engine, answers, participant_id=stayer.id) == 2
    with pytest.raises(ParticipantNotFound):
        save_answer(engine, leaver.id, "one_word", "back again")
    with pytest.raises(ParticipantNotFound):
        participants.withdraw(engine, leaver.id)


def test_withdraw_works_after_close(engine, open_session) -> None:
    _, p = participants.join(engine, open_session.code)
    save_answer(engine, p.id, "importance_pre", "2")
    sessions.close_session(engine, open_session.id)
    assert participants.withdraw(engine, p.id) == 1


@pytest.mark.parametrize(
    "junk", ["", "x" * 32, "../../etc/passwd", "0" * 31, None, 42, "A" * 10_000]
)
def test_tampered_participant_ids(engine, junk) -> None:
    with pytest.raises(ParticipantNotFound, match="not valid"):
        participants.get_participant(engine, junk)
    with pytest.raises(ParticipantNotFound, match="not valid"):
        participants.withdraw(engine, junk)
    with pytest.raises(ParticipantNotFound, match="not valid"):
        save_answer(engine, junk, "importance_pre", "3")


def test_participant_of_another_session_is_not_found(engine, library, open_session) -> None:
    other = sessions.create_session(engine, library.snapshot("first-look"), open_now=True)
    _, p = participants.join(engine, other.code)
    with pytest.raises(ParticipantNotFound):
        participants.get_participant(engine, p.id, session_id=open_session.id)
    assert participants.get_participant(engine, p.id, session_id=other.id).id == p.id


def test_progress_is_remembered(engine, open_session) -> None:
    _, p = participants.join(engine, open_session.code)
    participants.record_consent(engine, p.id)
    participants.set_progress(engine, p.id, 4)
    resumed = participants.get_participant(engine, p.id)
    assert resumed.consented and resumed.step == 4 and not resumed.finished
    participants.set_progress(engine, p.id, 10, finished=True)
    assert participants.get_participant(engine, p.id).finished


# --- the participant page's hot path: one read per rerun, one write per Next --


def test_save_with_move_stores_answer_and_progress_together(engine, open_session) -> None:
    _, p = participants.join(engine, open_session.code)
    save_answer(engine, p.id, "importance_pre", "4", move_to=(1, False))
    assert participants.get_participant(engine, p.id).step == 1
    save_answer(engine, p.id, "one_word", declined=True, move_to=(10, True))
    moved = participants.get_participant(engine, p.id)
    assert moved.step == 10 and moved.finished
    saved = participant_view.answers_for(engine, p.id)
    assert saved["importance_pre"].value == "4" and saved["one_word"].declined


def test_a_refused_save_does_not_move(engine, open_session) -> None:
    _, p = participants.join(engine, open_session.code)
    with pytest.raises(AnswerRejected):
        save_answer(engine, p.id, "importance_pre", "9", move_to=(1, False))
    with pytest.raises(AnswerRejected):
        save_answer(engine, p.id, "not_a_question", "1", move_to=(1, False))
    sessions.close_session(engine, open_session.id)
    with pytest.raises(SessionNotOpen):
        save_answer(engine, p.id, "importance_pre", "3", move_to=(1, False))
    assert participants.get_participant(engine, p.id).step == 0
    assert participant_view.answers_for(engine, p.id) == {}


def test_unchanged_text_keeps_its_moderation_and_changed_text_is_pending(
    engine, open_session
) -> None:
    _, p = participants.join(engine, open_session.code)
    save_answer(engine, p.id, "one_word", "calm")
    with db.write(engine) as connection:
        connection.execute(answers.update().values(moderation="approved"))
    save_answer(engine, p.id, "one_word", "calm")
    with db.read(engine) as connection:
        assert connection.execute(select(answers.c.moderation)).scalar_one() == "approved"
    save_answer(engine, p.id, "one_word", "warm")
    with db.read(engine) as connection:
        assert connection.execute(select(answers.c.moderation)).scalar_one() == "pending"


def test_place_reads_session_participant_and_answers(engine, library, open_session) -> None:
    _, p = participants.join(engine, open_session.code)
    participants.record_consent(engine, p.id)
    save_answer(engine, p.id, "importance_pre", "2")
    where = participant_view.read(engine, open_session.code.lower(), p.id)
    assert where.session.id == open_session.id and where.participant.id == p.id
    assert where.answer == participant_view.Answer(
        "importance_pre", "2", False
    )  # the step's question
    alone = participant_view.read(engine, open_session.code, None)
    assert alone.participant is None and alone.answer is None
    participants.set_progress(engine, p.id, 2)  # a reading: no answer to show
    assert participant_view.read(engine, open_session.code, p.id).answer is None
    other = sessions.create_session(engine, library.snapshot("first-look"), open_now=True)
    with pytest.raises(ParticipantNotFound, match="could not find"):
        participant_view.read(engine, other.code, p.id)  # not this session's participant
    with pytest.raises(ParticipantNotFound, match="not valid"):
        participant_view.read(engine, open_session.code, "../etc")
    with pytest.raises(WorkshopError):
        participant_view.read(engine, "ZZZZZZ", p.id)  # the code is checked first


def test_one_write_transaction_per_next(engine, open_session) -> None:
    _, p = participants.join(engine, open_session.code)
    sessions.get_snapshot(engine, open_session.id)  # cached after a session's first save
    begins: list[object] = []

    def count_begin(connection) -> None:
        begins.append(connection)

    with _counting_transactions(engine, count_begin):
        save_answer(engine, p.id, "practices", ["touch", "talk"], move_to=(3, False))
    assert len(begins) == 1


def test_a_save_returns_what_a_fresh_read_would(engine, open_session) -> None:
    _, p = participants.join(engine, open_session.code)
    participants.record_consent(engine, p.id)
    sessions.get_snapshot(engine, open_session.id)
    begins: list[object] = []

    def count_begin(connection) -> None:
        begins.append(connection)

    with _counting_transactions(engine, count_begin):
        fresh = save_answer(engine, p.id, "practices", ["touch", "talk"], move_to=(3, False))
    assert len(begins) == 1  # the write read the new place itself
    assert fresh == participant_view.read(engine, open_session.code, p.id)
    assert fresh.participant.step == 3 and fresh.answer is None  # step 3 not answered yet

    back = save_answer(engine, p.id, "minutes_affection", 20, move_to=(1, False))
    assert back == participant_view.read(engine, open_session.code, p.id)
    assert back.answer == participant_view.Answer("practices", ["touch", "talk"], False)

    declined = save_answer(engine, p.id, "practices", None, move_to=(9, True), declined=True)
    assert declined == participant_view.read(engine, open_session.code, p.id)
    assert declined.answer is None and declined.participant.finished

    moved = participant_view.move_and_view(engine, p.id, 1)
    assert moved == participant_view.read(engine, open_session.code, p.id)
    assert moved.participant.step == 1 and moved.participant.finished  # finishing is kept
    assert moved.answer == participant_view.Answer("practices", None, True)


def test_a_refused_save_with_a_move_changes_nothing(engine, open_session) -> None:
    _, p = participants.join(engine, open_session.code)
    participants.record_consent(engine, p.id)
    with pytest.raises(AnswerRejected):
        save_answer(engine, p.id, "importance_pre", "99", move_to=(1, False))
    assert participant_view.read(engine, open_session.code, p.id).participant.step == 0
    sessions.close_session(engine, open_session.id)
    with pytest.raises(SessionNotOpen):
        save_answer(engine, p.id, "importance_pre", "2", move_to=(1, False))
    with pytest.raises(ParticipantNotFound):
        participant_view.move_and_view(engine, "0" * 32, 1)


def test_a_save_without_a_move_returns_the_current_view(engine, open_session) -> None:
    _, p = participants.join(engine, open_session.code, consented=True)
    participants.set_progress(engine, p.id, 1)
    view = save_answer(engine, p.id, "importance_pre", "4")  # an earlier step's answer
    assert view == participant_view.read(engine, open_session.code, p.id)
    assert view.participant.step == 1 and view.answer is None


def test_declined_stores_no_value_whatever_was_typed(engine, open_session) -> None:
    _, p = participants.join(engine, open_session.code, consented=True)
    save_answer(engine, p.id, "practices", ["touch"])
    view = save_answer(engine, p.id, "importance_pre", "4", declined=True)
    assert view.answer == participant_view.Answer("importance_pre", None, True)
    assert participant_view.answers_for(engine, p.id)["importance_pre"].value is None
    save_answer(engine, p.id, "practices", declined=True)  # a choice: its codes go too
    assert count(engine, answer_codes, participant_id=p.id) == 0


# --- issue 16 finding 13: a re-sent old step action is refused -----------------


def test_an_old_next_resent_does_not_move_back_or_overwrite(engine, open_session) -> None:
    _, p = participants.join(engine, open_session.code, consented=True)
    save_answer(engine, p.id, "importance_pre", "4", move_to=(1, False), from_step=0)
    save_answer(engine, p.id, "one_word", "calm", move_to=(2, False), from_step=1)
    # The first screen's Next, sent again later (a replayed message, an old tab).
    with pytest.raises(StaleStep) as refused:
        save_answer(engine, p.id, "importance_pre", "1", move_to=(1, False), from_step=0)
    assert refused.value.current_step == 2
    assert participants.get_participant(engine, p.id).step == 2
    assert participant_view.answers_for(engine, p.id)["importance_pre"].value == "4"
    with pytest.raises(StaleStep):
        participant_view.move_and_view(engine, p.id, 0, from_step=1)
    assert participants.get_participant(engine, p.id).step == 2
    # From the step it is really on, the same move works.
    assert participant_view.move_and_view(engine, p.id, 1, from_step=2).participant.step == 1
