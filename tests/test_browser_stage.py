"""The stage, measured: every step of the 60-minute workshop on the projector and on Present.

The audience screen is walked at 1280x720 and 1920x1080, and each kind of
screen is also measured once at 1366x768 and 3840x2160: it must fit the
viewport (a projector cannot scroll), keep text at 24 px per 1080 px of height
or more, draw chart marks with visible thickness, and show no staff wording.
A question from the room takes the whole screen over the step; a closed session
shows the thank-you screen; a word cloud fills its area, centred.
Present is walked at 1366x768: nothing beyond the right edge, the preview of the
audience screen showing the step, 16:9, on screen and clear of the notes column, no
hairline charts, and Tab never enters the preview. axe runs on each kind of screen.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from tests.support import server as app_server
from tests.support.axe import assert_no_serious_violations, require_axe
from tests.support.browser import browser as _session_browser
from tests.support.browser import log_in, open_staff_page, stage_preview
from tests.support.layout import measure, problems
from ui.staff.audience import audience_path
from ui.staff.preview import TITLE as PREVIEW_TITLE
from workshop import (
    db,
    demo,
    migrate,
    participants,
    presenter,
    question_box,
    session_settings,
    sessions,
    staff_tokens,
)
from workshop.content import ModuleStep, Question
from workshop.question_box import Status

pytestmark = pytest.mark.browser
PASSPHRASE = "stage passphrase for tests"
SURVEY = "aftercare-workshop-60"
SMALL, LARGE = {"width": 1280, "height": 720}, {"width": 1920, "height": 1080}
LAPTOP = {"width": 1366, "height": 768}
UHD = {"width": 3840, "height": 2160}
WALK = (SMALL, LARGE)  # every step
EVERY = (SMALL, LAPTOP, UHD, LARGE)  # the first screen of each kind (ends at 1080p)
FOLLOW_MS = 20_000  # the audience polls every second: a wait, never a speed limit
SHOTS = Path(__file__).resolve().parents[1] / "docs" / "screenshots"
# Words that belong to the staff pages and must never reach the projector.
STAFF_WORDS = (
    "Moderate page",
    "Reveal results",
    "Results are hidden",
    "Approve",
    "Scan to join",
    "Talking points",
    "Objectives",
    "Notes",
)

browser = pytest.fixture(scope="module")(_session_browser.__wrapped__)


def _shot(page, name: str, tmp_path: Path) -> None:
    """Screenshots go to docs/screenshots when WORKSHOP_SCREENSHOTS=1, else to tmp."""
    folder = SHOTS if os.environ.get("WORKSHOP_SCREENSHOTS") == "1" else tmp_path
    page.screenshot(path=str(folder / name))


def _min_text(viewport: dict[str, int]) -> float:
    return 24 * viewport["height"] / 1080  # 24 px at 1080p, scaled with the screen


def _staff_text(snapshot) -> list[str]:
    texts = list(STAFF_WORDS)
    for step in snapshot.survey.steps:
        if step.notes:
            texts.append(step.notes)
    for module in snapshot.modules.values():
        if module.facilitator is not None:
            texts += [*module.facilitator.objectives, *module.facilitator.talking_points]
    return texts


def _fits(page, viewport: dict[str, int], where: str, staff: list[str]) -> None:
    page.set_viewport_size(viewport)
    page.wait_for_timeout(700)  # the chart redraws for the new width and height
    found = problems(measure(page), min_text=_min_text(viewport))
    shown = page.locator("[data-testid=stMain]").inner_text()
    found += [f"staff text: {text[:60]}" for text in staff if text in shown]
    assert not found, f"{where} at {viewport['width']}x{viewport['height']}:\n" + "\n".join(found)


def _wait_for(page, text: str) -> None:
    page.get_by_text(text, exact=False).first.wait_for(timeout=FOLLOW_MS)


def _chart_drawn(page) -> None:
    page.locator("[data-testid=stVegaLiteChart] svg .mark-rect path").first.wait_for(
        state="attached", timeout=FOLLOW_MS
    )


@pytest.fixture(scope="module")
def room(tmp_path_factory, library):
    folder = tmp_path_factory.mktemp("stage")
    url = f"sqlite:///{folder / 'stage.db'}"
    migrate.upgrade(url)
    engine = db.get_engine(url)
    snapshot = library.snapshot(SURVEY)
    session = demo.fill(engine, snapshot, participants=30).session
    env = {"WORKSHOP_FACILITATOR_PASSPHRASE": PASSPHRASE}
    with app_server.running(url, folder, env=env) as srv:
        yield srv, engine, session, snapshot


def test_audience_screen_fits_every_step(browser, room, tmp_path) -> None:
    require_axe()
    srv, engine, session, snapshot = room
    steps = snapshot.survey.steps
    staff = _staff_text(snapshot)
    page = browser.new_context(viewport=SMALL).new_page()
    # A staff window (a one-time login link) on the audience screen; the audience-only
    # role is tested in test_browser_present.py.
    login = staff_tokens.create_login_link(engine)
    page.goto(f"{srv.url}/{audience_path(session.code)}&login={login}")
    app_server.wait_for_app(page)

    presenter.set_join_screen(engine, session, True)
    _wait_for(page, session.code)
    page.get_by_role("img").first.wait_for(timeout=FOLLOW_MS)
    for size in EVERY:
        _fits(page, size, "the join screen", staff)
    assert_no_serious_violations(page, "audience join")
    _shot(page, "audience-join.png", tmp_path)

    checked_axe: set[str] = set()
    for index, step in enumerate(steps):
        fresh = sessions.get_session(engine, session.id)
        if isinstance(step, ModuleStep):
            presenter.move(engine, fresh, index, len(steps))
            _wait_for(page, snapshot.modules[step.module].title)
            for size in WALK if "module" in checked_axe else EVERY:
                _fits(page, size, f"module {step.module}", staff)
            if "module" not in checked_axe:
                checked_axe.add("module")
                assert_no_serious_violations(page, "audience module")
                _shot(page, "audience-module.png", tmp_path)
            continue
        assert isinstance(step, Question)
        session_settings.set_revealed(engine, session.id, step.id, False)
        presenter.move(engine, fresh, index, len(steps))
        page.set_viewport_size(SMALL)
        _wait_for(page, step.text)
        _wait_for(page, "Answer on your phone")
        _fits(page, SMALL, f"{step.id} (answering)", staff)
        if "answering" not in checked_axe:
            checked_axe.add("answering")
            assert_no_serious_violations(page, "audience answering")
            for size in EVERY[1:]:
                _fits(page, size, f"{step.id} (answering)", staff)
            _shot(page, "audience-answering.png", tmp_path)
        session_settings.set_revealed(engine, session.id, step.id, True)
        page.get_by_text("Answer on your phone").wait_for(state="detached", timeout=FOLLOW_MS)
        _chart_drawn(page)
        for size in WALK if step.kind.value in checked_axe else EVERY:
            _fits(page, size, f"{step.id} (revealed {step.kind.value})", staff)
        if step.kind.value not in checked_axe:
            checked_axe.add(step.kind.value)
            assert_no_serious_violations(page, f"audience {step.kind.value} chart")
            _shot(page, f"audience-{step.kind.value}.png", tmp_path)

    # The discussion prompt and a question from the box, full screen.
    last = sessions.get_session(engine, session.id)
    presenter.set_discussion(engine, last, presenter.current_step(last, len(steps)))
    _wait_for(page, "Talk about it")
    for size in EVERY:
        _fits(page, size, "the discussion prompt", staff)
    assert_no_serious_violations(page, "audience discussion")
    _shot(page, "audience-discussion.png", tmp_path)
    # Back to the last step's chart: a question from the box takes the screen over it.
    shown_step = steps[presenter.current_step(last, len(steps))]
    assert isinstance(shown_step, Question)
    presenter.set_discussion(engine, sessions.get_session(engine, session.id), None)
    page.get_by_text("Talk about it").wait_for(state="detached", timeout=FOLLOW_MS)
    _chart_drawn(page)
    _, person = participants.join(engine, session.code, consented=True)
    asked = question_box.ask(engine, person.id, "Is it fine to ask for space instead of a hug?")
    [pending] = question_box.queue(engine, session.id, Status.pending)
    question_box.set_status(engine, session.id, asked, Status.approved, version=pending.version)
    question_box.set_status(engine, session.id, asked, Status.answering)
    _wait_for(page, "A question from the room")
    page.locator("[data-testid=stVegaLiteChart]").first.wait_for(
        state="detached", timeout=FOLLOW_MS
    )
    assert shown_step.text not in page.locator("[data-testid=stMain]").inner_text()
    for size in EVERY:
        _fits(page, size, "a question from the room", staff)
    assert_no_serious_violations(page, "audience question from the room")
    _shot(page, "audience-question-from-the-room.png", tmp_path)
    question_box.set_status(engine, session.id, asked, Status.answered)
    _chart_drawn(page)  # the step again

    # The end: a closed session thanks the room, with no join code or question left on it.
    sessions.close_session(engine, session.id)
    try:
        _wait_for(page, "Thank you for taking part")
        for size in EVERY:
            _fits(page, size, "the thank-you screen", staff)
        shown = page.locator("[data-testid=stMain]").inner_text()
        assert session.code not in shown and shown_step.text not in shown
        assert_no_serious_violations(page, "audience thank-you")
        _shot(page, "audience-thank-you.png", tmp_path)
    finally:
        sessions.open_session(engine, session.id)


def test_present_fits_every_step(browser, room, tmp_path) -> None:
    require_axe()
    srv, engine, session, snapshot = room
    steps = snapshot.survey.steps
    page = browser.new_context(viewport=LAPTOP).new_page()
    log_in(page, srv.url, PASSPHRASE)
    open_staff_page(page, "Present")
    app_server.wait_for_app(page)
    # A laptop keeps the staff sidebar open from page to page (it used to collapse itself).
    page.locator("[data-testid=stSidebarNav]").wait_for(state="visible", timeout=FOLLOW_MS)
    preview = stage_preview(page)
    checked_axe: set[str] = set()
    for index, step in enumerate(steps):
        if isinstance(step, Question):
            session_settings.set_revealed(engine, session.id, step.id, True)
        presenter.move(engine, sessions.get_session(engine, session.id), index, len(steps))
        page.get_by_text(f"Step {index + 1} of {len(steps)}", exact=True).wait_for(timeout=15_000)
        app_server.wait_for_app(page)
        # The preview is the audience screen itself, at the step the room sees.
        shown = step.text if isinstance(step, Question) else snapshot.modules[step.module].title
        preview.get_by_text(shown, exact=False).first.wait_for(timeout=FOLLOW_MS)
        if isinstance(step, Question):
            _chart_drawn(preview)
        page.wait_for_timeout(500)
        # A laptop page may scroll; nothing may stick out to the right, and no hairlines.
        found = problems(measure(page), min_text=12, scroll=True)
        main, side = (
            page.locator("[data-testid=stHorizontalBlock]")
            .filter(has=page.locator(".st-key-present_meta"))
            .locator(":scope > [data-testid=stColumn]")
            .all()[:2]
        )
        found += _preview_problems(page, main, side)
        found += [f"a control's label is cut: {label}" for label in _cut_labels(page)]
        chart_right = max(
            [b["x"] + b["width"] for b in _boxes(main, "[data-testid=stVegaLiteChart]")],
            default=0,
        )
        if chart_right > side.bounding_box()["x"]:
            found.append(f"the chart reaches {chart_right:.0f} px, into the notes column")
        assert not found, f"Present at step {index + 1} ({step}):\n" + "\n".join(found)
        kind = "module" if isinstance(step, ModuleStep) else step.kind.value
        if kind not in checked_axe:
            checked_axe.add(kind)
            assert_no_serious_violations(page, f"Present {kind}")
            if kind == "likert":
                _shot(page, "presenter-laptop.png", tmp_path)
                page.set_viewport_size(LARGE)
                page.wait_for_timeout(700)
                assert not _preview_problems(page, main, side)
                _shot(page, "presenter-1920.png", tmp_path)
                page.set_viewport_size(LAPTOP)
    _keys_never_enter_the_preview(page)
    # Back from another page: a new frame, with a link of its own (the first one is spent).
    open_staff_page(page, "Moderate")
    open_staff_page(page, "Present")
    preview.get_by_text(shown, exact=False).first.wait_for(timeout=FOLLOW_MS)
    # A reload keeps the staff role: the frame shares the tab's sessionStorage, and keeps
    # its own token in a slot of its own (ui/staff/tab.py), never over the tab's.
    page.reload()
    page.get_by_text(f"Step {len(steps)} of {len(steps)}", exact=True).wait_for(timeout=20_000)
    preview.get_by_text(shown, exact=False).first.wait_for(timeout=FOLLOW_MS)


def _preview_problems(page, main, side) -> list[str]:
    """The preview: inside the chart column, clear of the notes, 16:9, on screen."""
    frame = main.locator(f"iframe[title='{PREVIEW_TITLE}']")
    if frame.count() != 1:
        return [f"{frame.count()} previews in the chart column"]
    box, notes_left = frame.bounding_box(), side.bounding_box()["x"]
    found = []
    if box is None or box["width"] < 400:
        return [f"the preview is missing or tiny: {box}"]
    if box["x"] + box["width"] > notes_left:
        found.append(f"the preview reaches {box['x'] + box['width']:.0f} px, into the notes")
    if abs(box["width"] / box["height"] - 16 / 9) > 0.02:
        found.append(f"the preview is {box['width']:.0f}x{box['height']:.0f}, not 16:9")
    if box["y"] + box["height"] > page.viewport_size["height"]:
        found.append(f"the preview ends at {box['y'] + box['height']:.0f} px, below the screen")
    return found


def _cut_labels(page) -> list[str]:
    """Present's control buttons whose label does not fit (drawn with an ellipsis)."""
    return list(
        page.locator(".st-key-present_controls button").evaluate_all(
            "bs => bs.filter(b => [...b.querySelectorAll('*')]"
            ".some(e => e.scrollWidth > e.clientWidth + 1)).map(b => b.innerText)"
        )
    )


def _keys_never_enter_the_preview(page) -> None:
    """Tab walks Present's controls and never lands in the frame, where the shortcuts stop."""
    [framed] = [f for f in page.frames if "/audience" in f.url]
    assert page.evaluate("document.hasFocus()")  # else the frame's answer would mean nothing
    for _ in range(60):
        page.keyboard.press("Tab")
        assert not framed.evaluate("document.hasFocus()"), "focus went into the preview"


def _boxes(column, selector: str) -> list[dict[str, float]]:
    return [box for box in (e.bounding_box() for e in column.locator(selector).all()) if box]


_CLOUD_BOXES = """
() => {
  const area = document.querySelector('.st-key-stage_chart').getBoundingClientRect();
  const svg = document.querySelector('.st-key-stage_cloud [data-testid=stVegaLiteChart] svg');
  const words = [...svg.querySelectorAll('.mark-text text')].map(t => t.getBoundingClientRect());
  const s = svg.getBoundingClientRect(), view = svg.viewBox.baseVal;
  return {area: [area.left, area.width], svg: [s.width, s.height], view: [view.width, view.height],
          words: [Math.min(...words.map(w => w.left)), Math.max(...words.map(w => w.right))]};
}
"""


def test_word_cloud_and_texts_fill_the_audience_screen(browser, room, library, tmp_path) -> None:
    """A words question's cloud fills its area, centred; a text question's list fits; the
    join strip fits under both. At all four projector sizes."""
    srv, engine, _, _ = room
    snapshot = library.snapshot("aftercare-workshop")  # the 120-minute one has words and texts
    session = demo.fill(engine, snapshot, participants=30).session
    steps = snapshot.survey.steps
    presenter.set_join_strip(engine, session, True)
    page = browser.new_context(viewport=SMALL).new_page()
    login = staff_tokens.create_login_link(engine)
    page.goto(f"{srv.url}/{audience_path(session.code)}&login={login}")
    app_server.wait_for_app(page)
    staff = _staff_text(snapshot)
    for question_id in ("need_words", "safe_signals"):
        index = snapshot.survey.step_of(question_id)
        assert index is not None
        step = steps[index]
        assert isinstance(step, Question)
        session_settings.set_revealed(engine, session.id, question_id, True)
        presenter.move(engine, sessions.get_session(engine, session.id), index, len(steps))
        _wait_for(page, step.text)
        _wait_for(page, f"code {session.code}")  # the join strip
        if question_id == "need_words":
            page.locator(".st-key-stage_cloud svg .mark-text text").first.wait_for(
                timeout=FOLLOW_MS
            )
        for size in EVERY:
            _fits(page, size, f"{question_id} ({step.kind.value})", staff)
            if question_id != "need_words":
                continue
            box = page.evaluate(_CLOUD_BOXES)
            (left, width), (svg_w, svg_h), (view_w, view_h) = box["area"], box["svg"], box["view"]
            # The cloud's canvas spans its area (scaled to fit, not cut, not a fixed 1400 px).
            assert svg_w >= 0.95 * width, f"cloud {svg_w:.0f} px wide in a {width:.0f} px area"
            drawn = min(svg_w / view_w, svg_h / view_h)
            assert drawn * view_w >= 0.95 * svg_w or drawn * view_h >= 0.95 * svg_h
            middle = (box["words"][0] + box["words"][1]) / 2
            off = abs(middle - (left + width / 2)) / width
            assert off < 0.03, f"the words sit {off:.0%} off the middle at {size}"
        if question_id == "need_words":
            assert_no_serious_violations(page, "audience word cloud")
            _shot(page, "audience-wordcloud.png", tmp_path)
