"""In a real browser: the facilitator guide prints without the app's chrome, the queue marks care."""

from __future__ import annotations

import pytest

from tests.support import server as app_server
from tests.support.browser import browser as _session_browser
from tests.support.browser import log_in, open_staff_page, shoot
from workshop import db, migrate, participants, sessions
from workshop.answers import save_answer

pytestmark = pytest.mark.browser
PASSPHRASE = "guide passphrase for tests"
LAPTOP = {"width": 1366, "height": 768}


browser = pytest.fixture(scope="module")(_session_browser.__wrapped__)


def _staff_page(browser, url: str):
    context = browser.new_context(viewport=LAPTOP)
    page = context.new_page()
    log_in(page, url, PASSPHRASE)
    return context, page


def test_guide_reads_and_prints_cleanly(browser, tmp_path, sqlite_url) -> None:
    migrate.upgrade(sqlite_url)
    env = {"WORKSHOP_FACILITATOR_PASSPHRASE": PASSPHRASE}
    with app_server.running(sqlite_url, tmp_path, env=env) as srv:
        context, page = _staff_page(browser, srv.url)
        open_staff_page(page, "Facilitator guide")
        page.get_by_role("heading", name="Session plans").wait_for(timeout=15_000)
        app_server.wait_for_app(page)
        shoot(page, tmp_path, "facilitator-guide")
        # (collapsed or not, the sidebar is laid out on screen; printing drops it)
        display = "s => getComputedStyle(document.querySelector(s)).display"
        chrome = ["[data-testid='stSidebar']", "[data-testid='stHeader']"]
        assert all(page.evaluate(display, s) != "none" for s in chrome)

        page.emulate_media(media="print")
        assert all(page.evaluate(display, s) == "none" for s in chrome)
        assert not page.get_by_text("use your browser's Print command").is_visible()
        pdf = page.pdf(format="A4")
        pages = pdf.count(b"/Type /Page") - pdf.count(b"/Type /Pages")
        assert pages >= 6  # the whole guide, not just the first screenful

        # On a phone-sized screen the wide plan tables scroll by themselves, not the page.
        page.emulate_media(media="screen")
        page.set_viewport_size({"width": 320, "height": 568})
        main = "document.querySelector(\"[data-testid='stMain']\")"
        page.wait_for_function(f"{main}.scrollWidth <= {main}.clientWidth", timeout=10_000)

        # The essentials in Spanish, chosen on the page, print the same way, without the choice.
        page.set_viewport_size(LAPTOP)
        page.locator(".st-key-guide_language button", has_text="Español").click()
        heading = page.get_by_role("heading", name="Guía para facilitar: lo esencial")
        heading.wait_for(timeout=15_000)
        app_server.wait_for_app(page)
        shoot(page, tmp_path, "facilitator-guide-es")
        choice = ".st-key-guide_language"
        assert page.evaluate(display, choice) != "none"
        page.emulate_media(media="print")
        assert page.evaluate(display, choice) == "none"
        assert all(page.evaluate(display, s) == "none" for s in chrome)
        assert heading.is_visible()
        pdf = page.pdf(format="A4")
        assert pdf.count(b"/Type /Page") - pdf.count(b"/Type /Pages") >= 4  # all of it
        context.close()


def test_moderation_marks_an_answer_that_may_need_care(browser, tmp_path, sqlite_url, library):
    migrate.upgrade(sqlite_url)
    engine = db.get_engine(sqlite_url)
    session = sessions.create_session(engine, library.snapshot("first-look"), open_now=True)
    for text in ["a cuddle and some water", "I feel hopeless afterwards", "quiet time"]:
        participant = participants.join(engine, session.code)[1].id
        save_answer(engine, participant, "one_word", text)
    env = {"WORKSHOP_FACILITATOR_PASSPHRASE": PASSPHRASE}
    with app_server.running(sqlite_url, tmp_path, env=env) as srv:
        context, page = _staff_page(browser, srv.url)
        open_staff_page(page, "Moderate")
        page.get_by_text("May need care: Strong distress").wait_for(timeout=15_000)
        page.get_by_role("button", name="Approve").first.click()
        page.get_by_role("button", name="Yes, show it on the screen").wait_for(timeout=15_000)
        app_server.wait_for_app(page)
        shoot(page, tmp_path, "moderation-care")
        context.close()
