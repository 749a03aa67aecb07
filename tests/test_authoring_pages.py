"""AppTest of the Surveys and Support resources pages (issue 27)."""

from __future__ import annotations

import pytest
from streamlit.testing.v1 import AppTest

from tests.support.apptest import app
from workshop import authored, authored_resources, authored_texts, sessions
from workshop.content import QuestionKind
from workshop.example_resources import are_examples

PASSPHRASE = "a long test passphrase"
SURVEYS = "app_pages/facilitator_surveys.py"
RESOURCES = "app_pages/facilitator_resources.py"


@pytest.fixture
def app_env(app_env: str, monkeypatch: pytest.MonkeyPatch) -> str:
    monkeypatch.setenv("WORKSHOP_FACILITATOR_PASSPHRASE", PASSPHRASE)
    return app_env


def _staff(page: str) -> AppTest:
    at = app()
    at.switch_page("app_pages/facilitator_login.py").run()
    at.text_input(key="staff_passphrase").input(PASSPHRASE)
    next(b for b in at.button if b.label == "Log in").click().run()
    return at.switch_page(page).run()


def _click(at: AppTest, label: str) -> AppTest:
    return next(b for b in at.button if b.label == label).click().run()


def _step_labels(at: AppTest) -> list[str]:
    picker = next(s for s in at.selectbox if s.label == "Step")
    return list(picker.options)  # already formatted


@pytest.mark.slow
def test_copy_drop_add_words_and_save(app_env, app_engine, library) -> None:
    at = _staff(SURVEYS)
    assert not at.exception
    at.selectbox(key="auth_src").set_value("aftercare-workshop-60")
    at.text_input(key="auth_new_id").input("our-workshop")
    at = _click(at, "Make a copy to edit")
    assert not at.exception
    shipped = library.surveys["aftercare-workshop-60"]
    assert len(_step_labels(at)) == len(shipped.steps)
    picker = next(s for s in at.selectbox if s.label == "Step")
    dropped = next(  # a question with no pre/post twin to keep the survey valid
        i
        for i, step in enumerate(shipped.steps)
        if getattr(step, "kind", None) is not None and step.measure is None
    )
    picker.set_value(dropped).run()
    at = _click(at, "Remove step")
    assert len(_step_labels(at)) == len(shipped.steps) - 1
    at.selectbox(key="auth_add_kind").set_value(QuestionKind.words).run()
    prefix = next(t.key for t in at.text_input if t.key and t.key.endswith("_words_id"))
    at.text_input(key=prefix).input("need_word")
    at.text_area(key=prefix.replace("_id", "_text")).input("One word for what you need afterwards")
    at = _click(at, "Add question")
    assert not at.exception
    assert _step_labels(at)[-1].endswith("A few words (word cloud): need_word")
    assert not at.error, [e.value for e in at.error]
    # The copy declares Spanish and brought the shipped Spanish texts (less the removed
    # question's): the new question's Spanish is missing, and saving says so.
    assert any("To add or fix before saving (1)" in w.value for w in at.warning)
    at = _click(at, "Save as a new version")
    errors = " ".join(e.value for e in at.error)
    assert "missing translation (es): question 'need_word' > 'text'" in errors, errors
    assert "remove 'es' from 'languages'" in errors
    assert authored.latest_version(app_engine, "our-workshop") is None
    area = next(t for t in at.text_area if t.key and t.key.startswith("auth_tr_"))
    new_item = "  need_word:\n    text: Una palabra para lo que necesitas después\n"
    area.input(area.value.replace("items:\n", "items:\n" + new_item, 1))
    at = _click(at, "Apply the Spanish texts")
    assert any("The Spanish texts are complete" in s.value for s in at.success)
    at = _click(at, "Save as a new version")
    assert not at.exception
    assert any("Saved our-workshop version 1" in s.value for s in at.success)
    spanish = authored.translations(app_engine, "our-workshop", 1)["es"]
    assert spanish.items["need_word"].text == "Una palabra para lo que necesitas después"
    stored = authored.get(app_engine, "our-workshop")
    assert len(stored.steps) == len(shipped.steps)
    assert stored.question("need_word") is not None


@pytest.mark.slow
def test_a_field_problem_is_shown_and_nothing_saved(app_env, app_engine) -> None:
    at = _staff(SURVEYS)
    at.text_input(key="auth_blank_id").input("mine")
    at.text_input(key="auth_blank_title").input("Mine")
    at = _click(at, "Start an empty survey")
    assert any("steps" in e.value for e in at.error)
    at.selectbox(key="auth_add_kind").set_value(QuestionKind.single).run()
    prefix = next(t.key for t in at.text_input if t.key and t.key.endswith("_single_id"))
    at.text_input(key=prefix).input("pick")
    at.text_area(key=prefix.replace("_id", "_text")).input("Pick <b>one</b>")
    at.text_area(key=prefix.replace("_id", "_options")).input("a | A\na | B")
    at = _click(at, "Add question")
    messages = " ".join(e.value for e in at.error)
    assert "option codes must be unique; repeated: a" in messages
    assert next(b for b in at.button if b.label == "Save as a new version").disabled
    assert authored.latest_version(app_engine, "mine") is None


@pytest.mark.slow
def test_three_local_services_replace_the_examples(app_env, app_engine) -> None:
    at = _staff(RESOURCES)
    assert any("Still the shipped examples" in w.value for w in at.warning)
    at.number_input(key="res_count").set_value(3).run()
    at = _click(at, "Empty every field to start afresh")
    services = [("Town clinic", "0123 456"), ("Night line", "0800 111"), ("Safe home", "0800 222")]
    for index, (name, contact) in enumerate(services):
        at.text_input(key=f"res_{index}_name").input(name)
        at.text_input(key=f"res_{index}_contact").input(contact)
        at.text_input(key=f"res_{index}_description").input("Free and confidential.")
    at.text_area(key="res_note").input("If you are in danger right now, call 112.")
    at = _click(at, "Save as the default for new sessions")
    assert not at.exception and not at.error, [e.value for e in at.error]
    assert [w.value for w in at.warning] == [  # no examples left; Spanish words to write
        "This list has no Spanish words yet: participants reading Spanish see it in English. "
        "Below is the English, to translate."
    ]
    version, saved = authored_resources.current(app_engine)
    assert version == 1 and [i.name for i in saved.items] == [n for n, _ in services]
    at.switch_page("app_pages/facilitator_sessions.py").run()
    assert not any("still the shipped examples" in w.value for w in at.warning)
    _click(at, "Create session")
    [created] = sessions.list_sessions(app_engine)
    assert not are_examples(sessions.get_snapshot(app_engine, created.id).resources)


@pytest.mark.slow
def test_resources_saved_for_one_session_are_picked_at_creation(app_env, app_engine) -> None:
    at = _staff(RESOURCES)
    at.number_input(key="res_count").set_value(1).run()
    at = _click(at, "Empty every field to start afresh")
    at.text_input(key="res_0_name").input("Venue nurse")
    at.text_input(key="res_0_contact").input("Room 4")
    at = _click(at, "Save for one session only")
    assert not at.error and any("Saved for one session" in s.value for s in at.success)
    assert any("Still the shipped examples" in w.value for w in at.warning)  # default unchanged
    at.switch_page("app_pages/facilitator_sessions.py").run()
    at.selectbox(key="fac_new_resources").set_value(1)
    _click(at, "Create session")
    [created] = sessions.list_sessions(app_engine)
    resources = sessions.get_snapshot(app_engine, created.id).resources
    assert [item.name for item in resources.items] == ["Venue nurse"]


def _open_mine(at: AppTest) -> AppTest:
    at.selectbox(key="auth_open_id").set_value("our-poll")
    return _click(at, "Edit its newest version")


@pytest.mark.slow
def test_two_staff_editing_one_survey_the_second_save_is_refused(app_env, app_engine, library):
    poll = library.surveys["quick-poll"].model_copy(update={"id": "our-poll"})
    spanish = authored_texts.shipped_texts(library, library.surveys["quick-poll"])
    authored.save(app_engine, poll, library, edited_from=None, translations=spanish)
    first, second = _open_mine(_staff(SURVEYS)), _open_mine(_staff(SURVEYS))
    for at, title in ((first, "First title"), (second, "Second title")):
        at.text_input(key=next(t.key for t in at.text_input if t.label == "Title")).input(title)
        _click(at, "Apply")
    first = _click(first, "Save as a new version")
    assert any("version 2" in s.value for s in first.success)
    second = _click(second, "Save as a new version")
    assert any("Someone else saved version 2" in e.value for e in second.error)
    assert second.session_state["auth_draft"]["title"] == "Second title"  # nothing lost
    assert authored.get(app_engine, "our-poll").title == "First title"
    assert [v.version for v in authored.versions(app_engine, "our-poll")] == [2, 1]


@pytest.mark.slow
def test_changed_english_is_named_in_the_spanish_editor_with_the_notes_kept(
    app_env, app_engine, library
) -> None:
    poll = library.surveys["quick-poll"].model_copy(update={"id": "our-poll"})
    spanish = authored_texts.shipped_texts(library, library.surveys["quick-poll"])
    assert spanish["es"].notes  # the shipped Spanish notes come with the copy
    authored.save(app_engine, poll, library, edited_from=None, translations=spanish)
    at = _open_mine(_staff(SURVEYS))
    assert not any("has changed since" in w.value for w in at.warning)
    at.text_input(key=next(t.key for t in at.text_input if t.label == "Title")).input("Our poll")
    at = _click(at, "Apply")
    assert any("The English of these texts has changed" in w.value for w in at.warning)
    assert "'title'" in [t.value for t in at.text]
    area = next(t for t in at.text_area if t.key and t.key.startswith("auth_tr_"))
    assert "notes:" in area.value
    area.input(area.value.replace(f"title: {spanish['es'].title}", "title: Nuestra encuesta"))
    at = _click(at, "Apply the Spanish texts")
    assert not any("has changed since" in w.value for w in at.warning)
    at = _click(at, "Save as a new version")
    assert authored.translations(app_engine, "our-poll", 2)["es"].notes == spanish["es"].notes


@pytest.mark.slow
def test_a_module_step_is_picked_from_the_library_and_moved(app_env, app_engine, library):
    at = _staff(SURVEYS)
    at.selectbox(key="auth_src").set_value("first-look")
    at.text_input(key="auth_new_id").input("our-look")
    at = _click(at, "Make a copy to edit")
    shipped = library.surveys["first-look"]
    index = next(i for i, s in enumerate(shipped.steps) if not hasattr(s, "kind"))
    next(s for s in at.selectbox if s.label == "Step").set_value(index).run()
    module = next(s for s in at.selectbox if s.label == "Module" and s.key.startswith("auth_mod_"))
    assert module.value == shipped.steps[index].module  # the current module, preselected
    module.set_value("inclusion")
    at = _click(at, "Apply changes")
    next(s for s in at.selectbox if s.label == "Step").set_value(index).run()
    at = _click(at, "Move up")
    steps = at.session_state["auth_draft"]["steps"]
    assert steps[index - 1]["module"] == "inclusion"
    title = library.modules["inclusion"].title
    assert _step_labels(at)[index - 1] == f"{index}. Reading: {title}"


@pytest.mark.slow
def test_the_spanish_texts_are_edited_on_the_page_and_each_save_is_a_version(
    app_env, app_engine
) -> None:
    at = _staff(SURVEYS)
    at.text_input(key="auth_blank_id").input("bilingual")
    at.text_input(key="auth_blank_title").input("Two languages")
    at = _click(at, "Start an empty survey")
    at.selectbox(key="auth_add_kind").set_value(QuestionKind.single).run()
    prefix = next(t.key for t in at.text_input if t.key and t.key.endswith("_single_id"))
    at.text_input(key=prefix).input("pick")
    at.text_area(key=prefix.replace("_id", "_text")).input("Pick one")
    at.text_area(key=prefix.replace("_id", "_options")).input("a | Apples\nb | Pears")
    at = _click(at, "Add question")
    assert not any(s.value == "Texts in other languages" for s in at.subheader)
    langs = next(t for t in at.text_input if t.key and t.key.startswith("auth_langs_"))
    langs.input("en, es")
    at = _click(at, "Apply")
    assert not at.exception
    assert at.selectbox(key="auth_lang").value == "es"
    shown = " ".join(t.value for t in at.text)
    assert "missing translation (es): question 'pick' > option 'b'" in shown
    at = _click(at, "Fill in what is missing with the English, to translate")
    area = next(t for t in at.text_area if t.key and t.key.startswith("auth_tr_"))
    assert "pick:" in area.value and "b: Pears" in area.value  # English, to translate
    area.input(
        area.value.replace("Two languages", "Dos idiomas")
        .replace("Pick one", "Elige una")
        .replace("Apples", "Manzanas")
        .replace("Pears", "Peras")
    )
    at = _click(at, "Apply the Spanish texts")
    at = _click(at, "Save as a new version")
    assert any("Saved bilingual version 1" in s.value for s in at.success)
    area = next(t for t in at.text_area if t.key and t.key.startswith("auth_tr_"))
    area.input(area.value.replace("Peras", "Unas peras"))
    at = _click(at, "Apply the Spanish texts")
    at = _click(at, "Save as a new version")
    assert any("Saved bilingual version 2" in s.value for s in at.success)
    first = authored.translations(app_engine, "bilingual", 1)["es"]
    second = authored.translations(app_engine, "bilingual", 2)["es"]
    assert first.items["pick"].options == {"a": "Manzanas", "b": "Peras"}
    assert second.items["pick"].options == {"a": "Manzanas", "b": "Unas peras"}
    assert second.title == "Dos idiomas"
    assert authored.get(app_engine, "bilingual", 1) == authored.get(
        app_engine, "bilingual", 2
    ).model_copy(update={"version": 1})
