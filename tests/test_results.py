"""Result rows for screens that are not charts (no Streamlit needed)."""

from __future__ import annotations

from analysis import prepost
from analysis.disclosure import DECLINED, Breakdown, Cell, Mask
from analysis.live import QuestionView, ViewState
from analysis.results import Row, category_rows, prepost_rows
from workshop.content import PREFER_NOT_TO_ANSWER
from workshop.loading import ContentLibrary


def _view(library: ContentLibrary, breakdown: Breakdown, k: int = 5) -> QuestionView:
    question = library.snapshot("first-look").survey.question("low_mood_ever")
    assert question is not None
    return QuestionView(
        question=question,
        k=k,
        responded=breakdown.total,
        declined=None,
        participants=breakdown.total,
        state=ViewState.ready,
        breakdown=breakdown,
    )


def test_category_rows_say_why_a_cell_is_masked(library: ContentLibrary) -> None:
    cells = (
        Cell("yes", 12),
        Cell("no", None, Mask.small),
        Cell("unsure", None, Mask.protective),
        Cell(DECLINED, 8),
    )
    rows = category_rows(_view(library, Breakdown(24, cells), k=5))
    assert rows == [
        Row("Yes", 12, 0.5, "Yes: 12 (50%)"),
        Row("No", None, 0.0, "No: fewer than 5"),
        Row("Not sure", None, 0.0, "Not sure: hidden to protect a small group"),
        Row(PREFER_NOT_TO_ANSWER, 8, 8 / 24, f"{PREFER_NOT_TO_ANSWER}: 8 (33%)"),
    ]


def test_withheld_breakdown_has_no_rows(library: ContentLibrary) -> None:
    withheld = Breakdown(4, (Cell("yes", None, Mask.small),), withheld=True, reason="too small")
    assert category_rows(_view(library, withheld)) == []


def test_prepost_rows_format_intervals_and_hide_small_pairs(library: ContentLibrary) -> None:
    survey = library.snapshot("first-look").survey
    shown = prepost.PrePostResult(
        "importance", "importance_pre", "importance_post", 10, 0.1, 0.8, 1.0, 3.0, 0.02,
        0.64, 0.25, 0.9, False,
    )  # fmt: skip
    hidden = prepost.compare("gone", "no_such_pre", "no_such_post", [1, 2], [2, 3], k=5)
    asked = survey.question("importance_pre")
    assert asked is not None
    rows = prepost_rows(prepost.table([shown, hidden]), survey)
    assert rows[0] == {
        "Question": asked.text,
        "Pairs": 10,
        "Mean change": 0.8,
        "Effect (r)": 0.64,
        "95% interval": "+0.25 to +0.90",
        "Wilcoxon p": 0.02,
    }
    assert rows[1] == {
        "Question": "gone",  # no such question in the survey: the construct id
        "Pairs": "fewer than k",
        "Mean change": None,
        "Effect (r)": None,
        "95% interval": "",
        "Wilcoxon p": None,
    }
