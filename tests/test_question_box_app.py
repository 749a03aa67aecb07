"""AppTest: asking, approving, upvoting and "answering now" through the real pages."""

from __future__ import annotations

import pytest
from streamlit.testing.v1 import AppTest

from tests.support.apptest import app, button, log_in
from ui.shared import question_wall
from workshop import question_box, sessions
from workshop.question_box import Status
from workshop.rate_limits import Limiter

WORRYING = "sometimes I want to kill myself afterwards, is that normal?"


@pytest.fixture
def app_env(app_env: str, staff_passphrase: str, monkeypatch: pytest.MonkeyPatch) -> str:
    monkeypatch.setattr(question_box, "QUESTIONS", Limiter())  # fresh windows per test
    question_wall._shown.clear()
    return app_env


@pytest.fixture
def session(app_engine, library):
    return sessions.create_session(app_engine, library.snapshot("first-look"), open_now=True)


def _participant(code: str) -> AppTest:
    at = app(code=code)
    at.checkbox(key="consent_adult").check()
    at.checkbox(key="consent_agree").check()
    at = at.button(key="consent_submit").click().run()
    assert not at.exception
    return at


def _pid(at: AppTest) -> str:
    value = at.query_params["p"]
    return value[0] if isinstance(value, list) else value


def _opened(at: AppTest) -> AppTest:
    if not any(b.key == question_wall.OPEN_KEY for b in at.button):
        return at
    at = at.button(key=question_wall.OPEN_KEY).click().run()
    assert not at.exception
    return at


def _ask(at: AppTest, text: str) -> AppTest:
    at = _opened(at)
    at.text_area(key=question_wall.TEXT_KEY).input(text)
    return at.button(key=question_wall.SEND_KEY).click().run()


def _refreshed(at: AppTest) -> AppTest:
    question_wall._shown.clear()  # the shared list is cached per interval
    at = _opened(at)
    return at.button(key=question_wall.REFRESH_KEY).click().run()


def test_the_box_is_offered_after_consent_only(app_engine, session) -> None:
    before = app(code=session.code)
    assert not [b for b in before.button if b.label == question_wall.LABEL]
    at = _participant(session.code)
    [closed] = [b for b in at.button if b.key == question_wall.OPEN_KEY]
    assert closed.label == question_wall.LABEL
    assert not [t for t in at.text_area if t.key == question_wall.TEXT_KEY]  # quiet until opened
    at = _opened(at)
    assert any("reads every question before anyone else" in c.value for c in at.caption)
    assert at.text_area(key=question_wall.TEXT_KEY).max_chars == question_box.MAX_CHARS
    at = at.button(key=question_wall.CLOSE_KEY).click().run()
    assert [b.key for b in at.button if b.key == question_wall.OPEN_KEY]


@pytest.mark.slow
def test_a_question_is_sent_waits_and_appears_once_approved(app_engine, session) -> None:
    at = _participant(session.code)
    at = _ask(at, "Is it okay to want to be alone afterwards?")
    assert not at.exception
    assert any("Sent." in s.value for s in at.success)
    assert at.text_area(key=question_wall.TEXT_KEY).value == ""
    [waiting] = question_box.queue(app_engine, session.id, Status.pending)
    assert waiting.text == "Is it okay to want to be alone afterwards?"
    at = _refreshed(at)
    assert "Is it okay to want to be alone afterwards?" not in [t.value for t in at.text]

    staff = log_in(app())
    staff.switch_page("app_pages/facilitator_questions.py").run()
    assert not staff.exception
    assert "Is it okay to want to be alone afterwards?" in [t.value for t in staff.text]
    button(staff, "Approve").click().run()
    assert question_box.queue(app_engine, session.id, Status.approved)

    at = _refreshed(at)
    assert "Is it okay to want to be alone afterwards?" in [t.value for t in at.text]


def test_a_participant_upvotes_once(app_engine, session) -> None:
    asker = _participant(session.code)
    asker = _ask(asker, "What do I say if I need space?")
    [question] = question_box.queue(app_engine, session.id, Status.pending)
    question_box.set_status(app_engine, session.id, question.id, Status.approved)
    voter = _refreshed(_participant(session.code))
    vote = voter.button(key=question_wall.vote_key(question.id))
    assert vote.label.startswith("Me too") and not vote.disabled
    voter = vote.click().run()
    assert not voter.exception
    voter = _refreshed(voter)
    after = voter.button(key=question_wall.vote_key(question.id))
    assert after.disabled and after.label == "You voted"
    captions = " ".join(c.value for c in voter.caption)
    # One vote is below k: no number, so nobody can see that someone just tapped.
    assert "no vote count yet" in captions and "1 vote" not in captions
    question_box.upvote(app_engine, _pid(voter), question.id)  # a second try changes nothing
    [shown] = question_box.shown(app_engine, session.id)
    assert shown.votes == 1


def test_rate_limit_message(app_engine, session) -> None:
    at = _participant(session.code)
    for n in range(question_box.LIMITS.per_participant):
        at = _ask(at, f"question {n}?")
        assert not at.error
    at = _ask(at, "one more?")
    assert any("up to 3 questions every 5 minutes" in e.value for e in at.error)
    assert at.text_area(key=question_wall.TEXT_KEY).value == "one more?"  # kept to send later
    assert len(question_box.queue(app_engine, session.id, Status.pending)) == 3


def test_text_is_never_markdown(app_engine, session) -> None:
    at = _participant(session.code)
    at = _ask(at, "**bold** <b>html</b> [link](http://x.example)")
    [question] = question_box.queue(app_engine, session.id, Status.pending)
    question_box.set_status(app_engine, session.id, question.id, Status.approved)
    at = _refreshed(at)
    assert "**bold** <b>html</b> [link](http://x.example)" in [t.value for t in at.text]
    assert not any("bold" in m.value for m in at.markdown)


@pytest.mark.slow
def test_answering_now_then_answered_on_the_staff_pages(app_engine, session) -> None:
    at = _ask(_participant(session.code), "How long does aftercare last?")
    [question] = question_box.queue(app_engine, session.id, Status.pending)
    question_box.set_status(app_engine, session.id, question.id, Status.approved)
    staff = log_in(app())
    staff.switch_page("app_pages/facilitator_questions.py").run()
    staff.segmented_control(key="fac_q_filter").set_value("On the wall").run()
    button(staff, "Answer now").click().run()
    assert not staff.exception
    assert question_box.answering_now(app_engine, session.id).id == question.id

    question_wall._shown.clear()
    staff.switch_page("app_pages/facilitator_present.py").run()
    assert not staff.exception
    assert "How long does aftercare last?" in [t.value for t in staff.text]

    at = _refreshed(at)
    assert any("Being answered now" in c.value for c in at.caption)

    staff.switch_page("app_pages/facilitator_questions.py").run()
    staff.segmented_control(key="fac_q_filter").set_value("On the wall").run()
    button(staff, "Answered").click().run()
    assert question_box.answering_now(app_engine, session.id) is None
    question_wall._shown.clear()
    staff.switch_page("app_pages/facilitator_present.py").run()
    assert "How long does aftercare last?" not in [t.value for t in staff.text]


def test_a_question_that_may_need_care_comes_first_and_needs_two_steps(app_engine, session) -> None:
    at = _participant(session.code)
    at = _ask(at, "What should I bring?")
    at = _ask(at, WORRYING)
    staff = log_in(app())
    staff.switch_page("app_pages/facilitator_questions.py").run()
    assert [t.value for t in staff.text][0] == WORRYING
    assert any("May need care" in w.value for w in staff.warning)
    next(b for b in staff.button if b.label == "Approve").click().run()
    assert len(question_box.queue(app_engine, session.id, Status.pending)) == 2  # only asked
    button(staff, "Yes, show it to the room").click().run()
    [approved] = question_box.queue(app_engine, session.id, Status.approved)
    assert approved.text == WORRYING


def test_hiding_keeps_it_from_the_room(app_engine, session) -> None:
    at = _ask(_participant(session.code), "something rude")
    staff = log_in(app())
    staff.switch_page("app_pages/facilitator_questions.py").run()
    button(staff, "Hide").click().run()
    assert question_box.queue(app_engine, session.id, Status.hidden)
    at = _refreshed(at)
    assert "something rude" not in [t.value for t in at.text]


def test_the_list_is_one_read_per_session_and_interval_shared_by_all_phones(
    app_engine, session, monkeypatch
) -> None:
    reads: list[int] = []
    real = question_box.shown

    def counting(engine, session_id):
        reads.append(session_id)
        return real(engine, session_id)

    class FrozenClock:  # every run in the same refresh interval
        now = 1_000_000.0

        def time(self) -> float:
            return self.now

    clock = FrozenClock()
    monkeypatch.setattr(question_box, "shown", counting)
    monkeypatch.setattr(question_wall, "time", clock)
    phones = [_opened(_participant(session.code)) for _ in range(3)]
    for phone in phones:
        phone.button(key=question_wall.REFRESH_KEY).click().run()
    assert reads == [session.id]  # six list draws, one query
    clock.now += question_wall.REFRESH_SECONDS
    phones[0].button(key=question_wall.REFRESH_KEY).click().run()
    phones[1].button(key=question_wall.REFRESH_KEY).click().run()
    assert reads == [session.id, session.id]  # the next interval: one more
