"""Rule 7 on means: before/after's mean change and a ranking's mean ranks (issue #23)."""

from __future__ import annotations

import math

import pandas as pd
import pytest

from analysis import chart_text, knowledge_reveal, live, prepost_noise, prepost_wording
from analysis.disclosure import DisclosurePolicy, noise
from analysis.prepost import KNOWLEDGE
from benchmarks import noise_attack
from workshop.aggregates import ItemCounts, ParticipantCounts
from workshop.content import Question
from workshop.loading import ContentLibrary


def _row(
    construct: str, pre: str, post: str, mean: float = 1.2, pairs: int = 5
) -> dict[str, object]:
    return {
        "construct": construct,
        "pre_item": pre,
        "post_item": post,
        "pairs": pairs,
        "mean_change": mean,
        "rank_biserial": 1.0,
        "median_change": 0.0,
        "p_value": 0.06,
        "suppressed": False,
    }


def test_the_largest_change_comes_from_the_questions_own_bounds(library: ContentLibrary) -> None:
    survey = library.snapshot("after-conflict").survey
    likert = _row("intention_break", "intention_break_pre", "intention_break_post")
    slider = _row("repair_confidence", "repair_confidence_pre", "repair_confidence_post")
    known = _row("know_flooding", "know_flooding_pre", "know_flooding_post")
    assert prepost_noise.largest_change(likert, survey) == 6  # "1" to "7"
    assert prepost_noise.largest_change(slider, survey) == 10  # 0 to 10
    assert prepost_noise.largest_change(known, survey) == 1  # wrong to right
    items = sum(1 for q in survey.questions if q.knowledge and q.measure is not None) // 2
    assert prepost_noise.largest_change(_row(KNOWLEDGE, "k_pre", "k_post"), survey) == items


def test_a_number_without_bounds_has_no_largest_change() -> None:
    unbounded = Question.model_validate({"id": "n", "kind": "number", "text": "How many?"})
    assert prepost_noise.score_range(unbounded) is None


@pytest.mark.slow  # OpenDP's first import
def test_a_plain_pair_stays_exact_and_a_sensitive_pair_keeps_only_a_noisy_mean() -> None:
    row = _row("attack", "attack_pre", "attack_post")
    exact = prepost_noise.release(row, noise_attack.PAIR, DisclosurePolicy(epsilon=None))
    assert exact["noisy"] is False and exact["mean_change"] == 1.2 and exact["effect"] == 1.0
    noisy = prepost_noise.release(row, noise_attack.PAIR, DisclosurePolicy(epsilon=1.0))
    assert noisy["noisy"] is True and math.isfinite(float(noisy["mean_change"]))  # type: ignore[arg-type]
    assert all(noisy[name] is None for name in prepost_noise.WITHHELD)
    assert -1 <= float(noisy["effect"]) <= 1  # type: ignore[arg-type]


def test_a_noisy_row_reads_about_and_takes_its_reading_from_the_noisy_change() -> None:
    row = {
        **_row("attack", "attack_pre", "attack_post", mean=3.0),
        **dict.fromkeys(prepost_noise.WITHHELD),
        "noisy": True,
        "effect": 0.5,
        "unmatched_rate": 0.0,
        "wilcoxon_statistic": None,
    }
    frame = pd.DataFrame([row], dtype=object)
    [line] = prepost_wording.lines(frame, noise_attack.PAIR, 5)
    assert line.sentence == (
        "Answers moved clearly toward “Point 7” (5 people, about +3.0 points on average)."
    )
    [table] = prepost_wording.researcher_rows(frame, noise_attack.PAIR)
    assert table["Mean change"] == "about +3.00" and table["Rank-biserial r"] == ""
    assert prepost_wording.noise_note(frame) == prepost_wording.NOISE_NOTE
    assert prepost_wording.noise_note(frame.assign(noisy=False)) is None


def test_rank_noise_moves_the_centred_sums_and_stays_within_the_places() -> None:
    assert noise.rank_sensitivity(5) == 12 and noise.rank_sensitivity(4) == 8
    means = {"a": 1.0, "b": 2.0, "c": 3.0, "d": 4.0}
    assert noise.noisy_mean_ranks(means, 5, 4, {}) == means
    moved = noise.noisy_mean_ranks(means, 5, 4, {"rank:a": 4, "rank:d": 100})
    assert moved["a"] == pytest.approx(1.4) and moved["d"] == 4.0  # (2 * -1.5 * 5 + 4) / 10 + 2.5


def test_a_noisy_ranking_reads_about_and_a_plain_one_is_exact() -> None:
    item = ItemCounts(
        "attack_item", 5, 0, dict.fromkeys("abcd", 5), {"a": 1.2, "b": 2, "c": 3, "d": 3.8}
    )
    data = live.SessionAggregates(1, ParticipantCounts(5, 5, 0, {}), {item.item_id: item}, {}, {})
    plain = noise_attack.RANKING.model_copy(update={"sensitive": False})
    exact = live.BatchedViews().current(1, plain, data, DisclosurePolicy(k=5)).view
    assert exact.mean_rank["a"] == 1.2 and not exact.noisy
    view = live.question_view(
        noise_attack.RANKING, data, DisclosurePolicy(k=5), noise={"rank:a": 2}
    )
    assert view.mean_rank["a"] == pytest.approx(1.4)
    assert "A: average place about 1.4" in chart_text.summary(view)


def test_a_noisy_knowledge_reveal_says_about() -> None:
    question = Question.model_validate(
        {
            "id": "know",
            "kind": "single",
            "text": "True or false?",
            "knowledge": True,
            "sensitive": True,
            "options": [
                {"code": "true", "label": "True", "correct": True},
                {"code": "false", "label": "False"},
            ],
        }
    )
    item = ItemCounts("know", 10, 0, {"true": 7, "false": 3})
    data = live.SessionAggregates(1, ParticipantCounts(10, 10, 0, {}), {"know": item}, {}, {})
    view = live.question_view(question, data, DisclosurePolicy(k=3), noise={"true": 1})
    assert knowledge_reveal.reveal_line(view) == "About 8 of 10 answered correctly."
