"""summary.csv: counts and percentages per item and option, with small cells suppressed.

Primary suppression hides every count from 1 to k-1. Secondary suppression
then makes sure no hidden count can be worked out from the published cells
(zeros included) and the sums they obey (analysis/export/protection.py).
Unpublished complements count too: "answered" minus "chose touch" would reveal
a small "did not choose touch", so that count is protected as well.
"""

from __future__ import annotations

import statistics
from collections import Counter
from dataclasses import dataclass, field
from typing import Any

from analysis import kinds
from analysis.dataset import Dataset, Missing
from analysis.disclosure import identifies, is_small
from analysis.kinds import Summary
from analysis.words import Cloud

from .columns import Column, group_code
from .protection import Equation, exposed, protect


@dataclass
class Cell:
    item: str
    category: str
    label: str
    statistic: str
    value: float | int | None
    suppressed: bool = False
    virtual: bool = False  # never published, but a sum could reveal it (e.g. "not chosen")
    primary: bool = False  # hidden as 1 to k-1 (so a reader knows it is not a zero)


@dataclass
class SummaryResult:
    cells: list[Cell]
    virtual: list[Cell] = field(default_factory=list)
    primary: int = 0
    secondary: int = 0
    groups: list[Equation] = field(default_factory=list)  # sums a reader knows
    # Items left out of summary.csv: with every count of theirs hidden, the number of
    # participants alone would still give a small one away (e.g. four missing-value
    # counts of 2 in a room of 8, with k = 3).
    unprotected: list[str] = field(default_factory=list)
    participants: int = 0  # the total of every item's "answered" and missing counts


def _categories(column: Column | None, options: list[tuple[str, str]]) -> list[tuple[str, str]]:
    """The codes as exported: merged groups when k-anonymity generalized the item."""
    if column is not None and column.categories:
        return [(str(v), label) for v, label in column.categories]
    return options


def build_summary(
    dataset: Dataset, columns: list[Column], clouds: dict[str, Cloud] | None = None
) -> SummaryResult:
    """Cells for every item (from the anonymized records), with suppression applied.

    `clouds` (steps.word_counts) adds, for words and text items, one row per word
    given by at least k participants and one row saying how many words were left out.
    """
    k = dataset.k
    cells: list[Cell] = []
    virtual: list[Cell] = []
    groups: list[Equation] = []
    by_item: dict[str, Column] = {}
    for each in columns:
        if each.item_id and each.option is None:
            by_item[each.item_id] = each

    def add(
        item: str, category: str, label: str, statistic: str, value: float | int | None
    ) -> Cell:
        cells.append(Cell(item, category, label, statistic, value))
        return cells[-1]

    for item in dataset.items:
        q = item.question
        values = [r.values[q.id] for r in dataset.records]
        # An answer's type depends on the question's kind (a code, codes, a number).
        present: list[Any] = [v for v in values if not isinstance(v, Missing)]
        missing = Counter(v for v in values if isinstance(v, Missing))
        answered = add(q.id, "answered", "Gave an answer", "count", len(present))
        outer = [answered]
        for why in Missing:
            if why in (Missing.declined, Missing.not_reached, Missing.skipped) or missing[why]:
                outer.append(add(q.id, why.value, why.label, "count", missing[why]))
        groups.append(Equation(len(values), outer, q.id))
        column = by_item.get(q.id)
        rule = kinds.spec(q.kind).summary
        generalized = column is not None and column.type == "string" and rule is Summary.numbers
        if rule is Summary.categories or generalized:
            options = _categories(column, [(o.code, o.label) for o in q.options])
            counts = Counter(group_code([v]) if not isinstance(v, str) else v for v in present)
            inner = [add(q.id, code, label, "count", counts[code]) for code, label in options]
            _known_sum(groups, answered, inner)
        elif rule is Summary.chosen:
            for o in q.options:
                chosen = sum(1 for v in present if o.code in v)
                shown = add(q.id, o.code, o.label, "count", chosen)
                others = Cell(q.id, o.code, "not chosen", "count", len(present) - chosen)
                others.virtual = True
                virtual.append(others)
                groups.append(Equation(answered, [shown, others], q.id))
        elif rule is Summary.ranking:
            first = Counter(v[0] for v in present if v)
            inner = [
                add(q.id, o.code, f"{o.label} (ranked first)", "count", first[o.code])
                for o in q.options
            ]
            _known_sum(groups, answered, inner)
            for o in q.options:
                ranks = [list(v).index(o.code) + 1 for v in present if o.code in v]
                mean = round(statistics.fmean(ranks), 3) if ranks else None
                add(q.id, o.code, o.label, "mean_rank", mean)
        elif rule is Summary.numbers:
            numbers = [float(v) for v in present]
            unit = f" ({q.unit})" if q.unit else ""
            add(
                q.id,
                "all",
                f"Mean{unit}",
                "mean",
                _round(statistics.fmean(numbers)) if numbers else None,
            )
            add(
                q.id,
                "all",
                f"Median{unit}",
                "median",
                _round(statistics.median(numbers)) if numbers else None,
            )
            sd = _round(statistics.stdev(numbers)) if len(numbers) > 1 else None
            add(q.id, "all", f"Standard deviation{unit}", "sd", sd)
        cloud = (clouds or {}).get(q.id)
        if cloud is not None:
            for term, n in cloud.terms:
                add(q.id, term, term, "word_participants", n)
            add(
                q.id,
                "words_below_k",
                f"Words each given by fewer than {k} participants (not listed)",
                "words_hidden",
                cloud.below_k,
            )
    result = SummaryResult(
        cells=cells, groups=groups, virtual=virtual, participants=len(dataset.records)
    )
    _suppress(result, k)
    _hide_mean_ranks(result)
    _derive(result, dataset, k)
    return result


def _round(value: float) -> float:
    return round(value, 3)


def _known_sum(groups: list[Equation], total: Cell, parts: list[Cell]) -> None:
    """Record that the parts add up to the total, when they do (a ranking may be partial)."""
    if sum(int(p.value or 0) for p in parts) == total.value:
        groups.append(Equation(total, list(parts), total.item))


def _suppress(result: SummaryResult, k: int) -> None:
    for cell in [*result.cells, *result.virtual]:
        if cell.statistic == "count" and isinstance(cell.value, int) and identifies(cell.value, k):
            cell.suppressed = cell.primary = True
            result.primary += 0 if cell.virtual else 1
    by_item: dict[str, list[Equation]] = {}
    for eq in result.groups:
        by_item.setdefault(eq.item, []).append(eq)
    for item, equations in by_item.items():
        result.secondary += protect(equations, k, result.participants)
        if exposed(equations, k, result.participants):
            result.unprotected.append(item)
    # Nothing in such an item's rows can be hidden further: leave the item out.
    left_out = set(result.unprotected)
    result.cells = [c for c in result.cells if c.item not in left_out]


def _hide_mean_ranks(result: SummaryResult) -> None:
    """A ranking's mean ranks go when any of its first-place counts is hidden.

    A mean rank is a sum of ranks, and the ranks it adds up include the first
    places: with two options it gives the first-place count exactly, and with
    more it can pin it in lopsided rooms. The solver models counts only, so the
    means of an item with a hidden first-place count are hidden with it.
    """
    ranked = {c.item for c in result.cells if c.statistic == "mean_rank"}
    missing = {m.value for m in Missing}
    touched = {
        c.item
        for c in result.cells
        if c.item in ranked
        and c.statistic == "count"
        and c.suppressed
        and c.category != "answered"
        and c.category not in missing
    }
    for cell in result.cells:
        if cell.statistic == "mean_rank" and cell.item in touched:
            cell.suppressed = True


def _derive(result: SummaryResult, dataset: Dataset, k: int) -> None:
    """Add percentages of those who answered; hide statistics of fewer than k answers."""
    cells = result.cells
    answered: dict[str, Cell] = {c.item: c for c in cells if c.category == "answered"}
    extra: list[Cell] = []
    for cell in cells:
        base = answered[cell.item]
        small = base.suppressed or not isinstance(base.value, int) or is_small(base.value, k)
        if cell.statistic in ("mean", "median", "sd", "mean_rank"):
            if small or cell.value is None:
                cell.suppressed = True
            continue
        if cell.statistic != "count" or cell is base or cell.category in set(Missing):
            continue
        percent = None if small or cell.suppressed else round(100 * cell.value / base.value, 1)  # type: ignore[operator]  # a count is never None
        extra.append(
            Cell(cell.item, cell.category, cell.label, "percent", percent, percent is None)
        )
    # Keep each percentage right after its count.
    ordered: list[Cell] = []
    pending = {(c.item, c.category, c.label): c for c in extra}
    for cell in cells:
        ordered.append(cell)
        if cell.statistic == "count":
            match = pending.pop((cell.item, cell.category, cell.label), None)
            if match is not None:
                ordered.append(match)
    result.cells = ordered


def summary_rows(result: SummaryResult) -> list[list[object]]:
    return [
        [c.item, c.category, c.label, c.statistic, Missing.suppressed if c.suppressed else c.value]
        for c in result.cells
    ]
