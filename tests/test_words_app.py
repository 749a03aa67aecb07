"""AppTest: a `words` question answered on a phone and shown as a cloud on the present page."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from analysis import charts, disclosure, live, words
from analysis.disclosure import DisclosurePolicy, Mask
from analysis.results import category_rows
from workshop import db, migrate, participant_view, participants, sessions
from workshop.answers import save_answer
from workshop.content import Question, QuestionKind, Survey, SurveySnapshot
from workshop.sessions import SessionSettings

APP = str(Path(__file__).resolve().parent.parent / "app.py")
PASSPHRASE = "a long test passphrase"
WORDS = Question(
    id="need_words",
    kind=QuestionKind.words,
    text="One word for what you need after an intense moment",
)


@pytest.fixture
def room(monkeypatch, tmp_path, sqlite_url, library):
    monkeypatch.setenv("WORKSHOP_DATABASE_URL", sqlite_url)
    monkeypatch.setenv("WORKSHOP_DATA_DIR", str(tmp_path))
    monkeypatch.setenv("WORKSHOP_FACILITATOR_PASSPHRASE", PASSPHRASE)
    migrate.upgrade(sqlite_url)
    engine = db.get_engine(sqlite_url)
    survey = Survey(id="word-test", version=1, title="Words", steps=(WORDS,))
    snapshot = SurveySnapshot(
        survey=survey, modules={}, resources=library.snapshot("first-look").resources
    )
    # Exact counts, so the cloud's k threshold can be read; noisy clouds: tests/test_noise.py.
    settings = SessionSettings(noise=False)
    session = sessions.create_session(engine, snapshot, open_now=True, settings=settings)
    yield engine, session
    db.dispose(engine)


def _participant(code: str) -> AppTest:
    at = AppTest.from_file(APP, default_timeout=30)
    at.query_params["code"] = code
    at.run()
    at.checkbox(key="consent_adult").check()
    at.checkbox(key="consent_agree").check()
    return at.button(key="consent_submit").click().run()


def _staff() -> AppTest:
    at = AppTest.from_file(APP, default_timeout=30).run()
    at.switch_page("app_pages/facilitator_login.py").run()
    at.text_input(key="staff_passphrase").input(PASSPHRASE)
    return next(b for b in at.button if b.label == "Log in").click().run()


def _rows(arrow: bytes) -> list[dict]:
    import pyarrow as pa

    return pa.ipc.open_stream(arrow).read_all().to_pylist()


@pytest.mark.slow
def test_words_are_answered_and_shown_as_a_cloud(room) -> None:
    engine, session = room
    at = _participant(session.code)
    assert not at.exception
    at.text_area(key="answer_need_words").input("A hug\nquiet time, HUGS")
    at.button(key="next_0").click().run()
    assert not at.exception
    pid = at.query_params["p"]
    pid = pid[0] if isinstance(pid, list) else pid
    saved = participant_view.answers_for(engine, pid)["need_words"]
    assert saved.value == ["A hug", "quiet time", "HUGS"]

    for typed in (["hug"], ["hugs", "tea"], ["a hug"], ["Hug!", "tea"], ["unique"]):
        other = participants.join(engine, session.code, consented=True)[1].id
        save_answer(engine, other, "need_words", typed)

    staff = _staff()
    staff.switch_page("app_pages/facilitator_present.py").run()
    assert not staff.exception
    next(b for b in staff.button if b.label == "Hide code").click().run()
    next(b for b in staff.button if b.label == "Reveal results").click().run()
    assert not staff.exception
    # The cloud as the room (and Present's preview of the room) sees it.
    screen = _staff()
    screen.query_params["session"] = session.code
    screen.switch_page("app_pages/facilitator_audience.py").run()
    [chart] = screen.get("vega_lite_chart")
    assert json.loads(chart.proto.spec)["mark"]["type"] == "text"
    data = [row for named in chart.proto.datasets for row in _rows(named.data.data)]
    assert {row["word"] for row in data} == {"hug"}  # 6 people; "tea" has 2, "unique" 1
    notes = " ".join(m.value for m in screen.markdown)
    assert "3 more words were each given by fewer than 5 people." in notes

    # the facilitator hides the word on Present: it leaves the cloud, no answer is deleted
    staff.selectbox(key="fac_hide_word").select("hug")
    next(b for b in staff.button if b.label == "Hide from the cloud").click().run()
    assert not staff.exception
    assert sessions.get_session(engine, session.id).settings.hidden_words == ("hug",)
    assert not screen.run().get("vega_lite_chart")
    assert participant_view.answers_for(engine, pid)["need_words"].value == [
        "A hug",
        "quiet time",
        "HUGS",
    ]
    next(b for b in staff.button if b.label == "Show again").click().run()
    assert sessions.get_session(engine, session.id).settings.hidden_words == ()
    # Exact counts as bars: drawn on Present for the presenter alone, not in the room.
    staff.toggle(key="fac_words_bars").set_value(True).run()
    [bars] = staff.get("vega_lite_chart")
    assert "bar" in bars.proto.spec and "hug" in str(_rows(bars.proto.datasets[0].data.data))
    assert json.loads(screen.run().get("vega_lite_chart")[0].proto.spec)["mark"]["type"] == "text"


def test_new_sessions_mask_every_question_and_old_ones_read_as_masked() -> None:
    assert SessionSettings().mask_all is True
    stored_before = '{"pacing": "self", "k": 5, "show_results_to_participants": false}'
    assert SessionSettings.model_validate_json(stored_before).mask_all is True
    assert SessionSettings(mask_all=False).hidden_words == ()


@pytest.mark.slow
def test_the_facilitator_can_turn_masking_off_when_creating(room) -> None:
    engine, _ = room
    at = _staff()
    assert at.checkbox(key="fac_new_mask_all").value is True
    at.checkbox(key="fac_new_mask_all").uncheck()
    at.checkbox(key="fac_new_examples_ok").check()  # the shipped example resources
    next(b for b in at.button if b.label == "Create session").click().run()
    assert not at.exception
    newest = sessions.list_sessions(engine)[0]
    assert newest.settings.mask_all is False


def test_masked_wording_is_the_same_on_every_display(library) -> None:
    """Projector chart, phone end screen and notes use one wording and the session's k."""
    question = library.snapshot("first-look").survey.question("age_band")
    from workshop.aggregates import ItemCounts, ParticipantCounts

    counts = {code: 0 for code in question.option_codes}
    counts[question.option_codes[0]] = 9
    counts[question.option_codes[1]] = 2
    item = ItemCounts(question.id, 11, 0, counts)
    data = live.SessionAggregates(1, ParticipantCounts(11, 11, 0, {}), {question.id: item}, {}, {})
    for k in (3, 5, 7):
        view = live.question_view(question, data, DisclosurePolicy(k=k))
        small = [c for c in view.breakdown.cells if c.mask is Mask.small]
        assert small
        expected = disclosure.masked_label(Mask.small, k)
        assert expected == f"fewer than {k}"
        projector = set(charts.choice_frame(view)["text"])
        phone = {row.text.split(": ", 1)[1] for row in category_rows(view)}
        assert expected in projector and expected in phone
        assert {t for t in projector if "fewer" in t or "hidden" in t} == {
            t for t in phone if "fewer" in t or "hidden" in t
        }
    cloud = words.threshold({"hug": 6, "tea": 2}, 5)
    cloud_view = live.QuestionView(WORDS, 5, 8, 0, 8, live.ViewState.ready, cloud=cloud)
    assert words.cloud_notes(cloud) == [line for line in charts.notes(cloud_view) if "word" in line]


def test_the_demo_room_fills_a_word_cloud(engine, library) -> None:
    from workshop import demo

    feeling = library.snapshot("first-look").survey.question("age_band")
    survey = Survey(id="word-demo", version=1, title="Words", steps=(WORDS, feeling))
    snapshot = SurveySnapshot(
        survey=survey, modules={}, resources=library.snapshot("first-look").resources
    )
    result = demo.fill(engine, snapshot, participants=24)
    data = live.collect(engine, result.session.id, survey)
    view = live.question_view(WORDS, data, DisclosurePolicy(k=5))
    assert view.ready and view.cloud is not None
    assert view.cloud.terms and all(n >= 5 for _, n in view.cloud.terms)
    assert "hug" in view.cloud.counts()


@pytest.mark.slow
def test_session_create_can_turn_masking_off_from_the_command_line(tmp_path) -> None:
    from functools import partial

    from tests.support.cli import run_cli

    run = partial(run_cli, data_dir=tmp_path / "data", cwd=Path(APP).parent)

    assert run("db", "upgrade").returncode == 0
    masked = run("session", "create", "first-look", "--example-resources")
    unmasked = run("session", "create", "first-look", "--no-mask-all", "--example-resources")
    assert masked.returncode == unmasked.returncode == 0, unmasked.stderr
    engine = db.get_engine(f"sqlite:///{tmp_path / 'data' / 'workshop.db'}")
    by_code = {s.code: s.settings.mask_all for s in sessions.list_sessions(engine)}
    assert by_code == {masked.stdout.split()[0]: True, unmasked.stdout.split()[0]: False}
    exact = run("session", "create", "first-look", "--no-noise", "--example-resources")
    wider = run("session", "create", "first-look", "--epsilon", "0.5", "--example-resources")
    assert exact.returncode == wider.returncode == 0, wider.stderr
    noise = {s.code: (s.settings.noise, s.settings.epsilon) for s in sessions.list_sessions(engine)}
    assert noise[masked.stdout.split()[0]] == (True, 1.0)
    assert noise[exact.stdout.split()[0]] == (False, 1.0)
    assert noise[wider.stdout.split()[0]] == (True, 0.5)
    db.dispose(engine)
