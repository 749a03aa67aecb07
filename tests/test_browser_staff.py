"""Staff pages in Chromium: axe-core on each, and the layout checks of issue 17 (points 9, 11, 12, 14).

One app server and one logged-in projector-sized tab for the module; each test
opens the page it checks from the sidebar, as a facilitator would.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from playwright.sync_api import expect

from tests.support import server as app_server
from tests.support.axe import assert_no_serious_violations, require_axe
from tests.support.browser import browser as _session_browser
from tests.support.browser import open_staff_page, sidebar_open, stage_preview, wait_until_still
from workshop import demo
from workshop.loading import ContentLibrary

pytestmark = [pytest.mark.browser, pytest.mark.slow]
PASSPHRASE = "staff pages passphrase for tests"
LAPTOP = {"width": 1366, "height": 768}
SMALL_LAPTOP = {"width": 1280, "height": 720}

browser = pytest.fixture(scope="module")(_session_browser.__wrapped__)


@pytest.fixture(scope="module")
def app(tmp_path_factory: pytest.TempPathFactory, library: ContentLibrary) -> Iterator[Any]:
    folder = tmp_path_factory.mktemp("staff")
    url, engine = app_server.migrated(folder)
    demo.fill(engine, library.snapshot("aftercare-workshop-60"), participants=24)
    env = {"WORKSHOP_FACILITATOR_PASSPHRASE": PASSPHRASE}
    with app_server.running(url, folder, env=env) as srv:
        yield srv


def _log_in(browser: Any, base: str, viewport: dict[str, int]) -> Any:
    page = browser.new_context(viewport=viewport).new_page()
    page.goto(f"{base}/facilitator")
    app_server.wait_for_app(page)
    page.get_by_label("Passphrase").fill(PASSPHRASE)
    page.get_by_role("button", name="Log in").click()
    page.get_by_role("heading", name="Sessions").wait_for(timeout=15_000)
    app_server.wait_for_app(page)
    return page


def _open(page: Any, link: str) -> None:
    leave_share = page.locator(".st-key-share_picker").get_by_role("link", name="Sessions")
    if leave_share.count():  # the share page hides the sidebar: leave by its own link
        leave_share.click()
        page.get_by_role("heading", name="Sessions").wait_for(timeout=15_000)
        app_server.wait_for_app(page)
    open_staff_page(page, link)
    app_server.wait_for_app(page)


def _box(page: Any, selector: str) -> dict[str, float]:
    box = page.locator(selector).first.bounding_box()
    assert box is not None, selector
    return box


def test_axe_on_every_staff_page(browser, app) -> None:
    require_axe()
    page = browser.new_context(viewport=LAPTOP).new_page()
    page.goto(f"{app.url}/facilitator")
    app_server.wait_for_app(page)
    assert_no_serious_violations(page, "login")
    page.close()

    page = _log_in(browser, app.url, LAPTOP)
    assert_no_serious_violations(page, "sessions")
    for link, screen in [
        ("Share", "share"),
        ("Moderate", "moderation"),
        ("Before and after", "before and after"),
        ("Research export", "export"),
        ("Facilitator guide", "guide"),
    ]:
        _open(page, link)
        assert_no_serious_violations(page, screen)
    _open(page, "Present")
    page.get_by_role("button", name="Hide code").click()  # a new session shows the code first
    page.get_by_role("button", name="Reveal results").click()
    # The chart is in the preview: the audience screen itself, in a titled frame.
    stage_preview(page).locator("[data-testid=stVegaLiteChart]").first.wait_for(timeout=20_000)
    app_server.wait_for_app(page)
    assert_no_serious_violations(page, "present (with a chart in the preview)")


@pytest.mark.parametrize("viewport", [SMALL_LAPTOP, LAPTOP], ids=["1280x720", "1366x768"])
def test_share_fits_the_projector_without_the_sidebar(browser, app, viewport) -> None:
    page = _log_in(browser, app.url, viewport)
    _open(page, "Share")
    page.locator(".st-key-share_qr img").wait_for(timeout=15_000)
    expect(page.locator("[data-testid=stSidebar]")).to_be_hidden()  # once any slide-out is over
    wait_until_still(page.locator(".st-key-share_qr img"))
    qr = _box(page, ".st-key-share_qr img")
    assert qr["x"] >= 0 and qr["x"] + qr["width"] <= viewport["width"]
    assert qr["y"] + qr["height"] <= viewport["height"]
    assert qr["width"] >= 240  # still large enough to scan across a room
    alt = page.locator(".st-key-share_qr img").get_attribute("alt")
    assert alt and "QR code" in alt
    code = page.locator(".st-key-share_code [data-testid=stText]")
    size = float(code.evaluate("e => parseFloat(getComputedStyle(e).fontSize)"))
    assert _box(page, ".st-key-share_code [data-testid=stText]")["height"] < 1.6 * size
    assert code.evaluate("e => e.scrollWidth <= e.clientWidth")  # one line, not clipped
    assert page.evaluate("document.documentElement.scrollWidth") <= viewport["width"]
    # Off the projector again without the sidebar: the page's own links.
    page.locator(".st-key-share_picker").get_by_role("link", name="Sessions").click()
    page.get_by_role("heading", name="Sessions").wait_for(timeout=15_000)
    app_server.wait_for_app(page)
    sidebar_open(page)  # back, and reachable


def test_create_resets_the_form_and_keeps_the_list_in_view(browser, app) -> None:
    page = _log_in(browser, app.url, LAPTOP)
    if not page.get_by_label("Title shown to participants (optional)").is_visible():
        page.get_by_text("Create a session").click()
    title = page.get_by_label("Title shown to participants (optional)")
    title.fill("Tuesday workshop")
    page.get_by_text("Facilitator-paced: the room follows my Next and Previous").click()
    page.get_by_text("Create it with the example resources anyway (a rehearsal)").click()
    page.get_by_role("button", name="Create session").click()
    confirmation = page.get_by_text("Created “Tuesday workshop” with join code")
    confirmation.wait_for(timeout=15_000)
    app_server.wait_for_app(page)
    box = confirmation.bounding_box()
    assert box is not None and box["y"] + box["height"] <= LAPTOP["height"]
    rows = page.locator("[class*='st-key-fac_row_']")
    assert rows.count() >= 2
    assert _box(page, "[class*='st-key-fac_row_']")["y"] < LAPTOP["height"]  # above the fold
    page.get_by_text("Create a session").click()
    title = page.get_by_label("Title shown to participants (optional)")
    title.wait_for()
    assert title.input_value() == ""
    assert page.get_by_role(
        "radio", name="Self-paced: everyone moves at their own speed"
    ).is_checked()


def test_before_and_after_speaks_plainly_and_has_a_text_summary(browser, app) -> None:
    page = _log_in(browser, app.url, {"width": 1920, "height": 1080})
    _open(page, "Before and after")
    # Another test may have created (and so selected) an empty session: pick the demo.
    sidebar_open(page)
    picker = page.locator("[data-testid=stSidebar] .st-key-fac_picker [data-testid=stSelectbox]")
    if "Demo:" not in picker.inner_text():
        # By keyboard: a loaded machine may still be sliding the sidebar, and a pointer
        # click then finds the field "outside of the viewport".
        picker.locator("input").focus()
        page.keyboard.press("ArrowDown")
        page.get_by_role("option", name="Demo:", exact=False).first.wait_for(timeout=10_000)
        page.get_by_role("option", name="Demo:", exact=False).first.press("Enter")
        app_server.wait_for_app(page)
    page.locator("[data-testid=stVegaLiteChart]").first.wait_for(timeout=20_000)
    main = page.locator("[data-testid=stMain]")
    for jargon in ("rank-biserial", "Wilcoxon", "construct", "_pre"):
        visible = main.get_by_text(jargon, exact=False)
        assert all(not visible.nth(i).is_visible() for i in range(visible.count())), jargon
    summary = page.locator("[class*='st-key-sr_summary_prepost']")
    assert "Before and after" in summary.inner_text()
    assert summary.bounding_box()["width"] <= 1  # visually hidden, read by screen readers
    # The chart's own label (Vega's aria-label from the description), not "Vega visualization"
    labelled = page.locator("[data-testid=stVegaLiteChart][aria-label^='Before and after']")
    assert labelled.count() >= 1
    assert page.evaluate("document.documentElement.scrollWidth") <= 1920
