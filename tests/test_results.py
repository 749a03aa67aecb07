"""Result rows for screens that are not charts (no Streamlit needed)."""

from __future__ import annotations

from analysis.disclosure import DECLINED, Breakdown, Cell, Mask
from analysis.live import QuestionView, ViewState
from analysis.results import Row, category_rows
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
