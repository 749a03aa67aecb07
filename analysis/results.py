"""Results as plain rows of words and numbers, for screens that are not charts.

The phone's list of group answers and the facilitator's before/after table.
The masking wording comes from analysis.disclosure, as on the charts.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import cast

import pandas as pd

from analysis.disclosure import DECLINED, masked_label
from analysis.live import QuestionView
from analysis.prepost import KNOWLEDGE
from workshop.content import PREFER_NOT_TO_ANSWER, Survey


@dataclass(frozen=True)
class Row:
    label: str
    count: int | None  # None when masked
    share: float  # of those who responded, 0..1 (0 when masked)
    text: str


def category_rows(view: QuestionView) -> list[Row]:
    """One line per category, with masked cells saying why instead of a number."""
    breakdown = view.breakdown
    if breakdown is None or breakdown.withheld:
        return []
    bins = {b.key: b.label for b in view.bins}
    total = max(view.responded, 1)
    out = []
    for cell in breakdown.cells:
        if cell.key == DECLINED:
            label = PREFER_NOT_TO_ANSWER
        else:
            label = bins.get(cell.key) or view.question.label_for(cell.key)
        if cell.count is None:
            out.append(Row(label, None, 0.0, f"{label}: {masked_label(cell.mask, view.k)}"))
        else:
            share = cell.count / total
            out.append(Row(label, cell.count, share, f"{label}: {cell.count} ({share:.0%})"))
    return out


def prepost_rows(results: pd.DataFrame, survey: Survey) -> list[dict[str, object]]:
    """The facilitator's before/after table: one row per construct of prepost.table.

    A construct with fewer than k pairs says so and shows no figure.
    """
    rows: list[dict[str, object]] = []
    for r in results.itertuples(index=False):
        question = survey.question(str(r.pre_item))
        hidden = bool(r.suppressed)
        if r.construct == KNOWLEDGE:
            label = "Knowledge score (items answered correctly)"
        else:
            label = question.text if question else str(r.construct)
        rows.append(
            {
                "Question": label,
                "Pairs": "fewer than k" if hidden else r.pairs,
                "Mean change": None if hidden else r.mean_change,
                "Effect (r)": None if hidden else r.rank_biserial,
                "95% interval": ""
                if hidden or r.ci_low is None
                else f"{cast(float, r.ci_low):+.2f} to {cast(float, r.ci_high):+.2f}",
                "Wilcoxon p": None if hidden else r.p_value,
            }
        )
    return rows
