"""The Surveys page's and `workshop validate`'s own words are marked for translation.

The catalogs may lag the code, so these read the pseudo-locale: every string that goes
through `_()` comes back bracketed (⟦...⟧), and one that was left English does not.
The form's labels and help are also checked to be extractable (marked with N_), as the
catalog is built from what `pybabel extract` finds.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from babel.messages.extract import extract_from_file
from streamlit.testing.v1 import AppTest

from workshop import (
    authored,
    authored_resources,
    authored_texts,
    i18n,
    references,
    survey_builder,
)
from workshop.content import QuestionKind, Survey
from workshop.content_yaml import ContentError
from workshop.kind_shapes import SHAPES, taking
from workshop.loading import load_content
from workshop.survey_yaml import read_survey
from workshop.translation_files import text_problems

ROOT = Path(__file__).resolve().parents[1]
KEYWORDS = {"_": None, "N_": None, "ngettext": (1, 2), "pgettext": ((1, "c"), 2)}


def _pseudo(message: str) -> bool:
    """Translated in the pseudo-locale: the sentence is bracketed, or begins with a place
    that is (a pydantic message after it stays English)."""
    return message.startswith("⟦") or message.split(": ", 1)[0].endswith("⟧")


def _extracted(*files: str) -> set[str]:
    return {
        message
        for file in files
        for _line, message, _comments, _context in extract_from_file(
            "python", str(ROOT / file), keywords=KEYWORDS, comment_tags=()
        )
        if isinstance(message, str)
    }


BAD_QUESTIONS = {
    "id": "mine",
    "version": 1,
    "title": "Mine",
    "language": "en",
    "steps": [
        {"id": "one", "kind": "single", "text": "Pick", "options": [{"code": "a", "label": "A"}]},
        {"id": "slide", "kind": "slider", "text": "How much", "min": 5, "max": 1},
        {"id": "count", "kind": "number", "text": "How many", "max_choices": 2},
        {"id": "two", "kind": "text"},
    ],
}


def test_every_form_label_and_help_is_marked_and_shown_translated() -> None:
    fields = {field for kind in QuestionKind for field in survey_builder.question_fields(kind)}
    marked = _extracted("workshop/survey_builder.py", "workshop/question.py")
    assert {field.label for field in fields} <= marked
    assert {field.help for field in fields if field.help} <= marked
    # The fields keep English (no language frozen in them); the form translates them.
    with i18n.using(i18n.PSEUDO):
        assert survey_builder.question_fields(QuestionKind.slider)[2].label == "Short label"


def _form() -> None:
    import streamlit as st

    from ui.staff.authoring import question_form
    from workshop import i18n
    from workshop.content import QuestionKind

    with i18n.using(i18n.PSEUDO), st.form("form"):
        question_form(QuestionKind.slider, {}, "q")
        st.form_submit_button("Apply")


def test_the_question_form_is_drawn_in_the_language_in_use() -> None:
    at = AppTest.from_function(_form).run()
    inputs = [*at.text_input, *at.text_area, *at.checkbox, *at.selectbox]
    assert inputs
    assert all(widget.label.startswith("⟦") for widget in inputs), [w.label for w in inputs]
    assert all(widget.help.startswith("⟦") for widget in inputs if widget.help)


def test_a_drafts_problems_are_in_the_language_in_use() -> None:
    with i18n.using(i18n.PSEUDO):
        _built, problems = survey_builder.check(BAD_QUESTIONS, modules=(), shipped=("mine",))
        _options, option_problems = survey_builder.parse_options("a | A\nno label here")
        _built, empty = survey_builder.check({**BAD_QUESTIONS, "steps": []}, modules=())
    messages = [problem.message for problem in problems]
    assert len(messages) >= 3  # one per bad question, then the missing text
    assert all(_pseudo(message) for message in messages), messages
    assert any("⟦" in message.split(": ", 1)[-1] for message in messages)  # the reason too
    assert all(_pseudo(message) for message in [*option_problems, empty[0].message])


def test_the_kinds_a_field_applies_to_are_named_in_the_language_in_use() -> None:
    with i18n.using(i18n.PSEUDO):
        assert "⟦" in taking("min") and "⟦" in taking("knowledge")
    assert taking("min") == "number and slider"
    assert all(shape.noun for shape in SHAPES.values())


def test_an_upload_and_a_valid_surveys_own_checks_speak_the_language_in_use(library) -> None:
    text = (
        "id: mine\nversion: 1\ntitle: Mine\nlanguage: en\nsteps:\n"
        "  - {id: a, kind: text, text: '<b>Bold</b>'}\n  - module: nowhere\n"
    )
    with i18n.using(i18n.PSEUDO), pytest.raises(ContentError) as refused:
        read_survey(text.encode(), "mine.yaml", library.modules)
    assert refused.value.problems
    assert all(_pseudo(problem.message) for problem in refused.value.problems)
    steps = [{"id": "a", "kind": "text", "text": "**Bold**"}, {"module": "nowhere"}]
    survey = Survey.model_validate({**BAD_QUESTIONS, "id": "quick-poll", "steps": steps})
    with i18n.using(i18n.PSEUDO):
        problems = authored.check(survey, library.modules, ["quick-poll"])
    assert len(problems) == 3 and all(_pseudo(message) for message in problems), problems


def _declaring_spanish() -> Survey:
    return Survey.model_validate(
        {
            "id": "mine",
            "version": 1,
            "title": "Mine",
            "language": "en",
            "languages": ["en", "es"],
            "steps": [
                {
                    "id": "q",
                    "kind": "single",
                    "text": "Pick",
                    "notes": "Say hello",
                    "options": [{"code": "a", "label": "A"}, {"code": "b", "label": "B"}],
                },
                {"module": "five-practices"},
            ],
        }
    )


def test_missing_translations_of_authored_texts_are_in_the_language_in_use(library) -> None:
    survey = _declaring_spanish()
    empty = authored_texts.read_texts("", "es/mine.yaml")
    stale = authored_texts.read_texts("items:\n  gone: {text: Hola}\n", "es/mine.yaml")
    with i18n.using(i18n.PSEUDO):
        found = authored_texts.problems(survey, {"es": empty}, library)
        found += text_problems(survey, None, "es", "the es texts")
        found += text_problems(survey, stale, "es", "the es texts")
    assert len(found) > 4
    assert all(_pseudo(message) for message in found), found


def test_workshop_validate_reports_missing_and_stale_translations_translated(tmp_path) -> None:
    (tmp_path / "surveys" / "es").mkdir(parents=True)
    (tmp_path / "surveys" / "mine.yaml").write_text(
        "id: mine\nversion: 1\ntitle: Mine\nlanguage: en\nlanguages: [en, es]\nsteps:\n"
        "  - {id: q, kind: text, text: Why}\n",
        encoding="utf-8",
    )
    (tmp_path / "surveys" / "es" / "gone.yaml").write_text("title: Nada\n", encoding="utf-8")
    with i18n.using(i18n.PSEUDO):
        problems = load_content(tmp_path).problems
    assert len(problems) >= 2  # a stale file, and the survey's missing Spanish
    assert all(_pseudo(problem.message) for problem in problems), problems
    with i18n.using(i18n.PSEUDO):
        _entries, found = references.load_entries('[{"id": "x"}, {"id": "x"}, 3]')
    assert len(found) == 4 and all(_pseudo(problem.message) for problem in found), found


def test_edit_conflicts_and_the_resources_form_speak_the_language_in_use() -> None:
    item = {"name": "<b>Help</b>", "url": "https://example.org"}
    with i18n.using(i18n.PSEUDO):
        conflicts = [
            str(authored._conflict("mine", 2, None)),
            str(authored._conflict("mine", 3, 2)),
            str(authored_resources._conflict(4, None)),
        ]
        _resources, marked = authored_resources.from_form("Support", "**note**", [item])
        _resources, invalid = authored_resources.from_form("Support", "", [{"name": "x" * 500}])
    assert all(message.startswith("⟦") for message in conflicts)
    assert len(marked) == 2 and all(_pseudo(message) for message in marked)
    assert invalid and all(_pseudo(message) for message in invalid), invalid
