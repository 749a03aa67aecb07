"""Widgets for the Surveys page: a question's form from its fields, and the phone preview.

The form is laid out from workshop.survey_builder.question_fields (the kind
registry and the Question model's types), so a new kind or field needs no
change here. The preview draws a step with the participants' own widgets in a
390-pixel frame, as a phone shows it.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import streamlit as st

from ui.participant import kinds as widget_kinds
from workshop.content import Module, ModuleStep, Question, QuestionKind
from workshop.survey_builder import Field, options_text, question_fields, takes_options

PHONE_WIDTH = 390


def _input(field: Field, value: Any, key: str) -> Any:
    label, help_text = field.label, field.help or None
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
            "Options, one a line: code | label (add | correct to key a knowledge item)",
            value=options_text(step),
            help="Codes are stored in the data; never give an old code a new meaning.",
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
                st.text(f"Unknown module {step.module}")
                return
            st.subheader(module.title, anchor=False)
            st.caption(f"About {module.minutes} min reading")
            st.text(module.summary)
            return
        widget_kinds.render(step, None)
        st.checkbox("Prefer not to answer", key="auth_preview_decline")
