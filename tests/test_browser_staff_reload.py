"""In a real browser: a reload keeps the staff role in the same tab, and only there.

Issue 17 point 12: a reload in front of a room must not mean typing the
passphrase on the projector. The tab token lives in that tab's sessionStorage.
"""

from __future__ import annotations

import pytest

from tests.support import server as app_server
from tests.support.browser import ScriptRuns, log_in, open_staff_page
from tests.support.browser import browser as _session_browser
from workshop import db, migrate, schema

pytestmark = pytest.mark.browser
PASSPHRASE = "reload passphrase for tests"
LAPTOP = {"width": 1366, "height": 768}
STORAGE = "workshop-staff-tab"

browser = pytest.fixture(scope="module")(_session_browser.__wrapped__)


def _stored(page) -> str | None:
    return page.evaluate(f"() => window.sessionStorage.getItem('{STORAGE}')")


def _wait_stored(page) -> str:
    page.wait_for_function(f"() => window.sessionStorage.getItem('{STORAGE}')", timeout=15_000)
    token = _stored(page)
    assert token
    return token


def _tokens(engine) -> int:
    with db.read(engine) as connection:
        return len(connection.execute(schema.staff_login_links.select()).all())


def test_reload_keeps_the_role_in_that_tab_only(browser, tmp_path, sqlite_url) -> None:
    migrate.upgrade(sqlite_url)
    engine = db.get_engine(sqlite_url)
    env = {"WORKSHOP_FACILITATOR_PASSPHRASE": PASSPHRASE}
    with app_server.running(sqlite_url, tmp_path, env=env) as srv:
        context = browser.new_context(viewport=LAPTOP)
        page = context.new_page()
        page_runs = ScriptRuns(page)
        log_in(page, srv.url, PASSPHRASE)
        first = _wait_stored(page)
        assert first not in page.url  # not in the URL, nor in any cookie
        assert not [c for c in context.cookies() if first in c["value"]]

        # A reload on another staff page: the same page again, still logged in, new token.
        open_staff_page(page, "Facilitator guide")
        page.get_by_role("heading", name="Session plans").wait_for(timeout=15_000)
        page.reload()
        page.get_by_role("heading", name="Session plans").wait_for(timeout=20_000)
        app_server.wait_for_app(page)
        page.screenshot(path=tmp_path / "after-reload.png")
        assert page.get_by_role("button", name="Log out").is_visible()
        second = _wait_stored(page)
        assert second != first  # each token is good for one reload

        # The used token cannot be replayed in another tab.
        other = context.new_page()
        runs = ScriptRuns(other)
        other.goto(f"{srv.url}/facilitator")
        app_server.wait_for_app(other)
        other.evaluate(f"t => window.sessionStorage.setItem('{STORAGE}', t)", first)
        other.reload()
        app_server.wait_for_app(other)
        # A token is taken out of storage when it is sent, and the run it asks for ends.
        other.wait_for_function(f"() => window.sessionStorage.getItem('{STORAGE}') === null")
        runs.wait_answered()
        assert other.get_by_label("Passphrase").is_visible()
        other.close()

        # Log out: the token is void on the server and gone from the tab.
        page.get_by_role("button", name="Log out").click()
        page.get_by_label("Passphrase").wait_for(timeout=15_000)
        page.wait_for_function(
            f"() => window.sessionStorage.getItem('{STORAGE}') === null", timeout=15_000
        )
        assert _tokens(engine) == 0
        page.reload()
        app_server.wait_for_app(page)
        page.locator(".st-key-staff_tab").wait_for(state="attached")  # the component is drawn
        page_runs.wait_answered()  # and no run it might have asked for is outstanding
        assert page.get_by_label("Passphrase").is_visible()
        context.close()


def test_participant_pages_carry_no_staff_token_code(browser, tmp_path, sqlite_url) -> None:
    migrate.upgrade(sqlite_url)
    with app_server.running(sqlite_url, tmp_path) as srv:
        context = browser.new_context(viewport={"width": 390, "height": 844})
        page = context.new_page()
        page.goto(f"{srv.url}/join")
        app_server.wait_for_app(page)
        assert page.locator(".st-key-staff_tab").count() == 0
        assert page.evaluate("() => window.sessionStorage.length") == 0
        context.close()
