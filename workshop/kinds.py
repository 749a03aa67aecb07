"""The workshop layer's kind registry: one KindSpec per question kind.

A spec says everything the core knows about a kind: its shape (label,
options and fields that apply, from workshop/kind_shapes.py), how an answer
is checked and normalized, how a stored answer is read back, whether free
text goes through moderation, and how the demo room answers it. The widgets
(ui/participant/kinds.py) and the charts, exports and summaries (analysis/kinds.py) keep
their own registries keyed by the same kinds; tests/test_kind_registry.py
fails when a kind lacks a part in any of them.
"""

from __future__ import annotations

import random
from collections.abc import Callable
from dataclasses import dataclass

from workshop import answer_rules, demo_answers
from workshop.answer_rules import NormalizedAnswer
from workshop.kind_shapes import SHAPES, KindShape, QuestionKind
from workshop.question import Question

Normalizer = Callable[[Question, object], NormalizedAnswer]
DemoAnswer = Callable[[random.Random, Question, dict[str, str], dict[str, list[float]]], object]


@dataclass(frozen=True)
class KindSpec:
    kind: QuestionKind
    normalize: Normalizer  # check an answer (never None) and put it in stored form
    demo: DemoAnswer  # a plausible synthetic answer for the demo room
    # The answer reads back from its option codes in order (answer_codes rows),
    # not from the stored JSON value.
    reads_codes: bool = False
    moderated: bool = False  # free text: a facilitator approves it before anyone sees it

    @property
    def shape(self) -> KindShape:
        """Label, options and the fields that apply: what a survey builder lays out."""
        return SHAPES[self.kind]

    @property
    def label(self) -> str:
        return self.shape.label

    @property
    def stores_codes(self) -> bool:
        """Answers are option codes, also kept one row per code (replaced on every save)."""
        return self.shape.choice


KINDS: dict[QuestionKind, KindSpec] = {
    spec.kind: spec
    for spec in (
        KindSpec(QuestionKind.likert, answer_rules.choose_one, demo_answers.likert),
        KindSpec(QuestionKind.single, answer_rules.choose_one, demo_answers.one_option),
        KindSpec(
            QuestionKind.multiple,
            answer_rules.choose_several,
            demo_answers.several_options,
            reads_codes=True,
        ),
        KindSpec(QuestionKind.number, answer_rules.number, demo_answers.number),
        KindSpec(QuestionKind.slider, answer_rules.number, demo_answers.slider),
        KindSpec(
            QuestionKind.ranking, answer_rules.rank_all, demo_answers.ranking, reads_codes=True
        ),
        KindSpec(QuestionKind.text, answer_rules.free_text, demo_answers.text, moderated=True),
        KindSpec(QuestionKind.words, answer_rules.word_list, demo_answers.words),
    )
}


def spec(kind: QuestionKind) -> KindSpec:
    return KINDS[kind]


def moderated(question: Question) -> bool:
    """Whether the question's answers wait for a facilitator's approval (free text)."""
    return KINDS[question.kind].moderated
