"""The report's researcher section: item statistics in plain headings, item text first.

The figures are item_stats.csv's (analysis.item_stats, released by
analysis.item_stats_release); the table the reader already has is the report's
own chart of each question, so a difficulty appears only where that chart shows
the same answered and keyed-answer counts. Retrospective "before" ratings get
their own tables after the pre-test and post-test ones.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

import pandas as pd
from sqlalchemy import Engine

from analysis import item_stats
from analysis.dataset import ExportError, load
from analysis.disclosure import DECLINED
from analysis.item_stats import PHASE_LABELS, Phase
from analysis.item_stats_release import ShownElsewhere, release
from analysis.live import QuestionView

ORDER = (Phase.before, Phase.after, Phase.once, Phase.retrospective)


@dataclass(frozen=True)
class ItemLine:
    text: str
    difficulty: str  # "72% of 25", or why there is no figure; "" for a likert scale
    discrimination: str


@dataclass(frozen=True)
class ItemTable:
    heading: str
    knowledge: bool
    retrospective: bool
    lines: tuple[ItemLine, ...]
    scale_line: str  # KR-20 or alpha, with n and the interval


def view_shows(views: Mapping[str, QuestionView]) -> ShownElsewhere:
    """Whether the report's chart of the item shows exactly these answered and keyed counts."""

    def shown(item_id: str, answered: int, correct: int) -> bool:
        view = views.get(item_id)
        if view is None or view.breakdown is None or view.breakdown.withheld:
            return False
        counts = view.breakdown.shown_counts()
        keyed = view.question.correct_code or ""
        declined = counts.get(DECLINED)
        return (
            counts.get(keyed) == correct
            and declined is not None
            and view.responded - declined == answered
        )

    return shown


def _figure(value: object, reason: object, fmt: str) -> str:
    if value is None or value != value:
        return "undefined" if str(reason).startswith("undefined") else "not shown"
    return fmt.format(value)


def _scale_line(row: pd.Series, knowledge: bool) -> str:
    name = "KR-20" if knowledge else "Cronbach's alpha"
    who = f"people who answered all {row['items']} items"
    if row["value"] is None:
        return f"{name}: not shown ({row['reason']})."
    interval = (
        f", 95% interval {row['ci_low']:.2f} to {row['ci_high']:.2f}"
        if row["ci_low"] is not None
        else ""
    )
    n = f"{who}: {row['n']}" if row["n"] is not None else f"{who}; their number is not shown"
    return f"{name} = {row['value']:.2f}{interval} ({n})."


def tables(released: pd.DataFrame) -> list[ItemTable]:
    """One table per scale and phase, retrospective ones last."""
    out: list[ItemTable] = []
    for phase in ORDER:
        for scale in dict.fromkeys(released.loc[released["phase"] == phase.value, "scale"]):
            rows = released[(released["phase"] == phase.value) & (released["scale"] == scale)]
            knowledge = scale == item_stats.KNOWLEDGE
            what = "Knowledge items" if knowledge else f"Scale '{scale}'"
            lines = []
            for item in dict.fromkeys(rows.loc[rows["item"] != "", "item"]):
                mine = rows[rows["item"] == item]
                by = {str(r["statistic"]): r for _, r in mine.iterrows()}
                diff, r = by.get("difficulty"), by.get("item_total_r")
                lines.append(
                    ItemLine(
                        text=str(mine["text"].iloc[0]),
                        difficulty=_figure(diff["value"], diff["reason"], "{:.0%}")
                        + (f" of {diff['n']}" if diff["value"] is not None and diff["n"] else "")
                        if diff is not None
                        else "",
                        discrimination=_figure(r["value"], r["reason"], "{:+.2f}")
                        if r is not None
                        else "(one item)",
                    )
                )
            scale_rows = rows[rows["item"] == ""]
            out.append(
                ItemTable(
                    heading=f"{what}, {PHASE_LABELS[phase]}",
                    knowledge=knowledge,
                    retrospective=phase is Phase.retrospective,
                    lines=tuple(lines),
                    scale_line=_scale_line(scale_rows.iloc[0], knowledge)
                    if len(scale_rows)
                    else "",
                )
            )
    return out


def build(
    engine: Engine,
    session_ids: Sequence[int],
    k: int,
    views: Mapping[str, QuestionView],
    shared: set[str] | None = None,
) -> list[ItemTable]:
    """The report's item statistics; `shared` keeps a pooled report to the pooled items."""
    try:
        dataset = load(engine, session_ids, k)
    except ExportError:
        return []  # versions whose items differ: each session's own report has them
    if shared is not None:
        dataset.items = [item for item in dataset.items if item.id in shared]
    if not item_stats.groups(dataset):
        return []
    exact = item_stats.table(dataset)
    return tables(release(exact, k, len(dataset.records), view_shows(views)))
