"""Reading answers back from the participant widgets, and the page chrome's guards."""

from __future__ import annotations

import re

import pytest

from ui.participant import kinds, widgets
from ui.participant.chrome import plain, safe_exit_url
from workshop.content import Question


@pytest.fixture(scope="module")
def survey(library):
    return library.snapshot("first-look").survey


def q(survey, item: str) -> Question:
    question = survey.question(item)
    assert question is not None
    return question


def test_untouched_widgets_read_as_no_answer(survey) -> None:
    for question in survey.questions:
        assert kinds.read(question, {}) is None, question.id
    ranking = q(survey, "practice_ranking")
    assert kinds.read(ranking, {"answer_practice_ranking__order": []}) is None
    text = q(survey, "one_word")
    assert kinds.read(text, {"answer_one_word": "   \n "}) is None


def test_choices_read_as_codes_in_option_order(survey) -> None:
    practices = q(survey, "practices")
    state = {"answer_practices__quiet": True, "answer_practices__touch": True}
    assert kinds.read(practices, state) == ["touch", "quiet"]
    assert kinds.read(q(survey, "low_mood_ever"), {"answer_low_mood_ever": "na"}) == "na"
    assert kinds.read(q(survey, "comfort_talking"), {"answer_comfort_talking": 0}) == 0


def test_ranking_fills_the_one_place_left_and_passes_partial_ones_on(survey) -> None:
    ranking = q(survey, "practice_ranking")
    order = "answer_practice_ranking__order"
    # three tapped: the fourth can only go last, and the control shows it there
    assert kinds.read(ranking, {order: ["talk", "quiet", "touch"]}) == [
        "talk",
        "quiet",
        "touch",
        "comfort",
    ]
    # two or more left: partial, passed on for validation to refuse in place
    assert kinds.read(ranking, {order: ["talk"]}) == ["talk"]
    # repeats and unknown codes never reach the answer
    assert kinds.read(ranking, {order: ["talk", "talk", "nope"]}) == ["talk"]


def test_a_slider_with_few_points_is_a_scale_and_a_long_one_a_number_box(survey) -> None:
    slider = q(survey, "comfort_talking")
    assert len(widgets.slider_values(slider)) <= widgets.SCALE_MAX_POINTS
    assert kinds.read(slider, {"answer_comfort_talking": 0}) == 0  # "Not at all" is a value
    fine = slider.model_copy(update={"max": 100})
    assert len(widgets.slider_values(fine)) > widgets.SCALE_MAX_POINTS


def test_slider_stops_follow_min_max_and_step(survey) -> None:
    assert widgets.slider_values(q(survey, "comfort_talking")) == list(range(11))
    halves = q(survey, "comfort_talking").model_copy(update={"step": 0.5, "integer": False})
    assert widgets.slider_values(halves)[:3] == [0.0, 0.5, 1.0]
    assert widgets.slider_values(halves)[-1] == 10.0


@pytest.mark.parametrize(
    ("url", "expected"),
    [
        ("about:blank", "about:blank"),
        ("https://weather.example/", "https://weather.example/"),
        ("http://127.0.0.1:9/x", "http://127.0.0.1:9/x"),
        ("javascript:alert(1)", "about:blank"),
        ("data:text/html,hi", "about:blank"),
        ("//evil.example", "about:blank"),
        ("", "about:blank"),
    ],
)
def test_quick_exit_only_goes_to_web_pages(url, expected) -> None:
    assert safe_exit_url(url) == expected


def test_plain_escapes_markdown() -> None:
    assert plain("*a* [b](c) :red[x]") == "\\*a\\* \\[b\\]\\(c\\) \\:red\\[x\\]"


def test_inline_scripts_survive_streamlits_sanitizer() -> None:
    """st.html passes scripts through DOMPurify, which drops a script whose text
    looks like markup (`<` then a letter, `/` or `!`, as in a comment naming a tag)."""
    import ui.participant.chrome as chrome

    for block in re.findall(r"<script>(.*?)</script>", chrome._SCRIPT, re.S):
        assert not re.search(r"<[/\w!]", block), "reword: DOMPurify would drop this script"
