"""A facilitator presents while participants join and answer; the chart updates by itself."""

from __future__ import annotations

from urllib.parse import parse_qs, urlparse

import pytest

from tests.support import server as app_server
from tests.support.browser import PHONE, PROJECTOR, stage_preview
from tests.support.browser import browser as _session_browser
from workshop import db, migrate, sessions
from workshop.answers import save_answer
from workshop.sessions import SessionSettings

pytestmark = pytest.mark.browser
PASSPHRASE = "projector passphrase for tests"

# Module scope: a session-scoped Playwright per test module (as importing the
# shared fixture gives) would run two sync_playwright loops at once.
browser = pytest.fixture(scope="module")(_session_browser.__wrapped__)


def _join_on_a_phone(browser, base: str, code: str) -> tuple[object, str]:
    context = browser.new_context(viewport=PHONE)
    page = context.new_page()
    page.goto(f"{base}/?code={code}")
    app_server.wait_for_app(page)
    # The QR link opens the welcome screen; the participant exists once they agree.
    page.get_by_text("I am 18 or older.").click()
    page.get_by_text("I have read this and agree to take part.").click()
    page.get_by_role("button", name="Start").click()
    page.wait_for_url("**p=*", timeout=15_000)
    participant = parse_qs(urlparse(page.url).query)["p"][0]
    return context, participant


def test_live_count_and_chart_without_reload(browser, tmp_path, sqlite_url, library) -> None:
    migrate.upgrade(sqlite_url)
    engine = db.get_engine(sqlite_url)
    session = sessions.create_session(
        engine, library.snapshot("first-look"), settings=SessionSettings(k=3), open_now=True
    )
    env = {"WORKSHOP_FACILITATOR_PASSPHRASE": PASSPHRASE}
    with app_server.running(sqlite_url, tmp_path, env=env) as srv:
        desk = browser.new_context(viewport=PROJECTOR)
        page = desk.new_page()
        # Before logging in, a staff URL shows the login page and nothing of the staff page;
        # logging in there lands on the page that was asked for.
        page.goto(f"{srv.url}/present")
        app_server.wait_for_app(page)
        assert page.get_by_role("heading", name="Facilitator login").is_visible()
        assert page.get_by_role("button", name="Reveal results").count() == 0
        assert page.get_by_role("button", name="Log out").count() == 0
        page.get_by_label("Passphrase").fill(PASSPHRASE)
        page.get_by_role("button", name="Log in").click()
        page.get_by_text("0 of 0 participants answered").wait_for(timeout=15_000)
        page.get_by_role("button", name="Reveal results").click()
        # Present draws no chart of its own: its preview shows the room's screen, which
        # keeps the join code up here; the chart in the preview is test_browser_present's.
        room = stage_preview(page)
        room.get_by_text("Join on your phone").wait_for(timeout=15_000)

        phones = []
        for code in ("4", "5", "5", "2"):
            context, participant = _join_on_a_phone(browser, srv.url, session.code)
            phones.append(context)
            save_answer(engine, participant, "importance_pre", code)

        # No reload: the fragment refreshes every few seconds.
        page.get_by_text("4 of 4 participants answered").wait_for(timeout=30_000)
        page.screenshot(path=str(tmp_path / "present.png"))

        # A participant's browser cannot open the present page by URL.
        spy = phones[0].new_page()
        spy.goto(f"{srv.url}/present")
        app_server.wait_for_app(spy)
        assert spy.get_by_role("button", name="Next").count() == 0
        assert spy.get_by_text("participants answered").count() == 0
        for context in phones:
            context.close()
        desk.close()
