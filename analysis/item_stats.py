"""Item statistics for researchers: difficulty, discrimination, KR-20 and Cronbach's alpha.

Pure functions over score matrices (a DataFrame: one row per participant, one
column per item, NaN where there is no score), in the manner of pingouin.
`table` gathers them for a Dataset, one tidy row per statistic. The figures here
are exact and unprotected: analysis.item_stats_release decides what may be shown.

Groups of items:
- knowledge: the knowledge items (1 = keyed answer, 0 = any other option,
  "don't know" included), one group per phase;
- a likert scale: likert items sharing a `scale` id, one group per phase.
Phases: `before` (a true pre-test, asked before any module), `retrospective` (a
"before" rating asked after the modules, reported apart from the pre-test),
`after` (measure: post) and `once` (no measure).

Missing answers ("prefer not to answer", skipped, not reached, not asked) are
never scored as wrong. Difficulty counts those who answered the item; the
item-total correlations, KR-20 and alpha use only the participants who answered
every item of the group (listwise deletion, pingouin's nan_policy="listwise").
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from enum import StrEnum

import numpy as np
import pandas as pd

from analysis.dataset import Dataset, Item, scores
from workshop.content import Measure, QuestionKind
from workshop.i18n import N_

KNOWLEDGE = "knowledge"
CONFIDENCE = 0.95
COLUMNS = [
    "scale",
    "phase",
    "item",
    "text",
    "statistic",
    "value",
    "ci_low",
    "ci_high",
    "n",
    "items",
    "correct",  # difficulty rows only: how many of the n got it right (never exported)
]


class Phase(StrEnum):
    before = "before"
    retrospective = "retrospective"
    after = "after"
    once = "once"


PHASE_LABELS: dict[Phase, str] = {
    Phase.before: N_("before the modules (pre-test)"),
    Phase.retrospective: N_("looking back, asked after the modules (retrospective 'before')"),
    Phase.after: N_("after the modules"),
    Phase.once: N_("asked once"),
}


def phase_of(item: Item) -> Phase:
    measure = item.question.measure
    if measure is Measure.post:
        return Phase.after
    if measure is Measure.pre:
        return Phase.retrospective if item.retrospective else Phase.before
    return Phase.once


def difficulty(data: pd.DataFrame) -> pd.DataFrame:
    """Per item: n (answered), correct (scored 1) and p, the proportion correct of those n."""
    rows = []
    for item in data.columns:
        answered = data[item].dropna()
        n = len(answered)
        correct = int((answered == 1).sum())
        rows.append({"item": item, "n": n, "correct": correct, "p": correct / n if n else math.nan})
    return pd.DataFrame(rows, columns=["item", "n", "correct", "p"])


def _pearson(a: pd.Series, b: pd.Series) -> float:
    if len(a) < 2 or a.std(ddof=0) == 0 or b.std(ddof=0) == 0:
        return math.nan  # undefined when either side does not vary
    return float(np.corrcoef(a.to_numpy(float), b.to_numpy(float))[0, 1])


def item_total(data: pd.DataFrame) -> pd.DataFrame:
    """Corrected item-total correlation: each item against the sum of the other items.

    Pearson's r (the point-biserial for a 0/1 item), over complete rows only.
    """
    complete = data.dropna()
    total = complete.sum(axis=1)
    rows = [
        {"item": item, "n": len(complete), "r": _pearson(complete[item], total - complete[item])}
        for item in data.columns
    ]
    return pd.DataFrame(rows, columns=["item", "n", "r"])


def kr20(data: pd.DataFrame) -> float:
    """Kuder-Richardson 20 of 0/1 items over complete rows: k/(k-1) * (1 - sum(pq) / var(total)).

    Population variances on both sides, so it equals Cronbach's alpha on the same data.
    """
    complete = data.dropna()
    items = complete.shape[1]
    if items < 2 or len(complete) < 2:
        return math.nan
    p = complete.mean()
    variance = float(complete.sum(axis=1).var(ddof=0))
    if variance == 0:
        return math.nan
    return items / (items - 1) * (1 - float((p * (1 - p)).sum()) / variance)


def cronbach(data: pd.DataFrame, ci: float = CONFIDENCE) -> tuple[float, float, float]:
    """Cronbach's alpha with its confidence interval (pingouin), over complete rows.

    (nan, nan, nan) when it is undefined: fewer than two items or three people,
    or a total that does not vary.
    """
    complete = data.dropna()
    if complete.shape[1] < 2 or len(complete) < 3 or complete.sum(axis=1).var() == 0:
        return math.nan, math.nan, math.nan
    import pingouin  # heavy; only the researcher's tables need it

    alpha, (low, high) = pingouin.cronbach_alpha(data=complete, nan_policy="listwise", ci=ci)
    return float(alpha), float(low), float(high)


@dataclass(frozen=True)
class Group:
    """Items read together: the knowledge items of one phase, or one scale's."""

    scale: str
    phase: Phase
    items: tuple[Item, ...]

    @property
    def knowledge(self) -> bool:
        return self.scale == KNOWLEDGE


def groups(dataset: Dataset) -> list[Group]:
    """Knowledge items and multi-item likert scales, by phase, in survey order."""
    found: dict[tuple[str, Phase], list[Item]] = {}
    for item in dataset.items:
        q = item.question
        if q.knowledge:
            found.setdefault((KNOWLEDGE, phase_of(item)), []).append(item)
        elif q.scale is not None and q.kind is QuestionKind.likert:
            found.setdefault((q.scale, phase_of(item)), []).append(item)
    out = [Group(scale, phase, tuple(items)) for (scale, phase), items in found.items()]
    # A scale of one item (e.g. the others were not shared by every session) has no alpha.
    return [g for g in out if g.knowledge or len(g.items) > 1]


def matrix(dataset: Dataset, items: tuple[Item, ...]) -> pd.DataFrame:
    """Scores of the items, one row per record (NaN: declined, missing or not one score)."""
    return pd.DataFrame(
        {
            item.id: [math.nan if v is None else v for v in scores(dataset, item.id)]
            for item in items
        },
        dtype=float,
    )


def _row(
    group: Group, item: Item | None, statistic: str, value: float, n: int
) -> dict[str, object]:
    return {
        "scale": group.scale,
        "phase": group.phase.value,
        "item": item.id if item else "",
        "text": item.question.text if item else "",
        "statistic": statistic,
        "value": None if math.isnan(value) else value,
        "ci_low": None,
        "ci_high": None,
        "n": n,
        "items": len(group.items),
        "correct": None,
    }


def group_rows(dataset: Dataset, group: Group) -> list[dict[str, object]]:
    data = matrix(dataset, group.items)
    rows: list[dict[str, object]] = []
    by_id = {item.id: item for item in group.items}
    if group.knowledge:
        d = difficulty(data)
        for item, n, correct, p in zip(d["item"], d["n"], d["correct"], d["p"], strict=True):
            row = _row(group, by_id[item], "difficulty", float(p), int(n))
            row["correct"] = int(correct)
            rows.append(row)
    if len(group.items) > 1:
        t = item_total(data)
        for item, n, r in zip(t["item"], t["n"], t["r"], strict=True):
            rows.append(_row(group, by_id[item], "item_total_r", float(r), int(n)))
        complete = len(data.dropna())
        if group.knowledge:
            rows.append(_row(group, None, "kr20", kr20(data), complete))
        else:
            alpha, low, high = cronbach(data)
            row = _row(group, None, "alpha", alpha, complete)
            if not math.isnan(low):
                row["ci_low"], row["ci_high"] = low, high
            rows.append(row)
    return rows


def table(dataset: Dataset) -> pd.DataFrame:
    """Every statistic of every group, exact (see analysis.item_stats_release before showing it)."""
    rows = [row for group in groups(dataset) for row in group_rows(dataset, group)]
    return pd.DataFrame(rows, columns=COLUMNS)
