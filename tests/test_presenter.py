"""Presenter view and audience screen (AppTest), the presenter's plan, notes kept from participants."""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta
from urllib.parse import parse_qs, urlsplit

import pytest
from google.protobuf.json_format import MessageToDict
from streamlit.testing.v1 import AppTest

from tests.support.apptest import app
from tests.test_facilitator_app import PASSPHRASE, _button, _log_in
from workshop import demo, participants, presenter, session_settings, sessions
from workshop.content import ModuleStep, Question
from workshop.loading import ContentError, parse_module, parse_survey
from workshop.sessions import Pacing, SessionSettings

AUDIENCE = "app_pages/facilitator_audience.py"
PRESENT = "app_pages/facilitator_present.py"


@pytest.fixture
def app_env(app_env: str, monkeypatch: pytest.MonkeyPatch) -> str:
    monkeypatch.setenv("WORKSHOP_FACILITATOR_PASSPHRASE", PASSPHRASE)
    return app_env


def _shown(at: AppTest) -> str:
    return "\n".join([m.value for m in at.markdown] + [t.value for t in at.text])


def _strings(value: object) -> list[str]:
    if isinstance(value, str):
        return [value]
    if isinstance(value, dict):
        return [s for v in value.values() for s in _strings(v)]
    if isinstance(value, list):
        return [s for v in value for s in _strings(v)]
    return []


def _page_strings(at: AppTest) -> list[str]:
    """Every string in every element the page sent (texts, labels, help, options, markdown)."""
    found: list[str] = []
    stack = [at._tree]
    while stack:
        node = stack.pop()
        proto = getattr(node, "proto", None)
        if proto is not None:
            found += _strings(MessageToDict(proto))
        children = getattr(node, "children", {})
        stack.extend(children.values() if isinstance(children, dict) else children)
    return found


def _complete_all(code: str) -> list[str]:
    """A participant joins, agrees and presses Next on every step; the strings of each screen."""
    at = app(code=code)
    screens = ["\n".join(_page_strings(at))]
    at.checkbox(key="consent_adult").check()
    at.checkbox(key="consent_agree").check()
    at = at.button(key="consent_submit").click().run()
    for _ in range(100):
        assert not at.exception
        screens.append("\n".join(_page_strings(at)))
        forward = [b for b in at.button if (b.key or "").startswith("next_")]
        if not forward:
            return screens
        at = forward[0].click().run()
    raise AssertionError("the participant never reached the end")


def _audience(at: AppTest, code: str) -> AppTest:
    at.query_params["session"] = code
    return at.switch_page(AUDIENCE).run()


# --- notes in the content models ----------------------------------------------


def test_module_facilitator_section_is_validated_with_file_and_line() -> None:
    text = (
        "---\nid: m\ntitle: T\nminutes: 3\nsources: [a]\nfacilitator:\n"
        "  objectives: [one]\n  talking_points: [two]\n"
        "  discussion: [first, second, third]\n  minutes: 5\n---\nBody.\n"
    )
    with pytest.raises(ContentError) as caught:
        parse_module(text, "m.md")
    problem = str(caught.value)
    assert "m.md:9" in problem and "discussion" in problem and "at most 2" in problem


def test_step_notes_are_validated_and_part_of_the_schema() -> None:
    survey, _ = parse_survey(
        "id: s\nversion: 1\ntitle: S\nsteps:\n"
        "  - module: m\n    notes: Say the title.\n"
        "  - id: q\n    kind: text\n    text: Q?\n    notes: Read a few aloud.\n"
    )
    assert isinstance(survey.steps[0], ModuleStep) and survey.steps[0].notes == "Say the title."
    assert isinstance(survey.steps[1], Question) and survey.steps[1].notes == "Read a few aloud."
    with pytest.raises(ContentError, match="s.yaml:7"):
        parse_survey(
            "id: s\nversion: 1\ntitle: S\nsteps:\n"
            "  - id: q\n    kind: text\n    notes: ''\n    text: Q?\n",
            "s.yaml",
        )
    from workshop.content import Module, Survey

    assert "notes" in str(Survey.model_json_schema(by_alias=True))
    assert "talking_points" in str(Module.model_json_schema(by_alias=True))


def test_every_shipped_module_and_survey_carries_notes(library) -> None:
    for module in library.modules.values():
        guide = module.facilitator
        assert guide is not None, module.id
        assert 1 <= len(guide.discussion) <= 2 and guide.minutes >= module.minutes
        for prompt in guide.discussion:  # about people in general, never "your own" experience
            assert " your own" not in prompt.lower() and "have you" not in prompt.lower()
    for survey in library.surveys.values():
        assert sum(1 for q in survey.questions if q.notes) >= min(5, len(survey.questions))


def test_the_participant_snapshot_has_no_notes(library) -> None:
    snapshot = library.snapshot("aftercare-workshop-60")
    assert snapshot.has_notes
    stripped = snapshot.for_participants()
    assert not stripped.has_notes
    payload = stripped.model_dump_json()
    note = next(q.notes for q in snapshot.survey.questions if q.notes)
    assert note and note not in payload
    assert "talking_points" not in payload.replace('"facilitator":null', "")
    assert stripped.survey.questions[0].text == snapshot.survey.questions[0].text


def test_the_plan_uses_module_minutes_and_shares_the_rest(library) -> None:
    snapshot = library.snapshot("aftercare-workshop-60")
    plan = presenter.step_minutes(snapshot)
    assert round(sum(plan)) == snapshot.survey.minutes == 60
    first_module = next(i for i, s in enumerate(snapshot.survey.steps) if isinstance(s, ModuleStep))
    step = snapshot.survey.steps[first_module]
    assert isinstance(step, ModuleStep)
    facilitator = snapshot.modules[step.module].facilitator
    assert facilitator is not None and plan[first_module] == facilitator.minutes


def test_the_clock_reports_behind_the_plan() -> None:
    start = datetime(2026, 1, 1, tzinfo=UTC)
    settings = SessionSettings(started_at=start, step_started_at=start + timedelta(minutes=9))
    session = sessions.WorkshopSession(1, "ABCDEF", "t", "s", 1, sessions.SessionState.open, 1,
                                       settings, start)  # fmt: skip
    now = start + timedelta(minutes=10, seconds=30)
    clock = presenter.clock(session, (2.0, 3.0, 5.0), 1, now=now)
    assert clock.session_seconds == 630 and clock.step_seconds == 90
    assert clock.plan_to_here_minutes == 5 and clock.plan_total_minutes == 10
    assert clock.behind_minutes == 5
    assert presenter.mm_ss(630) == "10:30" and presenter.mm_ss(None) == "not started"
    # Issue 24 point 9: a question's share of the plan is under a minute, never "0 min".
    assert presenter.planned(0.5) == "0:30" and presenter.planned(0.7567) == "0:45"
    assert presenter.planned(60) == "1:00:00"


# --- presenter state in the database ---------------------------------------------


def test_self_paced_presenter_moves_only_the_projector(engine, library) -> None:
    app_engine = engine  # SQLite and PostgreSQL: the settings change runs under a row lock
    session = sessions.create_session(app_engine, library.snapshot("first-look"), open_now=True)
    total = len(library.snapshot("first-look").survey.steps)
    assert presenter.stage(session, total) == presenter.Stage(0, True, False)
    moved = presenter.move(app_engine, session, 2, total)
    assert moved.current_step == 0  # the phones stay where they are
    assert presenter.stage(moved, total) == presenter.Stage(2, False, False)
    assert moved.settings.started_at is not None and moved.settings.step_started_at is not None
    talking = presenter.set_discussion(app_engine, moved, 2)
    assert presenter.stage(talking, total).discussion
    assert not presenter.stage(presenter.move(app_engine, talking, 3, total), total).discussion
    paced = sessions.create_session(
        app_engine,
        library.snapshot("first-look"),
        settings=SessionSettings(pacing=Pacing.facilitator),
        open_now=True,
    )
    assert presenter.move(app_engine, paced, 99, total).current_step == total - 1  # clamped


# --- presenter view ---------------------------------------------------------------


@pytest.mark.slow
def test_presenter_shows_notes_next_step_and_writes_its_state(app_env, app_engine, library) -> None:
    snapshot = library.snapshot("first-look")
    session = sessions.create_session(
        app_engine, snapshot, settings=SessionSettings(pacing=Pacing.facilitator), open_now=True
    )
    at = _log_in(app())
    at.switch_page(PRESENT).run()
    assert not at.exception
    first, second = snapshot.survey.steps[0], snapshot.survey.steps[1]
    assert isinstance(first, Question) and isinstance(second, Question)
    shown = _shown(at)
    assert first.notes and first.notes in shown
    assert f"**Next:** {second.text}" in shown
    assert "Step 1 of" in shown and "0 of 0 participants answered" in shown

    _button(at, "Hide code").click().run()
    assert not sessions.get_session(app_engine, session.id).settings.join_screen
    _button(at, "Discussion").click().run()
    assert sessions.get_session(app_engine, session.id).settings.discussion_step == 0
    _button(at, "End discussion").click().run()
    assert sessions.get_session(app_engine, session.id).settings.discussion_step is None
    _button(at, "Start the clock").click().run()
    assert sessions.get_session(app_engine, session.id).settings.started_at is not None

    # step 3 is a module: its objectives, talking points and discussion prompts
    _button(at, "Next").click().run()
    _button(at, "Next").click().run()
    assert sessions.get_session(app_engine, session.id).current_step == 2
    module_step = snapshot.survey.steps[2]
    assert isinstance(module_step, ModuleStep)
    guide = snapshot.modules[module_step.module].facilitator
    assert guide is not None
    shown = _shown(at)
    assert guide.talking_points[0] in shown and guide.discussion[0] in shown
    assert "Reveal results" not in [b.label for b in at.button]


def test_presenter_makes_a_one_time_audience_link(app_env, app_engine, library) -> None:
    session = sessions.create_session(app_engine, library.snapshot("first-look"), open_now=True)
    at = _log_in(app())
    at.switch_page(PRESENT).run()
    _button(at, "Make an audience link").click().run()
    link = at.get("link_button")[0].proto
    assert link.url.startswith(f"audience?session={session.code}&screen=")
    assert PASSPHRASE not in link.url
    from workshop import staff_tokens

    token = link.url.rsplit("=", 1)[1]
    assert not staff_tokens.redeem_login_link(app_engine, token)  # never a staff login
    # It opens the audience screen once, as the audience role and nothing more.
    screen = app()
    screen.query_params["session"] = session.code
    screen.query_params["screen"] = token
    screen.run()
    assert not screen.exception
    assert session.code in [t.value for t in screen.text]  # the join screen
    assert "screen" not in screen.query_params  # the token leaves the address at once
    assert "_staff_role" not in screen.session_state  # not a staff login
    for staff_page in ("app_pages/export.py", "app_pages/facilitator_sessions.py"):
        with pytest.raises(ValueError, match="facilitator_audience.py'\\]"):
            screen.switch_page(staff_page)  # only the audience screen is registered
    again = app()
    again.query_params["session"] = session.code
    again.query_params["screen"] = token
    again.run()
    assert session.code not in [t.value for t in again.text]  # used once already


def _preview_src(at: AppTest) -> str:
    [frame] = [
        e for e in at.get("bidi_component") if e.proto.component_name == "workshop_stage_preview"
    ]
    return str(json.loads(frame.proto.json)["src"])


@pytest.mark.slow
def test_present_previews_the_room_through_a_one_time_link(app_env, app_engine, library) -> None:
    """Issue 24 point 6: Present shows the audience screen itself, and its frame's address
    opens nothing for anyone else."""
    session = demo.fill(app_engine, library.snapshot("first-look"), participants=12).session
    presenter.set_join_screen(app_engine, session, False)
    question = library.snapshot("first-look").survey.steps[0]
    assert isinstance(question, Question)
    session_settings.set_revealed(app_engine, session.id, question.id, True)
    at = _log_in(app())
    at.switch_page(PRESENT).run()
    assert not at.exception
    src = _preview_src(at)
    assert src.startswith(f"/audience?session={session.code}&screen=")
    assert not at.get("vega_lite_chart")  # no chart of its own: the preview is the room's
    at.run()
    assert _preview_src(at) == src  # a rerun keeps the frame (and its link)

    # The frame: the audience screen at the current step, with the audience role only.
    address = {name: values[0] for name, values in parse_qs(urlsplit(src).query).items()}
    frame = app(**address)
    assert not frame.exception
    assert question.text in _shown(frame) and frame.get("vega_lite_chart")
    assert "_staff_role" not in frame.session_state
    # A participant who copies the address: spent. Without the link: no audience page.
    for copied in (address, {"session": session.code}):
        someone = app(**copied)
        assert question.text not in _shown(someone) and not someone.get("vega_lite_chart")
        with pytest.raises(ValueError, match="Could not find a navigation page"):
            someone.switch_page(AUDIENCE)


# --- audience screen ----------------------------------------------------------------


@pytest.mark.slow
def test_audience_follows_join_step_reveal_and_discussion(app_env, app_engine, library) -> None:
    result = demo.fill(app_engine, library.snapshot("first-look"), participants=12)
    session = result.session
    snapshot = sessions.get_snapshot(app_engine, session.id)
    total = len(snapshot.survey.steps)
    at = _audience(_log_in(app()), session.code)
    assert not at.exception
    assert session.code in [t.value for t in at.text]  # the join screen
    assert not at.button  # no controls on the projector (the sidebar is not drawn)

    presenter.set_join_screen(app_engine, session, False)
    at.run()
    question = snapshot.survey.steps[0]
    assert isinstance(question, Question)
    shown = _shown(at)
    # Hidden results: the large live counter (issue 24 point 4).
    assert question.text in shown and "Answer on your phone\n12 of 12\nhave answered" in shown
    assert question.notes and question.notes not in shown  # never the notes
    assert not at.get("vega_lite_chart")
    # Issue 24 point 5: the join line stays under every step for latecomers...
    assert f"code **{session.code}**" in shown
    presenter.set_join_strip(app_engine, sessions.get_session(app_engine, session.id), False)
    at.run()
    assert f"code **{session.code}**" not in _shown(at)  # ...unless turned off
    presenter.set_join_strip(app_engine, sessions.get_session(app_engine, session.id), True)
    session_settings.change_settings(app_engine, session.id, lambda _: {"joining_locked": True})
    at.run()
    assert f"code **{session.code}**" not in _shown(at)  # ...or joining is locked
    session_settings.change_settings(app_engine, session.id, lambda _: {"joining_locked": False})

    session_settings.set_revealed(app_engine, session.id, question.id, True)
    at.run()
    assert at.get("vega_lite_chart") and "12 of 12 participants answered." in _shown(at)

    presenter.set_discussion(app_engine, sessions.get_session(app_engine, session.id), 0)
    at.run()
    assert not at.get("vega_lite_chart") and "Talk about it" in _shown(at)

    fresh = sessions.get_session(app_engine, session.id)
    presenter.move(app_engine, fresh, 2, total)  # a module: title and one-line summary
    at.run()
    step = snapshot.survey.steps[2]
    assert isinstance(step, ModuleStep)
    module = snapshot.modules[step.module]
    shown = _shown(at)
    assert module.title in shown and module.summary in shown
    assert module.facilitator and module.facilitator.talking_points[0] not in shown

    presenter.set_discussion(app_engine, sessions.get_session(app_engine, session.id), 2)
    at.run()
    assert module.facilitator.discussion[0] in _shown(at)

    # A closed session: the thank-you screen, with no join line, step or prompt left on it.
    sessions.close_session(app_engine, session.id)
    at.run()
    shown = _shown(at)
    assert "Thank you for taking part" in shown and "support resources" in shown
    assert session.code not in shown and module.facilitator.discussion[0] not in shown


def test_audience_needs_the_staff_role(app_env, app_engine, library) -> None:
    session = sessions.create_session(app_engine, library.snapshot("first-look"), open_now=True)
    at = app()
    at.query_params["session"] = session.code
    with pytest.raises(ValueError, match="Could not find a navigation page"):
        at.switch_page(AUDIENCE)


def test_notes_never_reach_a_participant_page(app_env, app_engine, library) -> None:
    """Walk a participant through a survey whose steps carry notes: none is ever on the page."""
    snapshot = library.snapshot("first-look")
    notes = [s.notes for s in snapshot.survey.steps if s.notes]
    notes += [line for m in snapshot.modules.values() if m.facilitator for line in
              (*m.facilitator.objectives, *m.facilitator.talking_points,
               *m.facilitator.discussion)]  # fmt: skip
    assert len(notes) > 5
    session = sessions.create_session(app_engine, snapshot, open_now=True)
    pages = _complete_all(session.code)
    assert len(pages) >= len(snapshot.survey.steps)
    seen = "\n".join(pages)
    first = snapshot.survey.steps[0]
    assert isinstance(first, Question) and first.text in seen  # the walk saw every screen
    module = next(iter(snapshot.modules.values()))
    assert module.body.split("\n")[0] in seen
    for note in notes:
        assert note not in seen


def test_audience_shows_the_question_being_answered(app_env, app_engine, library) -> None:
    """Issue 15: "answering now" from the question box, large on the audience screen."""
    from ui.shared import question_wall
    from workshop import question_box
    from workshop.question_box import Status

    result = demo.fill(app_engine, library.snapshot("first-look"), participants=6)
    session = result.session
    presenter.set_join_screen(app_engine, session, False)
    _, person = participants.join(app_engine, session.code, consented=True)
    asked = question_box.ask(app_engine, person.id, "Is it normal to feel <b>shaky</b> after?")
    question_box.set_status(app_engine, session.id, asked, Status.approved)
    question_wall._shown.clear()
    at = _audience(_log_in(app()), session.code)
    assert "Is it normal to feel <b>shaky</b> after?" not in _shown(at)  # only once answering
    question_box.set_status(app_engine, session.id, asked, Status.answering)
    question_wall._shown.clear()
    at.run()
    assert not at.exception
    texts = [t.value for t in at.text]
    assert "Is it normal to feel <b>shaky</b> after?" in texts  # st.text: never markup


def test_the_menu_entry_never_strands_the_presenter(app_env, app_engine, library) -> None:
    """Issue 24 point 6: from the menu, the audience page offers a new window and a way back."""
    sessions.create_session(app_engine, library.snapshot("first-look"), open_now=True)
    at = _log_in(app()).switch_page(AUDIENCE).run()
    assert not at.exception
    assert not at.get("link_button")  # no link lingers until one is asked for
    _button(at, "Make an audience link").click().run()
    [link] = at.get("link_button")
    assert link.proto.label == "Open the audience screen in a new window"
    assert "audience?session=" in link.proto.url and "screen=" in link.proto.url
    assert [b.label for b in at.button if b.key == "aud_back"] == ["Back to Present"]
    assert not any("stSidebar" in m.value for m in at.markdown)  # no projector CSS here
