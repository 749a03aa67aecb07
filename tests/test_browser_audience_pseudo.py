"""The audience screen in the pseudo-locale (en-XA) on a 1280x720 projector (issue 28).

Every word of the app's own on the projector (the join screen, the live counter,
the charts' axis titles and notes, the discussion prompt, a question from the
room, the thank-you screen) comes out about 40% longer with accented letters, as a
long translation would. A projector cannot scroll: nothing may overflow or shrink
below the stage's text size.
"""

from __future__ import annotations

import pytest

from tests.support import server as app_server
from tests.support.browser import browser as _session_browser
from tests.test_browser_stage import SMALL, _chart_drawn, _fits, _staff_text, _wait_for
from ui.staff.audience import audience_path
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
browser = pytest.fixture(scope="module")(_session_browser.__wrapped__)


# Chart text (bar figures, axis titles, legends) that runs past the chart's own box: the
# page's layout is fine, but the words are cut where the chart ends.
_CUT_CHART_TEXT = """
() => [...document.querySelectorAll('[data-testid=stVegaLiteChart] svg')].flatMap(svg => {
  const box = svg.getBoundingClientRect();
  return [...svg.querySelectorAll('text')].filter(t => t.textContent.trim()).filter(t => {
    const r = t.getBoundingClientRect();
    return r.width && (r.left < box.left - 1 || r.right > box.right + 1);
  }).map(t => t.textContent.trim().slice(0, 50));
})
"""


def test_the_audience_screen_fits_a_projector_in_the_pseudo_locale(
    browser, tmp_path, library
) -> None:
    url = f"sqlite:///{tmp_path / 'pseudo.db'}"
    migrate.upgrade(url)
    engine = db.get_engine(url)
    snapshot = library.snapshot("first-look")
    session = demo.fill(engine, snapshot, participants=20).session
    session_settings.change_settings(
        engine, session.id, lambda _: {"presentation_language": "en-XA"}
    )
    staff = _staff_text(snapshot)
    env = {"WORKSHOP_LANGUAGES": "en,en-XA"}
    with app_server.running(url, tmp_path, env=env) as srv:
        page = browser.new_context(viewport=SMALL).new_page()
        login = staff_tokens.create_login_link(engine)
        page.goto(f"{srv.url}/{audience_path(session.code)}&login={login}")
        app_server.wait_for_app(page)
        _wait_for(page, "⟦Jöîñ öñ ýöûr phöñé")
        _fits(page, SMALL, "the join screen", staff)
        # The room's language, not the staff member's: a screen reader's voice follows it.
        page.wait_for_function("document.documentElement.lang === 'en-XA'", timeout=15_000)

        presenter.set_join_screen(engine, sessions.get_session(engine, session.id), False)
        steps = snapshot.survey.steps
        for index, step in enumerate(steps):
            fresh = sessions.get_session(engine, session.id)
            if isinstance(step, ModuleStep):
                presenter.move(engine, fresh, index, len(steps))
                _wait_for(page, "⟦Réàd öñ ýöûr phöñé")
                _fits(page, SMALL, f"module {step.module}", staff)
                continue
            assert isinstance(step, Question)
            session_settings.set_revealed(engine, session.id, step.id, False)
            presenter.move(engine, fresh, index, len(steps))
            _wait_for(page, step.text)
            _wait_for(page, "⟦Àñšwér öñ ýöûr phöñé")
            _fits(page, SMALL, f"{step.id} (answering)", staff)
            session_settings.set_revealed(engine, session.id, step.id, True)
            page.get_by_text("⟦Àñšwér öñ ýöûr phöñé").wait_for(state="detached", timeout=20_000)
            if step.kind.value not in ("text", "words"):
                _chart_drawn(page)
            _fits(page, SMALL, f"{step.id} (revealed {step.kind.value})", staff)
            page.screenshot(path=str(tmp_path / f"pseudo-{step.kind.value}.png"))
            cut = page.evaluate(_CUT_CHART_TEXT)
            assert not cut, f"{step.id}: chart text cut at the chart's edge: {cut}"

        last = sessions.get_session(engine, session.id)
        presenter.set_discussion(engine, last, presenter.current_step(last, len(steps)))
        _wait_for(page, "⟦Tàlk àböût ît")
        _fits(page, SMALL, "the discussion prompt", staff)
        _, person = participants.join(engine, session.code, consented=True)
        asked = question_box.ask(engine, person.id, "Is it fine to ask for space instead?")
        [pending] = question_box.queue(engine, session.id, Status.pending)
        question_box.set_status(engine, session.id, asked, Status.approved, version=pending.version)
        question_box.set_status(engine, session.id, asked, Status.answering)
        _wait_for(page, "⟦À qûéštîöñ fröm thé rööm")
        _fits(page, SMALL, "a question from the room", staff)
        question_box.set_status(engine, session.id, asked, Status.answered)
        sessions.close_session(engine, session.id)
        _wait_for(page, "⟦Thàñk ýöû för tàkîñg pàrt")
        _fits(page, SMALL, "the thank-you screen", staff)
