"""The audience screen in the session's presentation language (issue 28).

The projector's own words, the question and option texts and the charts' labels
follow the language the facilitator chose for the session; the counts are the
whole room's, whatever language each phone used.
"""

from __future__ import annotations

import json

import pytest
from streamlit.testing.v1 import AppTest

from tests.support.apptest import app
from tests.test_facilitator_app import _log_in
from tests.test_presenter import _audience, _shown
from workshop import config, demo, presenter, session_settings, sessions
from workshop.content import Question


def _chart_text(at: AppTest) -> str:
    specs = (json.loads(c.proto.spec) for c in at.get("vega_lite_chart"))
    return "\n".join(json.dumps(spec, ensure_ascii=False) for spec in specs)


@pytest.mark.slow
def test_the_audience_screen_speaks_the_sessions_presentation_language(
    app_env, staff_passphrase, app_engine, library, monkeypatch
) -> None:
    monkeypatch.setenv("WORKSHOP_LANGUAGES", "en,es")
    config.reset()
    room = demo.fill(app_engine, library.snapshot("first-look"), participants=12)
    session = room.session
    session_settings.change_settings(
        app_engine, session.id, lambda _: {"presentation_language": "es"}
    )
    at = _audience(_log_in(app()), session.code)
    assert not at.exception
    shown = _shown(at)
    assert "**Entra desde tu teléfono.**" in shown and "12 personas han entrado." in shown

    presenter.set_join_screen(app_engine, sessions.get_session(app_engine, session.id), False)
    at.run()
    shown = _shown(at)
    assert "¿Qué importancia tiene para ti que las parejas se cuiden" in shown
    assert "Responde en tu teléfono\n12 de 12\nhan respondido" in shown
    assert f"código **{session.code}**" in shown  # the join line, in Spanish too

    first = sessions.get_snapshot(app_engine, session.id).survey.steps[0]
    assert isinstance(first, Question)
    session_settings.set_revealed(app_engine, session.id, first.id, True)
    at.run()
    assert not at.exception
    shown, chart = _shown(at), _chart_text(at)
    assert "12 de 12 participantes respondieron." in shown
    assert "proporción de quienes respondieron" in chart and "Importantísimo" in chart
    assert "share of people who answered" not in chart and "Extremely important" not in chart

    # Another session on the same server keeps English: the language is the session's.
    english = demo.fill(app_engine, library.snapshot("first-look"), participants=12).session
    presenter.set_join_screen(app_engine, english, False)
    at = _audience(at, english.code)
    assert "Answer on your phone\n12 of 12\nhave answered" in _shown(at)


@pytest.mark.slow
def test_the_facilitator_picks_the_audience_screens_language(
    app_env, staff_passphrase, app_engine, monkeypatch
) -> None:
    monkeypatch.setenv("WORKSHOP_LANGUAGES", "en,es")
    config.reset()
    at = _log_in(app())
    assert at.selectbox(key="fac_new_presentation").value == "en"
    at.selectbox(key="fac_new_presentation").set_value("es")
    at.checkbox(key="fac_new_examples_ok").check()  # the shipped example resources
    at = next(b for b in at.button if b.label == "Create session").click().run()
    assert not at.exception
    [created] = sessions.list_sessions(app_engine)
    assert created.settings.presentation_language == "es"
