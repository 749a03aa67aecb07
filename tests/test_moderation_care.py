"""AppTest: answers that may need care are marked, listed first, and never approved in one click."""

from __future__ import annotations

import shutil

import pytest

from tests.support.apptest import app, button, log_in
from workshop import moderation, participants, sessions
from workshop.answers import save_answer
from workshop.moderation import Status


@pytest.fixture
def app_env(app_env: str, staff_passphrase: str) -> str:
    return app_env


WORRYING = "sometimes I want to kill myself afterwards"
ORDINARY = ["a cuddle and water", "quiet time together", "being told it was good", "a blanket"]


def _session_with_answers(app_engine, library):
    snapshot = library.snapshot("first-look")
    session = sessions.create_session(app_engine, snapshot, open_now=True)
    # the worrying answer is written third, so "first" below comes from the sort
    texts = [*ORDINARY[:2], WORRYING, *ORDINARY[2:]]
    for text in texts:
        participant_id = participants.join(app_engine, session.code)[1].id
        save_answer(app_engine, participant_id, "one_word", text)
    return session


def _status(app_engine, session_id: int, text: str) -> Status:
    return next(a.status for a in moderation.texts(app_engine, session_id) if a.text == text)


def test_a_marked_answer_comes_first_with_advice_and_resources(
    app_env, app_engine, library
) -> None:
    session = _session_with_answers(app_engine, library)
    at = log_in(app())
    at.switch_page("app_pages/facilitator_moderation.py").run()
    assert not at.exception
    assert [t.value for t in at.text][0] == WORRYING
    assert sorted(t.value for t in at.text[1:]) == sorted(ORDINARY)
    [warning] = at.warning
    assert "May need care" in warning.value and "Self-harm or suicide" in warning.value
    assert any("cannot follow it up" in c.value for c in at.caption)  # the category's advice
    page = " ".join(m.value for m in at.markdown)
    assert library.resources.items[0].name in page  # the session's support resources
    assert _status(app_engine, session.id, WORRYING) is Status.pending


def test_approving_a_marked_answer_needs_a_second_confirmation(
    app_env, app_engine, library
) -> None:
    session = _session_with_answers(app_engine, library)
    at = log_in(app())
    at.switch_page("app_pages/facilitator_moderation.py").run()
    first_approve = next(b for b in at.button if b.label == "Approve")
    first_approve.click().run()
    assert not at.exception
    assert _status(app_engine, session.id, WORRYING) is Status.pending  # one click did nothing
    assert any("Show this answer on the presenting screen?" in m.value for m in at.markdown)
    # The safe choice is the filled button (issue 24).
    assert button(at, "Cancel").proto.type == "primary"
    assert button(at, "Yes, show it on the screen").proto.type != "primary"
    button(at, "Cancel").click().run()
    assert not [b for b in at.button if b.label == "Yes, show it on the screen"]
    assert _status(app_engine, session.id, WORRYING) is Status.pending

    next(b for b in at.button if b.label == "Approve").click().run()
    button(at, "Yes, show it on the screen").click().run()
    assert not at.exception
    assert _status(app_engine, session.id, WORRYING) is Status.approved
    # ordinary answers keep their one-click approval
    assert all(_status(app_engine, session.id, t) is Status.pending for t in ORDINARY)
    next(b for b in at.button if b.label == "Approve").click().run()
    approved = [a.text for a in moderation.texts(app_engine, session.id, status=Status.approved)]
    assert len(approved) == 2 and WORRYING in approved


def test_hiding_a_marked_answer_is_one_click(app_env, app_engine, library) -> None:
    session = _session_with_answers(app_engine, library)
    at = log_in(app())
    at.switch_page("app_pages/facilitator_moderation.py").run()
    next(b for b in at.button if b.label == "Hide").click().run()
    assert _status(app_engine, session.id, WORRYING) is Status.hidden
    assert not at.warning  # the waiting queue has no marked answer left


@pytest.mark.slow
def test_a_broken_list_says_so_and_the_queue_still_works(
    app_env, app_engine, library, tmp_path, monkeypatch
) -> None:
    content = tmp_path / "content"
    shutil.copytree(library.root, content)
    (content / "safeguarding.yaml").write_text(
        "categories:\n  - {id: t, label: T, advice: A, phrases: ['hit*']}\n", encoding="utf-8"
    )
    monkeypatch.setenv("WORKSHOP_CONTENT_DIR", str(content))
    _session_with_answers(app_engine, library)
    at = log_in(app())
    at.switch_page("app_pages/facilitator_moderation.py").run()
    assert not at.exception
    [error] = at.error
    assert "could not be loaded" in error.value and "too short before '*'" in error.value
    assert "safeguarding.yaml" in error.value
    assert len(at.text) == 5 and not at.warning
