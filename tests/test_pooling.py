"""Pooling sessions: shared items across survey versions and per-session disclosure control."""

from __future__ import annotations

from analysis import pooling
from analysis.disclosure import Breakdown, Cell, Mask
from analysis.live import QuestionView, ViewState
from workshop.content import Option, Question, QuestionKind


def _likert(
    text: str = "How sure are you?", labels: tuple[str, ...] = ("No", "Maybe", "Yes")
) -> Question:
    return Question(
        id="sure",
        kind=QuestionKind.single,
        text=text,
        options=tuple(Option(code=f"o{i}", label=label) for i, label in enumerate(labels)),
    )


def _view(cells: dict[str, int | None], k: int = 3) -> QuestionView:
    shown = tuple(
        Cell(key, count, Mask.shown if count is not None else Mask.small)
        for key, count in cells.items()
    )
    total = sum(c or 0 for c in cells.values())
    return QuestionView(
        _likert(), k, total, None, total, ViewState.ready, breakdown=Breakdown(total, shown)
    )


def test_a_cell_masked_in_any_session_is_masked_in_the_pool() -> None:
    views = [_view({"o0": 4, "o1": None, "o2": 5}), _view({"o0": 3, "o1": 6, "o2": 7})]
    pooled = pooling.pooled_view(_likert(), views)
    assert pooled.breakdown is not None
    assert pooled.breakdown.shown_counts() == {"o0": 7, "o2": 12}
    assert pooled.breakdown.masked_keys == ("o1",)


def test_a_session_still_waiting_for_k_answers_takes_no_part() -> None:
    waiting = QuestionView(_likert(), 3, 2, None, 10, ViewState.waiting)
    pooled = pooling.pooled_view(_likert(), [_view({"o0": 4, "o1": 3, "o2": 5}), waiting])
    assert pooled.responded == 12
    assert pooled.breakdown is not None and pooled.breakdown.shown_counts()["o0"] == 4


def test_reworded_or_recoded_items_are_not_pooled(library) -> None:
    survey = library.surveys["first-look"]
    first = survey.questions[0]
    steps = [
        step.model_copy(update={"text": step.text + " (reworded)"}) if step is first else step
        for step in survey.steps
    ]
    reworded = survey.model_copy(update={"steps": steps, "version": survey.version + 1})
    shared = pooling.shared_items([survey, reworded])
    assert first.id in shared.excluded
    assert "wording" in shared.excluded[first.id]
    assert [q.id for q in shared.questions] == [q.id for q in survey.questions[1:]]
    same = pooling.shared_items([survey, survey])
    assert not same.excluded and len(same.questions) == len(survey.questions)
