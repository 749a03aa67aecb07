"""Disclosure control for live displays: pure functions, no database, no Streamlit.

Rules (k is the session's minimum group size, at least 3):

1. Nothing about a question is charted until at least k participants answered it.
2. For `sensitive` and `quasi_identifier` questions, and for every question
   when the session masks all (the default), every category with fewer than k
   answers is masked (shown as "fewer than k"); zero is masked too, so a
   masked cell may hold anything from 0 to k-1. A count of people outside the
   categories (those who preferred not to answer a ranking or a text) is shown
   only when both it and the rest are at least k.
3. A masked cell must not be recoverable by subtraction. When categories
   partition the total (single choice, likert, number bins), the viewer knows
   the sum of the masked cells. If that sum pins a masked cell to one value
   (one masked cell; or every masked cell at k-1), the smallest shown cell is
   hidden as well ("hidden to protect a small group"). Once a cell of unknown
   size is hidden, the masked cells can be anything from 0 up and none is pinned.
   If no shown cell is left to hide, the breakdown is withheld altogether.
4. Displays change in batches: a published breakdown is replaced only when at
   least `batch` more people have responded since (see `should_publish`),
   also when results are hidden and revealed again.
5. A word cloud shows a word only when at least k different participants gave
   it, and says how many words it leaves out (analysis/words.py).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from enum import StrEnum

from workshop.content import Question
from workshop.sessions import MIN_K

DECLINED = "__declined__"  # the "prefer not to answer" cell


class Mask(StrEnum):
    shown = "shown"
    small = "small"  # fewer than k: a primary mask
    protective = "protective"  # k or more, hidden so a small cell cannot be worked out


@dataclass(frozen=True)
class Cell:
    key: str
    count: int | None  # None whenever the cell is masked
    mask: Mask = Mask.shown

    @property
    def is_shown(self) -> bool:
        return self.mask is Mask.shown


@dataclass(frozen=True)
class Breakdown:
    """What a display may show of one question's counts."""

    total: int  # participants who responded (answered or declined); always shown
    cells: tuple[Cell, ...]
    withheld: bool = False  # no per-category numbers may be shown at all
    reason: str = ""

    def shown_counts(self) -> dict[str, int]:
        return {c.key: c.count for c in self.cells if c.count is not None}

    @property
    def masked_keys(self) -> tuple[str, ...]:
        return tuple(c.key for c in self.cells if not c.is_shown)


def enough_answers(responded: int, k: int) -> bool:
    """Rule 1: a question is charted only once at least k people answered it."""
    return responded >= k


def fewer_than_label(k: int) -> str:
    return f"fewer than {k}"


PROTECTIVE_LABEL = "hidden to protect a small group"


def masked_label(mask: Mask, k: int) -> str:
    """The words every display uses in place of a masked count."""
    return fewer_than_label(k) if mask is Mask.small else PROTECTIVE_LABEL


def masks_small_groups(question: Question, *, mask_all: bool) -> bool:
    """Rule 2: which questions have their small groups masked on live displays."""
    return mask_all or question.sensitive or question.quasi_identifier


def outside_count_shown(outside: int, inside: int, k: int) -> bool:
    """Rule 2, last sentence: a decliner count beside a ranking or text view.

    Shown only when it is at least k and so are the others: otherwise one of
    the two could be worked out from the shown total by subtraction.
    """
    return outside >= k and inside >= k


def masked_cell_pinned(masked_sum: int, masked_cells: int, k: int) -> bool:
    """True if, knowing only the sum of `masked_cells` cells each in 0..k-1, one is pinned to 1..k-1.

    The possible values of one cell run from max(0, S - (m-1)(k-1)) to min(k-1, S);
    it is pinned when both ends meet, and disclosed when that value is not 0.
    """
    if masked_cells == 0 or masked_sum <= 0:
        return False
    low = max(0, masked_sum - (masked_cells - 1) * (k - 1))
    high = min(k - 1, masked_sum)
    return low == high


def mask_counts(
    counts: Mapping[str, int],
    k: int,
    *,
    total: int,
    sensitive: bool,
    partition: bool,
) -> Breakdown:
    """Apply rules 2 and 3 to category counts.

    `partition` is True when every respondent is in exactly one cell, so the
    cells add up to `total` (which is shown): that is what makes subtraction possible.
    """
    if k < MIN_K:
        raise ValueError(f"k must be at least {MIN_K}, got {k}")
    if not sensitive:
        return Breakdown(total, tuple(Cell(key, n) for key, n in counts.items()))
    masks = {key: (Mask.small if n < k else Mask.shown) for key, n in counts.items()}
    if partition:
        small = [key for key, m in masks.items() if m is Mask.small]
        masked_sum = total - sum(n for key, n in counts.items() if masks[key] is Mask.shown)
        if masked_cell_pinned(masked_sum, len(small), k):
            shown = sorted(
                (key for key, m in masks.items() if m is Mask.shown), key=lambda key: counts[key]
            )
            if not shown:
                return Breakdown(
                    total,
                    tuple(Cell(key, None, masks[key]) for key in counts),
                    withheld=True,
                    reason="The answers fall into groups too small to show safely.",
                )
            masks[shown[0]] = Mask.protective
    return Breakdown(
        total,
        tuple(
            Cell(key, n if masks[key] is Mask.shown else None, masks[key])
            for key, n in counts.items()
        ),
    )


def should_publish(published_total: int | None, current_total: int, batch: int) -> bool:
    """Rule 4: replace what is on screen only after `batch` more responses (or fewer, on withdrawal).

    A chart that moved with every single answer would let the room see what the
    person who just tapped chose.
    """
    if published_total is None:
        return True
    return abs(current_total - published_total) >= batch
