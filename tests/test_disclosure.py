"""Disclosure control: no display ever shows, or lets anyone work out, a small group."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from analysis import disclosure
from analysis.disclosure import Mask


def _feasible_values(breakdown: disclosure.Breakdown, k: int) -> dict[str, set[int]]:
    """Every value each masked cell could have, given only what the display shows.

    The viewer sees the shown counts, the total and which masked cells are
    "fewer than k" (0..k-1) or hidden for protection (k or more).
    """
    shown = sum(breakdown.shown_counts().values())
    remaining = breakdown.total - shown
    ranges = {}
    for cell in breakdown.cells:
        if cell.mask is Mask.small:
            ranges[cell.key] = range(0, k)
        elif cell.mask is Mask.protective:
            ranges[cell.key] = range(k, remaining + 1)
    result = {}
    for key, own in ranges.items():
        others = [r for other, r in ranges.items() if other != key]
        sums = {0}
        for r in others:
            sums = {s + v for s in sums for v in r if s + v <= remaining}
        result[key] = {v for v in own if (remaining - v) in sums}
    return result


counts_strategy = st.dictionaries(
    st.sampled_from(["a", "b", "c", "d", "e", disclosure.DECLINED]),
    st.integers(min_value=0, max_value=14),
    min_size=1,
    max_size=5,
)


@pytest.mark.slow
@settings(max_examples=400, deadline=None)
@given(counts=counts_strategy, k=st.integers(min_value=3, max_value=6))
def test_sensitive_partition_never_shows_or_implies_a_small_cell(counts, k) -> None:
    total = sum(counts.values())
    result = disclosure.mask_counts(counts, k, total=total, sensitive=True, partition=True)
    assert result.total == total
    assert [c.key for c in result.cells] == list(counts)
    for cell in result.cells:
        if cell.is_shown:
            assert cell.count == counts[cell.key]
            assert cell.count >= k  # never a cell between 1 and k-1 (nor 0)
        else:
            assert cell.count is None
            if cell.mask is Mask.small:
                assert counts[cell.key] < k  # the "fewer than k" label is true
            else:
                assert counts[cell.key] >= k
    if result.withheld:
        assert result.shown_counts() == {}
        return
    # subtraction from the shown total cannot pin any masked cell to 1..k-1
    for key, values in _feasible_values(result, k).items():
        assert counts[key] in values  # the reasoning is sound
        if len(values) == 1:
            assert values == {0}


@settings(max_examples=200, deadline=None)
@given(counts=counts_strategy, k=st.integers(min_value=3, max_value=6))
def test_sensitive_multiple_choice_masks_every_small_cell(counts, k) -> None:
    total = max(counts.values())  # people may choose several options
    result = disclosure.mask_counts(counts, k, total=total, sensitive=True, partition=False)
    for cell in result.cells:
        assert (cell.count is None) == (counts[cell.key] < k)
        if cell.count is not None:
            assert cell.count >= k


@given(counts=counts_strategy, k=st.integers(min_value=3, max_value=6))
def test_not_sensitive_shows_everything(counts, k) -> None:
    result = disclosure.mask_counts(
        counts, k, total=sum(counts.values()), sensitive=False, partition=True
    )
    assert result.shown_counts() == counts


def test_one_small_cell_gets_a_protective_partner() -> None:
    result = disclosure.mask_counts(
        {"yes": 2, "no": 9, "unsure": 6}, 5, total=17, sensitive=True, partition=True
    )
    masks = {c.key: c.mask for c in result.cells}
    assert masks == {"yes": Mask.small, "no": Mask.shown, "unsure": Mask.protective}
    assert result.shown_counts() == {"no": 9}


def test_all_small_cells_at_their_maximum_are_withheld() -> None:
    result = disclosure.mask_counts({"yes": 4, "no": 4}, 5, total=8, sensitive=True, partition=True)
    assert result.withheld and result.shown_counts() == {}


def test_two_small_cells_that_cannot_be_told_apart_stay_masked() -> None:
    result = disclosure.mask_counts(
        {"yes": 1, "no": 2, "na": 7}, 5, total=10, sensitive=True, partition=True
    )
    assert result.shown_counts() == {"na": 7}
    assert not result.withheld


def test_k_below_three_is_refused() -> None:
    with pytest.raises(ValueError, match="at least 3"):
        disclosure.mask_counts({"a": 1}, 2, total=1, sensitive=True, partition=True)


def test_pinning_rule() -> None:
    assert disclosure.masked_cell_pinned(3, 1, 5)  # one masked cell: it is the remainder
    assert disclosure.masked_cell_pinned(8, 2, 5)  # both must be 4
    assert not disclosure.masked_cell_pinned(7, 2, 5)
    assert not disclosure.masked_cell_pinned(0, 3, 5)  # all zero is no disclosure


def test_threshold_and_batches() -> None:
    assert not disclosure.enough_answers(4, 5)
    assert disclosure.enough_answers(5, 5)
    assert disclosure.should_publish(None, 5, 5)
    assert not disclosure.should_publish(5, 9, 5)
    assert disclosure.should_publish(5, 10, 5)
    assert disclosure.should_publish(10, 5, 5)  # withdrawals, also in batches
