"""Knowledge scores: how many keyed true/false items a participant got right.

A knowledge item is a single-choice question with `knowledge: true` and one
option marked `correct: true` (validated in workshop.content). Items come in
pre/post pairs (same construct), so each participant gets a score before the
modules, a score after, and the change.

Pure functions over a survey and plain answer values, so the export, the live
view and tests can all use them without a database:

    answers = {item_id: value or None}          # None: declined or not reached
    scores = score_participant(survey, answers)
    scores.pre.correct, scores.post.correct, scores.change

"Don't know" and any wrong option score 0; a declined or missing item is not
counted as wrong, it lowers `answered` instead. `change` is only given when
the participant answered every pair on both sides, so a person who stopped
half-way does not look as if they learned or forgot something.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from workshop.content import Measure, Question, Survey


@dataclass(frozen=True)
class KnowledgeScore:
    """One side (pre, post, or a survey without pairs) of a participant's score."""

    correct: int  # answers matching the keyed option
    answered: int  # items with an answer (any option, including "don't know")
    items: int  # knowledge items on this side of the survey

    @property
    def proportion(self) -> float | None:
        """Share of all items answered correctly; None if the side has no items."""
        return self.correct / self.items if self.items else None


@dataclass(frozen=True)
class KnowledgeResult:
    pre: KnowledgeScore
    post: KnowledgeScore
    unpaired: KnowledgeScore  # knowledge items without measure (e.g. a one-off poll)
    change: int | None  # post.correct - pre.correct over complete pairs, else None


def knowledge_items(survey: Survey) -> tuple[Question, ...]:
    """The survey's knowledge items, in survey order."""
    return tuple(q for q in survey.questions if q.knowledge)


def item_score(question: Question, value: object) -> float | None:
    """1.0 for the keyed answer, 0.0 for any other option, None if declined or missing.

    For the export's pre/post pairs: a knowledge pair must be compared on this
    score, not on option position (true=1, false=2, don't know=3 means nothing).
    """
    if not question.knowledge or value is None:
        return None
    return 1.0 if value == question.correct_code else 0.0


def _score(items: list[Question], answers: Mapping[str, object]) -> KnowledgeScore:
    answered = [q for q in items if answers.get(q.id) is not None]
    correct = sum(1 for q in answered if answers[q.id] == q.correct_code)
    return KnowledgeScore(correct=correct, answered=len(answered), items=len(items))


def score_participant(survey: Survey, answers: Mapping[str, object]) -> KnowledgeResult:
    """Score one participant's answers (item id -> stored value, None if declined)."""
    return score_items(knowledge_items(survey), answers)


def score_items(questions: Sequence[Question], answers: Mapping[str, object]) -> KnowledgeResult:
    """As score_participant, over the knowledge items given (those one participant was asked)."""
    items = [q for q in questions if q.knowledge]
    pre = [q for q in items if q.measure is Measure.pre]
    post = [q for q in items if q.measure is Measure.post]
    unpaired = [q for q in items if q.measure is None]
    pre_score, post_score = _score(pre, answers), _score(post, answers)
    complete = (
        bool(pre)
        and pre_score.answered == len(pre)
        and post_score.answered == len(post)
        and len(pre) == len(post)
    )
    return KnowledgeResult(
        pre=pre_score,
        post=post_score,
        unpaired=_score(unpaired, answers),
        change=post_score.correct - pre_score.correct if complete else None,
    )


def score_session(
    survey: Survey, answers_by_participant: Mapping[str, Mapping[str, object]]
) -> dict[str, KnowledgeResult]:
    """Score every participant: participant id -> result (for one export row each)."""
    return {
        pid: score_participant(survey, answers) for pid, answers in answers_by_participant.items()
    }
