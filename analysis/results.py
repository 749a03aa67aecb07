"""Results as plain rows of words and numbers, for screens that are not charts.

The phone's list of group answers (and the charts' text summaries, analysis.chart_text).
The masking wording comes from analysis.disclosure, as on the charts.
"""

from __future__ import annotations

from dataclasses import dataclass

from analysis.disclosure import DECLINED, masked_label
from analysis.disclosure.noise import about
from analysis.live import QuestionView
from workshop.content import PREFER_NOT_TO_ANSWER


@dataclass(frozen=True)
class Row:
    label: str
    count: int | None  # None when masked
    share: float  # of those who responded, 0..1 (0 when masked)
    text: str


def people_text(view: QuestionView, count: int) -> str:
    """A count as a display says it: "about 7 people" when it carries noise (rule 7)."""
    return f"{about(count) if view.noisy else count} people"  # clouds show k or more


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
            share = min(1.0, cell.count / total)  # a noisy count may pass the total
            number = about(cell.count) if view.noisy else str(cell.count)
            out.append(Row(label, cell.count, share, f"{label}: {number} ({share:.0%})"))
    return out
