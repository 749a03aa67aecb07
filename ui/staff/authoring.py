"""Widgets for the Surveys page: a question's form from its fields, the phone preview, and
the editor of a survey's texts in its other languages.

The form is laid out from workshop.survey_builder.question_fields (the kind
registry and the Question model's types), so a new kind or field needs no
change here. The preview draws a step with the participants' own widgets in a
390-pixel frame, as a phone shows it.
"""

from __future__ import annotations

from collections.abc import Mapping, MutableMapping, Sequence
from typing import Any

import streamlit as st

from ui.participant import kinds as widget_kinds
from workshop import authored_texts
from workshop.authored_texts import language_name
from workshop.content import Module, ModuleStep, Question, QuestionKind, Survey, SurveyTexts
from workshop.i18n import _, ngettext
from workshop.loading import ContentError, ContentLibrary
from workshop.survey_builder import Field, options_text, question_fields, takes_options
from workshop.text_changes import untranslated_changes

PHONE_WIDTH = 390


def _input(field: Field, value: Any, key: str) -> Any:
    label, help_text = _(field.label), _(field.help) if field.help else None
    if field.input == "bool":
        return st.checkbox(label, value=bool(value), help=help_text, key=key)
    if field.input == "choice":
        choices = ["", *field.choices]
        index = choices.index(value) if value in choices else 0
        return st.selectbox(label, choices, index=index, help=help_text, key=key) or None
    if field.input in ("int", "float"):
        text = st.text_input(
            label, value="" if value is None else f"{value:g}", help=help_text, key=key
        )
        try:
            number = float(text) if text.strip() else None
        except ValueError:
            return text  # the model says what is wrong with it
        if number is not None and field.input == "int" and number.is_integer():
            return int(number)
        return number
    if field.input == "long":
        return st.text_area(label, value=value or "", help=help_text, key=key, height=80)
    return st.text_input(label, value=value or "", help=help_text, key=key)


def question_form(kind: QuestionKind, step: Mapping[str, Any], prefix: str) -> dict[str, Any]:
    """The kind's inputs, filled from `step`; returns the values typed (inside a form)."""
    values: dict[str, Any] = {}
    for field in question_fields(kind):
        values[field.name] = _input(field, step.get(field.name), f"{prefix}_{field.name}")
    if takes_options(kind):
        values["options"] = st.text_area(
            _("Options, one a line: code | label (add | correct to key a knowledge item)"),
            value=options_text(step),
            help=_("Codes are stored in the data; never give an old code a new meaning."),
            key=f"{prefix}_options",
            height=140,
        )
    return values


def preview(step: Question | ModuleStep, modules: Mapping[str, Module]) -> None:
    """The step as a 390-pixel phone shows it (labels as plain text, as participants see)."""
    with st.container(border=True, width=PHONE_WIDTH, key="auth_phone"):
        if isinstance(step, ModuleStep):
            module = modules.get(step.module)
            if module is None:
                st.text(_("Unknown module {module}").format(module=step.module))
                return
            st.subheader(module.title, anchor=False)
            # The phone's own words (ui/participant/screens.py).
            st.caption(
                ngettext(
                    "About {n} minute to read", "About {n} minutes to read", module.minutes
                ).format(n=module.minutes)
            )
            st.text(module.summary)
            return
        widget_kinds.render(step, None)
        st.checkbox(_("Prefer not to answer"), key="auth_preview_decline")


FILLED = "auth_texts_filled"  # bumped when the English is filled in, so the text area starts afresh


def _name(code: str) -> str:
    return f"{language_name(code)} ({code})"


def language_section(title: str, caption: str, languages: Sequence[str], key: str) -> str:
    """A section's heading and explanation, and the choice of the language to edit in it."""
    st.subheader(title, anchor=False)
    st.caption(caption)
    picked = st.selectbox(_("Language to edit"), languages, format_func=_name, key=key)
    return picked if picked in languages else languages[0]


def parsed_texts(survey: Survey, texts: Mapping[str, str]) -> dict[str, SurveyTexts]:
    """The typed texts of each language the survey declares; ContentError with lines."""
    return {
        language: authored_texts.read_texts(texts.get(language, ""), f"{language}/{survey.id}.yaml")
        for language in survey.translated_into
    }


def _changed_english(
    began: tuple[Survey, Mapping[str, str]], survey: Survey, current: SurveyTexts, language: str
) -> None:
    before, texts = began
    try:
        translated = authored_texts.read_texts(texts.get(language, ""), language)
    except ContentError:
        return  # the draft began from texts that did not read: nothing to compare with
    changes = untranslated_changes(before, survey, translated, current)
    if changes:
        st.warning(
            _(
                "The English of these texts has changed since this draft began, and their "
                "{language} texts have not. Check them:"
            ).format(language=language_name(language))
        )
        st.text("\n".join(changes))


def texts_editor(
    survey: Survey,
    texts: MutableMapping[str, str],
    library: ContentLibrary,
    rev: int,
    began: tuple[Survey, Mapping[str, str]] | None = None,
) -> None:
    """Pick one of the survey's other languages, edit its texts as YAML, see what is missing.

    `began`: the survey and its texts as the draft started from them, to name the texts
    whose English has changed since while their translation has not.
    """
    others = survey.translated_into
    if not others:
        return
    language = language_section(
        _("Texts in other languages"),
        _(
            "Participants read the survey in their language. Each language in 'languages' "
            "needs every text the English has, in the form of a translation file "
            "(content/surveys/LANG/ID.yaml): only words, under each question's id and "
            "option's code, and the facilitator notes under 'notes:' by step id (staff "
            "pages only)."
        ),
        others,
        "auth_lang",
    )
    filled = st.session_state.get(FILLED, 0)
    with st.form(f"auth_texts_{rev}_{language}_{filled}"):
        typed = st.text_area(
            _("{language} texts (YAML)").format(language=_name(language)),
            value=texts.get(language, ""),
            height=360,
            key=f"auth_tr_{rev}_{language}_{filled}",
        )
        if st.form_submit_button(
            _("Apply the {language} texts").format(language=language_name(language))
        ):
            texts[language] = typed
    where = f"{language}/{survey.id}.yaml"
    try:
        current = authored_texts.read_texts(texts.get(language, ""), where)
    except ContentError as exc:
        st.error(_("These texts are not valid YAML for a translation yet: fix these lines."))
        st.text("\n".join(str(problem) for problem in exc.problems))
        return
    if began is not None:
        _changed_english(began, survey, current, language)
    issues = authored_texts.problems(survey, {language: current}, library, [language])
    if issues:
        st.warning(_("To add or fix before saving ({count}):").format(count=len(issues) - 1))
        st.text("\n".join(issues[:-1]))
        if st.button(
            _("Fill in what is missing with the English, to translate"), key="auth_tr_fill"
        ):
            filled_in = authored_texts.with_english(survey, current)
            texts[language] = authored_texts.dump_texts(filled_in, survey.id, language)
            st.session_state[FILLED] = filled + 1
            st.rerun()
    else:
        st.success(_("The {language} texts are complete.").format(language=language_name(language)))
    st.download_button(
        _("Download the {language} texts (YAML)").format(language=language_name(language)),
        authored_texts.dump_texts(current, survey.id, language),
        file_name=f"{survey.id}.{language}.yaml",
        key="auth_tr_download",
    )
