"""Playwright fixtures driving Debian's Chromium (playwright cannot download browsers here)."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from tests.support.server import CHROMIUM, CHROMIUM_ARGS, wait_for_app

PHONE = {"width": 390, "height": 844}
PROJECTOR = {"width": 1920, "height": 1080}


# Each test module that imports `browser` gets its own copy of the fixture, but
# Playwright's sync API allows only one running instance per thread: the copies
# share one Chromium, closed when the last of them is torn down.
_shared: dict[str, Any] = {}  # Playwright's objects
_users = [0]


@pytest.fixture(scope="session")
def browser() -> Iterator[object]:
    if not os.path.exists(CHROMIUM):
        pytest.skip(f"browser tests need Chromium at {CHROMIUM} (apt-get install -y chromium)")
    if not _shared:
        from playwright.sync_api import sync_playwright

        playwright = sync_playwright().start()
        _shared["playwright"] = playwright
        _shared["browser"] = playwright.chromium.launch(
            executable_path=CHROMIUM, args=CHROMIUM_ARGS, headless=True
        )
    _users[0] += 1
    try:
        yield _shared["browser"]
    finally:
        _users[0] -= 1
        if _users[0] == 0:
            _shared.pop("browser").close()
            _shared.pop("playwright").stop()


def open_staff_page(page: Any, name: str) -> None:
    """Go to a staff page by its sidebar link, in the same tab (the staff role lives in the tab).

    A real click needs the link on screen, and the sidebar may be collapsed, sliding,
    or scrolled by a refreshing fragment at that moment; a DOM click runs the same
    client-side navigation wherever the link sits.
    """
    link = page.locator("[data-testid=stSidebarNav]").get_by_role("link", name=name, exact=True)
    link.wait_for(state="attached", timeout=15_000)
    link.evaluate("a => a.click()")


def log_in(page: Any, base_url: str, passphrase: str, path: str = "facilitator") -> None:
    """Open a staff address in this tab and log in there (the page asked for comes next)."""
    page.goto(f"{base_url}/{path}")
    wait_for_app(page)
    page.get_by_label("Passphrase").fill(passphrase)
    page.get_by_role("button", name="Log in").click()
    if path == "facilitator":
        page.get_by_role("heading", name="Sessions").wait_for(timeout=15_000)


def shoot(page: Any, folder: Path, name: str) -> None:
    """A screenshot into the test's folder, and into $WORKSHOP_SCREENSHOTS when set."""
    page.screenshot(path=folder / f"{name}.png")
    extra = os.environ.get("WORKSHOP_SCREENSHOTS")
    if extra:
        Path(extra).mkdir(parents=True, exist_ok=True)
        page.screenshot(path=Path(extra) / f"{name}.png")


def sidebar_open(page: Any) -> None:
    """Make sure the staff sidebar is open: it may still be sliding in on its own."""
    nav = page.locator("[data-testid=stSidebarNav]")
    try:
        nav.wait_for(state="visible", timeout=3_000)
    except Exception:  # still collapsed: open it
        page.locator("[data-testid=stExpandSidebarButton]").click()
        nav.wait_for(state="visible", timeout=5_000)
    page.wait_for_timeout(500)  # the slide-in
