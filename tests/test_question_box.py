"""The anonymous question box's storage and rules (workshop/question_box.py)."""

from __future__ import annotations

import pytest
from sqlalchemy import func, inspect, select

from workshop import db, participants, question_box, sessions
from workshop.moderation import ChangedSinceShown
from workshop.question_box import Limits, QuestionRefused, Status
from workshop.rate_limits import Limiter
from workshop.schema import question_votes, questions

ROOMY = Limits(per_participant=100, waiting=100, per_session=1000)


@pytest.fixture
def room(engine, library):
    session = sessions.create_session(engine, library.snapshot("first-look"), open_now=True)
    people = [participants.join(engine, session.code, consented=True)[1] for _ in range(3)]
    return session, people


def _ask(engine, person, text: str) -> str:
    return question_box.ask(engine, person.id, text, limits=ROOMY, limiter=Limiter())


def _approve(engine, session, question_id: str) -> None:
    [question] = [
        q for q in question_box.queue(engine, session.id, Status.pending) if q.id == question_id
    ]
    question_box.set_status(
        engine, session.id, question_id, Status.approved, version=question.version
    )


def test_a_question_waits_until_approved(engine, room) -> None:
    session, (alice, *_) = room
    qid = _ask(engine, alice, "  What if my partner   wants space? ")
    [waiting] = question_box.queue(engine, session.id, Status.pending)
    assert (waiting.id, waiting.text) == (qid, "What if my partner wants space?")
    assert question_box.shown(engine, session.id) == []  # participants see nothing yet
    _approve(engine, session, qid)
    [visible] = question_box.shown(engine, session.id)
    assert visible.text == "What if my partner wants space?" and visible.votes == 0


def test_bad_questions_are_refused_with_a_reason(engine, room) -> None:
    _, (alice, *_) = room
    with pytest.raises(QuestionRefused, match="Type a question"):
        _ask(engine, alice, "   ")
    with pytest.raises(QuestionRefused, match="the limit is 280"):
        _ask(engine, alice, "x" * 281)
    assert _ask(engine, alice, "x" * 280)


def test_a_closed_session_or_unknown_participant_takes_no_questions(engine, room) -> None:
    session, (alice, *_) = room
    with pytest.raises(QuestionRefused, match="could not find"):
        question_box.ask(engine, "0" * 32, "hello?", limiter=Limiter())
    sessions.close_session(engine, session.id)
    with pytest.raises(QuestionRefused, match="not open"):
        _ask(engine, alice, "hello?")


def test_a_vote_counts_once(engine, room) -> None:
    session, (alice, bob, carol) = room
    qid = _ask(engine, alice, "Is it normal to cry after?")
    with pytest.raises(QuestionRefused, match="no longer taking votes"):
        question_box.upvote(engine, bob.id, qid)  # pending: nobody can vote yet
    _approve(engine, session, qid)
    assert question_box.upvote(engine, bob.id, qid) is True
    assert question_box.upvote(engine, bob.id, qid) is False  # a double tap changes nothing
    assert question_box.upvote(engine, carol.id, qid) is True
    [visible] = question_box.shown(engine, session.id)
    assert visible.votes == 2
    assert question_box.voted(engine, bob.id) == {qid}


def test_a_participant_of_another_session_cannot_vote(engine, room, library) -> None:
    session, (alice, *_) = room
    other = sessions.create_session(engine, library.snapshot("first-look"), open_now=True)
    _, stranger = participants.join(engine, other.code, consented=True)
    qid = _ask(engine, alice, "A question?")
    _approve(engine, session, qid)
    with pytest.raises(QuestionRefused, match="no longer here"):
        question_box.upvote(engine, stranger.id, qid)


def test_withdrawal_deletes_questions_and_votes(engine, room) -> None:
    session, (alice, bob, carol) = room
    mine = _ask(engine, alice, "Mine")
    theirs = _ask(engine, bob, "Theirs")
    for qid in (mine, theirs):
        _approve(engine, session, qid)
    question_box.upvote(engine, bob.id, mine)  # a vote on alice's question
    question_box.upvote(engine, alice.id, theirs)  # alice's vote on bob's
    question_box.upvote(engine, carol.id, theirs)
    participants.withdraw(engine, alice.id)
    [left] = question_box.shown(engine, session.id)
    assert (left.text, left.votes) == ("Theirs", 1)
    with db.read(engine) as connection:
        assert (
            connection.execute(
                select(func.count())
                .select_from(questions)
                .where(questions.c.participant_id == alice.id)
            ).scalar_one()
            == 0
        )
        voters = connection.execute(select(question_votes.c.participant_id)).scalars().all()
    assert voters == [carol.id]


def test_no_column_records_time_or_sequence(engine) -> None:
    found = {
        table: {c["name"]: str(c["type"]).upper() for c in inspect(engine).get_columns(table)}
        for table in ("questions", "question_votes")
    }
    assert found["questions"].keys() == {
        "id",
        "session_id",
        "participant_id",
        "text",
        "status",
        "shuffle",
    }
    assert found["question_votes"].keys() == {"question_id", "participant_id"}
    assert found["questions"]["id"].startswith("VARCHAR")  # a random id, not a counter
    for columns in found.values():
        assert not any("TIME" in kind or "DATE" in kind for kind in columns.values())


def test_order_is_votes_then_a_random_key_never_arrival(engine, room) -> None:
    """Asked in order 0..11: the shown order is not that order, and votes lead."""
    session, (alice, bob, carol) = room
    ids = [_ask(engine, alice, f"question {n}") for n in range(12)]
    pending = [q.id for q in question_box.queue(engine, session.id, Status.pending)]
    assert pending == sorted(ids)  # random ids: the queue's order says nothing of arrival
    for qid in ids:
        _approve(engine, session, qid)
    first = [q.id for q in question_box.shown(engine, session.id)]
    assert sorted(first) == sorted(ids) and first != ids  # 1 in 12! to fail by chance
    question_box.upvote(engine, bob.id, ids[7])
    question_box.upvote(engine, carol.id, ids[7])
    question_box.upvote(engine, bob.id, ids[3])
    now = [q.id for q in question_box.shown(engine, session.id)]
    assert now[:2] == [ids[7], ids[3]]
    assert [q for q in now if q not in (ids[7], ids[3])] == [
        q for q in first if q not in (ids[7], ids[3])
    ]  # equal votes keep the order drawn at approval


def test_answering_now_then_answered(engine, room) -> None:
    session, (alice, *_) = room
    one, two = _ask(engine, alice, "one"), _ask(engine, alice, "two")
    for qid in (one, two):
        _approve(engine, session, qid)
    assert question_box.answering_now(engine, session.id) is None
    question_box.set_status(engine, session.id, one, Status.answering)
    assert question_box.answering_now(engine, session.id).text == "one"
    question_box.set_status(engine, session.id, two, Status.answering)  # the previous one is done
    statuses = {q.text: q.status for q in question_box.shown(engine, session.id)}
    assert statuses == {"two": Status.answering, "one": Status.answered}
    assert [q.text for q in question_box.shown(engine, session.id)][0] == "two"
    question_box.set_status(engine, session.id, two, Status.hidden)
    assert [q.text for q in question_box.shown(engine, session.id)] == ["one"]
    assert question_box.answering_now(engine, session.id) is None


def test_approving_needs_the_version_shown(engine, room) -> None:
    session, (alice, *_) = room
    qid = _ask(engine, alice, "What is aftercare?")
    with pytest.raises(ChangedSinceShown):
        question_box.set_status(engine, session.id, qid, Status.approved, version="0" * 16)
    assert question_box.shown(engine, session.id) == []


def test_deciding_on_a_withdrawn_question_says_so(engine, room) -> None:
    session, (alice, *_) = room
    qid = _ask(engine, alice, "gone soon")
    participants.withdraw(engine, alice.id)
    with pytest.raises(Exception, match="no longer exists"):
        question_box.set_status(engine, session.id, qid, Status.hidden)


def test_rate_limit_per_participant_with_a_clear_message(engine, room) -> None:
    session, (alice, bob, _) = room
    now = [0.0]
    limiter = Limiter(clock=lambda: now[0])
    limits = Limits(per_participant=3, participant_window=300, waiting=10, per_session=100)
    for n in range(3):
        question_box.ask(engine, alice.id, f"q{n}", limits=limits, limiter=limiter)
    with pytest.raises(QuestionRefused, match="up to 3 questions every 5 minutes"):
        question_box.ask(engine, alice.id, "one too many", limits=limits, limiter=limiter)
    question_box.ask(engine, bob.id, "bob is not limited by alice", limits=limits, limiter=limiter)
    now[0] = 301.0
    question_box.ask(engine, alice.id, "later is fine", limits=limits, limiter=limiter)
    assert len(question_box.queue(engine, session.id, Status.pending)) == 5


def test_rate_limit_per_session(engine, room) -> None:
    _, people = room
    limiter = Limiter(clock=lambda: 0.0)
    limits = Limits(per_participant=10, waiting=10, per_session=4, session_window=60)
    for n in range(4):
        question_box.ask(engine, people[n % 3].id, f"q{n}", limits=limits, limiter=limiter)
    with pytest.raises(QuestionRefused, match="Many questions"):
        question_box.ask(engine, people[2].id, "fifth", limits=limits, limiter=limiter)


def test_waiting_questions_are_capped_in_the_database(engine, room) -> None:
    session, (alice, *_) = room
    limits = Limits(per_participant=100, waiting=2, per_session=100)
    for n in range(2):
        question_box.ask(engine, alice.id, f"q{n}", limits=limits, limiter=Limiter())
    with pytest.raises(QuestionRefused, match="2 questions waiting"):
        question_box.ask(engine, alice.id, "third", limits=limits, limiter=Limiter())
    first = question_box.queue(engine, session.id, Status.pending)[0]
    question_box.set_status(engine, session.id, first.id, Status.hidden)
    question_box.ask(engine, alice.id, "room again", limits=limits, limiter=Limiter())
