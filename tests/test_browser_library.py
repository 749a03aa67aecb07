"""A phone can open the Modules page, read a module to its sources, and nothing overflows."""

from __future__ import annotations

import pytest

from tests.support import server as app_server
from tests.support.browser import PHONE, browser, open_page  # noqa: F401

pytestmark = pytest.mark.browser


def test_modules_page_on_a_phone(browser, tmp_path, sqlite_url) -> None:  # noqa: F811
    with app_server.running(sqlite_url, tmp_path) as srv:
        page = open_page(browser, f"{srv.url}/modules", PHONE)
        page.get_by_role("heading", name="Modules").wait_for()
        assert page.locator("[data-testid='stExpander']").count() >= 8
        page.get_by_text("Five common ways to give aftercare").click()
        page.get_by_text("Quiet presence.").wait_for(timeout=10_000)
        sources = page.locator("strong:text-is('Sources') >> visible=true")
        assert sources.count() == 1  # only the opened module shows its sources
        sources.scroll_into_view_if_needed()
        visible_source = page.locator("li:has-text('Hughes, S. M., & Kruger') >> visible=true")
        assert visible_source.count() == 1
        page.get_by_role("link", name="Join a session").scroll_into_view_if_needed()
        # nothing wider than the phone
        assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
        page.context.close()
