"""axe-core on every participant screen and the modules page, at phone size.

Fails on any serious or critical violation that tests/axe-allowlist.yaml does not
list with a reason (see tests/support/axe.py). Needs `npm ci` for axe-core.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from tests.support import server as app_server
from tests.support.axe import (
    Allowed,
    assert_no_serious_violations,
    load_allowlist,
    require_axe,
    rule_violations,
    serious_violations,
)
from tests.support.browser import PHONE, browser  # noqa: F401
from workshop import participants, sessions
from workshop.content import Question, QuestionKind
from workshop.loading import load_content
from workshop.sessions import Pacing, SessionSettings

pytestmark = [pytest.mark.browser, pytest.mark.slow]

ROOT = Path(__file__).resolve().parent.parent
TIMEOUT = 20_000
SURVEYS = ("first-look", "aftercare-workshop")  # the second has the words item


@pytest.fixture(scope="module")
def stack(tmp_path_factory):
    require_axe()
    folder = tmp_path_factory.mktemp("axe-participant")
    library = load_content(ROOT / "content")
    with app_server.running_on_new_database(folder) as (srv, engine):
        yield srv, engine, library


@pytest.fixture
def phone(browser):  # noqa: F811
    context = browser.new_context(viewport=PHONE, is_mobile=True, has_touch=True)
    page = context.new_page()
    yield page
    context.close()


def settle(page) -> None:
    app_server.wait_for_app(page, timeout=TIMEOUT)


def check(page, screen: str, text: str | re.Pattern[str]) -> None:
    """Wait for the screen (by a text only it shows), then run axe on it."""
    page.get_by_text(text).first.wait_for(timeout=TIMEOUT)
    settle(page)
    assert_no_serious_violations(page, screen)


def join_and_consent(page, srv, code: str) -> str:
    page.goto(f"{srv.url}/?code={code}")
    check(page, "consent", "I am 18 or older.")
    page.get_by_text("I am 18 or older.").click()
    page.get_by_text("I have read this and agree to take part.").click()
    page.get_by_role("button", name="Start", exact=True).click()
    page.wait_for_url(re.compile(r"[?&]p=[0-9a-f]{32}"), timeout=TIMEOUT)
    pid = re.search(r"[?&]p=([0-9a-f]{32})", page.url)
    assert pid, page.url
    return pid.group(1)


def test_allowlist_entries_have_reasons() -> None:
    for entry in load_allowlist():
        assert entry.reason.strip() and entry.rule


def test_every_participant_screen(stack, phone) -> None:
    srv, engine, library = stack
    page = phone
    page.goto(srv.url)
    check(page, "join", "Session code")
    page.goto(f"{srv.url}/?code=NOPE")
    check(page, "join with an error", "Join codes have 6 characters")

    seen: set[str] = set()
    for survey in SURVEYS:  # between them, every question kind and a module
        snapshot = library.snapshot(survey)
        session = sessions.create_session(
            engine,
            snapshot,
            open_now=True,
            settings=SessionSettings(show_results_to_participants=True),
        )
        pid = join_and_consent(page, srv, session.code)
        steps = snapshot.survey.steps
        total = len(steps)
        for index, current in enumerate(steps):
            kind = current.kind.value if isinstance(current, Question) else "module"
            if kind in seen:
                continue
            seen.add(kind)
            participants.set_progress(engine, pid, index)
            page.reload()
            check(page, f"{survey} {kind} (step {index + 1})", f"Step {index + 1} of {total}")
    assert seen == {k.value for k in QuestionKind} | {"module"}

    participants.set_progress(engine, pid, total, finished=True)
    page.reload()
    check(page, "end (with results)", "Thank you")
    assert rule_violations(page, "heading-order") == []
    page.get_by_role("button", name="Withdraw and delete my answers").click()
    check(page, "withdraw confirmation", "Withdraw from this session?")
    page.get_by_role("button", name="Yes, delete my answers").click()
    check(page, "withdrawn", "Your answers are deleted")


def test_waiting_and_closed_screens(stack, phone) -> None:
    srv, engine, library = stack
    snapshot = library.snapshot("first-look")
    session = sessions.create_session(
        engine, snapshot, open_now=True, settings=SessionSettings(pacing=Pacing.facilitator)
    )
    page = phone
    join_and_consent(page, srv, session.code)
    page.get_by_text("Very important", exact=True).click()
    page.get_by_role("button", name="Next", exact=True).click()
    check(page, "waiting", "Waiting for the facilitator")
    sessions.close_session(engine, session.id)
    page.reload()
    check(page, "closed", "This session has closed")


def test_modules_page(stack, phone) -> None:
    srv, _, _ = stack
    page = phone
    page.goto(f"{srv.url}/modules?module=what-is-aftercare")
    check(page, "modules", "Read them in any order")
    assert rule_violations(page, "heading-order") == []


def test_the_harness_reports_a_serious_violation(browser) -> None:  # noqa: F811
    """The check can fail: an image without alt text is critical (image-alt)."""
    require_axe()
    page = browser.new_page()
    try:
        page.set_content(
            "<!doctype html><html lang='en'><head><title>t</title></head>"
            "<body><main><h1>Test</h1><img src='data:,'></main></body></html>"
        )
        found = serious_violations(page, allowlist=[])
        assert [v.rule for v in found] == ["image-alt"]
        assert serious_violations(page, [Allowed("image-alt", re.compile("img"), "test")]) == []
    finally:
        page.close()
