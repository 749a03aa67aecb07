"""Rules 2 and 3 of analysis/disclosure (see its docstring): the cells of one breakdown.

What a display may show of one question's category counts, and which cells are
masked: small ones, and a protective one where a small one could be worked out
by subtraction. Pure functions, tested against a brute-force checker.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from enum import StrEnum

from workshop.i18n import N_, _
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


TOO_SMALL = N_("The answers fall into groups too small to show safely.")  # translated where shown


def fewer_than_label(k: int) -> str:
    return _("fewer than {k}").format(k=k)


PROTECTIVE_LABEL = N_("hidden to protect a small group")  # translated where shown


def masked_label(mask: Mask, k: int) -> str:
    """The words every display uses in place of a masked count."""
    return fewer_than_label(k) if mask is Mask.small else _(PROTECTIVE_LABEL)


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
                    reason=TOO_SMALL,
                )
            masks[shown[0]] = Mask.protective
    return Breakdown(
        total,
        tuple(
            Cell(key, n if masks[key] is Mask.shown else None, masks[key])
            for key, n in counts.items()
        ),
    )
