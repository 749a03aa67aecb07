"""Facilitator notes and module facilitator sections in other languages.

A survey translation's `notes:` (by step id) and a module translation's
`facilitator:` are checked like the participant texts (missing, stale,
source_hash), shown on the staff pages in the session's presentation language,
and never sent to a participant's phone in any language.
"""

from __future__ import annotations

from pathlib import Path
from types import SimpleNamespace
from typing import Any, cast

import pytest

from tests.support.apptest import app
from tests.test_facilitator_app import PASSPHRASE, _button, _log_in
from tests.test_presenter import AUDIENCE, PRESENT, _shown
from workshop import (
    authored_texts,
    presenter,
    session_settings,
    sessions,
    text_changes,
    translation,
)
from workshop.content import ModuleStep, SurveySnapshot
from workshop.loading import load_content
from workshop.sessions import Pacing, SessionSettings

SURVEY = """\
id: tiny
version: 1
title: Tiny survey
language: en
languages: [en, es]
steps:
- id: heard
  kind: single
  text: Had you heard the word?
  notes: Ask who has heard it; nobody has to answer aloud.
  options:
  - code: 'yes'
    label: 'Yes'
  - code: 'no'
    label: 'No'
- module: intro
  notes: Give the room two minutes to read.
- id: feel
  kind: text
  text: How did it feel?
"""

MODULE = """\
---
id: intro
title: Intro
minutes: 1
sources: [src]
facilitator:
  objectives:
    - Aftercare is care after any intense moment.
  talking_points:
    - Give an everyday example.
    - Say it goes both ways.
  discussion:
    - What makes it hard to offer care afterwards?
  minutes: 3
---
Aftercare is care after sex [@src].
"""

SPANISH_MODULE = """\
---
title: Introducción
facilitator:
  objectives:
    - Los cuidados posteriores son cuidados después de cualquier momento intenso.
  talking_points:
    - Da un ejemplo cotidiano.
    - Di que van en las dos direcciones.
  discussion:
    - ¿Qué hace difícil ofrecer cuidados después?
---
Los cuidados posteriores son cuidados después del sexo [@src].
"""

SPANISH = """\
title: Encuesta mínima
items:
  heard:
    text: ¿Habías oído la palabra?
    options:
      'yes': Sí
      'no': 'No'
  feel:
    text: ¿Cómo te sentiste?
notes:
  heard: Pregunta quién la ha oído; nadie tiene que responder en voz alta.
  intro: Da a la sala dos minutos para leer.
"""

SPANISH_NOTES = [
    "Pregunta quién la ha oído; nadie tiene que responder en voz alta.",
    "Da a la sala dos minutos para leer.",
    "Los cuidados posteriores son cuidados después de cualquier momento intenso.",
    "Da un ejemplo cotidiano.",
    "Di que van en las dos direcciones.",
    "¿Qué hace difícil ofrecer cuidados después?",
]

REFERENCES = '[{"id": "src", "type": "webpage", "title": "A source", "URL": "https://example.org"}]'


def write_content(root: Path, spanish: str = SPANISH, module: str = SPANISH_MODULE) -> Path:
    (root / "surveys" / "es").mkdir(parents=True)
    (root / "modules" / "es").mkdir(parents=True)
    (root / "surveys" / "tiny.yaml").write_text(SURVEY, encoding="utf-8")
    (root / "surveys" / "es" / "tiny.yaml").write_text(spanish, encoding="utf-8")
    (root / "modules" / "intro.md").write_text(MODULE, encoding="utf-8")
    (root / "modules" / "es" / "intro.md").write_text(module, encoding="utf-8")
    (root / "references.json").write_text(REFERENCES, encoding="utf-8")
    return root


def problems(root: Path) -> list[str]:
    return [str(p) for p in load_content(root).problems]


def staff_texts(snapshot: SurveySnapshot, language: str) -> list[str]:
    """Every translated note and facilitator line the snapshot's `language` texts hold."""
    texts = snapshot.translations[language]
    found = list(texts.survey.notes.values())
    for module in texts.modules.values():
        if module.facilitator is not None:
            guide = module.facilitator
            found += [*guide.objectives, *guide.talking_points, *guide.discussion]
    return found


def test_notes_and_facilitator_sections_validate_and_are_localized(tmp_path) -> None:
    library = load_content(write_content(tmp_path))
    assert library.problems == []
    snapshot = library.snapshot("tiny")
    assert sorted(staff_texts(snapshot, "es")) == sorted(SPANISH_NOTES)
    view = translation.localized(snapshot, "es")
    heard, intro, feel = view.survey.steps
    assert heard.notes == SPANISH_NOTES[0] and intro.notes == SPANISH_NOTES[1]
    assert feel.notes is None  # no English note: none in Spanish either
    guide = view.modules["intro"].facilitator
    assert guide is not None and guide.minutes == 3  # minutes stay the English file's
    assert guide.talking_points == tuple(SPANISH_NOTES[3:5])
    assert guide.discussion == (SPANISH_NOTES[5],)


def test_an_untranslated_note_falls_back_to_english(tmp_path) -> None:
    spanish = SPANISH.replace("  intro: Da a la sala dos minutos para leer.\n", "")
    snapshot = load_content(write_content(tmp_path, spanish)).snapshot("tiny")
    view = translation.localized(snapshot, "es")
    assert view.survey.steps[1].notes == "Give the room two minutes to read."
    assert view.survey.steps[0].notes == SPANISH_NOTES[0]


@pytest.mark.parametrize("participants_first", [True, False])
def test_no_note_reaches_a_participant_in_any_language(tmp_path, participants_first) -> None:
    snapshot = load_content(write_content(tmp_path)).snapshot("tiny")
    view = (
        translation.localized(snapshot.for_participants(), "es")
        if participants_first
        else translation.localized(snapshot, "es").for_participants()
    )
    payload = view.model_dump_json()
    assert "¿Habías oído la palabra?" in payload  # the Spanish participant texts are there
    for note in [*SPANISH_NOTES, "Give the room two minutes to read.", "Say it goes both ways."]:
        assert note not in payload
    assert not view.has_notes and not snapshot.for_participants().has_notes
    assert snapshot.has_notes


@pytest.mark.parametrize("participants_first", [True, False])
def test_the_shipped_spanish_notes_never_reach_a_participant(library, participants_first) -> None:
    for survey_id in library.surveys:
        snapshot = library.snapshot(survey_id)
        notes = staff_texts(snapshot, "es")
        if snapshot.modules:
            assert notes, survey_id  # every shipped module has its facilitator section in Spanish
        view = (
            translation.localized(snapshot.for_participants(), "es")
            if participants_first
            else translation.localized(snapshot, "es").for_participants()
        )
        payload = view.model_dump_json()
        for note in notes:
            assert note not in payload, (survey_id, note)


def test_missing_notes_and_sections_are_reported_at_the_english_line(tmp_path) -> None:
    spanish = SPANISH.split("notes:\n")[0]
    module = SPANISH_MODULE.split("facilitator:\n")[0] + "---\n" + SPANISH_MODULE.split("---\n")[2]
    found = problems(write_content(tmp_path, spanish, module))
    english, where = tmp_path / "surveys" / "tiny.yaml", tmp_path / "surveys" / "es" / "tiny.yaml"
    assert (
        f"{english}:10: missing translation (es): step 'heard' > 'notes' has no text in {where}"
        in found
    )
    assert f"{english}:17: missing translation (es): step 'intro' > 'notes'" in "\n".join(found)
    assert (
        f"{tmp_path / 'modules' / 'intro.md'}:6: missing translation (es): module 'intro' > "
        f"'facilitator' has no text in {tmp_path / 'modules' / 'es' / 'intro.md'}" in found
    )
    assert len(found) == 3, found


def test_stale_notes_and_sections_are_reported_at_the_translation_line(tmp_path) -> None:
    spanish = SPANISH + "  feel: Sin nota en inglés.\n  gone: Ya no existe.\n"
    module = SPANISH_MODULE.replace("    - Di que van en las dos direcciones.\n", "")
    found = problems(write_content(tmp_path, spanish, module))
    where = tmp_path / "surveys" / "es" / "tiny.yaml"
    assert f"{where}:13: stale translation: step 'feel' has no notes in English; " in found[-2]
    assert f"{where}:14: stale translation: there is no step 'gone'" in found[-1]
    assert found[0] == (
        f"{tmp_path / 'modules' / 'es' / 'intro.md'}:6: facilitator 'talking_points' has 1 "
        "lines here and 2 in the English: translate each English line, in order"
    )
    assert len(found) == 3, found


def test_changed_english_notes_make_the_translation_stale(tmp_path) -> None:
    library = load_content(write_content(tmp_path))
    survey_now = translation.survey_hash(library.surveys["tiny"])
    module_now = translation.module_hash(library.modules["intro"])
    es = tmp_path / "surveys" / "es" / "tiny.yaml"
    es.write_text(f"source_hash: '{survey_now}'\n" + SPANISH, encoding="utf-8")
    es_module = tmp_path / "modules" / "es" / "intro.md"
    es_module.write_text(
        SPANISH_MODULE.replace("---\n", f"---\nsource_hash: '{module_now}'\n", 1), encoding="utf-8"
    )
    assert problems(tmp_path) == []
    (tmp_path / "surveys" / "tiny.yaml").write_text(
        SURVEY.replace("two minutes", "three minutes"), encoding="utf-8"
    )
    (tmp_path / "modules" / "intro.md").write_text(
        MODULE.replace("Say it goes both ways.", "Say that it goes both ways."), encoding="utf-8"
    )
    found = problems(tmp_path)
    assert len(found) == 2, found
    assert found[0].startswith(f"{es_module}:2: stale translation: the English module")
    assert found[1].startswith(f"{es}:1: stale translation: the English wording has changed")
    assert "facilitator note" in found[1] and "set source_hash: '" in found[1]


def test_a_survey_without_notes_keeps_its_hash(tmp_path) -> None:
    library = load_content(write_content(tmp_path))
    survey = library.surveys["tiny"]
    bare = survey.model_copy(
        update={"steps": tuple(s.model_copy(update={"notes": None}) for s in survey.steps)}
    )
    items = {
        q.id: [*(getattr(q, n) for n in translation.ITEM_FIELDS), [o.label for o in q.options]]
        for q in bare.questions
    }
    before = translation._hash([bare.title, bare.description, bare.content_note, items])
    assert translation.survey_hash(bare) == before != translation.survey_hash(survey)


def test_authored_copies_keep_translated_notes_and_need_them(tmp_path) -> None:
    library = load_content(write_content(tmp_path))
    survey = library.surveys["tiny"]
    copied = authored_texts.shipped_texts(library, survey)
    assert copied["es"].notes == {"heard": SPANISH_NOTES[0], "intro": SPANISH_NOTES[1]}
    assert copied["es"].source_hash is None and copied["es"].items["heard"].text
    assert authored_texts.problems(survey, copied, library) == []
    # A note without its Spanish is named like a missing question text.
    without = {"es": copied["es"].model_copy(update={"notes": {"heard": SPANISH_NOTES[0]}})}
    found = authored_texts.problems(survey, without, library)
    assert found[0] == (
        "missing translation (es): step 'intro' > 'notes' has no text in the Spanish (es) texts"
    )
    filled = authored_texts.with_english(survey, without["es"])
    assert filled.notes["intro"] == "Give the room two minutes to read."
    assert filled.notes["heard"] == SPANISH_NOTES[0]  # what was translated stays
    texts = {"es": authored_texts.dump_texts(library.translations["es"].surveys["tiny"])}
    kept = authored_texts.without_item(survey, texts, "heard")
    assert "heard" not in kept["es"] and "intro: Da a la sala" in kept["es"]


def test_english_changed_since_the_draft_began_is_named_until_translated(tmp_path) -> None:
    library = load_content(write_content(tmp_path))
    survey = library.surveys["tiny"]
    began = authored_texts.shipped_texts(library, survey)["es"]
    steps = list(survey.steps)
    steps[0] = steps[0].model_copy(update={"notes": "Ask who has heard it, by a show of hands."})
    steps[1] = steps[1].model_copy(update={"notes": "Give the room two minutes to read."})
    edited = survey.model_copy(update={"steps": tuple(steps), "title": "Tiny survey, again"})
    changed = text_changes.untranslated_changes(survey, edited, began, began)
    assert changed == ["'title'", "step 'heard' > 'notes'"]  # the unchanged note is not named
    retranslated = began.model_copy(
        update={"notes": {**began.notes, "heard": "Pide que levanten la mano."}}
    )
    assert text_changes.untranslated_changes(survey, edited, began, retranslated) == ["'title'"]
    assert text_changes.untranslated_changes(survey, survey, began, began) == []


def test_the_staff_view_is_in_the_rooms_language(tmp_path) -> None:
    snapshot = load_content(write_content(tmp_path)).snapshot("tiny")
    room = cast(Any, SimpleNamespace(settings=SimpleNamespace(presentation_language="es")))
    assert presenter.in_room_language(room, snapshot).survey.steps[0].notes == SPANISH_NOTES[0]
    english = cast(Any, SimpleNamespace(settings=SimpleNamespace(presentation_language="")))
    assert presenter.in_room_language(english, snapshot).survey.steps[0].notes == (
        "Ask who has heard it; nobody has to answer aloud."
    )


@pytest.fixture
def app_env(app_env: str, monkeypatch: pytest.MonkeyPatch) -> str:
    monkeypatch.setenv("WORKSHOP_FACILITATOR_PASSPHRASE", PASSPHRASE)
    return app_env


def test_present_and_audience_show_the_notes_in_the_presentation_language(
    app_env, app_engine, tmp_path
) -> None:
    snapshot = load_content(write_content(tmp_path)).snapshot("tiny")
    session = sessions.create_session(
        app_engine, snapshot, settings=SessionSettings(pacing=Pacing.facilitator), open_now=True
    )
    session_settings.change_settings(
        app_engine, session.id, lambda _: {"presentation_language": "es"}
    )
    at = _log_in(app())
    at.switch_page(PRESENT).run()
    assert not at.exception
    shown = _shown(at)
    assert SPANISH_NOTES[0] in shown and "nobody has to answer aloud" not in shown

    _button(at, "Next").click().run()
    assert sessions.get_session(app_engine, session.id).current_step == 1
    assert isinstance(snapshot.survey.steps[1], ModuleStep)
    shown = _shown(at)
    for line in SPANISH_NOTES[1:]:
        assert line in shown
    assert "(3 min with discussion)" in shown and "Say it goes both ways." not in shown

    presenter.set_join_screen(app_engine, sessions.get_session(app_engine, session.id), False)
    presenter.set_discussion(app_engine, sessions.get_session(app_engine, session.id), 1)
    at.query_params["session"] = session.code
    at.switch_page(AUDIENCE).run()
    assert not at.exception
    shown = _shown(at)
    assert SPANISH_NOTES[5] in shown and "What makes it hard" not in shown
    assert SPANISH_NOTES[3] not in shown  # talking points stay on the presenter's laptop
