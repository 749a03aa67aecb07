"""Playwright fixtures driving Debian's Chromium (playwright cannot download browsers here)."""

from __future__ import annotations

import os
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any
from urllib.parse import urlparse

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
    path = urlparse(link.get_attribute("href") or "").path
    link.evaluate("a => a.click()")
    page.wait_for_url(
        lambda url: urlparse(url).path == path, timeout=15_000
    )  # the page's run began


def stage_preview(page: Any) -> Any:
    """Present's preview of the audience screen (ui/staff/preview.py): a frame locator."""
    from ui.staff.preview import TITLE

    return page.frame_locator(f"iframe[title='{TITLE}']")


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
    wait_until_still(page.locator("[data-testid=stSidebar]"))  # the slide-in is over


def open_page(browser: Any, url: str, viewport: dict[str, int] = PHONE, **options: Any) -> Any:
    """A new tab in its own context (no shared cookies or storage) with `url` loaded."""
    page = browser.new_context(viewport=viewport, **options).new_page()
    page.goto(url)
    wait_for_app(page)
    return page


def agree_and_start(page: Any) -> None:
    """On the welcome screen: tick both consent boxes and press Start."""
    page.get_by_text("I am 18 or older.").click()
    page.get_by_text("I have read this and agree to take part.").click()
    page.get_by_role("button", name="Start").click()


# The same test as Playwright's own before a click: the box is unchanged over two frames.
_STILL = """e => new Promise(resolve => {
  let last = "";
  const frame = () => {
    const r = e.getBoundingClientRect();
    const now = [r.x, r.y, r.width, r.height].join();
    if (now === last) resolve(now);
    else { last = now; requestAnimationFrame(frame); }
  };
  requestAnimationFrame(frame);
})"""


def wait_until_still(locator: Any) -> None:
    """Wait until what `locator` finds has stopped moving (a slide-in, a scroll, a redraw)."""
    locator.first.evaluate(_STILL)


class ScriptRuns:
    """The script runs a tab asked for and the ones the server ended, read off its websocket.

    `wait_for_app` waits on the app's script state, which also reads notRunning in the
    moment between a tap and the run it causes; a test that must know that the run it
    caused is over waits with `wait_answered` instead. Attach before the page loads.
    """

    def __init__(self, page: Any) -> None:
        self.page = page
        self.reruns = 0  # rerun_script messages the tab sent
        self.finished = 0  # script_finished messages it received (fragment runs included)
        self.answered = True  # the last rerun sent has run to its end
        self._socket: Any = None
        page.on("websocket", self._watch)

    def _watch(self, socket: Any) -> None:
        if socket.url.endswith("/_stcore/stream"):
            self._socket = socket
            socket.on("framesent", self._sent)
            socket.on("framereceived", self._received)

    def _sent(self, payload: object) -> None:
        from streamlit.proto.BackMsg_pb2 import BackMsg

        if isinstance(payload, bytes | bytearray):
            message = BackMsg()
            message.ParseFromString(payload)
            if message.WhichOneof("type") == "rerun_script":
                self.reruns += 1
                self.answered = False

    def _received(self, payload: object) -> None:
        from streamlit.proto.ForwardMsg_pb2 import ForwardMsg

        if isinstance(payload, bytes | bytearray):
            message = ForwardMsg()
            message.ParseFromString(payload)
            if message.WhichOneof("type") == "script_finished":
                self.finished += 1
                # A run stopped for a newer rerun is not the end of what was asked.
                if message.script_finished != ForwardMsg.FINISHED_EARLY_FOR_RERUN:
                    self.answered = True

    def clear(self) -> None:
        self.reruns = self.finished = 0

    def wait_answered(self, *, since: int | None = None, timeout: float = 20_000) -> None:
        """Wait until the server has ended the last run the tab asked for.

        With `since` (a count of reruns read before an action), first wait until the tab
        has asked for one more: the action's own run.
        """
        deadline = time.monotonic() + timeout / 1000
        while not self.answered or (since is not None and self.reruns <= since):
            left = deadline - time.monotonic()
            assert left > 0 and self._socket is not None, "the script run never ended"
            self._socket.wait_for_event("framereceived", timeout=left * 1000)
        wait_for_app(self.page)
