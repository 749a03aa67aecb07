"""Charts as text for screen readers: a title on every chart, and the published figures."""

from __future__ import annotations

import json

import pytest

from analysis import chart_text, charts, live
from analysis.disclosure import DisclosurePolicy
from tests.support.rooms import join_people, open_room
from workshop.answers import save_answer


@pytest.fixture
def room(engine, library):
    return open_room(engine, library)


def _view(engine, session, survey, item, k=5, mask_all=True):
    data = live.collect(engine, session.id, survey)
    return live.question_view(
        survey.question(item), data, DisclosurePolicy(k=k, mask_all=mask_all), seed=0
    )


def test_a_chart_is_described_by_its_title(room) -> None:
    engine, session, survey = room
    for pid, value in zip(join_people(engine, session, 6), "445553", strict=True):
        save_answer(engine, pid, "importance_pre", value)
    view = _view(engine, session, survey, "importance_pre")
    spec = charts.build_chart(view).to_dict()
    assert spec["description"] == chart_text.title(view)
    assert view.question.text in spec["description"]


def test_summary_masks_what_the_chart_masks(room) -> None:
    engine, session, survey = room
    # 6 say 5, 1 says 4: with every question masked, the lone 4 must not appear as a number
    values = ["5"] * 6 + ["4"]
    for pid, value in zip(join_people(engine, session, 7), values, strict=True):
        save_answer(engine, pid, "importance_pre", value)
    view = _view(engine, session, survey, "importance_pre")
    lines = chart_text.summary(view)
    assert lines[0] == "7 people answered."
    very = next(line for line in lines if line.startswith("Very important"))
    assert "1" not in very  # masked: says why, never the count
    assert any(line.startswith("Extremely important: 6") for line in lines)
    assert "1 (" not in json.dumps(lines)


def test_summary_is_empty_below_k_and_lists_ranking_best_first(room) -> None:
    engine, session, survey = room
    people = join_people(engine, session, 5)
    for pid in people[:4]:
        save_answer(engine, pid, "practice_ranking", ["talk", "touch", "quiet", "comfort"])
    assert chart_text.summary(_view(engine, session, survey, "practice_ranking")) == []
    save_answer(engine, people[4], "practice_ranking", ["talk", "touch", "quiet", "comfort"])
    lines = chart_text.summary(_view(engine, session, survey, "practice_ranking"))
    assert lines[0] == "5 people answered. Most wanted first."
    assert lines[1] == "Talking: average place 1.0"
