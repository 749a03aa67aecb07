"""Check an answer against its question before anything is stored.

Each kind's rule (workshop/answer_rules.py) is reached through the kind
registry (workshop/kinds.py). Every refusal says what was wrong in words a
participant understands; the page shows it and keeps what was already saved.
"""

from __future__ import annotations

from workshop import kinds
from workshop.answer_rules import NormalizedAnswer, clean_text
from workshop.errors import AnswerRejected
from workshop.i18n import _
from workshop.question import Question

__all__ = ["NormalizedAnswer", "clean_text", "normalize"]


def normalize(question: Question, raw: object) -> NormalizedAnswer:
    """Validate `raw` for `question`; raise AnswerRejected with a clear message."""
    if raw is None:
        raise AnswerRejected(_("Please give an answer or choose 'Prefer not to answer'."))
    return kinds.spec(question.kind).normalize(question, raw)
