"""The input of each question kind, sized for a thumb, and reading the answer back.

Widget keys (stable, so a load simulator or a test can drive them):

    likert, single  answer_<item>            radio, one choice per line; value is an option code
    multiple        answer_<item>__<code>    one checkbox per option
    number          answer_<item>            number input (empty = no answer)
    slider          answer_<item>            pills, one per point (number input past 11 points);
                                             nothing chosen until tapped
    ranking         answer_<item>__<code>    one button per option, tapped in order of preference;
                    answer_<item>__undo, __clear; the order in session state answer_<item>__order
    text            answer_<item>            text area with a visible character count
    words           answer_<item>            small text area: one word or phrase per line

Likert points are listed top to bottom in scale order: at 390 px a row of
five labelled points wraps into a grid whose reading order hides the scale.
Nothing is preselected: an untouched question reads back as None ("no
answer"), so Next never records an answer the participant did not give.
Question text and labels are authored content; what a participant typed is
only ever put back into an input widget, never rendered as Markdown.
ui/participant/kinds.py maps each kind to its input and its reader below, and draws the
question's heading above them.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Any

import streamlit as st

from workshop import i18n
from workshop.content import WORD_MAX_LENGTH, WORDS_MAX, Question
from workshop.i18n import _, ngettext

# What the readers take: st.session_state (keys str | int) or a plain dict in tests.
# Any keys, since a Mapping's key type is invariant and neither fits the other's.
WidgetState = Mapping[Any, Any]
SCALE_MAX_POINTS = 11  # a slider with more points is a number box
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
    """1st, 2nd, 3rd, 4th in English; each language writes its own (Spanish: 1.º for all)."""
    if 10 <= n % 100 <= 20:
        return _("{n}th").format(n=n)
    pattern = {1: _("{n}st"), 2: _("{n}nd"), 3: _("{n}rd")}.get(n % 10) or _("{n}th")
    return pattern.format(n=n)


def _fmt(value: float) -> str:
    return i18n.short_number(value)


def radio(question: Question, value: object) -> None:
    """likert and single: one option per line, in scale order."""
    codes = list(question.option_codes)
    st.radio(
        question.text,
        codes,
        index=codes.index(value) if value in codes else None,
        format_func=question.label_for,
        key=key_for(question),
        label_visibility="collapsed",
    )


def checkboxes(question: Question, value: object) -> None:
    chosen = set(value) if isinstance(value, list) else set()
    if question.max_choices:
        st.caption(_("Choose up to {count}.").format(count=question.max_choices))
    for option in question.options:
        st.checkbox(option.label, value=option.code in chosen, key=key_for(question, option.code))


def number_box(question: Question, value: object) -> None:
    unit = f" ({question.unit})" if question.unit else ""
    bounds = _bounds(question)
    # No min_value/max_value: Streamlit's own check paints the box red, says nothing and
    # drops the number; the step's rule (workshop/answer_rules.py) names the range instead.
    st.number_input(
        f"{question.text}{unit}",
        value=_num(question, value) if isinstance(value, int | float) else None,
        step=1 if question.integer else None,
        placeholder=_("Type a number{unit}").format(unit=unit),
        key=key_for(question),
        label_visibility="collapsed",
    )
    if question.unit or bounds:
        st.caption(
            " ".join(
                p
                for p in (
                    _("In {unit}.").format(unit=question.unit) if question.unit else "",
                    bounds,
                )
                if p
            )
        )


def text_area(question: Question, value: object) -> None:
    _text_box(
        question,
        value if isinstance(value, str) else "",
        question.text_limit,
        _("Type here (optional)"),
        120,
        _(
            "Up to {limit} characters. "
            "The facilitator reads written answers before the group can see them."
        ).format(limit=i18n.number(question.text_limit)),
    )


def words_area(question: Question, value: object) -> None:
    # One text area, not three inputs: Enter in a text input would submit
    # the step's form with the first word only.
    given = [w for w in value if isinstance(w, str)] if isinstance(value, list) else []
    _text_box(
        question,
        "\n".join(given),
        WORDS_MAX * (WORD_MAX_LENGTH + 1),
        _("One word or short phrase per line"),
        110,
        _(
            "Up to {count} words or short phrases, one per line (or separated by "
            "commas). The screen shows only words that several people gave, never who."
        ).format(count=WORDS_MAX),
    )


def _text_box(
    question: Question, value: str, max_chars: int, placeholder: str, height: int, caption: str
) -> None:
    st.text_area(
        question.text,
        value=value,
        max_chars=max_chars,
        placeholder=placeholder,
        key=key_for(question),
        label_visibility="collapsed",
        height=height,
    )
    st.caption(caption)


def order_key(question: Question) -> str:
    """Session-state key of a ranking's order so far (a list of option codes)."""
    return key_for(question, "order")


def ranking(question: Question, value: object) -> None:
    """A ranking item: tap the options in order of preference; the order is shown and undoable.

    Drawn outside the step's form (a form cannot hold buttons); a tap reruns
    the participant screen's fragment. The order lives in session state until
    Next or Back saves it with the step. When one option is left it can only
    go last, so it is shown there and saved there; with two or more left the
    ranking is partial and Next refuses it, saying what to do (validation).
    """
    key = order_key(question)
    if key not in st.session_state:
        codes = question.option_codes
        start = [c for c in value if c in codes] if isinstance(value, list) else []
        st.session_state[key] = list(dict.fromkeys(start))
    _ranking_taps(question)


def _toggle(key: str, code: str) -> None:
    order: list[str] = st.session_state[key]
    st.session_state[key] = [c for c in order if c != code] if code in order else [*order, code]


def _undo(key: str) -> None:
    st.session_state[key] = st.session_state[key][:-1]


def _clear(key: str) -> None:
    st.session_state[key] = []


def _ranking_taps(question: Question) -> None:
    key = order_key(question)
    codes = list(question.option_codes)
    tapped: list[str] = st.session_state.get(key, [])
    shown = complete_ranking(codes, tapped)
    st.caption(
        _(
            "Tap the options from most wanted ({first}) to least ({last}). "
            "Tap a placed option again to take it out."
        ).format(first=_ordinal(1), last=_ordinal(len(codes)))
    )
    for code in codes:  # fixed order: each button stays where the thumb expects it
        placed = shown.index(code) + 1 if code in shown else None
        label = question.label_for(code)
        st.button(
            f"{_ordinal(placed)}: {label}" if placed else label,
            key=key_for(question, code),
            type="primary" if placed else "secondary",
            on_click=_toggle,
            args=(key, code),
            width="stretch",
        )
    if not shown:
        summary = _("Your order: nothing placed yet.")
    else:
        places = ", ".join(f"{_ordinal(n)} {question.label_for(c)}" for n, c in enumerate(shown, 1))
        left = len(codes) - len(shown)
        summary = _("Your order: {places}.").format(places=places)
        if left:
            summary += " " + ngettext("{n} still to place.", "{n} still to place.", left).format(
                n=left
            )
    st.caption(summary)
    with st.container(horizontal=True):
        for label, name, callback in (
            (_("Undo last"), "undo", _undo),
            (_("Clear"), "clear", _clear),
        ):
            st.button(
                label,
                key=key_for(question, name),
                on_click=callback,
                args=(key,),
                disabled=not tapped,
            )


def complete_ranking(codes: list[str], tapped: list[str]) -> list[str]:
    """The order as saved: what was tapped, and the one option left (if one is) last."""
    order = [c for c in dict.fromkeys(tapped) if c in codes]
    missing = [c for c in codes if c not in order]
    return order + missing if len(missing) == 1 else order


def scale(question: Question, value: Any) -> None:
    """A slider question: one tap target per point, nothing chosen until tapped.

    A track cannot show "nothing chosen" (its thumb always sits somewhere, and
    a "No answer" stop at its left end was one notch from 0), so a scale of up
    to SCALE_MAX_POINTS points is a row of numbered pills, both ends labelled;
    a longer one is a number box (empty = no answer). Either way the stored
    value is the number, and 0 is one tap.
    """
    stops = slider_values(question)
    low, high = _fmt(question.min or 0), _fmt(question.max or 0)
    ends = [
        f"{low} = {question.min_label}" if question.min_label else "",
        f"{high} = {question.max_label}" if question.max_label else "",
    ]
    if any(ends):
        st.caption(" · ".join(e for e in ends if e))
    current = value if isinstance(value, int | float) else None
    if len(stops) <= SCALE_MAX_POINTS:
        chosen = next(
            (stop for stop in stops if current is not None and abs(stop - current) < 1e-6), None
        )
        st.pills(
            _("{question} ({low} to {high})").format(question=question.text, low=low, high=high),
            stops,
            default=chosen,
            format_func=_fmt,
            key=key_for(question),
            label_visibility="collapsed",
        )
        st.caption(_("Tap a number; tap it again to clear it."))
    else:
        st.number_input(  # no min_value/max_value: see number_box
            _("{question} ({low} to {high})").format(question=question.text, low=low, high=high),
            value=_num(question, current),
            step=question.step or (1 if question.integer else None),
            placeholder=_("A number from {low} to {high}").format(low=low, high=high),
            key=key_for(question),
            label_visibility="collapsed",
        )


def _num(question: Question, value: Any) -> int | float | None:
    if value is None:
        return None
    return int(value) if question.integer else float(value)


def _bounds(question: Question) -> str:
    if question.min is not None and question.max is not None:
        return _("From {low} to {high}.").format(low=_fmt(question.min), high=_fmt(question.max))
    if question.min is not None:
        return _("At least {low}.").format(low=_fmt(question.min))
    if question.max is not None:
        return _("At most {high}.").format(high=_fmt(question.max))
    return ""


def read_value(question: Question, state: WidgetState) -> object | None:
    """likert, single, number, slider: the widget's value as it is."""
    return state.get(key_for(question))


def read_checked(question: Question, state: WidgetState) -> object | None:
    chosen = [c for c in question.option_codes if state.get(key_for(question, c))]
    return chosen or None


def read_order(question: Question, state: WidgetState) -> object | None:
    tapped = state.get(order_key(question))
    if not isinstance(tapped, list):
        return None
    return complete_ranking(list(question.option_codes), tapped) or None


def read_text(question: Question, state: WidgetState) -> object | None:
    text = state.get(key_for(question))
    return text if isinstance(text, str) and text.strip() else None


def read_words(question: Question, state: WidgetState) -> object | None:
    typed = state.get(key_for(question))
    if not isinstance(typed, str):
        return None
    given = [w.strip() for w in re.split(r"[\n,;]", typed) if w.strip()]
    return given or None
