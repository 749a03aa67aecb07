"""Secondary suppression for summary.csv: can a hidden count be worked out?

The reader modelled here knows more than any real reader: every published
cell (zeros included), every sum the table implies (an item's options add up
to its "answered" count; "answered" and the missing-value counts add up to
the number of participants), and, for each hidden cell, whether it is small
(0 to k-1) or not (k or more), as `disclosure.masked_cell_pinned` assumes on
live displays, and that a cell hidden by primary suppression is not 0 (zeros
are published, and ANONYMIZATION.md says how many further counts were hidden:
with none, every hidden cell is a primary one). A hidden cell is exposed when only one value fits all that; a
never-published cell (a multiple-choice option's "not chosen") when it is
pinned to 1..k-1. Protection then hides, one at a time, the published cell
that leaves the fewest exposed cells (the smallest count on ties), until
nothing is exposed.

Exact, not an approximation: the solver enumerates the values of cells that
appear in more than one sum ("answered"), and for each sum counts the
reachable totals of its other hidden cells with integer bitsets.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from itertools import product
from typing import Protocol

from analysis.disclosure import hidden_range, identifies


class CountCell(Protocol):
    value: float | int | None
    suppressed: bool
    virtual: bool
    primary: bool  # hidden because it was 1 to k-1 (zeros are published)


@dataclass
class Equation:
    """The parts add up to the total: a cell ("answered") or a known number (participants)."""

    total: CountCell | int
    parts: Sequence[CountCell]
    item: str = ""  # the item whose counts these are (items share no cell)

    @property
    def cells(self) -> list[CountCell]:
        return ([self.total] if not isinstance(self.total, int) else []) + list(self.parts)


def _hidden(cell: CountCell) -> bool:
    return cell.suppressed or cell.virtual


def _count(cell: CountCell) -> int:
    return int(cell.value or 0)


def domain(cell: CountCell, k: int, bound: int) -> range:
    """What the modelled reader knows of a hidden cell: small (0..k-1) or k and over.

    A cell primary suppression hid is 1..k-1: zeros are published, so a reader
    told that no further count was hidden knows none of the hidden ones is 0.
    """
    return hidden_range(_count(cell), k, bound, nonzero=cell.primary and not cell.virtual)


def _spread(bits: int, width: int) -> int:
    """bits | bits << 1 | ... | bits << width, by doubling."""
    covered = 0
    while covered < width:
        step = min(covered + 1, width - covered)
        bits |= bits << step
        covered += step
    return bits


def _sums(ranges: Sequence[range], limit: int) -> int:
    """Bitset of every total the ranges can add up to, up to limit."""
    mask = (1 << (limit + 1)) - 1
    reach = 1
    for r in ranges:
        if not r:
            return 0
        reach = _spread(reach << r.start, r.stop - 1 - r.start) & mask
    return reach


def possible_values(equations: Sequence[Equation], k: int, bound: int) -> dict[int, set[int]]:
    """id(cell) -> every value a hidden cell can take given the published cells and the sums."""
    hidden: dict[int, CountCell] = {}
    uses: dict[int, int] = {}
    totals: set[int] = set()
    for eq in equations:
        for cell in eq.cells:
            if _hidden(cell):
                hidden[id(cell)] = cell
                uses[id(cell)] = uses.get(id(cell), 0) + 1
        if not isinstance(eq.total, int) and _hidden(eq.total):
            totals.add(id(eq.total))
    hubs = [c for c in hidden if uses[c] > 1 or c in totals]
    found: dict[int, set[int]] = {c: set() for c in hidden}
    for assignment in product(*(domain(hidden[h], k, bound) for h in hubs)):
        fixed = dict(zip(hubs, assignment, strict=True))
        seen: dict[int, set[int]] = {}
        feasible = True
        for eq in equations:
            target = eq.total if isinstance(eq.total, int) else _value(eq.total, fixed)
            free = [p for p in eq.parts if _hidden(p) and id(p) not in fixed]
            free_ids = {id(p) for p in free}
            rest = target - sum(_value(p, fixed) for p in eq.parts if id(p) not in free_ids)
            if rest < 0:
                feasible = False
                break
            ranges = [domain(p, k, bound) for p in free]
            if not free:
                feasible = rest == 0
            for index, cell in enumerate(free):
                others = _sums(ranges[:index] + ranges[index + 1 :], rest)
                values = {x for x in ranges[index] if x <= rest and others >> (rest - x) & 1}
                seen.setdefault(id(cell), set()).update(values)
                if not values:
                    feasible = False
            if not feasible:
                break
        if not feasible:
            continue
        for cell_id, value in fixed.items():
            found[cell_id].add(value)
        for cell_id, values in seen.items():
            found[cell_id] |= values
    return found


def _value(cell: CountCell, fixed: dict[int, int]) -> int:
    return fixed[id(cell)] if id(cell) in fixed else _count(cell)


def exposed(equations: Sequence[Equation], k: int, bound: int) -> list[CountCell]:
    """Hidden cells whose value can be worked out (see the module docstring)."""
    values = possible_values(equations, k, bound)
    cells = {id(c): c for eq in equations for c in eq.cells}
    out = []
    for cell_id, options in values.items():
        cell = cells[cell_id]
        if cell.virtual:
            if len(options) == 1 and identifies(next(iter(options)), k):
                out.append(cell)
        elif len(options) < 2:
            out.append(cell)
    return out


def protect(equations: Sequence[Equation], k: int, bound: int) -> int:
    """Hide published cells until no hidden cell is exposed; returns how many were hidden.

    `equations` are one item's sums (items share no cell). `bound` is the number
    of participants, the largest any count can be.
    """
    hidden = 0
    if not any(_hidden(c) and identifies(_count(c), k) for eq in equations for c in eq.cells):
        return 0  # nothing small to protect
    while True:
        now = exposed(equations, k, bound)
        if not now:
            return hidden
        candidates: dict[int, CountCell] = {
            id(c): c for eq in equations for c in eq.cells if not _hidden(c)
        }
        if not candidates:
            return hidden  # everything is hidden already; only the participant count is left
        best: tuple[int, int, int] | None = None
        choice: CountCell | None = None
        for order, cell in enumerate(candidates.values()):
            cell.suppressed = True
            score = (len(exposed(equations, k, bound)), _count(cell), order)
            cell.suppressed = False
            if best is None or score < best:
                best, choice = score, cell
        assert choice is not None
        choice.suppressed = True
        hidden += 1
