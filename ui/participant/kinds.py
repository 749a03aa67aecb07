"""The widget layer's kind registry: how each question kind is asked and read back.

A WidgetKind draws a kind's input (ui/participant/widgets.py has one function
per kind, with the widget keys listed in its docstring) and reads the raw
answer back from session state. `render` and `read` are what the participant
screen calls; tests/test_kind_registry.py fails when a kind has no entry.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import streamlit as st

from ui.participant import widgets
from ui.participant.widgets import WidgetState
from workshop.content import Question, QuestionKind
from workshop.i18n import _
from workshop.participant_view import Answer


@dataclass(frozen=True)
class WidgetKind:
    draw: Callable[[Question, object], None]  # the input, showing the saved value if any
    read: Callable[[Question, WidgetState], object | None]  # None: nothing given
    # False: drawn above the step's form, because each tap must rerun (a form holds no buttons).
    in_form: bool = True


KINDS: dict[QuestionKind, WidgetKind] = {
    QuestionKind.likert: WidgetKind(widgets.radio, widgets.read_value),
    QuestionKind.single: WidgetKind(widgets.radio, widgets.read_value),
    QuestionKind.multiple: WidgetKind(widgets.checkboxes, widgets.read_checked),
    QuestionKind.number: WidgetKind(widgets.number_box, widgets.read_value),
    QuestionKind.slider: WidgetKind(widgets.scale, widgets.read_value),
    QuestionKind.ranking: WidgetKind(widgets.ranking, widgets.read_order, in_form=False),
    QuestionKind.text: WidgetKind(widgets.text_area, widgets.read_text),
    QuestionKind.words: WidgetKind(widgets.words_area, widgets.read_words),
}


def widget(question: Question) -> WidgetKind:
    return KINDS[question.kind]


def render(question: Question, saved: Answer | None) -> None:
    """Draw the question's input, showing the saved answer if there is one."""
    value = None if saved is None or saved.declined else saved.value
    st.subheader(question.text, anchor=False)
    if question.help:
        st.caption(question.help)
    if saved is not None and saved.declined:
        st.caption(_("You chose “Prefer not to answer” here. You can still answer if you like."))
    widget(question).draw(question, value)


def read(question: Question, state: WidgetState) -> object | None:
    """The raw answer from the widgets, or None when nothing was given."""
    return widget(question).read(question, state)
