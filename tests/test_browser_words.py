"""A words question in a real browser: typed on a small phone, drawn as a cloud on a projector.

Screenshots go to tmp_path, or to $WORKSHOP_SCREENSHOTS when set (the documentation's
docs/screenshots/ were made that way).
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from tests.support import server as app_server
from tests.support.browser import PROJECTOR, agree_and_start, log_in, open_page, stage_preview
from tests.support.browser import browser as _session_browser
from workshop import aggregates, db, migrate, participants, sessions
from workshop.answers import save_answer
from workshop.content import Question, QuestionKind, Survey, SurveySnapshot

pytestmark = pytest.mark.browser
PASSPHRASE = "projector passphrase for tests"
SMALL_PHONE = {"width": 320, "height": 568}
browser = pytest.fixture(scope="module")(_session_browser.__wrapped__)

ANSWERS = [
    ["a hug", "quiet time", "water"],
    ["hugs", "quiet time", "blanket"],
    ["Hug!", "talking", "water"],
    ["cuddles", "quiet time", "a blanket"],
    ["hug", "talking", "tea"],
    ["reassurance", "quiet time", "water"],
    ["hugs", "cuddles", "talking"],
    ["reassurance", "water", "tea"],
    ["cuddles", "blankets", "talking"],
    ["a hug", "reassurance", "tea"],
    ["cuddles", "space", "water"],
    ["reassurance", "blanket", "tea"],
    ["hug", "quiet time", "snacks"],
    ["space", "talking", "tea"],
]


def test_words_on_a_phone_and_as_a_cloud(browser, tmp_path, sqlite_url, library) -> None:
    shots = Path(os.environ.get("WORKSHOP_SCREENSHOTS", tmp_path))
    migrate.upgrade(sqlite_url)
    engine = db.get_engine(sqlite_url)
    question = Question(
        id="need_words",
        kind=QuestionKind.words,
        text="One word for what you need after an intense moment",
    )
    survey = Survey(id="word-demo", version=1, title="After an intense moment", steps=(question,))
    snapshot = SurveySnapshot(
        survey=survey, modules={}, resources=library.snapshot("first-look").resources
    )
    session = sessions.create_session(engine, snapshot, open_now=True)
    for typed in ANSWERS:
        pid = participants.join(engine, session.code, consented=True)[1].id
        save_answer(engine, pid, "need_words", typed)
    env = {"WORKSHOP_FACILITATOR_PASSPHRASE": PASSPHRASE}
    with app_server.running(sqlite_url, tmp_path, env=env) as srv:
        page = open_page(browser, f"{srv.url}/?code={session.code}", SMALL_PHONE)
        agree_and_start(page)
        box = page.get_by_placeholder("One word or short phrase per line")
        box.wait_for(timeout=15_000)
        # The page moves focus to the new step's heading once the screen has settled;
        # typing before that move would land on the heading, not in the box.
        app_server.wait_for_app(page)
        page.wait_for_function(
            "() => /^H[1-3]$/.test(document.activeElement && document.activeElement.tagName)",
            timeout=15_000,
        )
        box.focus()
        page.keyboard.type("Hugs")
        page.keyboard.press("Enter")  # a new line, not a submitted form
        page.keyboard.type("quiet time")
        page.get_by_text("One word for what you need").first.scroll_into_view_if_needed()
        page.screenshot(path=str(shots / "participant-words-phone.png"))
        width = page.evaluate("document.documentElement.scrollWidth")
        assert width <= SMALL_PHONE["width"]  # nothing wider than a small phone
        page.get_by_role("button", name="Finish").click()
        page.get_by_role("heading", name="Thank you").wait_for(timeout=15_000)
        app_server.wait_for_app(page)
        counts = aggregates.item_counts(engine, session.id)["need_words"]
        assert counts.answered == 15, "the phone's answer was not saved"
        page.context.close()

        desk = browser.new_context(viewport=PROJECTOR)
        page = desk.new_page()
        log_in(page, srv.url, PASSPHRASE)
        page.get_by_role("button", name="Present").click()
        page.get_by_text("15 of 15 participants answered").wait_for(timeout=30_000)
        page.get_by_role("button", name="Hide code").click()  # the room saw the code until now
        page.get_by_role("button", name="Reveal results").click()
        room = stage_preview(page)  # the cloud as the room sees it, in Present's preview
        room.locator(
            "[data-testid='stVegaLiteChart'] canvas, [data-testid='stVegaLiteChart'] svg"
        ).first.wait_for(timeout=15_000)
        room.get_by_text("more words were each given by fewer than 5 people").wait_for(
            timeout=15_000
        )
        page.screenshot(path=str(shots / "present-wordcloud.png"))
        desk.close()
