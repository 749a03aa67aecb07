"""Moderation decides on the exact text reviewed (issue 16 finding 7)."""

from __future__ import annotations

import pytest

from workshop import moderation, participants, sessions
from workshop.answers import save_answer
from workshop.moderation import Status


@pytest.fixture
def queue(engine, library):
    session = sessions.create_session(engine, library.snapshot("first-look"), open_now=True)
    _, person = participants.join(engine, session.code)
    save_answer(engine, person.id, "one_word", "gentle")
    return session, person


def _only(engine, session_id):
    [answer] = moderation.texts(engine, session_id)
    return answer


def test_approving_a_text_changed_since_it_was_shown_is_refused(engine, queue) -> None:
    session, person = queue
    shown = _only(engine, session.id)  # the facilitator opens the queue
    save_answer(engine, person.id, "one_word", "something else entirely")
    with pytest.raises(moderation.ChangedSinceShown, match="changed this answer"):
        moderation.set_status(
            engine, session.id, person.id, "one_word", Status.approved, version=shown.version
        )
    now = _only(engine, session.id)
    assert now.status is Status.pending and now.text == "something else entirely"
    assert now.version != shown.version
    moderation.set_status(
        engine, session.id, person.id, "one_word", Status.approved, version=now.version
    )
    assert _only(engine, session.id).status is Status.approved


def test_an_edit_after_approval_goes_back_to_the_queue(engine, queue) -> None:
    session, person = queue
    shown = _only(engine, session.id)
    moderation.set_status(
        engine, session.id, person.id, "one_word", Status.approved, version=shown.version
    )
    save_answer(engine, person.id, "one_word", "gentle")  # same text: stays approved
    assert _only(engine, session.id).status is Status.approved
    save_answer(engine, person.id, "one_word", "changed")
    assert _only(engine, session.id).status is Status.pending
    approved = moderation.texts(engine, session.id, status=Status.approved)
    assert approved == []


def test_a_withdrawn_answer_cannot_be_decided(engine, queue) -> None:
    session, person = queue
    shown = _only(engine, session.id)
    participants.withdraw(engine, person.id)
    with pytest.raises(moderation.WorkshopError, match="no longer exists"):
        moderation.set_status(
            engine, session.id, person.id, "one_word", Status.approved, version=shown.version
        )
