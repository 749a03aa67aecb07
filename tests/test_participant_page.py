"""AppTest of the participant page: every screen and rule, against a real database."""

from __future__ import annotations

import pytest
from sqlalchemy import func, select
from sqlalchemy.exc import OperationalError
from sqlalchemy.exc import TimeoutError as PoolTimeout
from streamlit.testing.v1 import AppTest

from tests.support.apptest import app
from ui.shared import live_results as facilitator_live
from workshop import config, db, participant_view, participants, sessions
from workshop.answers import save_answer
from workshop.schema import answer_codes, answers
from workshop.schema import participants as participant_rows
from workshop.sessions import Pacing, SessionSettings


@pytest.fixture
def room(app_engine, library):
    """An open first-look session on a fresh SQLite file the app also uses."""
    engine = app_engine

    class Room:
        def __init__(self) -> None:
            self.engine = engine
            self.snapshot = library.snapshot("first-look")
            self.session = sessions.create_session(engine, self.snapshot, open_now=True)

        def new(self, **settings) -> sessions.WorkshopSession:
            return sessions.create_session(
                engine, self.snapshot, open_now=True, settings=SessionSettings(**settings)
            )

    return Room()


def texts(at: AppTest) -> str:
    parts = [
        e.value
        for kind in ("title", "header", "subheader", "markdown", "caption")
        for e in getattr(at, kind)
    ]
    parts += [e.value for kind in ("error", "warning", "info") for e in getattr(at, kind)]
    return "\n".join(str(p) for p in parts)


def consent(at: AppTest) -> AppTest:
    at.checkbox(key="consent_adult").check()
    at.checkbox(key="consent_agree").check()
    return at.button(key="consent_submit").click().run()


def joined(room, code: str | None = None) -> tuple[AppTest, str]:
    at = consent(app(code=code or room.session.code))
    assert not at.exception
    return at, at.query_params["p"][0] if isinstance(
        at.query_params["p"], list
    ) else at.query_params["p"]


def rows(engine, table, participant_id: str) -> int:
    with db.read(engine) as connection:
        return connection.execute(
            select(func.count())
            .select_from(table)
            .where(
                (table.c.participant_id if table is not participant_rows else table.c.id)
                == participant_id
            )
        ).scalar_one()


def step_label(at: AppTest) -> str:
    return at.get("progress")[0].proto.text


# --- join ---------------------------------------------------------------


def test_no_code_shows_the_join_form(room) -> None:
    at = app()
    assert not at.exception
    assert at.text_input(key="join_code").value == ""
    assert "do not need a name" in texts(at)


@pytest.mark.parametrize(
    ("typed", "message"),
    [
        ("ABC", "you entered 3"),
        ("!!!!!!", "only letters and digits"),
        ("OOOOOO", "never contain 0, O, 1, I or L"),
        ("ZZZZZZ", "No session uses the code ZZZZZZ"),
        ("", "Please enter the 6-character code"),
    ],
)
def test_wrong_codes_get_a_plain_message_and_a_retry(room, typed, message) -> None:
    at = app()
    at.text_input(key="join_code").input(typed)
    at.button(key="join_submit").click().run()
    assert not at.exception
    assert message in at.error[0].value
    # try again with the right code: straight to the welcome screen
    at.text_input(key="join_code").input(room.session.code.lower())
    at.button(key="join_submit").click().run()
    assert not at.error
    assert at.query_params["code"] in (room.session.code, [room.session.code])
    assert at.checkbox(key="consent_agree")


def test_garbled_code_in_the_url_offers_the_form_prefilled(room) -> None:
    at = app(code="<script>x</script>" * 10)
    assert not at.exception
    assert "too long" in at.error[0].value
    assert at.text_input(key="join_code").value


def test_qr_url_opens_the_welcome_screen(room) -> None:
    at = app(code=room.session.code)
    shown = texts(at)
    assert "A first look at aftercare" in shown
    assert "Content note" in shown
    assert "never your name, e-mail, IP address or when you answered" in shown
    assert "withdraw at any time" in shown
    assert "Prefer not to answer" in shown
    assert "Where to find support" in [e.label for e in at.expander][0]
    assert "Your facilitator" in shown  # resources from the snapshot


def test_session_title_is_shown_as_plain_text(room) -> None:
    titled = sessions.create_session(
        room.engine, room.snapshot, open_now=True, title="Group *B* [x](http://a.example)"
    )
    at = app(code=titled.code)
    caption = at.caption[0].value
    assert caption == "Group \\*B\\* \\[x\\]\\(http\\://a\\.example\\)"


def test_draft_session_waits_and_closed_session_says_so(room) -> None:
    draft = sessions.create_session(room.engine, room.snapshot)
    at = app(code=draft.code)
    assert "has not started yet" in texts(at)
    assert not at.checkbox
    sessions.open_session(room.engine, draft.id)
    at.run()
    assert at.checkbox(key="consent_agree")
    sessions.close_session(room.engine, draft.id)
    at = app(code=draft.code)
    assert "This session has closed" in texts(at)
    assert at.text_input(key="join_code")  # a way to enter another code


# --- consent ------------------------------------------------------------


@pytest.mark.parametrize("ticked", [(), ("consent_adult",), ("consent_agree",)])
def test_consent_needs_both_boxes_and_stores_nothing_before(room, ticked) -> None:
    at = app(code=room.session.code)
    for key in ticked:
        at.checkbox(key=key).check()
    at.button(key="consent_submit").click().run()
    assert "tick both boxes" in at.error[0].value
    assert "p" not in at.query_params
    assert sessions.participant_count(room.engine, room.session.id) == 0


def test_consent_creates_a_consented_participant_and_shows_step_one(room) -> None:
    at, pid = joined(room)
    participant = participants.get_participant(room.engine, pid, session_id=room.session.id)
    assert participant.consented and participant.step == 0
    assert step_label(at) == "Step 1 of 11"
    assert at.radio(key="answer_importance_pre").value is None  # nothing preselected


# --- steps ----------------------------------------------------------------


def test_next_without_an_answer_just_moves_on(room) -> None:
    at, pid = joined(room)
    at.button(key="next_0").click().run()
    assert step_label(at) == "Step 2 of 11"
    assert participant_view.answers_for(room.engine, pid) == {}
    assert participants.get_participant(room.engine, pid).step == 1


def show_my_answer(at: AppTest, step: int) -> None:
    """A saved answer is hidden until the participant asks (issue 16 finding 9)."""
    assert "You answered this question." in texts(at)
    kinds = ("radio", "checkbox", "number_input", "select_slider", "selectbox", "text_area")
    shown = [w.key for kind in kinds for w in at.get(kind) if (w.key or "").startswith("answer_")]
    assert not shown, shown
    at.button(key=f"show_answer_{step}").click().run()
    assert "You answered this question." not in texts(at)


def test_prefer_not_to_answer_is_saved_as_declined(room) -> None:
    at, pid = joined(room)
    at.button(key="decline_0").click().run()
    saved = participant_view.answers_for(room.engine, pid)["importance_pre"]
    assert saved.declined and saved.value is None
    at.button(key="back_1").click().run()
    show_my_answer(at, 0)
    assert "You chose “Prefer not to answer” here" in texts(at)


def test_back_shows_the_saved_answer_and_allows_changing_it(room) -> None:
    at, pid = joined(room)
    at.radio(key="answer_importance_pre").set_value("4")
    at.button(key="next_0").click().run()
    assert participant_view.answers_for(room.engine, pid)["importance_pre"].value == "4"
    at.button(key="back_1").click().run()
    show_my_answer(at, 0)
    assert at.radio(key="answer_importance_pre").value == "4"
    at.radio(key="answer_importance_pre").set_value("2")
    at.button(key="next_0").click().run()
    assert participant_view.answers_for(room.engine, pid)["importance_pre"].value == "2"


def test_multiple_choice_max_is_enforced_without_losing_the_ticks(room) -> None:
    at, pid = joined(room)
    at.button(key="next_0").click().run()
    for code in ("touch", "talk", "comfort", "quiet"):
        at.checkbox(key=f"answer_practices__{code}").check()
    at.button(key="next_1").click().run()
    assert "at most 3" in at.error[0].value
    assert step_label(at) == "Step 2 of 11"
    assert at.checkbox(key="answer_practices__quiet").value  # still ticked
    assert "practices" not in participant_view.answers_for(room.engine, pid)
    at.checkbox(key="answer_practices__quiet").uncheck()
    at.button(key="next_1").click().run()
    assert not at.error
    assert participant_view.answers_for(room.engine, pid)["practices"].value == [
        "touch",
        "talk",
        "comfort",
    ]


@pytest.mark.slow
def test_every_kind_saves_and_comes_back(room) -> None:
    at, pid = joined(room)
    at.radio(key="answer_importance_pre").set_value("5")
    at.button(key="next_0").click().run()
    at.checkbox(key="answer_practices__talk").check()
    at.button(key="next_1").click().run()
    # module: title, reading time, body
    assert "What aftercare is" in texts(at)
    assert "About 3 minutes to read" in texts(at)
    at.button(key="next_2").click().run()
    at.number_input(key="answer_minutes_affection").set_value(15)
    at.button(key="next_3").click().run()
    assert at.button_group(key="answer_comfort_talking").value is None  # nothing chosen
    at.button_group(key="answer_comfort_talking").set_value(7)
    at.button(key="next_4").click().run()
    at.button(key="next_5").click().run()  # second module
    at.radio(key="answer_low_mood_ever").set_value("unsure")
    at.button(key="next_6").click().run()
    # ranking: tap three in order, the last is implied (and shown)
    for code in ("quiet", "touch", "talk"):
        at.button(key=f"answer_practice_ranking__{code}").click().run()
    assert at.button(key="answer_practice_ranking__comfort").label.startswith("4th")
    at.button(key="next_7").click().run()
    at.text_area(key="answer_one_word").input("Tea 🍵 and שלום, then <b>*quiet*</b>")
    at.button(key="next_8").click().run()
    assert not at.exception and not at.error
    saved = {k: a.value for k, a in participant_view.answers_for(room.engine, pid).items()}
    assert saved == {
        "importance_pre": "5",
        "practices": ["talk"],
        "minutes_affection": 15,
        "comfort_talking": 7,
        "low_mood_ever": "unsure",
        "practice_ranking": ["quiet", "touch", "talk", "comfort"],
        "one_word": "Tea 🍵 and שלום, then <b>*quiet*</b>",
    }
    # going back shows each saved answer in its widget, text exactly as typed
    at.button(key="back_9").click().run()
    show_my_answer(at, 8)
    assert at.text_area(key="answer_one_word").value == saved["one_word"]
    assert not any("quiet*" in m.value for m in at.markdown)  # never rendered as Markdown
    at.button(key="back_8").click().run()
    show_my_answer(at, 7)
    assert at.button(key="answer_practice_ranking__comfort").label == "4th: Practical comfort"
    for index in (7, 6, 5):
        at.button(key=f"back_{index}").click().run()
    show_my_answer(at, 4)
    assert at.button_group(key="answer_comfort_talking").value == 7
    at.button(key="back_4").click().run()
    show_my_answer(at, 3)
    assert at.number_input(key="answer_minutes_affection").value == 15


def test_clearing_a_given_answer_does_not_keep_it(room) -> None:
    at, pid = joined(room)
    at.button(key="next_0").click().run()
    at.checkbox(key="answer_practices__talk").check()
    at.button(key="next_1").click().run()
    at.button(key="back_2").click().run()
    show_my_answer(at, 1)
    assert at.checkbox(key="answer_practices__talk").value
    at.checkbox(key="answer_practices__talk").uncheck()
    at.button(key="next_1").click().run()
    saved = participant_view.answers_for(room.engine, pid)["practices"]
    assert saved.declined and saved.value is None


def test_a_partial_ranking_is_refused_in_place(room) -> None:
    at, pid = joined(room)
    participants.set_progress(room.engine, pid, 7)
    at.run()
    at.button(key="answer_practice_ranking__talk").click().run()
    assert at.button(key="answer_practice_ranking__talk").label == "1st: Talking"
    at.button(key="next_7").click().run()
    assert "every option in order" in at.error[0].value
    assert at.button(key="answer_practice_ranking__talk").label == "1st: Talking"  # kept
    assert "practice_ranking" not in participant_view.answers_for(room.engine, pid)


def test_ranking_taps_are_undoable(room) -> None:
    at, pid = joined(room)
    participants.set_progress(room.engine, pid, 7)
    at.run()
    ranking = "answer_practice_ranking__{}".format
    assert at.button(key=ranking("undo")).disabled
    for code in ("talk", "quiet"):
        at.button(key=ranking(code)).click().run()
    at.button(key=ranking("talk")).click().run()  # tapping a placed one takes it out
    assert at.button(key=ranking("quiet")).label == "1st: Quiet time"
    assert at.button(key=ranking("talk")).label == "Talking"
    at.button(key=ranking("undo")).click().run()
    assert at.button(key=ranking("quiet")).label == "Quiet time"
    for code in ("touch", "talk", "comfort"):
        at.button(key=ranking(code)).click().run()
    at.button(key=ranking("clear")).click().run()
    assert all(not at.button(key=ranking(c)).label[0].isdigit() for c in ("touch", "talk"))
    for code in ("comfort", "talk", "touch"):
        at.button(key=ranking(code)).click().run()
    at.button(key="next_7").click().run()
    assert not at.error
    saved = participant_view.answers_for(room.engine, pid)["practice_ranking"]
    assert saved.value == ["comfort", "talk", "touch", "quiet"]


def test_a_ranking_in_progress_is_not_left_for_the_next_person(room) -> None:
    at, pid = joined(room)
    participants.set_progress(room.engine, pid, 7)
    at.run()
    at.button(key="answer_practice_ranking__talk").click().run()
    del at.query_params["p"]  # the phone is handed on: the next person joins in this tab
    at = consent(at.run())
    second = at.query_params["p"]
    second = second[0] if isinstance(second, list) else second
    assert second != pid
    participants.set_progress(room.engine, second, 7)
    at.run()
    assert at.button(key="answer_practice_ranking__talk").label == "Talking"


def test_finishing_shows_thanks_and_resources(room) -> None:
    at, pid = joined(room)
    participants.set_progress(room.engine, pid, 10)
    at.run()
    assert at.button(key="next_10").label == "Finish"
    at.button(key="next_10").click().run()
    assert "Thank you" in texts(at)
    assert "Where to find support" in texts(at)
    assert participants.get_participant(room.engine, pid).finished
    at.button(key="review").click().run()
    assert step_label(at) == "Step 11 of 11"


# --- resume ----------------------------------------------------------------


def test_reload_resumes_at_the_saved_step_with_answers(room) -> None:
    at, pid = joined(room)
    at.radio(key="answer_importance_pre").set_value("3")
    at.button(key="next_0").click().run()
    again = app(code=room.session.code, p=pid)  # a new browser session, same URL
    assert step_label(again) == "Step 2 of 11"
    again.button(key="back_1").click().run()
    show_my_answer(again, 0)
    assert again.radio(key="answer_importance_pre").value == "3"


@pytest.mark.parametrize("tampered", ["junk", "0" * 32, "A" * 32, "x" * 5000, "ff" * 16 + " "])
def test_tampered_participant_ids_get_a_clear_way_back(room, tampered) -> None:
    at = app(code=room.session.code, p=tampered)
    assert not at.exception
    assert "Join again" in [b.label for b in at.button]
    at.button(key="join_again").click().run()
    assert "p" not in at.query_params
    assert at.checkbox(key="consent_agree")


def test_another_sessions_participant_id_is_refused(room) -> None:
    other = room.new()
    _, pid = joined(room, other.code)
    at = app(code=room.session.code, p=pid)
    assert "could not find your answers" in at.warning[0].value
    assert participants.get_participant(room.engine, pid).session_id == other.id  # untouched


# --- withdraw, closed, paced ------------------------------------------------


def test_withdraw_asks_first_then_deletes_everything(room) -> None:
    at, pid = joined(room)
    at.radio(key="answer_importance_pre").set_value("4")
    at.button(key="next_0").click().run()
    at.checkbox(key="answer_practices__talk").check()
    at.button(key="next_1").click().run()
    at.button(key="withdraw").click().run()
    assert "Withdraw from this session?" in texts(at)
    at.button(key="withdraw_cancel").click().run()
    assert step_label(at) == "Step 3 of 11"
    assert rows(room.engine, answers, pid) == 2
    at.button(key="withdraw").click().run()
    at.button(key="withdraw_confirm").click().run()
    assert "We deleted 2 answers and your random id" in texts(at)
    assert "p" not in at.query_params
    for table in (answers, answer_codes, participant_rows):
        assert rows(room.engine, table, pid) == 0
    # the old link now says so, and offers a fresh start
    stale = app(code=room.session.code, p=pid)
    assert "withdrawn" in stale.warning[0].value


def test_closed_session_mid_survey_keeps_answers_and_takes_no_more(room) -> None:
    at, pid = joined(room)
    at.radio(key="answer_importance_pre").set_value("4")
    at.button(key="next_0").click().run()
    sessions.close_session(room.engine, room.session.id)
    at.checkbox(key="answer_practices__talk").check()
    at.button(key="next_1").click().run()
    assert not at.exception
    shown = texts(at)
    assert "This session has closed" in shown
    assert "saved answers are kept" in shown
    assert set(participant_view.answers_for(room.engine, pid)) == {"importance_pre"}
    assert at.button(key="withdraw")  # withdrawing stays possible


def test_facilitator_paced_participants_wait_at_the_current_step(room) -> None:
    paced = room.new(pacing=Pacing.facilitator)
    at, pid = joined(room, paced.code)
    at.button(key="next_0").click().run()
    assert "Waiting for the facilitator" in texts(at)
    assert not at.radio and not at.checkbox  # step 2 stays hidden
    assert participants.get_participant(room.engine, pid).step == 1
    at.button(key="back_1").click().run()  # may look back while waiting
    assert step_label(at) == "Step 1 of 11"
    at.button(key="next_0").click().run()
    sessions.set_current_step(room.engine, paced.id, 1)
    at.run()  # what the waiting screen's timer triggers
    assert step_label(at) == "Step 2 of 11"
    at.button(key="next_1").click().run()
    assert "Waiting for the facilitator" in texts(at)


def test_quick_exit_is_on_every_screen_and_uses_the_configured_url(room, monkeypatch) -> None:
    at = app()
    assert 'data-quick-exit="about:blank"' in at.html[0].value
    monkeypatch.setenv("WORKSHOP_QUICK_EXIT_URL", "https://weather.example/today")
    config.reset()  # as a restart with the new setting would
    at, _ = joined(room)
    assert 'data-quick-exit="https://weather.example/today"' in at.html[0].value
    monkeypatch.setenv("WORKSHOP_QUICK_EXIT_URL", "javascript:alert(1)")
    config.reset()
    at = app()
    assert 'data-quick-exit="about:blank"' in at.html[0].value


# --- group results at the end ---------------------------------------------------


def _finish(room, code: str) -> tuple[AppTest, str]:
    at, pid = joined(room, code)
    at.radio(key="answer_importance_pre").set_value("4")
    at.button(key="next_0").click().run()
    participants.set_progress(room.engine, pid, 10)
    at.run()
    at.button(key="next_10").click().run()
    assert "Thank you" in texts(at)
    return at, pid


def release(session) -> None:
    """The facilitator's "Release results to participants", with fresh counts."""
    facilitator_live._aggregates.clear()  # the app refreshes these every few seconds
    facilitator_live._stored.clear()
    facilitator_live.release_results(session)


def test_no_group_results_unless_the_facilitator_allows_them(room) -> None:
    at, _ = _finish(room, room.session.code)
    assert "How the group answered" not in texts(at)
    assert not at.selectbox


def test_group_results_follow_the_k_threshold(room) -> None:
    # masking of every question off, so an ordinary question shows its small counts
    shared = room.new(show_results_to_participants=True, k=5, mask_all=False)
    at, _ = _finish(room, shared.code)
    assert "How the group answered" in texts(at)
    # nothing released yet; then released with one answer: below k, nothing to show
    assert at.selectbox(key="results_item").value == "importance_pre"
    assert "has not shared results for this question yet" in texts(at)
    release(shared)
    at.run()
    assert "has not shared results for this question yet" in texts(at)
    assert not at.get("vega_lite_chart")
    for code in ("2", "3", "4", "5"):
        _, other = participants.join(room.engine, shared.code)
        participants.record_consent(room.engine, other.id)
        save_answer(room.engine, other.id, "importance_pre", code)
    at.run()
    assert "has not shared results for this question yet" in texts(at)  # only when released
    release(shared)
    at.run()
    assert not at.exception
    assert at.selectbox(key="results_item").value == "importance_pre"
    assert "Results appear once" not in texts(at)
    bars = [bar.proto.text for bar in at.get("progress")]
    assert "Very important: 2 (40%)" in bars
    assert "Not at all important: 0 (0%)" in bars
    assert "5 people answered." in texts(at)


def test_group_results_mask_small_groups_by_default(room) -> None:
    facilitator_live._stored.clear()  # batches of another test's session 2
    shared = room.new(show_results_to_participants=True, k=5)
    at, _ = _finish(room, shared.code)
    for code in ("2", "3", "4", "5"):
        _, other = participants.join(room.engine, shared.code)
        participants.record_consent(room.engine, other.id)
        save_answer(room.engine, other.id, "importance_pre", code)
    release(shared)
    at.run()
    assert not at.exception
    bars = [bar.proto.text for bar in at.get("progress")]
    assert "Very important: fewer than 5" in bars
    assert not any(char.isdigit() and char != "5" for bar in bars for char in bar)
    assert "small groups are never shown" in texts(at)


def test_shared_free_text_is_plain_text(room) -> None:
    from workshop import moderation

    shared = room.new(show_results_to_participants=True, k=3)
    for text in ("**bold** [link](http://x.example)", "<b>tea</b>", "quiet"):
        _, other = participants.join(room.engine, shared.code)
        participants.record_consent(room.engine, other.id)
        save_answer(room.engine, other.id, "one_word", text)
    for answer in moderation.texts(room.engine, shared.id, item_id="one_word"):
        moderation.set_status(
            room.engine, shared.id, answer.participant_id, "one_word", moderation.Status.approved
        )
    release(shared)
    at, _ = _finish(room, shared.code)
    at.selectbox(key="results_item").select("one_word").run()
    shown = {t.value for t in at.text}
    assert {"**bold** [link](http://x.example)", "<b>tea</b>", "quiet"} <= shown
    assert not any("bold" in m.value for m in at.markdown)


def test_small_groups_in_sensitive_results_are_masked(room) -> None:
    # Exact counts (noise off) so the masking can be read; noise: test_noisy_results_read_about.
    shared = room.new(show_results_to_participants=True, k=3, noise=False)
    for code in ("yes", "yes", "yes", "no"):
        _, other = participants.join(room.engine, shared.code)
        participants.record_consent(room.engine, other.id)
        save_answer(room.engine, other.id, "low_mood_ever", code)
    release(shared)
    at, _ = _finish(room, shared.code)
    at.selectbox(key="results_item").select("low_mood_ever").run()
    bars = [bar.proto.text for bar in at.get("progress")]
    assert "Yes: 3 (75%)" in bars
    assert "No: fewer than 3" in bars
    assert not any(text.startswith("No: 1") for text in bars)


def test_noisy_results_read_about_and_stay_the_same_on_every_look(room) -> None:
    shared = room.new(show_results_to_participants=True, k=3)
    for code in ("yes",) * 6 + ("no",) * 6:
        _, other = participants.join(room.engine, shared.code)
        participants.record_consent(room.engine, other.id)
        save_answer(room.engine, other.id, "low_mood_ever", code)
    release(shared)
    looks = []
    for _ in range(2):
        at, _pid = _finish(room, shared.code)
        at.selectbox(key="results_item").select("low_mood_ever").run()
        looks.append([bar.proto.text for bar in at.get("progress")])
    assert looks[0] == looks[1]  # the released batch's noise, not a fresh draw per look
    shown = [text for text in looks[0] if not text.endswith("fewer than 3")]
    assert shown and all(": about " in text for text in shown)


# --- a busy database ---------------------------------------------------------


def _locked(*_args, **_kwargs):
    raise OperationalError("INSERT ...", {}, Exception("database is locked"))


def _no_writer_free(*_args, **_kwargs):
    raise PoolTimeout("QueuePool limit of size 1 overflow 0 reached")


@pytest.mark.parametrize("busy", [_locked, _no_writer_free], ids=["locked", "pool-timeout"])
def test_a_busy_database_asks_to_tap_again_and_keeps_the_answer(room, monkeypatch, busy) -> None:
    at, pid = joined(room)
    at.radio(key="answer_importance_pre").set_value("4")
    with monkeypatch.context() as patch:
        patch.setattr("workshop.answers.save_answer", busy)
        at.button(key="next_0").click().run()
    assert not at.exception
    assert "please tap again" in at.error[0].value
    assert step_label(at) == "Step 1 of 11"
    assert at.radio(key="answer_importance_pre").value == "4"  # still in the widget
    at.button(key="next_0").click().run()  # the second tap saves and moves on
    assert step_label(at) == "Step 2 of 11"
    assert participant_view.answers_for(room.engine, pid)["importance_pre"].value == "4"


def test_a_busy_database_on_decline_start_and_withdraw_is_calm(room, monkeypatch) -> None:
    at = app(code=room.session.code)
    with monkeypatch.context() as patch:
        patch.setattr(participants, "join", _locked)
        consent(at)
    assert not at.exception and "tap Start again" in at.error[0].value
    at, pid = joined(room)
    with monkeypatch.context() as patch:
        patch.setattr("workshop.answers.save_answer", _locked)
        at.button(key="decline_0").click().run()
    assert not at.exception and "please tap again" in at.error[0].value
    assert participant_view.answers_for(room.engine, pid) == {}
    at.button(key="withdraw").click().run()
    with monkeypatch.context() as patch:
        patch.setattr(participants, "withdraw", _locked)
        at.button(key="withdraw_confirm").click().run()
    assert not at.exception and "Nothing has changed yet" in at.error[0].value
    assert at.button(key="withdraw_confirm")  # still asking
    assert participants.get_participant(room.engine, pid).consented


# --- issue 16 finding 9 / issue 17 point 6: the resume link -------------------


def test_a_link_found_in_a_history_does_not_show_saved_answers_without_a_tap(room) -> None:
    at, pid = joined(room)
    at.radio(key="answer_importance_pre").set_value("3")
    at.button(key="next_0").click().run()
    found = app(code=room.session.code, p=pid)  # someone else opens the old address
    found.button(key="back_1").click().run()
    assert "You answered this question." in texts(found)
    assert not found.get("radio")
    found.button(key="next_0").click().run()  # moving on without looking keeps the answer
    assert participant_view.answers_for(room.engine, pid)["importance_pre"].value == "3"


def test_consent_and_end_say_the_address_is_a_key_and_forget_clears_it(room) -> None:
    at = app(code=room.session.code)
    assert "This page's address is your key." in texts(at)
    at, pid = joined(room)
    participants.set_progress(room.engine, pid, 10)
    at.run()
    at.button(key="next_10").click().run()
    assert "This page's address is your key." in texts(at)
    at.button(key="forget_device").click().run()
    assert "p" not in at.query_params and "code" not in at.query_params
    assert "This tab has forgotten your link." in at.success[0].value
    assert at.text_input(key="join_code").value == ""
    assert participants.get_participant(room.engine, pid).finished  # their answers are kept
