"""In a real browser: the group results on a participant's end screen, on phones.

The facilitator releases the room's results from Present; a participant who
finished reads them as labelled bars, one question at a time, picked from a
select box that is thumb-sized (issue 17 point 4: tap targets of 44 px) and
stays in view when a question is picked (issue 24).
Screenshots go to tmp_path, and to $WORKSHOP_SCREENSHOTS when set (docs/screenshots/).
"""

from __future__ import annotations

import pytest

from tests.support import server as app_server
from tests.support.axe import assert_no_serious_violations, require_axe
from tests.support.browser import PHONE, PROJECTOR, log_in, shoot, wait_until_still
from tests.support.browser import browser as _session_browser
from workshop import db, migrate, participants, sessions
from workshop.answers import save_answer
from workshop.sessions import SessionSettings

pytestmark = pytest.mark.browser
PASSPHRASE = "results passphrase for tests"
SMALL = {"width": 320, "height": 568}
TIMEOUT = 20_000
browser = pytest.fixture(scope="module")(_session_browser.__wrapped__)


def _finish_survey(page, url: str, code: str) -> None:
    page.goto(f"{url}/?code={code}")
    app_server.wait_for_app(page, timeout=TIMEOUT)
    page.get_by_text("I am 18 or older.").click()
    page.get_by_text("I have read this and agree to take part.").click()
    page.get_by_role("button", name="Start", exact=True).click()
    for number in range(2, 12):  # every step left unanswered is allowed
        page.get_by_text(f"Step {number - 1} of 11", exact=True).wait_for(timeout=TIMEOUT)
        app_server.wait_for_app(page, timeout=TIMEOUT)
        page.get_by_role("button", name="Next", exact=True).click()
    page.get_by_text("Step 11 of 11", exact=True).wait_for(timeout=TIMEOUT)
    app_server.wait_for_app(page, timeout=TIMEOUT)
    page.get_by_role("button", name="Finish", exact=True).click()
    page.get_by_text("Thank you", exact=True).wait_for(timeout=TIMEOUT)


def test_released_results_on_the_end_screen_of_small_and_large_phones(
    browser, tmp_path, sqlite_url, library
) -> None:
    require_axe()
    migrate.upgrade(sqlite_url)
    engine = db.get_engine(sqlite_url)
    settings = SessionSettings(k=3, show_results_to_participants=True)
    snapshot = library.snapshot("first-look")
    session = sessions.create_session(engine, snapshot, settings=settings, open_now=True)
    for code in ("4", "4", "4", "5", "5", "5", "5", "3", "3", "3"):
        _, participant = participants.join(engine, session.code, consented=True)
        save_answer(engine, participant.id, "importance_pre", code)
    env = {"WORKSHOP_FACILITATOR_PASSPHRASE": PASSPHRASE}
    with app_server.running(sqlite_url, tmp_path, env=env) as srv:
        desk = browser.new_context(viewport=PROJECTOR)
        staff = desk.new_page()
        log_in(staff, srv.url, PASSPHRASE, path="present")  # the login page, then Present
        staff.get_by_role("button", name="Release results to participants").click()
        staff.get_by_text("Released: results of").wait_for(timeout=TIMEOUT)
        desk.close()

        for name, viewport in (("participant-results", PHONE), ("participant-results-320", SMALL)):
            context = browser.new_context(viewport=viewport, is_mobile=True, has_touch=True)
            page = context.new_page()
            _finish_survey(page, srv.url, session.code)
            page.get_by_role("heading", name="How the group answered").wait_for(timeout=TIMEOUT)
            page.get_by_text("10 people answered.").wait_for(timeout=TIMEOUT)
            app_server.wait_for_app(page)
            picker = page.locator(".st-key-results_item [role='group']")  # Streamlit's combo box
            for part in (picker, picker.get_by_role("button", name="Open")):
                box = part.bounding_box()
                assert box and box["height"] >= 44 and box["width"] >= 44, box  # thumb-sized
            border = picker.evaluate("e => getComputedStyle(e).borderTopColor")
            assert border == "rgb(118, 127, 130)", border  # #767F82: 3.9:1 on white
            width = page.evaluate("document.documentElement.scrollWidth")
            assert width <= viewport["width"], "nothing wider than the phone"
            assert_no_serious_violations(page, f"end screen with results at {viewport['width']}")
            # Issue 24: each choice in the picker jumped the page back to "Thank you".
            for number in (2, 1):
                picker.evaluate("e => e.scrollIntoView({block: 'center'})")
                wait_until_still(picker)
                picker.click()
                option = page.get_by_role("option", name=f"{number}. ", exact=False).first
                option.click()
                chosen = snapshot.survey.questions[number - 1].text
                page.locator("[data-testid=stMain]").get_by_text(chosen, exact=True).wait_for(
                    timeout=TIMEOUT
                )
                app_server.wait_for_app(page)
                page.wait_for_timeout(400)  # the jump came just after the run
                wait_until_still(picker)
                box = picker.bounding_box()
                assert box and box["y"] >= 56 and box["y"] + box["height"] <= viewport["height"], (
                    f"the picker left the screen at {viewport['width']}: {box}"
                )
            heading = page.get_by_role("heading", name="How the group answered")
            heading.evaluate("e => e.scrollIntoView({block: 'start'})")
            page.mouse.wheel(0, -70)  # below the quick-exit bar
            wait_until_still(heading)  # the scroll is over
            shoot(page, tmp_path, name)
            context.close()
