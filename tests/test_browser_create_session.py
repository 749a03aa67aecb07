"""Creating a session on the Sessions page, in Chromium, with a long list of sessions (issue 24).

A Create refused (the example resources not confirmed) kept nothing of what was typed;
after a Create the confirmation with the join code sat above the scrolled page. The
form's controls are measured for non-text contrast too (WCAG 1.4.11).
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any

import pytest

from tests.support import server as app_server
from tests.support.browser import browser as _session_browser
from tests.support.browser import log_in, wait_until_still
from tests.support.contrast import faint_marks, focus_ring
from workshop import db, sessions
from workshop.loading import ContentLibrary

pytestmark = [pytest.mark.browser, pytest.mark.slow]
PASSPHRASE = "create session passphrase for tests"
LAPTOP = {"width": 1366, "height": 768}
TIMEOUT = 20_000

browser = pytest.fixture(scope="module")(_session_browser.__wrapped__)


@pytest.fixture(scope="module")
def app(tmp_path_factory: pytest.TempPathFactory, library: ContentLibrary) -> Iterator[Any]:
    folder = tmp_path_factory.mktemp("create-session")
    url, engine = app_server.migrated(folder)
    for number in range(1, 9):  # a list longer than the screen, as after a term of workshops
        sessions.create_session(
            engine, library.snapshot("first-look"), title=f"Earlier group {number}"
        )
    db.dispose(engine)
    env = {"WORKSHOP_FACILITATOR_PASSPHRASE": PASSPHRASE}
    with app_server.running(url, folder, env=env) as srv:
        yield srv


def _open_the_form(browser: Any, url: str) -> tuple[Any, Any]:
    """A logged-in laptop tab on Sessions with the create form open: (page, title field)."""
    page = browser.new_context(viewport=LAPTOP).new_page()
    log_in(page, url, PASSPHRASE)
    app_server.wait_for_app(page)
    title = page.get_by_label("Title shown to participants (optional)")
    if not title.is_visible():
        page.get_by_text("Create a session").click()
    return page, title


def test_a_refused_create_keeps_the_form_and_the_new_code_comes_into_view(browser, app) -> None:
    page, title = _open_the_form(browser, app.url)
    title.fill("Thursday group")
    page.get_by_text("Facilitator-paced: the room follows my Next and Previous").click()
    page.get_by_role("spinbutton", name="Smallest group shown (k)").fill("6")
    page.get_by_role("button", name="Create session").click()  # the rehearsal box unticked
    page.get_by_text("The session was not created").wait_for(timeout=TIMEOUT)
    app_server.wait_for_app(page)
    assert title.input_value() == "Thursday group"
    assert page.get_by_role(
        "radio", name="Facilitator-paced: the room follows my Next and Previous"
    ).is_checked()
    assert page.get_by_role("spinbutton", name="Smallest group shown (k)").input_value() == "6"

    page.get_by_text(
        "Create it with the example resources anyway (a rehearsal)", exact=True
    ).click()
    page.get_by_role("button", name="Create session").click()
    confirmation = page.get_by_text("Created “Thursday group” with join code")
    confirmation.wait_for(timeout=TIMEOUT)
    app_server.wait_for_app(page)
    page.wait_for_timeout(300)
    wait_until_still(confirmation)
    box = confirmation.bounding_box()
    assert box and box["y"] >= 0 and box["y"] + box["height"] <= LAPTOP["height"], box
    assert re.search(r"join code [A-Z0-9]{4,}", confirmation.inner_text())
    assert page.evaluate("() => !!document.activeElement.closest('.st-key-fac_created_box')"), (
        "focus moves to the confirmation"
    )

    # The next session starts from the defaults again.
    page.get_by_text("Create a session").click()
    title.wait_for(timeout=TIMEOUT)
    assert title.input_value() == ""
    assert page.get_by_role(
        "radio", name="Self-paced: everyone moves at their own speed"
    ).is_checked()
    assert page.get_by_role("spinbutton", name="Smallest group shown (k)").input_value() != "6"
    for key, shown in (
        ("fac_new_follow_up_of", "Not a follow-up"),
        ("fac_new_resources", "The default list"),
    ):  # the pickers' named defaults, not an empty "Choose an option"
        assert shown in page.locator(f".st-key-{key} input").input_value(), key


def test_the_create_form_controls_reach_three_to_one(browser, app) -> None:
    """WCAG 1.4.11 on a staff page: field borders, radios and checkboxes; a field's focus ring."""
    page, title = _open_the_form(browser, app.url)
    title.wait_for(timeout=TIMEOUT)
    faint = []
    for selector in (
        "[data-testid=stTextInputRootElement]",
        "[data-testid=stNumberInputContainer]",
        "[data-testid=stRadioOption] > div > div:first-child",
        "[data-testid=stCheckbox] label > div:not([data-testid])",
    ):
        faint += faint_marks(page, selector)
    title.focus()
    width, contrast = focus_ring(page, "[data-testid=stTextInputRootElement]")
    if width < 2 or contrast < 3:
        faint.append(f"focused title field: {width} px ring at {contrast:.2f}:1")
    assert not faint, "\n".join(faint)
