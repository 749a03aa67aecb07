"""Before and after in plain words: labels, one-line readings, rounding (no Streamlit)."""

from __future__ import annotations

import json

import pandas as pd
import pytest

from analysis import charts, prepost, prepost_wording
from workshop.content import Question, QuestionKind
from workshop.loading import ContentLibrary


def _likert(**extra: object) -> Question:
    points = ["Disagree a lot", "Disagree", "Neither", "Agree", "Agree a lot"]
    return Question.model_validate(
        {
            "id": "q_pre",
            "kind": "likert",
            "text": "How much do you agree that aftercare matters after every kind of sex?",
            "options": [{"code": str(i + 1), "label": label} for i, label in enumerate(points)],
            **extra,
        }
    )


def test_short_label_wins_and_long_text_is_cut_at_a_word() -> None:
    assert prepost_wording.short_label(_likert(short_label="Aftercare matters")) == (
        "Aftercare matters"
    )
    cut = prepost_wording.short_label(_likert())
    assert cut.endswith("…") and len(cut) <= prepost_wording.SHORT_TEXT
    assert cut == "How much do you agree that aftercare matters…"


def test_short_label_is_limited_in_the_content_model() -> None:
    with pytest.raises(ValueError, match="short_label"):
        _likert(short_label="x" * 61)


@pytest.mark.parametrize(
    ("r", "expected"),
    [
        (0.05, "About the same before and after."),
        (-0.09, "About the same before and after."),
        (0.2, "Answers moved a little toward “Agree a lot”."),
        (0.4, "Answers moved toward “Agree a lot”."),
        (-0.7, "Answers moved clearly toward “Disagree a lot”."),
    ],
)
def test_reading_names_the_scale_end_answers_moved_toward(r: float, expected: str) -> None:
    assert prepost_wording.reading(_likert(), r, suppressed=False, k=5) == expected


def test_reading_has_no_direction_where_answers_are_no_scale() -> None:
    knowledge = Question.model_validate(
        {
            "id": "know_pre",
            "kind": "single",
            "text": "True or false?",
            "options": [{"code": "t", "label": "True"}, {"code": "f", "label": "False"}],
        }
    )
    assert prepost_wording.reading(knowledge, 0.6, suppressed=False, k=5) == (
        "Answers changed clearly between before and after."
    )
    assert prepost_wording.change_text(knowledge, 0.6) == ""


def test_numbers_without_end_labels_move_higher_or_lower_in_their_unit() -> None:
    hours = Question(id="h_pre", kind=QuestionKind.number, text="Hours?", unit="hours")
    assert prepost_wording.reading(hours, -0.35, suppressed=False, k=5) == "Answers moved lower."
    assert prepost_wording.change_text(hours, -1.25) == "-1.2 hours"


def test_suppressed_pairs_say_why_and_carry_no_figure() -> None:
    assert prepost_wording.reading(_likert(), 0.9, suppressed=True, k=7) == (
        "Not shown: fewer than 7 people answered both before and after."
    )


def test_numbers_are_rounded_for_people() -> None:
    assert prepost_wording.signed(0.04999, 1) == "0.0"
    assert prepost_wording.signed(0.8333, 2) == "+0.83"
    assert prepost_wording.p_text(0.0004) == "< 0.001"
    assert prepost_wording.p_text(0.04321) == "0.043"


def _results() -> pd.DataFrame:
    return prepost.table(
            [
                prepost.PrePostResult(
                    "importance", "importance_pre", "importance_post", 12, 0.1, 0.8333, 1.0,
                    3.0, 0.0213, 0.6421, 0.25, 0.9123, False,
                ),
                prepost.compare("gone", "no_such_pre", "no_such_post", [1, 2], [2, 3], k=5),
            ]
    )  # fmt: skip


def test_room_lines_and_researcher_table(library: ContentLibrary) -> None:
    survey = library.snapshot("first-look").survey
    results = _results()
    lines = prepost_wording.lines(results, survey, 5)
    asked = survey.question("importance_pre")
    assert asked is not None
    assert lines[0].label == prepost_wording.short_label(asked)
    assert "importance" not in lines[0].label.split()  # never the internal id
    assert lines[0].sentence == (
        "Answers moved clearly toward “Extremely important” (12 people, +0.8 points on average)."
    )
    assert lines[1].label == "Question 2"  # not in the survey: never its id
    assert lines[1].people is None and lines[1].sentence.startswith("Not shown")
    table = prepost_wording.researcher_rows(results, survey)
    assert table[0]["Rank-biserial r"] == "+0.64"
    assert table[0]["95% CI of r"] == "+0.25 to +0.91"
    assert table[0]["Wilcoxon p"] == "0.021"
    assert table[0]["Unmatched"] == "10%"
    assert table[1]["Pairs"] == "" and table[1]["Wilcoxon p"] == ""


def test_prepost_chart_speaks_plainly(library: ContentLibrary) -> None:
    survey = library.snapshot("first-look").survey
    results = _results()
    spec = json.dumps(charts.prepost(results, survey, 5).to_dict())
    assert "rank-biserial" not in spec.lower() and "wilcoxon" not in spec.lower()
    assert "construct" not in spec.lower()
    assert "importance_pre" not in spec and '"gone"' not in spec
    assert charts.PREPOST_TITLE in spec  # the description a screen reader announces
    summary = prepost_wording.chart_summary(results, survey, 5)
    assert summary[0].endswith("(12 people, +0.8 points on average).")
