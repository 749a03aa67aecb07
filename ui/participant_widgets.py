"""One input per question kind, sized for a thumb, and reading the answer back.

Widget keys (stable, so a load simulator or a test can drive them):

    likert, single  answer_<item>            radio, one choice per line; value is an option code
    multiple        answer_<item>__<code>    one checkbox per option
    number          answer_<item>            number input (empty = no answer)
    slider          answer_<item>            select slider; leftmost stop "No answer"
    ranking         answer_<item>__<n>       one selectbox per place, n = 1..options
    text            answer_<item>            text area with a visible character count
    words           answer_<item>            small text area: one word or phrase per line

Likert points are listed top to bottom in scale order: at 390 px a row of
five labelled points wraps into a grid whose reading order hides the scale.
Nothing is preselected: an untouched question reads back as None ("no
answer"), so Next never records an answer the participant did not give.
Question text and labels are authored content; what a participant typed is
only ever put back into an input widget, never rendered as Markdown.
"""

from __future__ import annotations

import re
from collections.abc import MutableMapping
from typing import Any

import streamlit as st

from workshop.content import WORD_MAX_LENGTH, WORDS_MAX, Question, QuestionKind
from workshop.participant_view import Answer

NO_ANSWER = "No answer"  # leftmost stop of a slider: nothing chosen yet
_MAX_SLIDER_STOPS = 1001


def key_for(question: Question, part: str | int | None = None) -> str:
    base = f"answer_{question.id}"
    return base if part is None else f"{base}__{part}"


def slider_values(question: Question) -> list[int | float]:
    """The stops of a slider question, from its min, max and step."""
    low, high = float(question.min or 0), float(question.max or 0)
    step = question.step or (1.0 if question.integer else (high - low) / 100)
    count = min(int(round((high - low) / step)) + 1, _MAX_SLIDER_STOPS)
    values = [low + i * step for i in range(count)]
    if question.integer:
        return [int(round(v)) for v in values]
    return [round(v, 6) for v in values]


def _ordinal(n: int) -> str:
    suffix = "th" if 10 <= n % 100 <= 20 else {1: "st", 2: "nd", 3: "rd"}.get(n % 10, "th")
    return f"{n}{suffix}"


def _fmt(value: float) -> str:
    return f"{value:g}"


def render(question: Question, saved: Answer | None) -> None:
    """Draw the question's input, showing the saved answer if there is one."""
    value = None if saved is None or saved.declined else saved.value
    kind = question.kind
    st.subheader(question.text, anchor=False)
    if question.help:
        st.caption(question.help)
    if saved is not None and saved.declined:
        st.caption("You chose “Prefer not to answer” here. You can still answer if you like.")
    codes = list(question.option_codes)
    if kind in (QuestionKind.likert, QuestionKind.single):
        st.radio(
            question.text,
            codes,
            index=codes.index(value) if value in codes else None,
            format_func=question.label_for,
            key=key_for(question),
            label_visibility="collapsed",
        )
    elif kind is QuestionKind.multiple:
        chosen = set(value) if isinstance(value, list) else set()
        if question.max_choices:
            st.caption(f"Choose up to {question.max_choices}.")
        for option in question.options:
            st.checkbox(
                option.label, value=option.code in chosen, key=key_for(question, option.code)
            )
    elif kind is QuestionKind.number:
        unit = f" ({question.unit})" if question.unit else ""
        bounds = _bounds(question)
        st.number_input(
            f"{question.text}{unit}",
            min_value=_num(question, question.min),
            max_value=_num(question, question.max),
            value=_num(question, value) if isinstance(value, int | float) else None,
            step=1 if question.integer else None,
            placeholder=f"Type a number{unit}",
            key=key_for(question),
            label_visibility="collapsed",
        )
        if question.unit or bounds:
            st.caption(
                " ".join(p for p in (f"In {question.unit}." if question.unit else "", bounds) if p)
            )
    elif kind is QuestionKind.slider:
        stops: list[Any] = [NO_ANSWER, *slider_values(question)]
        start: Any = NO_ANSWER
        if isinstance(value, int | float) and len(stops) > 1:
            nearest = min(stops[1:], key=lambda stop: abs(stop - value))
            start = nearest if abs(nearest - value) < 1e-6 else NO_ANSWER
        st.select_slider(
            question.text,
            options=stops,
            value=start,
            format_func=lambda v: v if v == NO_ANSWER else _fmt(v),
            key=key_for(question),
            label_visibility="collapsed",
        )
        ends = []
        if question.min_label:
            ends.append(f"{_fmt(question.min or 0)} = {question.min_label}")
        if question.max_label:
            ends.append(f"{_fmt(question.max or 0)} = {question.max_label}")
        st.caption(" · ".join(ends + ["Drag or use the arrow keys. Leftmost = no answer."]))
    elif kind is QuestionKind.ranking:
        order = value if isinstance(value, list) else []
        st.caption(
            f"Choose one option for each place, from 1st (most) to {_ordinal(len(codes))} (least)."
        )
        for place in range(1, len(codes) + 1):
            current = order[place - 1] if len(order) >= place else None
            st.selectbox(
                f"{_ordinal(place)} place",
                codes,
                index=codes.index(current) if current in codes else None,
                format_func=question.label_for,
                placeholder="Choose…",
                key=key_for(question, place),
            )
    elif kind is QuestionKind.text:
        st.text_area(
            question.text,
            value=value if isinstance(value, str) else "",
            max_chars=question.text_limit,
            placeholder="Type here (optional)",
            key=key_for(question),
            label_visibility="collapsed",
            height=120,
        )
        st.caption(
            f"Up to {question.text_limit} characters. "
            "The facilitator reads written answers before the group can see them."
        )
    elif kind is QuestionKind.words:
        # One text area, not three inputs: Enter in a text input would submit
        # the step's form with the first word only.
        given = [w for w in value if isinstance(w, str)] if isinstance(value, list) else []
        st.text_area(
            question.text,
            value="\n".join(given),
            max_chars=WORDS_MAX * (WORD_MAX_LENGTH + 1),
            placeholder="One word or short phrase per line",
            key=key_for(question),
            label_visibility="collapsed",
            height=110,
        )
        st.caption(
            f"Up to {WORDS_MAX} words or short phrases, one per line (or separated by "
            "commas). The screen shows only words that several people gave, never who."
        )


def _num(question: Question, value: Any) -> int | float | None:
    if value is None:
        return None
    return int(value) if question.integer else float(value)


def _bounds(question: Question) -> str:
    if question.min is not None and question.max is not None:
        return f"From {_fmt(question.min)} to {_fmt(question.max)}."
    if question.min is not None:
        return f"At least {_fmt(question.min)}."
    if question.max is not None:
        return f"At most {_fmt(question.max)}."
    return ""


def read(question: Question, state: MutableMapping[str, Any]) -> object | None:
    """The raw answer from the widgets, or None when nothing was given."""
    kind = question.kind
    if kind in (QuestionKind.likert, QuestionKind.single, QuestionKind.number):
        return state.get(key_for(question))
    if kind is QuestionKind.multiple:
        chosen = [c for c in question.option_codes if state.get(key_for(question, c))]
        return chosen or None
    if kind is QuestionKind.slider:
        value = state.get(key_for(question))
        return None if value is None or value == NO_ANSWER else value
    if kind is QuestionKind.ranking:
        codes = question.option_codes
        places = [state.get(key_for(question, n)) for n in range(1, len(codes) + 1)]
        filled = [p for p in places if p is not None]
        if not filled:
            return None
        missing = [c for c in codes if c not in filled]
        if len(places) - len(filled) == 1 and len(missing) == 1 and len(set(filled)) == len(filled):
            # Only one place left empty: the one remaining option can only go there.
            return [p if p is not None else missing[0] for p in places]
        return filled
    if kind is QuestionKind.text:
        text = state.get(key_for(question))
        return text if isinstance(text, str) and text.strip() else None
    if kind is QuestionKind.words:
        typed = state.get(key_for(question))
        if not isinstance(typed, str):
            return None
        given = [w.strip() for w in re.split(r"[\n,;]", typed) if w.strip()]
        return given or None
    return None
