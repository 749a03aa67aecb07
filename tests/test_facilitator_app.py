"""AppTest of the facilitator console: access rules, sessions, reveal, pacing."""

from __future__ import annotations

import pytest

from tests.support.apptest import STAFF_PASSPHRASE, app, app_test, button, log_in
from workshop import demo, participants, sessions
from workshop.answers import save_answer
from workshop.sessions import Pacing, SessionSettings, SessionState

PASSPHRASE = STAFF_PASSPHRASE
STAFF_PAGES = [
    "app_pages/facilitator_sessions.py",
    "app_pages/facilitator_share.py",
    "app_pages/facilitator_present.py",
    "app_pages/facilitator_moderation.py",
    "app_pages/facilitator_questions.py",
    "app_pages/facilitator_results.py",
    "app_pages/export.py",
    "app_pages/facilitator_audience.py",  # the projector: no Log out button there
    "app_pages/facilitator_guide.py",
    "app_pages/facilitator_surveys.py",
    "app_pages/facilitator_resources.py",
]


@pytest.fixture
def app_env(app_env: str, staff_passphrase: str) -> str:
    """The shared AppTest environment, plus the facilitator passphrase."""
    return app_env


# The names other test modules import from here.
_log_in = log_in
_button = button


def test_participants_cannot_reach_any_staff_page(app_env) -> None:
    at = app()
    assert not at.exception
    assert at.title[0].value == "Join the workshop"
    for page in STAFF_PAGES:
        # not registered with st.navigation at all: no URL leads there
        with pytest.raises(ValueError, match="Could not find a navigation page"):
            at.switch_page(page)


def test_wrong_passphrase_is_refused_and_slowed(app_env) -> None:
    at = _log_in(app(), "not the passphrase")
    assert not at.exception
    assert "not right" in at.error[0].value
    assert at.title[0].value == "Facilitator login"
    at = _log_in(at, PASSPHRASE)  # straight away: the shared wait is still running
    assert "Too many wrong passphrases" in at.error[0].value
    with pytest.raises(ValueError):
        at.switch_page("app_pages/facilitator_present.py")


@pytest.mark.slow
def test_right_passphrase_grants_the_role_and_logout_ends_it(app_env) -> None:
    at = _log_in(app())
    assert not at.exception
    assert at.title[0].value == "Sessions"
    for page in STAFF_PAGES:
        at.switch_page(page).run()
        assert not at.exception, page
    _button(at, "Log out").click().run()
    with pytest.raises(ValueError):
        at.switch_page("app_pages/facilitator_sessions.py")


@pytest.mark.slow
def test_without_configuration_a_passphrase_is_generated(app_env, monkeypatch, capsys) -> None:
    monkeypatch.delenv("WORKSHOP_FACILITATOR_PASSPHRASE")
    at = app()
    printed = capsys.readouterr().out
    assert "Facilitator page:" in printed and "/facilitator" in printed
    generated = next(
        line.split()[-1] for line in printed.splitlines() if line.strip().startswith("Passphrase:")
    )
    at = _log_in(at, PASSPHRASE)
    assert "not right" in at.error[0].value
    # a second app (another replica, or a restart) uses the same stored hash, and
    # the wrong guess in the first tab does not hold this other tab back
    other = _log_in(app(), generated)
    assert not other.exception
    assert other.title[0].value == "Sessions"


@pytest.mark.slow
def test_a_reset_passphrase_ends_logged_in_tabs_and_the_new_one_works(
    app_env, app_engine, monkeypatch, capsys
) -> None:
    """Issue 16 finding 3: the server kept accepting the old passphrase after a reset."""
    import time

    from workshop import staff_credentials

    monkeypatch.delenv("WORKSHOP_FACILITATOR_PASSPHRASE")
    at = app()
    generated = next(
        line.split()[-1]
        for line in capsys.readouterr().out.splitlines()
        if line.strip().startswith("Passphrase:")
    )
    at = _log_in(at, generated)
    assert at.title[0].value == "Sessions"
    new = staff_credentials.reset_generated(app_engine)  # `workshop passphrase reset` on the server
    monkeypatch.setattr(staff_credentials, "RECHECK_SECONDS", 0.0)
    time.sleep(0.01)
    at.run()
    assert at.title[0].value == "Facilitator login", "the old login must end"
    old_again = _log_in(app(), generated)
    assert "not right" in old_again.error[0].value
    assert _log_in(app(), new).title[0].value == "Sessions"


def test_a_one_time_login_link_grants_the_role_once(app_env, app_engine) -> None:
    """Issue 16 finding 8: a way in that guessing cannot block."""
    from workshop import staff_tokens

    token = staff_tokens.create_login_link(app_engine)
    at = app_test()
    at.query_params["login"] = token
    at.run()
    assert not at.exception
    assert at.title[0].value == "Sessions"
    assert "login" not in at.query_params, "the token is dropped from the address"
    again = app_test()
    again.query_params["login"] = token
    again.run()
    assert again.title[0].value == "Join the workshop"
    again.switch_page("app_pages/facilitator_login.py").run()
    assert "not valid" in again.error[0].value


def test_passphrase_from_streamlit_secrets(app_env, monkeypatch) -> None:
    monkeypatch.delenv("WORKSHOP_FACILITATOR_PASSPHRASE")
    at = app_test()
    at.secrets["WORKSHOP_FACILITATOR_PASSPHRASE"] = "secret from secrets.toml"
    at.run()
    at = _log_in(at, "secret from secrets.toml")
    assert at.title[0].value == "Sessions"


@pytest.mark.slow
def test_create_open_close_reopen(app_env, app_engine) -> None:
    at = _log_in(app())
    at.text_input(key="fac_new_title").input("Evening group")
    at.radio(key="fac_new_pacing").set_value(Pacing.facilitator)
    at.number_input(key="fac_new_k").set_value(4)
    at.checkbox(key="fac_new_results").check()
    at.checkbox(key="fac_new_open").uncheck()
    at.checkbox(key="fac_new_examples_ok").check()  # the shipped example resources
    _button(at, "Create session").click().run()
    assert not at.exception
    [created] = sessions.list_sessions(app_engine)
    assert created.title == "Evening group"
    assert created.state is SessionState.draft
    assert created.settings == SessionSettings(
        pacing=Pacing.facilitator, k=4, show_results_to_participants=True
    )
    assert any(created.code in s.value for s in at.success)
    # Issue 17 point 12: the form starts over, and the row says what the session is.
    assert at.text_input(key="fac_new_title").value == ""
    assert at.radio(key="fac_new_pacing").value is Pacing.self_paced
    assert at.number_input(key="fac_new_k").value == 5
    assert at.checkbox(key="fac_new_results").value is False
    assert at.checkbox(key="fac_new_open").value is True
    assert at.session_state["fac_create_open"] is False  # the list moves up
    [row] = [c.value for c in at.caption if created.code in c.value]
    assert row.startswith("Reconnecting after a hard conversation · ")  # its survey
    assert "participants see the results" in row
    at.run()
    assert not at.success  # the confirmation is shown once
    at.button(key=f"fac_open_{created.id}").click().run()
    assert sessions.get_session(app_engine, created.id).state is SessionState.open
    at.button(key=f"fac_close_{created.id}").click().run()
    assert sessions.get_session(app_engine, created.id).state is SessionState.closed
    assert _button(at, "Reopen").label == "Reopen"
    at.button(key=f"fac_open_{created.id}").click().run()
    assert sessions.get_session(app_engine, created.id).state is SessionState.open


def test_k_cannot_go_below_three(app_env) -> None:
    at = _log_in(app())
    assert at.number_input(key="fac_new_k").min == 3
    assert at.number_input(key="fac_new_k").value == 5


def test_share_screen_shows_code_and_count(app_env, app_engine, library) -> None:
    session = sessions.create_session(app_engine, library.snapshot("first-look"), open_now=True)
    for _ in range(3):
        participants.join(app_engine, session.code)
    at = _log_in(app())
    at.switch_page("app_pages/facilitator_share.py").run()
    assert not at.exception
    texts = [t.value for t in at.text]
    assert session.code in texts
    assert any(t.endswith(f"/?code={session.code}") for t in texts)
    assert any("**3** people have joined." in m.value for m in at.markdown)
    assert at.get("image")  # the QR code


@pytest.mark.slow
def test_reveal_and_hide_results(app_env, app_engine, library) -> None:
    result = demo.fill(app_engine, library.snapshot("first-look"), participants=12)
    at = _log_in(app())
    at.switch_page("app_pages/facilitator_present.py").run()
    assert not at.exception
    assert any("12 of 12 participants answered" in m.value for m in at.markdown)
    assert any("results hidden" in m.value for m in at.markdown)
    _button(at, "Reveal results").click().run()
    first_item = result.session  # the survey's first step is importance_pre
    revealed = sessions.get_session(app_engine, first_item.id).settings.revealed_items
    assert revealed == ("importance_pre",)
    assert not any("results hidden" in m.value for m in at.markdown)
    # Present draws no chart of its own: its preview is the audience screen (test_presenter).
    assert not at.get("vega_lite_chart")
    _button(at, "Hide results").click().run()
    assert sessions.get_session(app_engine, first_item.id).settings.revealed_items == ()
    assert any("results hidden" in m.value for m in at.markdown)


@pytest.mark.slow
def test_facilitator_pacing_moves_the_room(app_env, app_engine, library) -> None:
    session = sessions.create_session(
        app_engine,
        library.snapshot("first-look"),
        settings=SessionSettings(pacing=Pacing.facilitator),
        open_now=True,
    )
    at = _log_in(app())
    at.switch_page("app_pages/facilitator_present.py").run()
    assert _button(at, "Previous").disabled
    _button(at, "Next").click().run()
    assert sessions.get_session(app_engine, session.id).current_step == 1
    _button(at, "Next").click().run()
    assert sessions.get_session(app_engine, session.id).current_step == 2
    assert any("Reading:" in m.value for m in at.markdown)  # step 3 is a module
    _button(at, "Previous").click().run()
    assert sessions.get_session(app_engine, session.id).current_step == 1


def test_self_paced_browsing_does_not_move_the_room(app_env, app_engine, library) -> None:
    session = sessions.create_session(app_engine, library.snapshot("first-look"), open_now=True)
    at = _log_in(app())
    at.switch_page("app_pages/facilitator_present.py").run()
    _button(at, "Next").click().run()
    assert any("Step 2 of" in m.value for m in at.markdown)
    assert sessions.get_session(app_engine, session.id).current_step == 0


@pytest.mark.slow
def test_moderation_queue_and_plain_text_display(app_env, app_engine, library) -> None:
    from workshop import moderation

    snapshot = library.snapshot("first-look")
    session = sessions.create_session(app_engine, snapshot, open_now=True)
    people = [participants.join(app_engine, session.code)[1].id for _ in range(5)]
    for i, pid in enumerate(people):
        save_answer(app_engine, pid, "one_word", f"**bold {i}** <img src=x>")
    at = _log_in(app())
    at.switch_page("app_pages/facilitator_moderation.py").run()
    assert not at.exception
    assert sorted(t.value for t in at.text) == sorted(f"**bold {i}** <img src=x>" for i in range(5))
    approve = [b for b in at.button if b.label == "Approve"]
    hide = [b for b in at.button if b.label == "Hide"]
    assert len(approve) == len(hide) == 5
    approve[0].click().run()
    hide = [b for b in at.button if b.label == "Hide"]
    hide[0].click().run()
    statuses = sorted(t.status for t in moderation.texts(app_engine, session.id))
    assert statuses.count(moderation.Status.approved) == 1
    assert statuses.count(moderation.Status.hidden) == 1
    assert len(at.text) == 3  # the waiting queue shrank
    # presenting shows only the approved answer, as plain text, on the room's screen
    at.switch_page("app_pages/facilitator_present.py").run()
    _button(at, "Hide code").click().run()
    for _ in range(snapshot.survey.step_of("one_word")):
        _button(at, "Next").click().run()
    _button(at, "Reveal results").click().run()
    [approved] = moderation.texts(app_engine, session.id, status=moderation.Status.approved)
    screen = _log_in(app())
    screen.query_params["session"] = session.code
    screen.switch_page("app_pages/facilitator_audience.py").run()
    assert [t.value for t in screen.text] == [approved.text]
    assert not any("bold" in m.value for m in screen.markdown)


def test_a_too_short_configured_passphrase_disables_login_not_the_app(app_env, monkeypatch) -> None:
    monkeypatch.setenv("WORKSHOP_FACILITATOR_PASSPHRASE", "short")
    at = app()
    assert not at.exception
    assert at.title[0].value == "Join the workshop"
    at.switch_page("app_pages/facilitator_login.py").run()
    assert "at least 10 characters" in at.error[0].value
    assert not at.text_input  # no login form


@pytest.mark.slow
def test_before_and_after_page_shows_pairs_and_hides_small_ones(
    app_env, app_engine, library
) -> None:
    demo.fill(app_engine, library.snapshot("first-look"), participants=12)
    at = _log_in(app())
    at.switch_page("app_pages/facilitator_results.py").run()
    assert not at.exception
    assert at.get("vega_lite_chart")
    texts = [t.value for t in at.text]
    # the question's short label and a one-line reading, never the construct id
    assert texts[0] == "Importance of aftercare"
    assert texts[1].startswith(("Answers moved", "About the same", "Answers changed"))
    assert "people" in texts[1]
    assert all("importance_pre" not in t and "construct" not in t.lower() for t in texts[:2])
    researchers = at.dataframe[0].value  # the statistics, in the secondary table
    assert list(researchers["Question"]) == ["Importance of aftercare"]
    assert "Construct" not in researchers.columns and "Items" not in researchers.columns
    assert int(researchers["Pairs"].iloc[0]) >= 5


def test_before_and_after_page_suppresses_below_k(app_env, app_engine, library) -> None:
    demo.fill(app_engine, library.snapshot("first-look"), participants=3)
    at = _log_in(app())
    at.switch_page("app_pages/facilitator_results.py").run()
    assert not at.exception
    assert at.text[1].value == "Not shown: fewer than 5 people answered both before and after."
    assert at.dataframe[0].value["Pairs"].iloc[0] == ""


def test_approve_refuses_a_text_edited_after_the_queue_was_shown(
    app_env, app_engine, library
) -> None:
    """Issue 16 finding 7: Approve approved the participant's newer, unseen text."""
    from workshop import moderation

    session = sessions.create_session(app_engine, library.snapshot("first-look"), open_now=True)
    _, person = participants.join(app_engine, session.code)
    save_answer(app_engine, person.id, "one_word", "what was reviewed")
    at = _log_in(app())
    at.switch_page("app_pages/facilitator_moderation.py").run()
    assert [t.value for t in at.text] == ["what was reviewed"]
    save_answer(app_engine, person.id, "one_word", "an unseen edit")
    _button(at, "Approve").click().run()
    assert not at.exception
    assert any("changed this answer" in t.value for t in at.toast)
    [answer] = moderation.texts(app_engine, session.id)
    assert answer.status is moderation.Status.pending and answer.text == "an unseen edit"
    assert [t.value for t in at.text] == ["an unseen edit"]  # the queue shows the new text


HOSTILE_TITLE = "![pixel](http://127.0.0.1:9/p.png) [link](http://127.0.0.1:9/) <img src=x> **b**"


def _renders_markdown_of(value: str) -> bool:
    """True if `value` would be read as Markdown image/link/emphasis syntax, not literal text."""
    return any(part in value for part in ("![pixel](", "[link](", "**b**"))


@pytest.mark.slow
def test_the_session_title_is_escaped_on_staff_pages(app_env, app_engine, library) -> None:
    """Issue 16 finding 14: an image link in a title made the browser fetch an address."""
    at = _log_in(app())
    at.text_input(key="fac_new_title").input(HOSTILE_TITLE)
    at.checkbox(key="fac_new_examples_ok").check()  # the shipped example resources
    _button(at, "Create session").click().run()
    assert not at.exception
    assert at.success and not _renders_markdown_of(at.success[0].value)
    assert "pixel" in at.success[0].value  # still shown, as literal text
    rows = [m.value for m in at.markdown if "pixel" in m.value]
    assert rows, "the sessions list shows the title"
    assert not any(_renders_markdown_of(value) for value in rows)
    for page in STAFF_PAGES:
        at.switch_page(page).run()
        assert not at.exception, page
        shown = [e.value for e in (*at.markdown, *at.caption, *at.success, *at.info, *at.error)]
        assert not any(_renders_markdown_of(str(value)) for value in shown), page


def test_logout_clears_the_prepared_export(app_env, app_engine, library) -> None:
    """Issue 16 finding 15: the zip stayed in the tab's state after logout."""
    session = demo.fill(app_engine, library.snapshot("first-look"), participants=6).session
    at = _log_in(app())
    at.switch_page("app_pages/export.py").run()
    at.multiselect[0].select(session.id)
    _button(at, "Prepare export").click().run()
    assert at.get("download_button")
    assert "export_zip" in at.session_state
    _button(at, "Log out").click().run()
    assert not at.exception
    kept = [k for k in ("export_zip", "export_facts", "export_report") if k in at.session_state]
    assert kept == []


def test_present_page_shows_the_room_count_and_locks_joining(app_env, app_engine, library) -> None:
    """Issue 16 finding 1b: expected size, "N more than expected" and Lock joining."""
    result = demo.fill(app_engine, library.snapshot("first-look"), participants=12)
    session_id = result.session.id
    at = _log_in(app())
    at.switch_page("app_pages/facilitator_present.py").run()
    assert not at.exception
    at.number_input(key=f"room_expected_{session_id}").set_value(10).run()
    assert sessions.get_session(app_engine, session_id).settings.expected_size == 10
    assert any("12 joined · 2 more than expected (10)" in m.value for m in at.markdown)
    at.button(key=f"room_lock_{session_id}").click().run()
    assert sessions.get_session(app_engine, session_id).settings.joining_locked
    assert any("joining locked" in m.value for m in at.markdown)
    assert at.button(key=f"room_lock_{session_id}").label == "Allow joining"


def test_noise_is_on_by_default_and_turning_it_off_warns(app_env, app_engine, library) -> None:
    """Issue 23 point 3: a per-session switch, default on, with a plain warning when off."""
    from ui.staff.noise_control import OFF_WARNING

    result = demo.fill(app_engine, library.snapshot("first-look"), participants=6)
    session_id = result.session.id
    at = _log_in(app())
    at.switch_page("app_pages/facilitator_present.py").run()
    assert at.toggle(key=f"room_noise_{session_id}").value is True
    assert not any(OFF_WARNING in w.value for w in at.warning)
    at.toggle(key=f"room_noise_{session_id}").set_value(False).run()
    assert not at.exception
    assert sessions.get_session(app_engine, session_id).settings.noise is False
    assert any(OFF_WARNING in w.value for w in at.warning)
    at.toggle(key=f"room_noise_{session_id}").set_value(True).run()
    assert sessions.get_session(app_engine, session_id).settings.noise is True


def test_the_facilitator_chooses_how_much_noise(app_env, app_engine, library) -> None:
    """Issue 23 point 3: epsilon as plain-language levels next to the switch, stored per session."""
    from analysis.disclosure.noise import NEXT_BATCH, NOISE_LEVELS

    result = demo.fill(app_engine, library.snapshot("first-look"), participants=6)
    session_id = result.session.id
    at = _log_in(app())
    at.switch_page("app_pages/facilitator_present.py").run()
    levels = at.button_group(key=f"room_epsilon_{session_id}")
    assert levels.value == 1.0 and levels.options[1] == "Balanced (ε 1, default)"
    assert any(NOISE_LEVELS[1].meaning in c.value and NEXT_BATCH in c.value for c in at.caption)
    levels.set_value(0.5).run()
    assert not at.exception
    assert sessions.get_session(app_engine, session_id).settings.epsilon == 0.5
    assert any(NOISE_LEVELS[0].meaning in c.value for c in at.caption)
    at.button_group(key=f"room_epsilon_{session_id}").set_value(2.0).run()
    assert sessions.get_session(app_engine, session_id).settings.epsilon == 2.0
    # Noise off: no level to choose (it would mean nothing), the choice is kept for later.
    at.toggle(key=f"room_noise_{session_id}").set_value(False).run()
    assert not at.button_group
    at.toggle(key=f"room_noise_{session_id}").set_value(True).run()
    assert at.button_group(key=f"room_epsilon_{session_id}").value == 2.0


def test_an_epsilon_set_by_hand_is_shown_and_kept(app_env, app_engine, library) -> None:
    """A session made with --epsilon 0.3 keeps it: the control offers it as a fourth choice."""
    session = sessions.create_session(
        app_engine, library.snapshot("first-look"), settings=SessionSettings(epsilon=0.3)
    )
    at = _log_in(app())
    at.switch_page("app_pages/facilitator_sessions.py").run()
    assert not at.exception
    levels = at.button_group(key=f"room_epsilon_{session.id}")
    assert levels.value == 0.3 and levels.options[-1] == "Set by hand (ε 0.3)"
    assert sessions.get_session(app_engine, session.id).settings.epsilon == 0.3
    levels.set_value(1.0).run()
    assert sessions.get_session(app_engine, session.id).settings.epsilon == 1.0


@pytest.mark.slow
def test_release_results_stores_the_snapshot_participants_see(app_env, app_engine, library) -> None:
    """Issue 16 finding 1c: participants see only what the facilitator released."""
    from workshop import published

    session = sessions.create_session(
        app_engine,
        library.snapshot("first-look"),
        settings=SessionSettings(k=3, show_results_to_participants=True),
        open_now=True,
    )
    for value in ("4", "4", "5"):
        _, person = participants.join(app_engine, session.code, consented=True)
        save_answer(app_engine, person.id, "importance_pre", value)
    at = _log_in(app())
    at.switch_page("app_pages/facilitator_present.py").run()
    assert published.read(app_engine, session.id, published.Scope.released) == {}
    at.button(key=f"room_release_{session.id}").click().run()
    assert not at.exception
    released = published.read(app_engine, session.id, published.Scope.released)
    assert released["importance_pre"].responded == 3
    assert any("Released: results of" in c.value for c in at.caption)


def test_results_page_shows_words_as_a_bar_chart(app_env, app_engine, library) -> None:
    """Issue 15 leftover: words items as word_bar_chart on the results page (k words only)."""
    session = sessions.create_session(  # exact counts: exactly k people give the words
        app_engine,
        library.snapshot("aftercare-workshop"),
        open_now=True,
        settings=SessionSettings(noise=False),
    )
    for _ in range(session.settings.k):
        _, person = participants.join(app_engine, session.code)
        participants.record_consent(app_engine, person.id)
        save_answer(app_engine, person.id, "need_words", ["a hug", "water"])
    at = _log_in(app())
    at.switch_page("app_pages/facilitator_results.py").run()
    assert not at.exception
    assert [h.value for h in at.subheader] == ["What the room knew", "How answers changed", "Words"]
    charts = [c for c in at.get("vega_lite_chart") if "hug" in str(c.proto)]
    assert charts, "no word bar chart with the shared words"
