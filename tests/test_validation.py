"""Property tests: any raw value is either stored as a valid answer or refused clearly."""

from __future__ import annotations

import json
import math

from hypothesis import given
from hypothesis import strategies as st

from workshop import validation
from workshop.content import Question
from workshop.errors import AnswerRejected

NUMBER = Question(id="n", kind="number", text="N", min=0, max=240, integer=True)
SLIDER = Question(id="s", kind="slider", text="S", min=0, max=1, integer=False)
MULTI = Question(
    id="m",
    kind="multiple",
    text="M",
    max_choices=2,
    options=[{"code": c, "label": c} for c in ("a", "b", "c", "d")],
)
RANK = Question(id="r", kind="ranking", text="R", options=[{"code": c, "label": c} for c in "xyz"])
TEXT = Question(id="t", kind="text", text="T", max_length=50)

anything = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats() | st.text(max_size=60),
    lambda inner: st.lists(inner, max_size=6),
    max_leaves=12,
)


def check(question: Question, raw: object):
    try:
        return validation.normalize(question, raw)
    except AnswerRejected as exc:
        assert str(exc)
        return None


@given(anything)
def test_number_answers_stay_in_range(raw) -> None:
    result = check(NUMBER, raw)
    if result is not None:
        assert 0 <= result.number <= 240 and result.number == int(result.number)


@given(anything)
def test_slider_answers_are_finite_and_in_range(raw) -> None:
    result = check(SLIDER, raw)
    if result is not None:
        assert math.isfinite(result.number) and 0 <= result.number <= 1


@given(anything | st.lists(st.sampled_from("abcdez"), max_size=6))
def test_multiple_choice_respects_codes_and_max(raw) -> None:
    result = check(MULTI, raw)
    if result is not None:
        chosen = json.loads(result.value_json)
        assert 1 <= len(chosen) <= 2 and set(chosen) <= set("abcd")
        assert len(set(chosen)) == len(chosen)


@given(anything | st.permutations("xyz") | st.lists(st.sampled_from("xyzw"), max_size=4))
def test_ranking_is_a_full_permutation(raw) -> None:
    result = check(RANK, raw)
    if result is not None:
        assert sorted(json.loads(result.value_json)) == ["x", "y", "z"]
        assert [p for _, p in result.codes] == [1, 2, 3]


@given(anything | st.text(max_size=120))
def test_text_is_bounded_and_clean(raw) -> None:
    result = check(TEXT, raw)
    if result is not None:
        text = json.loads(result.value_json)
        assert 0 < len(text) <= 50
        assert "\x00" not in text and "\u202e" not in text


def test_an_out_of_range_number_is_refused_in_words_naming_the_range() -> None:
    """Issue 24: the participant is told the allowed range, not only that it is wrong."""
    minutes = Question(id="m", kind="number", text="M", min=0, max=240, unit="minutes")
    cases = [
        (minutes, 600, "Please enter a number from 0 to 240 minutes."),
        (minutes, -1, "Please enter a number from 0 to 240 minutes."),
        (Question(id="a", kind="number", text="A", min=18), 16, "Please enter at least 18."),
        (Question(id="b", kind="number", text="B", max=10), 11, "Please enter at most 10."),
    ]
    for question, raw, message in cases:
        try:
            validation.normalize(question, raw)
        except AnswerRejected as exc:
            assert str(exc) == message
        else:
            raise AssertionError(f"{raw} was accepted")
