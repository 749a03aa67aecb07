"""The real app starts under `streamlit run` and a phone can reach the join page."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from tests.support import server as app_server
from tests.support.browser import PHONE, browser, open_page  # noqa: F401

pytestmark = pytest.mark.browser


def test_join_page_on_a_phone(browser, tmp_path, sqlite_url) -> None:  # noqa: F811
    with app_server.running(sqlite_url, tmp_path) as srv:
        page = open_page(browser, f"{srv.url}/?code=ZZZZZZ", PHONE)
        # Retried: the field is filled by the run that follows the first paint.
        expect(page.get_by_label("Session code")).to_have_value("ZZZZZZ", timeout=15_000)
        page.get_by_role("button", name="Join").click()
        page.get_by_text("No session uses the code ZZZZZZ").wait_for(timeout=15_000)
        # nothing wider than the phone
        assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
        page.context.close()
