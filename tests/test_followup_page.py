"""AppTest of the end screen's follow-up part: take a code once, link by it in the follow-up."""

from __future__ import annotations

from sqlalchemy import select

from tests.support.apptest import app
from workshop import db, followup, followup_matches, participants, sessions
from workshop.schema import followup_links


def _finished(engine, library, survey: str, **extra) -> tuple[sessions.WorkshopSession, str]:
    snapshot = library.snapshot(survey)
    session = sessions.create_session(engine, snapshot, open_now=True, **extra)
    _, person = participants.join(engine, session.code, consented=True)
    participants.set_progress(engine, person.id, len(snapshot.survey.steps), finished=True)
    return session, person.id


def _page_text(at) -> str:
    kinds = ("title", "subheader", "markdown", "success", "error", "code")
    return "\n".join(str(e.value) for kind in kinds for e in getattr(at, kind))


def test_a_code_is_shown_once_stored_as_a_hash_and_links_the_follow_up(app_engine, library) -> None:
    workshop, pid = _finished(app_engine, library, "aftercare-workshop")
    at = app(code=workshop.code, p=pid)
    assert not at.exception
    assert "A follow-up in a few weeks" in _page_text(at)
    at.button(key="followup_opt_in").click().run()
    code = at.code[0].value
    assert followup.normalize_code(code) == code
    with db.read(app_engine) as connection:
        stored = connection.execute(select(followup_links)).all()
    assert [(r.participant_id, r.kind) for r in stored] == [(pid, "random")]
    assert code not in repr(stored)
    at.button(key="followup_saved").click().run()
    assert code not in _page_text(at)  # shown once
    assert "Get a new follow-up code" in at.button(key="followup_opt_in").label
    again = app(code=workshop.code, p=pid)  # the same link later: no code on screen
    assert code not in _page_text(again) and not again.code

    follow, returner = _finished(
        app_engine, library, "aftercare-followup", follow_up_of=workshop.id
    )
    page = app(code=follow.code, p=returner)
    assert "Link to your workshop answers" in _page_text(page)
    page.text_input(key="followup_code").set_value("maple-otter-comet-42")
    page.button(key="FormSubmitter:followup_link-Link my answers").click().run()
    assert "could not find that code" in page.error[0].value
    page.text_input(key="followup_code").set_value(code.upper().replace("-", " "))
    page.button(key="FormSubmitter:followup_link-Link my answers").click().run()
    assert "now linked" in page.success[0].value
    assert followup_matches.pairs(app_engine, follow.id) == [(pid, returner)]


def test_a_self_made_code_states_its_weakness_and_links(app_engine, library) -> None:
    workshop, pid = _finished(app_engine, library, "aftercare-workshop")
    at = app(code=workshop.code, p=pid)
    assert "much easier to guess" in _page_text(at)
    at.text_input(key="followup_self_make_letter").set_value("M")
    at.number_input(key="followup_self_make_day").set_value(7)
    at.text_input(key="followup_self_make_letters").set_value("Ha")
    at.button(key="FormSubmitter:followup_self_make-Save this code").click().run()
    assert "Saved" in at.success[0].value

    follow, returner = _finished(
        app_engine, library, "aftercare-followup", follow_up_of=workshop.id
    )
    page = app(code=follow.code, p=returner)
    page.text_input(key="followup_self_link_letter").set_value("m")
    page.number_input(key="followup_self_link_day").set_value(7)
    page.text_input(key="followup_self_link_letters").set_value("ha")
    page.button(key="FormSubmitter:followup_self_link-Link with this code").click().run()
    assert "now linked" in page.success[0].value
    assert followup_matches.pairs(app_engine, follow.id) == [(pid, returner)]
