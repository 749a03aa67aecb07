"""A participant on a phone, against a real `streamlit run`: join, answer, resume, withdraw.

Run alone with `pytest tests/test_browser_participant.py`; screenshots of every
screen go to the test's temporary folder, and with WORKSHOP_SCREENSHOTS=<dir>
to that folder as well (docs/screenshots/ holds the ones README.md and docs/ show).
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from playwright.sync_api import expect

from tests.support import server as app_server
from tests.support.browser import PHONE, ScriptRuns, agree_and_start, browser  # noqa: F401
from tests.support.browser import shoot as save_screenshot
from workshop import participant_view, participants, sessions
from workshop.loading import load_content
from workshop.sessions import Pacing, SessionSettings, WorkshopSession

pytestmark = pytest.mark.browser

ROOT = Path(__file__).resolve().parent.parent
EXIT_PATH = "/_stcore/health"  # any neutral local page will do for the test
TIMEOUT = 20_000


@pytest.fixture(scope="module")
def stack(tmp_path_factory):
    """One app server and database for the module; each test makes its own session."""
    folder = tmp_path_factory.mktemp("participant-browser")
    snapshot = load_content(ROOT / "content").snapshot("first-look")
    port = app_server.free_port()
    exit_url = f"http://127.0.0.1:{port}{EXIT_PATH}"
    env = {"WORKSHOP_QUICK_EXIT_URL": exit_url}
    with app_server.running_on_new_database(folder, port=port, env=env) as (srv, engine):
        yield srv, engine, snapshot, folder, exit_url


@pytest.fixture
def phone(browser):  # noqa: F811
    context = browser.new_context(viewport=PHONE, is_mobile=True, has_touch=True)
    page = context.new_page()
    yield page
    context.close()


def shoot(page, folder: Path, name: str) -> None:
    save_screenshot(page, folder, f"participant-{name}")


def settle(page) -> None:
    app_server.wait_for_app(page, timeout=TIMEOUT)


def at_step(page, number: int) -> None:
    page.get_by_text(f"Step {number} of 11", exact=True).wait_for(timeout=TIMEOUT)
    settle(page)


def heading_focused(page) -> None:
    """After Next, the page's script moves focus to the new step's heading a moment
    after drawing it: typing before then would lose the field's focus to the heading."""
    page.wait_for_function(
        "['H1', 'H2', 'H3'].includes(document.activeElement.tagName)", timeout=TIMEOUT
    )


def tap(page, name: str) -> None:
    page.get_by_role("button", name=name, exact=True).click()


def no_sideways_scroll(page) -> None:
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]


def consent(page) -> str:
    agree_and_start(page)
    at_step(page, 1)
    match = re.search(r"[?&]p=([0-9a-f]{32})", page.url)
    assert match, page.url
    return match.group(1)


def join(stack, page, **options) -> tuple[WorkshopSession, str]:
    """A new open session whose link the phone opens, agrees to and starts: (session, id)."""
    srv, engine, snapshot, _, _ = stack
    session = sessions.create_session(engine, snapshot, open_now=True, **options)
    page.goto(f"{srv.url}/?code={session.code}")
    settle(page)
    return session, consent(page)


def test_join_answer_every_kind_resume_and_withdraw(stack, phone) -> None:
    srv, engine, snapshot, folder, _ = stack
    session = sessions.create_session(engine, snapshot, open_now=True, title="Evening group")
    page = phone
    page.goto(f"{srv.url}/?code={session.code}")  # what the QR code holds
    settle(page)
    page.get_by_text("never your name, e-mail, IP address").wait_for()
    shoot(page, folder, "consent")
    no_sideways_scroll(page)
    pid = consent(page)

    # likert
    page.get_by_text("Very important", exact=True).click()
    shoot(page, folder, "question")
    tap(page, "Next")
    at_step(page, 2)
    # multiple: a fourth tick is refused in place, nothing lost
    for label in ("Talking about how it was", "Quiet time together", "Kind words and reassurance"):
        page.get_by_text(label, exact=True).click()
    page.get_by_text("Cuddling or holding each other", exact=True).click()
    tap(page, "Next")
    page.get_by_text("Please choose at most 3.").wait_for(timeout=TIMEOUT)
    page.get_by_text("Cuddling or holding each other", exact=True).click()
    tap(page, "Next")
    at_step(page, 3)
    # module
    page.get_by_text("About 3 minutes to read").wait_for()
    shoot(page, folder, "module")
    no_sideways_scroll(page)
    tap(page, "Next")
    at_step(page, 4)
    # number, with its unit
    number = page.get_by_label(re.compile(r"how many minutes.*\(minutes\)"))
    number.fill("20")
    number.press("Tab")
    tap(page, "Next")
    at_step(page, 5)

    # reload mid-way: same step, earlier answers intact
    page.reload()
    at_step(page, 5)
    tap(page, "Back")
    at_step(page, 4)
    # a saved answer is hidden until asked for (issue 16 finding 9)
    expect(page.get_by_text("You answered this question.")).to_be_visible()
    expect(page.get_by_label(re.compile(r"how many minutes"))).to_have_count(0)
    tap(page, "Show my answer")
    expect(page.get_by_label(re.compile(r"how many minutes"))).to_have_value("20")
    tap(page, "Next")
    at_step(page, 5)

    # slider: a scale of numbered pills (a radio group), nothing chosen until tapped
    scale = page.get_by_role("radio", name="7", exact=True)
    expect(scale).to_have_attribute("aria-checked", "false")
    scale.click()
    expect(scale).to_have_attribute("aria-checked", "true")
    tap(page, "Next")
    at_step(page, 6)
    tap(page, "Next")  # second module
    at_step(page, 7)
    # single choice, on a sensitive item: prefer not to answer
    tap(page, "Prefer not to answer")
    at_step(page, 8)
    # ranking: tap in order of preference; the one left goes last
    for place, label in (("1st", "Quiet time"), ("2nd", "Physical closeness"), ("3rd", "Talking")):
        tap(page, label)
        page.get_by_role("button", name=f"{place}: {label}").wait_for(timeout=TIMEOUT)
    page.get_by_role("button", name="4th: Practical comfort").wait_for(timeout=TIMEOUT)
    settle(page)
    shoot(page, folder, "ranking")
    tap(page, "Next")
    at_step(page, 9)
    # free text: emoji, right-to-left and markup stay plain text; the limit is visible
    typed = "Tea 🍵 then שלום <b>*quiet*</b>"
    heading_focused(page)
    box = page.get_by_label("In a few words, what does good aftercare look like for you?")
    box.fill(typed)
    page.get_by_text(re.compile(r"^\d+/200$")).wait_for()  # live count while typing
    box.press("Tab")
    tap(page, "Next")
    at_step(page, 10)
    tap(page, "Next")
    at_step(page, 11)
    tap(page, "Finish")
    page.get_by_text("Thank you", exact=True).wait_for(timeout=TIMEOUT)
    settle(page)
    shoot(page, folder, "end")

    saved = participant_view.answers_for(engine, pid)
    assert {k: (a.value, a.declined) for k, a in saved.items()} == {
        "importance_pre": ("4", False),
        "practices": (["talk", "reassure", "quiet"], False),
        "minutes_affection": (20, False),
        "comfort_talking": (7, False),
        "low_mood_ever": (None, True),
        "practice_ranking": (["quiet", "touch", "talk", "comfort"], False),
        "one_word": (typed, False),
    }
    assert participants.get_participant(engine, pid).finished

    # withdraw from the end screen, with a confirmation
    tap(page, "Withdraw and delete my answers")
    page.get_by_text("Withdraw from this session?").wait_for(timeout=TIMEOUT)
    settle(page)
    shoot(page, folder, "withdraw")
    tap(page, "Yes, delete my answers")
    page.get_by_text("Your answers are deleted").wait_for(timeout=TIMEOUT)
    assert "p=" not in page.url
    assert participant_view.answers_for(engine, pid) == {}
    assert sessions.participant_count(engine, session.id) == 0


def test_paced_room_waits_and_moves_on_by_itself(stack, phone) -> None:
    _, engine, _, folder, _ = stack
    page = phone
    session, _ = join(stack, page, settings=SessionSettings(pacing=Pacing.facilitator))
    tap(page, "Next")
    page.get_by_text("Waiting for the facilitator").wait_for(timeout=TIMEOUT)
    settle(page)
    shoot(page, folder, "waiting")
    sessions.set_current_step(engine, session.id, 1)  # the facilitator moves on
    at_step(page, 2)  # no reload: the waiting screen's timer noticed
    page.get_by_text("Which of these feel like aftercare to you?").wait_for()


def test_closed_session_mid_survey(stack, phone) -> None:
    _, engine, _, folder, _ = stack
    page = phone
    session, pid = join(stack, page)
    page.get_by_text("Slightly important", exact=True).click()
    tap(page, "Next")
    at_step(page, 2)
    sessions.close_session(engine, session.id)
    page.get_by_text("Quiet time together", exact=True).click()
    tap(page, "Next")
    page.get_by_text("saved answers are kept").wait_for(timeout=TIMEOUT)
    settle(page)
    shoot(page, folder, "closed")
    assert set(participant_view.answers_for(engine, pid)) == {"importance_pre"}


def test_double_tap_moves_one_step(stack, phone) -> None:
    engine = stack[1]
    page = phone
    runs = ScriptRuns(page)
    _, pid = join(stack, page)
    page.get_by_text("Moderately important", exact=True).click()
    page.get_by_role("button", name="Next", exact=True).dblclick()
    at_step(page, 2)
    runs.wait_answered()  # a second tap's run, if one was sent, is over too
    assert page.get_by_text("Step 2 of 11", exact=True).is_visible()
    assert participants.get_participant(engine, pid).step == 1
    assert participant_view.answers_for(engine, pid)["importance_pre"].value == "3"


def test_bad_links_and_long_text(stack, phone) -> None:
    srv, engine, snapshot, folder, _ = stack
    session = sessions.create_session(engine, snapshot, open_now=True)
    page = phone
    page.goto(f"{srv.url}/?code=<b>OOPS</b>&p=../../etc")
    settle(page)
    page.get_by_text("Join codes have 6 characters; you entered 11.").wait_for(timeout=TIMEOUT)
    expect(page.get_by_label("Session code")).to_have_value("<b>OOPS</b>")  # ready to fix
    shoot(page, folder, "join-error")
    field = page.get_by_label("Session code")
    field.fill(session.code.lower())
    field.press("Enter")  # a phone keyboard's Go key
    page.get_by_text("I am 18 or older.").wait_for(timeout=TIMEOUT)
    page.goto(f"{srv.url}/?code={session.code}&p={'ab' * 16}")
    settle(page)
    page.get_by_text("could not find your answers").wait_for(timeout=TIMEOUT)
    tap(page, "Join again")
    page.get_by_text("I am 18 or older.").wait_for(timeout=TIMEOUT)
    settle(page)
    pid = consent(page)
    participants.set_progress(engine, pid, 8)
    page.reload()
    at_step(page, 9)
    box = page.get_by_label("In a few words, what does good aftercare look like for you?")
    long_text = "مرحبا " * 42  # right to left, past the limit
    box.click()
    box.press_sequentially(long_text)
    box.press("Tab")
    expect(box).to_have_value(long_text[:200])  # the box stops at the limit
    tap(page, "Next")
    at_step(page, 10)
    assert participant_view.answers_for(engine, pid)["one_word"].value == long_text[:200].strip()
    no_sideways_scroll(page)


def test_quick_exit_leaves_in_the_same_tab(stack, phone) -> None:
    srv, _, _, _, exit_url = stack
    page = phone
    join(stack, page)
    before = len(phone.context.pages)
    page.get_by_role("button", name=re.compile("Quick exit")).click()
    page.wait_for_url(exit_url, timeout=TIMEOUT)
    assert len(phone.context.pages) == before  # same tab, no pop-up
    # replaced, not pushed: Back does not return to the survey or its welcome page
    page.go_back()
    assert srv.url not in page.url


def test_each_tap_costs_one_script_run(stack, phone) -> None:
    """The hot path: choosing inside a form sends nothing; Next is one rerun that draws the next step."""
    engine = stack[1]
    page = phone
    runs = ScriptRuns(page)
    _, pid = join(stack, page)
    for number, label in ((1, "Very important"), (2, "Quiet time together")):
        heading_focused(page)  # the last thing a step does once drawn
        runs.wait_answered()
        runs.clear()
        page.get_by_text(label, exact=True).click()
        tap(page, "Next")
        at_step(page, number + 1)
        heading_focused(page)  # drawn to the end: a run it caused would have been asked for
        runs.wait_answered(since=0)
        assert (runs.reruns, runs.finished) == (1, 1)
    assert set(participant_view.answers_for(engine, pid)) == {"importance_pre", "practices"}
