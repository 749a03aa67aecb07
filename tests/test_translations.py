"""Content per language: translations beside the English files, validated, stored, shown.

The rule (docs/languages.md): surveys/<lang>/<file>, modules/<lang>/<module>.md,
<lang>/resources.yaml. A declared language must be complete; a translation of
something gone, or of English changed since, is stale. Both come with file:line.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from tests.support.apptest import app
from workshop import aggregates, config, participants, sessions, translation
from workshop.content import Question, SurveySnapshot
from workshop.loading import load_content

ROOT = Path(__file__).resolve().parent.parent

SURVEY = """\
id: tiny
version: 1
title: Tiny survey
description: Two questions.
language: en
languages: [en, es]
steps:
- id: heard
  kind: single
  text: Had you heard the word?
  help: Think back.
  options:
  - code: 'yes'
    label: 'Yes'
  - code: 'no'
    label: 'No'
- module: intro
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
---
Aftercare is care after sex [@src].

**Try this:** think privately.
"""

SPANISH_MODULE = """\
---
title: Introducción
---
Los cuidados posteriores son cuidados después del sexo [@src].

**Prueba esto:** piensa en privado.
"""

SPANISH = """\
title: Encuesta mínima
description: Dos preguntas.
items:
  heard:
    text: ¿Habías oído la palabra?
    help: Haz memoria.
    options:
      'yes': Sí
      'no': 'No'
  feel:
    text: ¿Cómo te sentiste?
"""

REFERENCES = '[{"id": "src", "type": "webpage", "title": "A source", "URL": "https://example.org"}]'


def write_content(root: Path, spanish: str = SPANISH, module: str | None = SPANISH_MODULE) -> Path:
    (root / "surveys" / "es").mkdir(parents=True)
    (root / "modules" / "es").mkdir(parents=True)
    (root / "surveys" / "tiny.yaml").write_text(SURVEY, encoding="utf-8")
    (root / "surveys" / "es" / "tiny.yaml").write_text(spanish, encoding="utf-8")
    (root / "modules" / "intro.md").write_text(MODULE, encoding="utf-8")
    if module is not None:
        (root / "modules" / "es" / "intro.md").write_text(module, encoding="utf-8")
    (root / "references.json").write_text(REFERENCES, encoding="utf-8")
    return root


def problems(root: Path) -> list[str]:
    return [str(p) for p in load_content(root).problems]


def test_a_complete_translation_validates_and_travels_in_the_snapshot(tmp_path) -> None:
    library = load_content(write_content(tmp_path))
    assert library.problems == []
    snapshot = library.snapshot("tiny")
    assert set(snapshot.translations) == {"es"}
    assert snapshot.translations["es"].survey.items["heard"].options["yes"] == "Sí"
    assert snapshot.translations["es"].modules["intro"].title == "Introducción"
    # What a session stores is JSON: the translation comes back from it whole.
    stored = SurveySnapshot.model_validate_json(snapshot.model_dump_json())
    assert stored == snapshot


def test_missing_texts_are_reported_at_the_english_line(tmp_path) -> None:
    spanish = SPANISH.replace("    help: Haz memoria.\n", "").replace("      'no': 'No'\n", "")
    found = problems(write_content(tmp_path, spanish, module=None))
    survey_file = tmp_path / "surveys" / "tiny.yaml"
    assert (
        f"{survey_file}:11: missing translation (es): question 'heard' > 'help' has no text "
        f"in {tmp_path / 'surveys' / 'es' / 'tiny.yaml'}" in found
    )
    assert any(f"{survey_file}:15:" in p and "option 'no'" in p for p in found), found
    assert any(
        f"{survey_file}:17:" in p and "module 'intro'" in p and "modules/es/intro.md" in p
        for p in found
    ), found
    assert len(found) == 3, found


def test_a_declared_language_without_its_file_is_reported(tmp_path) -> None:
    write_content(tmp_path)
    (tmp_path / "surveys" / "es" / "tiny.yaml").unlink()
    found = problems(tmp_path)
    assert found == [
        f"{tmp_path / 'surveys' / 'tiny.yaml'}:6: missing translation (es): this survey has no "
        f"text in {tmp_path / 'surveys' / 'es' / 'tiny.yaml'}"
    ]


def test_stale_texts_are_reported_at_the_translation_line(tmp_path) -> None:
    spanish = SPANISH.replace("      'no': 'No'\n", "      'no': 'No'\n      maybe: Quizá\n") + (
        "  gone:\n    text: ¿Y esto?\n"
    )
    found = problems(write_content(tmp_path, spanish))
    where = tmp_path / "surveys" / "es" / "tiny.yaml"
    assert found == [
        f"{where}:10: stale translation: question 'heard' has no option 'maybe'; "
        "update or remove it",
        f"{where}:14: stale translation: there is no question 'gone'; update or remove it",
    ]


def test_english_changed_since_translated_is_stale_and_names_the_new_hash(tmp_path) -> None:
    library = load_content(write_content(tmp_path))
    current = translation.survey_hash(library.surveys["tiny"])
    module_now = translation.module_hash(library.modules["intro"])
    (tmp_path / "surveys" / "es" / "tiny.yaml").write_text(
        f"source_hash: '{current}'\n" + SPANISH, encoding="utf-8"
    )
    (tmp_path / "modules" / "es" / "intro.md").write_text(
        SPANISH_MODULE.replace("---\ntitle", f"---\nsource_hash: '{module_now}'\ntitle", 1),
        encoding="utf-8",
    )
    assert problems(tmp_path) == []
    english = tmp_path / "surveys" / "tiny.yaml"
    english.write_text(SURVEY.replace("How did it feel?", "How was it?"), encoding="utf-8")
    module = tmp_path / "modules" / "intro.md"
    module.write_text(MODULE.replace("care after sex", "the care after sex"), encoding="utf-8")
    found = problems(tmp_path)
    assert len(found) == 2, found
    assert found[0].startswith(f"{tmp_path / 'modules' / 'es' / 'intro.md'}:2: stale translation")
    assert found[1].startswith(f"{tmp_path / 'surveys' / 'es' / 'tiny.yaml'}:1: stale translation")
    assert "English wording has changed" in found[1] and "set source_hash: '" in found[1]


def test_orphans_undeclared_languages_and_lost_citations_are_reported(tmp_path) -> None:
    write_content(tmp_path, module=SPANISH_MODULE.replace(" [@src]", ""))
    (tmp_path / "modules" / "es" / "gone.md").write_text(SPANISH_MODULE, encoding="utf-8")
    (tmp_path / "surveys" / "fr").mkdir()
    (tmp_path / "surveys" / "fr" / "tiny.yaml").write_text("title: Petit\n", encoding="utf-8")
    found = problems(tmp_path)
    assert any("modules/es/gone.md:1: stale" in p and "no English module" in p for p in found)
    assert any("modules/es/intro.md:1: missing translation: citation [@src]" in p for p in found)
    assert any("surveys/fr/tiny.yaml:1: stale" in p and "does not declare 'fr'" in p for p in found)


def test_the_localized_view_falls_back_to_english_and_keeps_every_code(tmp_path) -> None:
    spanish = SPANISH.replace("    help: Haz memoria.\n", "").replace("      'no': 'No'\n", "")
    snapshot = load_content(write_content(tmp_path, spanish)).snapshot("tiny")
    view = translation.localized(snapshot, "es")
    heard = view.survey.question("heard")
    assert heard is not None and heard.text == "¿Habías oído la palabra?"
    assert heard.help == "Think back."  # untranslated: the English
    assert [o.label for o in heard.options] == ["Sí", "No"]
    assert view.modules["intro"].title == "Introducción"
    assert view.modules["intro"].sources == snapshot.modules["intro"].sources
    assert translation.localized(snapshot, "fr") is snapshot  # no such language: all English


@pytest.mark.parametrize("survey_id", sorted(load_content(ROOT / "content").surveys))
def test_shipped_spanish_keeps_every_id_code_and_rule(library, survey_id) -> None:
    snapshot = library.snapshot(survey_id)
    assert "es" in snapshot.survey.languages
    view = translation.localized(snapshot, "es")
    for english, spanish in zip(snapshot.survey.steps, view.survey.steps, strict=True):
        if isinstance(english, Question):
            assert isinstance(spanish, Question)
            assert spanish.text != english.text, english.id
            rules = ("kind", "min", "max", "step", "integer", "knowledge", "correct_code")
            assert [getattr(spanish, r) for r in rules] == [getattr(english, r) for r in rules]
            assert spanish.option_codes == english.option_codes
            assert all(
                a.label != b.label or a.label in ("No", "PEP")
                for a, b in zip(english.options, spanish.options, strict=True)
            ), english.id
    assert view.resources is not None and snapshot.resources is not None
    assert view.resources.heading == "Dónde encontrar apoyo"
    assert len(view.resources.items) == len(snapshot.resources.items)


def test_a_running_session_keeps_the_translation_it_was_created_with(engine, tmp_path) -> None:
    write_content(tmp_path)
    session = sessions.create_session(engine, load_content(tmp_path).snapshot("tiny"))
    spanish = tmp_path / "surveys" / "es" / "tiny.yaml"
    spanish.write_text(SPANISH.replace("Encuesta mínima", "Otra"), encoding="utf-8")
    assert load_content(tmp_path).snapshot("tiny").translations["es"].survey.title == "Otra"
    sessions._snapshot_cache.clear()
    sessions._participant_cache.clear()
    stored = sessions.get_participant_snapshot(engine, session.id, "es")
    assert stored.survey.title == "Encuesta mínima"
    assert sessions.get_participant_snapshot(engine, session.id, "en").survey.title == "Tiny survey"


def _consent(at: AppTest) -> AppTest:
    at.checkbox(key="consent_adult").check()
    at.checkbox(key="consent_agree").check()
    return at.button(key="consent_submit").click().run()


@pytest.mark.slow
def test_a_spanish_and_an_english_participant_count_in_one_chart(
    app_env, app_engine, library, monkeypatch
) -> None:
    monkeypatch.setenv("WORKSHOP_LANGUAGES", "en,es")
    config.reset()
    session = sessions.create_session(app_engine, library.snapshot("quick-poll"), open_now=True)
    spanish = _consent(app(code=session.code, lang="es"))
    assert not spanish.exception
    radio = spanish.radio(key="answer_heard_before")
    assert (
        radio.label == "Antes de hoy, ¿habías oído la palabra «aftercare» (cuidados posteriores)?"
    )
    assert "Sí, en conversaciones en general" in radio.options
    radio.set_value("general")
    spanish.button(key="next_0").click().run()
    english = _consent(app(code=session.code, lang="en"))
    radio = english.radio(key="answer_heard_before")
    assert radio.label == 'Before today, had you heard the word "aftercare"?'
    radio.set_value("general")
    english.button(key="next_0").click().run()
    counts = aggregates.item_counts(app_engine, session.id)["heard_before"]
    assert counts.options == {"general": 2}
    assert aggregates.participant_counts(app_engine, session.id).consented == 2


def test_the_shipped_content_folder_has_a_spanish_file_for_each_declared_survey(library) -> None:
    for survey_id, survey in library.surveys.items():
        for language in survey.translated_into:
            path = library.survey_files[survey_id]
            assert (path.parent / language / path.name).exists()


def test_copying_the_shipped_content_keeps_it_valid(tmp_path) -> None:
    copy = tmp_path / "content"
    shutil.copytree(ROOT / "content", copy)
    assert load_content(copy).problems == []


def test_a_session_created_from_the_app_stores_the_translations(engine, library) -> None:
    """Sessions are created through workshop.authored.snapshot (pages and command line)."""
    from workshop import authored
    from workshop.content import Resource, Resources

    snapshot = authored.snapshot(engine, library, "aftercare-workshop-60")
    assert snapshot == library.snapshot("aftercare-workshop-60")
    assert set(snapshot.translations["es"].modules) == set(snapshot.survey.module_ids)
    own = Resources(items=(Resource(name="Our clinic"),))
    with_own = authored.snapshot(engine, library, "quick-poll", own)
    view = translation.localized(with_own, "es")
    assert view.resources == own  # a session's own resources are never replaced by the example's
    assert view.survey.title.startswith("Encuesta rápida")


@pytest.mark.slow
def test_a_spanish_participant_reads_the_consent_texts_and_a_module_in_spanish(
    app_env, app_engine, library, monkeypatch
) -> None:
    monkeypatch.setenv("WORKSHOP_LANGUAGES", "en,es")
    config.reset()
    snapshot = library.snapshot("aftercare-workshop-60")
    session = sessions.create_session(app_engine, snapshot, open_now=True)
    at = app(code=session.code, lang="es")
    shown = "\n".join(str(e.value) for kind in ("title", "info", "markdown") for e in at.get(kind))
    assert "Taller sobre cuidados posteriores (aftercare), 60 minutos" in shown
    assert "Este taller habla de sexo, intimidad y consentimiento" in shown
    assert "Dónde encontrar apoyo" in [e.label for e in at.expander]
    at = _consent(at)
    pid = at.query_params["p"]
    pid = pid[0] if isinstance(pid, list) else pid
    module_step = snapshot.survey.steps.index(
        next(s for s in snapshot.survey.steps if getattr(s, "module", None) == "what-is-aftercare")
    )
    participants.set_progress(app_engine, pid, module_step)
    at = app(code=session.code, p=pid, lang="es")
    assert at.subheader[0].value == "Qué son los cuidados posteriores"
    body = "\n".join(str(e.value) for e in at.markdown)
    assert "Los cuidados posteriores (en inglés, *aftercare*)" in body
    assert "Muise" in body  # citations rendered from the one bibliography, as in English
    english = app(code=session.code, p=pid, lang="en")
    assert english.subheader[0].value == "What aftercare is"


def test_replaced_english_resources_make_the_translation_stale(tmp_path) -> None:
    copy = tmp_path / "content"
    shutil.copytree(ROOT / "content", copy)
    english = copy / "resources.yaml"
    english.write_text(
        english.read_text(encoding="utf-8").replace("Your facilitator", "Our local clinic"),
        encoding="utf-8",
    )
    found = [str(p) for p in load_content(copy).problems]
    assert len(found) == 1, found
    assert found[0].startswith(f"{copy / 'es' / 'resources.yaml'}:4: stale translation")
    assert "resources.yaml has changed" in found[0]
    # Until it is translated again, a new session shows the new services, in English.
    view = translation.localized(load_content(copy).snapshot("quick-poll"), "es")
    assert view.resources is not None and view.resources.items[0].name == "Our local clinic"
    assert view.survey.title.startswith("Encuesta rápida")


def test_an_english_file_with_errors_is_not_also_called_missing(tmp_path) -> None:
    write_content(tmp_path)
    (tmp_path / "surveys" / "tiny.yaml").write_text(SURVEY.replace("version: 1", "version: 0"))
    (tmp_path / "modules" / "intro.md").write_text(MODULE.replace("minutes: 1", "minutes: 0"))
    found = problems(tmp_path)
    assert found and not any("stale" in p or "missing" in p for p in found), found
