"""The disclosure policy object and the rules it owns (analysis/disclosure/policy.py)."""

from __future__ import annotations

from datetime import date

import pytest

from analysis import disclosure
from analysis.dataset import effective_k
from analysis.disclosure import DisclosurePolicy, Mask
from analysis.export.report import Report, render
from workshop import sessions
from workshop.sessions import MIN_K, SessionSettings


def test_a_session_policy_takes_k_masking_and_batch_from_its_settings() -> None:
    policy = DisclosurePolicy.for_session(SessionSettings(k=4, mask_all=False))
    assert (policy.k, policy.mask_all, policy.batch) == (4, False, 4)
    assert DisclosurePolicy.for_session(SessionSettings()) == DisclosurePolicy()
    assert policy.is_small(3) and not policy.is_small(4)
    assert not policy.enough_answers(3) and policy.enough_answers(4)
    assert policy.should_publish(None, 4)
    assert not policy.should_publish(4, 7) and policy.should_publish(4, 8)
    assert policy.masked_label(Mask.small) == "fewer than 4"


def test_no_policy_below_the_minimum_k() -> None:
    with pytest.raises(ValueError, match=f"at least {MIN_K}"):
        DisclosurePolicy(k=MIN_K - 1)


def test_pooled_takes_the_largest_k_and_masks_if_any_session_masks() -> None:
    low, high = DisclosurePolicy(4, mask_all=False), DisclosurePolicy(6, mask_all=True)
    assert DisclosurePolicy.pooled([low, high]) == DisclosurePolicy(6, mask_all=True)
    assert DisclosurePolicy.pooled([low]) == DisclosurePolicy(4, mask_all=False)
    assert DisclosurePolicy.pooled([low], requested=9).k == 9
    assert DisclosurePolicy.pooled([low], requested=3).k == 4  # a k can only be raised
    assert DisclosurePolicy.pooled([]) == DisclosurePolicy(MIN_K, mask_all=True)
    assert disclosure.pooled_k([4, 6], 5) == 6
    assert disclosure.pooled_k([], None) == MIN_K


def test_effective_k_can_only_be_raised(engine, library) -> None:
    snapshot = library.snapshot("first-look")
    low = sessions.create_session(engine, snapshot, settings=SessionSettings(k=4))
    high = sessions.create_session(engine, snapshot, settings=SessionSettings(k=6))
    assert effective_k(engine, [low.id], None) == 4
    assert effective_k(engine, [low.id, high.id], None) == 6
    assert effective_k(engine, [low.id, high.id], 3) == 6
    assert effective_k(engine, [low.id], 9) == 9


def test_counts_against_k_at_the_edges() -> None:
    k = 5
    assert [disclosure.is_small(n, k) for n in (0, 4, 5)] == [True, True, False]
    assert [disclosure.identifies(n, k) for n in (0, 1, 4, 5)] == [False, True, True, False]
    assert [disclosure.shortfall(n, k) for n in (0, 3, 5, 9)] == [5, 2, 0, 0]
    assert [disclosure.surplus(n, k) for n in (3, 5, 9)] == [0, 0, 4]
    assert disclosure.largest_small(k) == 4
    assert disclosure.hidden_range(2, k, 100) == range(0, 5)
    assert disclosure.hidden_range(2, k, 3) == range(0, 4)  # never more than there are people
    assert disclosure.hidden_range(7, k, 100) == range(5, 101)
    assert disclosure.outside_count_shown(5, 5, k)
    assert not disclosure.outside_count_shown(4, 9, k) and not disclosure.outside_count_shown(
        9, 4, k
    )


def test_word_terms_at_least_k_people_most_first_and_the_rest_counted() -> None:
    counts = {"care": 3, "talk": 5, "hug": 5, "rare": 1, "none": 0}
    assert disclosure.shown_terms(counts, 3) == [("hug", 5), ("talk", 5), ("care", 3)]
    assert disclosure.held_back_terms(counts, 3) == 1  # zero is not a word left out


def test_anonymization_md_takes_its_numbers_from_the_policy(monkeypatch) -> None:
    asked = render(Report(["ABC234"], 5, 3, 10, False), date(2026, 1, 1))
    assert "**k = 5** (you asked for 3; a session's own setting or the minimum of " in asked
    assert f"minimum of {MIN_K} was higher)" in asked
    assert "between 1 and 4 suppressed" in asked
    monkeypatch.setattr(disclosure.policy, "MIN_K", 4)
    assert "minimum of 4 was higher" in render(Report(["ABC234"], 5, 3, 10, False), date.today())
    assert "**k = 5**." in render(Report(["ABC234"], 5, 5, 10, False), date.today())
    assert "**k = 5**." in render(Report(["ABC234"], 5, None, 10, False), date.today())


def test_a_chart_behind_the_live_count_says_its_batch() -> None:
    assert disclosure.catching_up_text(10, 5) == (
        "The chart shows 10 answers; it catches up after every 5 new answers, "
        "so nobody's answer can be singled out."
    )
