"""An authored survey's texts in its other languages: checked on save, kept per version."""

from __future__ import annotations

import pytest
from streamlit.testing.v1 import AppTest

from tests.support.apptest import app
from workshop import authored, authored_texts, config, sessions, translation
from workshop.authored import InvalidSurvey
from workshop.content import Option, Question


def _poll(library, new_id: str = "our-poll"):
    """A copy of the quick poll (declares en and es) and the shipped Spanish texts for it."""
    survey = library.surveys["quick-poll"].model_copy(update={"id": new_id})
    return survey, authored_texts.shipped_texts(library, library.surveys["quick-poll"])


def test_declaring_es_without_spanish_texts_is_refused_naming_what_to_do(engine, library) -> None:
    survey, _ = _poll(library)
    with pytest.raises(InvalidSurvey) as refused:
        authored.save(engine, survey, library, edited_from=None)
    message = str(refused.value)
    assert "missing translation (es): this survey has no text in the Spanish (es) texts" in message
    assert "remove 'es' from 'languages'" in message
    assert authored.latest_version(engine, "our-poll") is None


def test_with_spanish_texts_it_saves_and_keeps_them(engine, library) -> None:
    survey, texts = _poll(library)
    stored = authored.save(engine, survey, library, edited_from=None, translations=texts)
    kept = authored.translations(engine, "our-poll", stored.version)
    assert kept == texts
    assert kept["es"].items["heard_before"].options["general"].startswith("Sí")


def test_a_new_item_needs_its_spanish_text_or_es_removed(engine, library) -> None:
    survey, texts = _poll(library)
    authored.save(engine, survey, library, edited_from=None, translations=texts)
    added = Question.model_validate(
        {
            "id": "again",
            "kind": "single",
            "text": "Would you come again?",
            "options": [Option(code="yes", label="Yes"), Option(code="no", label="No")],
        }
    )
    longer = survey.model_copy(update={"steps": (*survey.steps, added)})
    with pytest.raises(InvalidSurvey) as refused:
        authored.save(engine, longer, library, edited_from=1, translations=texts)
    problems = refused.value.problems
    assert "missing translation (es): question 'again' > 'text' has no text" in problems[0]
    assert any("option 'yes'" in p for p in problems)
    assert "remove 'es' from 'languages'" in problems[-1]
    english_only = longer.model_copy(update={"languages": ("en",)})
    assert authored.save(engine, english_only, library, edited_from=1, translations=texts)
    assert authored.translations(engine, "our-poll", 2) == {}  # an undeclared language: left out


def test_stale_texts_are_refused(engine, library) -> None:
    survey, texts = _poll(library)
    items = dict(texts["es"].items)
    items["gone"] = items["heard_before"]
    stale = {"es": texts["es"].model_copy(update={"items": items})}
    with pytest.raises(InvalidSurvey, match="stale translation: there is no question 'gone'"):
        authored.save(engine, survey, library, edited_from=None, translations=stale)


def test_editing_the_spanish_is_a_new_version_and_the_old_one_stays(engine, library) -> None:
    survey, texts = _poll(library)
    first = authored.save(engine, survey, library, edited_from=None, translations=texts)
    snapshot_v1 = authored.snapshot(engine, library, "our-poll")
    reworded = {"es": texts["es"].model_copy(update={"title": "Nuestra encuesta"})}
    second = authored.save(engine, first, library, edited_from=1, translations=reworded)
    assert second.version == 2
    assert authored.translations(engine, "our-poll", 1) == texts
    assert authored.translations(engine, "our-poll", 2)["es"].title == "Nuestra encuesta"
    assert snapshot_v1.translations["es"].survey.title == texts["es"].title
    assert authored.snapshot(engine, library, "our-poll").translations["es"].survey.title == (
        "Nuestra encuesta"
    )


def test_the_translation_yaml_round_trips(library) -> None:
    texts = authored_texts.shipped_texts(library, library.surveys["quick-poll"])["es"]
    text = authored_texts.dump_texts(texts, "our-poll", "es")
    assert text.startswith("# Spanish texts of the survey 'our-poll'")
    assert authored_texts.read_texts(text, "es.yaml") == texts
    assert authored_texts.read_texts("", "es.yaml").items == {}


def _consent(at: AppTest) -> AppTest:
    at.checkbox(key="consent_adult").check()
    at.checkbox(key="consent_agree").check()
    return at.button(key="consent_submit").click().run()


@pytest.mark.slow
def test_a_session_from_an_authored_version_shows_spanish_to_a_spanish_participant(
    app_env, app_engine, library, monkeypatch
) -> None:
    monkeypatch.setenv("WORKSHOP_LANGUAGES", "en,es")
    config.reset()
    survey, texts = _poll(library)
    reworded = texts["es"].items["heard_before"].model_copy(update={"text": "¿Lo habías oído?"})
    own = {
        "es": texts["es"].model_copy(
            update={"items": {**texts["es"].items, "heard_before": reworded}}
        )
    }
    authored.save(app_engine, survey, library, edited_from=None, translations=own)
    snapshot = authored.snapshot(app_engine, library, "our-poll")
    assert translation.localized(snapshot, "es").survey.question("heard_before").text == (
        "¿Lo habías oído?"
    )
    session = sessions.create_session(app_engine, snapshot, open_now=True)
    spanish = _consent(app(code=session.code, lang="es"))
    assert not spanish.exception
    assert spanish.radio(key="answer_heard_before").label == "¿Lo habías oído?"
    english = _consent(app(code=session.code, lang="en"))
    assert english.radio(key="answer_heard_before").label.startswith("Before today")


def test_an_uploaded_translation_is_named_for_its_language() -> None:
    assert authored_texts.upload_language("our-poll.es.yaml") == "es"
    assert authored_texts.upload_language("our-poll.pt-BR.yml") == "pt-BR"
    assert authored_texts.upload_language("our-poll.yaml") is None
    assert authored_texts.upload_language("our.workshop.yaml") is None
