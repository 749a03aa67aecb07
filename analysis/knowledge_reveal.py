"""What the room is told when a knowledge item is revealed: the keyed answer and the share correct.

A quiz-style reveal ("18 of 30 answered correctly"; for a post item,
"Before: 12 of 30 answered correctly. After: 24 of 30.") reads as a room
expects, where a change in answers or an effect size does not. The counts are
the published ones (the chart's batch, after disclosure control): a masked or
withheld keyed cell gives no line at all, so nothing hidden is told in words,
and a noisy one (a sensitive knowledge item) reads "about 18 of 30".
"""

from __future__ import annotations

from analysis.disclosure.noise import about
from analysis.live import QuestionView
from workshop.content import Measure, Question, Survey
from workshop.i18n import _

KEYED_MARK = "✓"  # after the keyed option's label on the chart


def correct_count(view: QuestionView) -> int | None:
    """The published count of the keyed answer (None: not a knowledge item, or not shown)."""
    question = view.question
    if not question.knowledge or not view.ready or view.breakdown is None:
        return None
    if view.breakdown.withheld:
        return None
    return view.breakdown.shown_counts().get(question.correct_code or "")


def pre_twin(survey: Survey, question: Question) -> Question | None:
    """The pre item of a post knowledge item (same construct), if any."""
    if not question.knowledge or question.measure is not Measure.post:
        return None
    return next(
        (
            q
            for q in survey.questions
            if q.knowledge and q.measure is Measure.pre and q.construct_id == question.construct_id
        ),
        None,
    )


def reveal_line(view: QuestionView, before: QuestionView | None = None) -> str | None:
    """One line for the room, or None when there is nothing that may be said."""
    now = correct_count(view)
    if now is None:
        return None
    earlier = correct_count(before) if before is not None else None
    if before is not None and earlier is not None:
        return _(
            "Before: {before} of {before_total} answered correctly. After: {after} of {total}."
        ).format(
            before=_count(before, earlier),
            before_total=before.responded,
            after=_count(view, now),
            total=view.responded,
        )
    line = _("{count} of {total} answered correctly.")
    return line.format(count=_count(view, now), total=view.responded).capitalize()


def _count(view: QuestionView, count: int) -> str:
    """A published count as the room reads it: "about 18" when it carries noise."""
    return about(count) if view.noisy else str(count)
