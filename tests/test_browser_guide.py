"""In a real browser: the facilitator guide prints without the app's chrome, the queue marks care."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.support import server as app_server
from tests.support.browser import browser as _session_browser
from workshop import db, migrate, responses, sessions

pytestmark = pytest.mark.browser
PASSPHRASE = "guide passphrase for tests"
LAPTOP = {"width": 1366, "height": 768}
SHOTS = Path(__file__).resolve().parent.parent / "docs" / "screenshots"

browser = pytest.fixture(scope="module")(_session_browser.__wrapped__)


def _staff_page(browser, url: str):
    context = browser.new_context(viewport=LAPTOP)
    page = context.new_page()
    page.goto(f"{url}/facilitator")
    app_server.wait_for_app(page)
    page.get_by_label("Passphrase").fill(PASSPHRASE)
    page.get_by_role("button", name="Log in").click()
    page.get_by_role("heading", name="Sessions").wait_for(timeout=15_000)
    return context, page


def test_guide_reads_and_prints_cleanly(browser, tmp_path, sqlite_url) -> None:
    migrate.upgrade(sqlite_url)
    env = {"WORKSHOP_FACILITATOR_PASSPHRASE": PASSPHRASE}
    with app_server.running(sqlite_url, tmp_path, env=env) as srv:
        context, page = _staff_page(browser, srv.url)
        page.get_by_role("link", name="Facilitator guide").click()
        page.get_by_role("heading", name="Session plans").wait_for(timeout=15_000)
        app_server.wait_for_app(page)
        page.screenshot(path=str(SHOTS / "facilitator-guide.png"))
        sidebar = page.locator("[data-testid='stSidebar']")
        assert sidebar.is_visible()

        page.emulate_media(media="print")
        assert not sidebar.is_visible()
        assert not page.get_by_text("use your browser's Print command").is_visible()
        pdf = page.pdf(format="A4")
        pages = pdf.count(b"/Type /Page") - pdf.count(b"/Type /Pages")
        assert pages >= 6  # the whole guide, not just the first screenful
        context.close()


def test_moderation_marks_an_answer_that_may_need_care(browser, tmp_path, sqlite_url, library):
    migrate.upgrade(sqlite_url)
    engine = db.get_engine(sqlite_url)
    session = sessions.create_session(engine, library.snapshot("first-look"), open_now=True)
    for text in ["a cuddle and some water", "I feel hopeless afterwards", "quiet time"]:
        participant = responses.join(engine, session.code)[1].id
        responses.save_answer(engine, participant, "one_word", text)
    env = {"WORKSHOP_FACILITATOR_PASSPHRASE": PASSPHRASE}
    with app_server.running(sqlite_url, tmp_path, env=env) as srv:
        context, page = _staff_page(browser, srv.url)
        page.get_by_role("link", name="Moderate").click()
        page.get_by_text("May need care: Strong distress").wait_for(timeout=15_000)
        page.get_by_role("button", name="Approve").first.click()
        page.get_by_role("button", name="Yes, show it on the screen").wait_for(timeout=15_000)
        app_server.wait_for_app(page)
        page.screenshot(path=str(SHOTS / "moderation-care.png"))
        context.close()
