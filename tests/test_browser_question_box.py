"""The anonymous question box in a real browser: asked on a phone, approved and answered on staff pages.

Screenshots go to tmp_path, or to $WORKSHOP_SCREENSHOTS when set (the documentation's
docs/screenshots/ were made that way).
"""

from __future__ import annotations

import os
import time
from pathlib import Path

import pytest
from playwright.sync_api import expect

from analysis import room_votes
from analysis.disclosure import DisclosurePolicy
from tests.support import server as app_server
from tests.support.browser import (
    PHONE,
    PROJECTOR,
    ScriptRuns,
    agree_and_start,
    log_in,
    open_staff_page,
    stage_preview,
    wait_until_still,
)
from tests.support.browser import browser as _session_browser
from workshop import db, migrate, participants, question_box, sessions
from workshop.question_box import Limits, Status
from workshop.rate_limits import Limiter

pytestmark = pytest.mark.browser
PASSPHRASE = "question box passphrase for tests"
SMALL_PHONE = {"width": 320, "height": 568}
browser = pytest.fixture(scope="module")(_session_browser.__wrapped__)

ROOM = [
    ("Is it normal to feel sad after good sex?", 4),
    ("How do I ask for aftercare without sounding needy?", 11),
    ("What if we need different things afterwards?", 2),
]
ASKED = "Can aftercare happen the next day too?"


def _seed(engine, session) -> dict[str, str]:
    roomy = Limits(per_participant=50, waiting=50, per_session=500)
    most = max(votes for _text, votes in ROOM)
    voters = [participants.join(engine, session.code, consented=True)[1] for _ in range(most)]
    ids = {}
    for text, votes in ROOM:
        qid = question_box.ask(engine, voters[0].id, text, limits=roomy, limiter=Limiter())
        question_box.set_status(engine, session.id, qid, Status.approved)
        for voter in voters[:votes]:
            question_box.upvote(engine, voter.id, qid)
        ids[text] = qid
    return ids


def _join(page, url: str, code: str) -> None:
    page.goto(f"{url}/?code={code}")
    app_server.wait_for_app(page)
    agree_and_start(page)


def _show_panel(page) -> None:
    """The open box at the top of the screen, just below the quick-exit bar."""
    panel = page.locator(".st-key-qbox_panel")
    panel.evaluate("e => e.scrollIntoView({block: 'start'})")
    page.mouse.wheel(0, -70)
    wait_until_still(panel)


def test_ask_approve_vote_and_answer(browser, tmp_path, sqlite_url, library) -> None:
    shots = Path(os.environ.get("WORKSHOP_SCREENSHOTS", tmp_path))
    migrate.upgrade(sqlite_url)
    engine = db.get_engine(sqlite_url)
    session = sessions.create_session(
        engine, library.snapshot("first-look"), title="Evening workshop", open_now=True
    )
    _seed(engine, session)
    env = {"WORKSHOP_FACILITATOR_PASSPHRASE": PASSPHRASE}
    with app_server.running(sqlite_url, tmp_path, env=env) as srv:
        page = browser.new_context(viewport=PHONE).new_page()
        runs = ScriptRuns(page)
        _join(page, srv.url, session.code)
        opener = page.get_by_role("button", name="Ask a question anonymously")
        opener.wait_for(timeout=15_000)
        app_server.wait_for_app(page)  # no run in progress: the key press is not lost
        wait_until_still(opener)
        opener.focus()
        page.keyboard.press("Enter")  # keyboard alone opens it
        box = page.get_by_label("Your question")
        box.wait_for(timeout=15_000)
        box.fill(ASKED)
        page.get_by_role("button", name="Send question").click()
        page.get_by_text("Sent. The facilitator will read it").wait_for(timeout=15_000)
        assert question_box.queue(engine, session.id, Status.pending)  # stored before "Sent"
        # Counts move in batches of k, with noise: the room sees "about N votes". The noise
        # is drawn from each question's random secret, so which counts reach k is worked
        # out here, the way the wall does, not assumed.
        page.get_by_text(ROOM[1][0]).wait_for(timeout=15_000)
        policy = DisclosurePolicy.for_session(session.settings)
        counted = room_votes.room_questions(question_box.shown(engine, session.id), policy)
        if any(q.votes is not None for q in counted):  # 11 votes: 10 +- noise, nearly always
            page.get_by_text("about ").first.wait_for(timeout=15_000)
        else:
            page.get_by_text("no vote count yet").first.wait_for(timeout=15_000)
        assert page.get_by_text(ASKED).count() == 0  # not shown before approval
        _show_panel(page)
        page.screenshot(path=str(shots / "question-box-phone.png"))

        desk = browser.new_context(viewport=PROJECTOR)
        staff = desk.new_page()
        log_in(staff, srv.url, PASSPHRASE)
        open_staff_page(staff, "Questions")
        staff.get_by_text(ASKED).wait_for(timeout=15_000)
        staff.get_by_role("button", name="Approve").click()
        expect(staff.get_by_role("button", name="Approve")).to_have_count(0, timeout=15_000)
        app_server.wait_for_app(staff)
        assert not question_box.queue(engine, session.id, Status.pending), "Approve did not approve"
        staff.get_by_role("radio", name="On the wall").or_(
            staff.get_by_role("button", name="On the wall")
        ).first.click()
        staff.get_by_text(ASKED).wait_for(timeout=15_000)
        staff.locator("[class*='st-key-fac_q_card_']").filter(
            has_text="How do I ask for aftercare"
        ).last.get_by_role("button", name="Answer now").click()
        staff.get_by_text("Answering now", exact=True).wait_for(timeout=15_000)
        assert question_box.answering_now(engine, session.id) is not None
        staff.screenshot(path=str(shots / "question-wall.png"))
        open_staff_page(staff, "Present")
        staff.locator(".st-key-qbox_answering_now").get_by_text(
            "How do I ask for aftercare without sounding needy?"
        ).wait_for(timeout=30_000)
        stage_preview(staff).get_by_text("Join on your phone").wait_for(timeout=30_000)  # drawn
        staff.screenshot(path=str(shots / "present-answering-now.png"))
        desk.close()

        # The phone sees the approved question (after the shared cache's interval) and votes once.
        deadline = time.monotonic() + 30
        while not page.get_by_text(ASKED).count() and time.monotonic() < deadline:
            since = runs.reruns  # each press waits for its own run: paced by the server
            page.get_by_role("button", name="Refresh questions").click()
            runs.wait_answered(since=since)
        assert page.get_by_text(ASKED).count(), "the approved question did not reach the phone"
        page.get_by_text("Being answered now").wait_for(timeout=15_000)
        # Every button reads "Me too" (no count below k): the one in ASKED's own box.
        own = page.locator("[data-testid='stVerticalBlock']").filter(has_text=ASKED).last
        own.get_by_role("button", name="Me too").click()
        page.get_by_role("button", name="You voted").wait_for(timeout=15_000)
        assert page.get_by_role("button", name="You voted").is_disabled()
        assert any(  # "You voted" is drawn from the stored vote
            q.text == ASKED and q.votes == 1 for q in question_box.shown(engine, session.id)
        ), "the vote was not stored"
        page.context.close()

        page = browser.new_context(viewport=SMALL_PHONE).new_page()
        _join(page, srv.url, session.code)
        page.get_by_role("button", name="Ask a question anonymously").click()
        page.get_by_label("Your question").fill("Is it okay to ask for space?")
        page.get_by_role("button", name="Send question").wait_for(timeout=15_000)
        _show_panel(page)
        page.screenshot(path=str(shots / "question-box-small-phone.png"))
        width = page.evaluate("document.documentElement.scrollWidth")
        assert width <= SMALL_PHONE["width"]  # nothing wider than a small phone
        page.context.close()
