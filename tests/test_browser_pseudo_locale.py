"""The participant flow in the pseudo-locale (en-XA) on a 320x568 phone.

Every marked string comes out about 40% longer with accented letters, as a
long translation would: a layout that only fits English overflows or clips
here first. The walk also shows which of the app's own words are not marked
for translation yet, since those stay in plain English.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from tests.support import server as app_server
from tests.support.browser import browser  # noqa: F401
from tests.support.layout import measure, problems
from workshop import sessions
from workshop.loading import load_content

pytestmark = pytest.mark.browser

ROOT = Path(__file__).resolve().parent.parent
SMALL = {"width": 320, "height": 568}
TIMEOUT = 20_000

# Text an element cuts off (an ellipsis or hidden overflow) instead of wrapping.
_CLIPPED = """
() => [...document.querySelectorAll('[data-testid=stMain] *')].filter(el => {
  const own = [...el.childNodes].some(n => n.nodeType === 3 && n.textContent.trim());
  if (!own || !el.checkVisibility()) return false;
  const style = getComputedStyle(el);
  const clips = style.overflowX === 'hidden' || style.textOverflow === 'ellipsis';
  return clips && el.scrollWidth > el.clientWidth + 1;
}).map(el => el.textContent.trim().slice(0, 60))
"""


@pytest.fixture(scope="module")
def stack(tmp_path_factory):
    folder = tmp_path_factory.mktemp("pseudo")
    env = {"WORKSHOP_LANGUAGES": "en,en-XA"}
    with app_server.running_on_new_database(folder, env=env) as (srv, engine):
        yield srv, engine, load_content(ROOT / "content").snapshot("first-look")


def _check(page, where: str) -> None:
    app_server.wait_for_app(page, timeout=TIMEOUT)
    found = problems(measure(page), min_text=14, scroll=True)
    # A text area's own character counter ("0/280", Streamlit's 12 px) holds no words to translate.
    found = [f for f in found if not re.fullmatch(r"[\d.]+ px text: \d+/\d+", f)]
    found += [f"clipped: {text}" for text in page.evaluate(_CLIPPED)]
    assert not found, f"{where}: {found}"


def test_the_participant_flow_fits_a_small_phone_in_the_pseudo_locale(stack, browser) -> None:  # noqa: F811
    srv, engine, snapshot = stack
    # Group results allowed: the end screen also shows their heading, rule and picker.
    settings = sessions.SessionSettings(show_results_to_participants=True)
    session = sessions.create_session(engine, snapshot, open_now=True, settings=settings)
    context = browser.new_context(viewport=SMALL, is_mobile=True, has_touch=True)
    page = context.new_page()
    try:
        page.goto(f"{srv.url}/?lang=en-XA")
        page.get_by_role("heading", name="⟦Jöîñ thé wörkšhöp").wait_for(timeout=TIMEOUT)
        # The page says its language, so a screen reader picks the right voice.
        page.wait_for_function("document.documentElement.lang === 'en-XA'", timeout=TIMEOUT)
        _check(page, "join")
        page.locator(".st-key-join_code input").fill("ABC")
        page.locator(".st-key-join_submit button").click()
        page.get_by_text("⟦Jöîñ çödéš hàvé 6 çhàràçtérš").wait_for(timeout=TIMEOUT)
        _check(page, "join, a wrong code")

        page.goto(f"{srv.url}/?code={session.code}&lang=en-XA")
        page.get_by_text("⟦Î àm 18 ör öldér.").wait_for(timeout=TIMEOUT)
        _check(page, "consent")
        page.get_by_text("⟦Î àm 18 ör öldér.").click()
        page.get_by_text("⟦Î hàvé réàd thîš àñd àgréé tö tàké pàrt.").click()
        page.locator(".st-key-consent_submit button").click()
        page.locator(".st-key-qbox_open button").click()  # the question box, open
        page.locator(".st-key-qbox_send button").click()  # nothing typed: its refusal
        page.get_by_text("⟦Týpé à qûéštîöñ fîršt.").wait_for(timeout=TIMEOUT)
        _check(page, "question box")
        page.locator(".st-key-qbox_close button").click()

        total = len(snapshot.survey.steps)
        for index in range(total):
            page.get_by_text(f"⟦Štép {index + 1} öf {total}").wait_for(timeout=TIMEOUT)
            _check(page, f"step {index + 1}")
            page.locator(f".st-key-next_{index} button").click()
        page.get_by_role("heading", name="⟦Thàñk ýöû").wait_for(timeout=TIMEOUT)
        page.get_by_role("heading", name="⟦Höw thé gröûp àñšwéréd").wait_for(timeout=TIMEOUT)
        _check(page, "end screen")
        assert "lang=en-XA" in page.url  # a reload or a resumed link keeps the language
    finally:
        context.close()
