"""Knowledge scores per participant and their pre/post change."""

from __future__ import annotations

from analysis import knowledge
from workshop.loading import parse_survey

SURVEY = """
id: k
version: 1
title: K
steps:
  - {id: a_pre, kind: single, text: A, knowledge: true, measure: pre, construct: a,
     options: [{code: "true", label: T, correct: true}, {code: "false", label: F},
               {code: dont_know, label: D}]}
  - {id: b_pre, kind: single, text: B, knowledge: true, measure: pre, construct: b,
     options: [{code: "true", label: T}, {code: "false", label: F, correct: true},
               {code: dont_know, label: D}]}
  - {id: other, kind: single, text: O, options: [{code: x, label: X}, {code: y, label: Y}]}
  - {id: solo, kind: single, text: S, knowledge: true,
     options: [{code: "true", label: T, correct: true}, {code: "false", label: F}]}
  - {id: a_post, kind: single, text: A, knowledge: true, measure: post, construct: a,
     options: [{code: "true", label: T, correct: true}, {code: "false", label: F},
               {code: dont_know, label: D}]}
  - {id: b_post, kind: single, text: B, knowledge: true, measure: post, construct: b,
     options: [{code: "true", label: T}, {code: "false", label: F, correct: true},
               {code: dont_know, label: D}]}
"""


def survey():
    return parse_survey(SURVEY, "k.yaml")[0]


def test_items_are_the_knowledge_questions_in_order() -> None:
    assert [q.id for q in knowledge.knowledge_items(survey())] == [
        "a_pre",
        "b_pre",
        "solo",
        "a_post",
        "b_post",
    ]


def test_score_counts_keyed_answers_and_change() -> None:
    answers = {
        "a_pre": "false",
        "b_pre": "dont_know",
        "a_post": "true",
        "b_post": "false",
        "solo": "true",
        "other": "x",
    }
    result = knowledge.score_participant(survey(), answers)
    assert (result.pre.correct, result.pre.answered, result.pre.items) == (0, 2, 2)
    assert (result.post.correct, result.post.answered) == (2, 2)
    assert result.change == 2
    assert result.post.proportion == 1.0
    assert (result.unpaired.correct, result.unpaired.items) == (1, 1)


def test_declined_or_missing_items_give_no_change() -> None:
    answers = {"a_pre": "true", "b_pre": None, "a_post": "true", "b_post": "false"}
    result = knowledge.score_participant(survey(), answers)
    assert result.pre.correct == 1 and result.pre.answered == 1
    assert result.change is None  # not every pair answered: no change reported
    stopped = knowledge.score_participant(survey(), {"a_pre": "true", "b_pre": "false"})
    assert stopped.post.answered == 0 and stopped.change is None


def test_a_wrong_post_answer_lowers_the_change() -> None:
    answers = {"a_pre": "true", "b_pre": "false", "a_post": "false", "b_post": "false"}
    assert knowledge.score_participant(survey(), answers).change == -1


def test_score_session_scores_each_participant() -> None:
    scores = knowledge.score_session(survey(), {"p1": {"a_pre": "true"}, "p2": {"a_pre": "false"}})
    assert scores["p1"].pre.correct == 1 and scores["p2"].pre.correct == 0


def test_shipped_full_workshop_can_be_scored(library) -> None:
    full = library.surveys["aftercare-workshop"]
    keyed = {q.id: q.correct_code for q in knowledge.knowledge_items(full)}
    result = knowledge.score_participant(full, keyed)
    assert result.pre.correct == result.pre.items == result.post.correct >= 5
    assert result.change == 0


def test_item_score_is_correctness_not_option_position() -> None:
    items = {q.id: q for q in survey().questions}
    assert knowledge.item_score(items["b_pre"], "false") == 1.0
    assert knowledge.item_score(items["b_pre"], "dont_know") == 0.0
    assert knowledge.item_score(items["b_pre"], None) is None
    assert knowledge.item_score(items["other"], "x") is None  # not a knowledge item
