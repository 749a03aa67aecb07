"""The room's knowledge reveal: the keyed answer marked, "x of n answered correctly" (issue 24 point 7)."""

from __future__ import annotations

import json

import pytest

from analysis import charts, knowledge_reveal, live
from analysis.disclosure import DisclosurePolicy
from workshop import participants, sessions
from workshop.answers import save_answer


@pytest.fixture
def room(engine, library):
    snapshot = library.snapshot("aftercare-workshop-60")
    session = sessions.create_session(engine, snapshot, open_now=True)
    return engine, session, snapshot.survey


def _answer(engine, session, item: str, values: list[str]) -> None:
    for value in values:
        pid = participants.join(engine, session.code)[1].id
        save_answer(engine, pid, item, value)


def _views(engine, session, survey, *items, k=5):
    data = live.collect(engine, session.id, survey)
    policy = DisclosurePolicy(k=k, mask_all=True)
    return [live.question_view(survey.question(i), data, policy, seed=0) for i in items]


def test_a_knowledge_item_says_how_many_answered_correctly(room) -> None:
    engine, session, survey = room
    _answer(engine, session, "know_decline_pre", ["true"] * 7 + ["false"] * 5)
    [view] = _views(engine, session, survey, "know_decline_pre")
    assert knowledge_reveal.reveal_line(view) == "7 of 12 answered correctly."
    spec = json.dumps(charts.build_chart(view).to_dict(), ensure_ascii=False)
    assert f"True {knowledge_reveal.KEYED_MARK}" in spec  # the keyed answer is marked
    assert charts.style.NOT_KEYED in spec  # the other options are muted


def test_before_and_after_in_the_rooms_words(room) -> None:
    engine, session, survey = room
    _answer(engine, session, "know_decline_pre", ["true"] * 7 + ["false"] * 5)
    _answer(engine, session, "know_decline_post", ["true"] * 11 + ["dont_know"] * 1)
    post = survey.question("know_decline_post")
    twin = knowledge_reveal.pre_twin(survey, post)
    assert twin is not None and twin.id == "know_decline_pre"
    before, after = _views(engine, session, survey, "know_decline_pre", "know_decline_post")
    assert knowledge_reveal.reveal_line(after, before) == (
        "Before: 7 of 12 answered correctly. After: 11 of 12."
    )


def test_nothing_is_said_of_a_masked_keyed_answer(room) -> None:
    engine, session, survey = room
    # Three correct answers: below k, masked (the default for new sessions), so never told.
    _answer(engine, session, "know_decline_pre", ["true"] * 3 + ["false"] * 9)
    [view] = _views(engine, session, survey, "know_decline_pre")
    assert knowledge_reveal.correct_count(view) is None
    assert knowledge_reveal.reveal_line(view) is None


def test_other_items_have_no_reveal_line(room) -> None:
    engine, session, survey = room
    _answer(engine, session, "heard_before", ["kink"] * 6)
    [view] = _views(engine, session, survey, "heard_before")
    assert knowledge_reveal.reveal_line(view) is None


def test_a_keyed_answer_hidden_to_protect_a_small_group_is_told_so(room) -> None:
    """Not "Hidden to protect a small group of 21 answered correctly" (the report and the page)."""
    from analysis.report import front

    engine, session, survey = room
    # "Don't know" and "prefer not to answer" both at k-1 pin each other, so the
    # smallest shown cell, the keyed "True", is hidden too.
    _answer(engine, session, "know_decline_pre", ["true"] * 5 + ["false"] * 8 + ["dont_know"] * 4)
    for _ in range(4):
        save_answer(
            engine, participants.join(engine, session.code)[1].id, "know_decline_pre", declined=True
        )
    _answer(engine, session, "know_decline_post", ["true"] * 11 + ["false"] * 1)
    before, after = _views(engine, session, survey, "know_decline_pre", "know_decline_post")
    assert front.correct_words(before) is None
    assert front.knowledge_result(before) == "Hidden to protect a small group."
    assert front.knowledge_result(before, after) == (
        "Before: hidden to protect a small group; 11 of 12 answered correctly after."
    )
    assert front.knowledge_result(after, before) == (
        "11 of 12 answered correctly before; after: hidden to protect a small group."
    )
