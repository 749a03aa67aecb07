"""The report's researcher section: item statistics in plain headings, item text first.

The figures are item_stats.csv's (analysis.item_stats, released by
analysis.item_stats_release); the table the reader already has is the report's
own chart of each question, so a difficulty appears only where that chart shows
the same answered and keyed-answer counts. Retrospective "before" ratings get
their own tables after the pre-test and post-test ones.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass

import pandas as pd
from sqlalchemy import Engine

from analysis import item_stats
from analysis.dataset import ExportError, load
from analysis.disclosure import DECLINED
from analysis.item_stats import PHASE_LABELS, Phase
from analysis.item_stats_release import ShownElsewhere, release
from analysis.live import QuestionView
from workshop import i18n
from workshop.i18n import _

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


def _figure(value: object, reason: object, write: Callable[[float], str]) -> str:
    if value is None or value != value:
        return _("undefined") if str(reason).startswith("undefined") else _("not shown")
    return write(float(value))  # type: ignore[arg-type]


def _signed(value: float) -> str:
    """A correlation with its sign, two decimals, in the language's style (+0,42)."""
    return ("+" if value >= 0 else "-") + i18n.number(abs(value), 2)


def _scale_line(row: pd.Series, knowledge: bool) -> str:
    name = "KR-20" if knowledge else "Cronbach's alpha"
    if row["value"] is None:
        return _("{name}: not shown ({reason}).").format(name=name, reason=row["reason"])
    interval = (
        _(", {level} interval {low} to {high}").format(
            level=i18n.percent(0.95),
            low=i18n.number(row["ci_low"], 2),
            high=i18n.number(row["ci_high"], 2),
        )
        if row["ci_low"] is not None
        else ""
    )
    items = i18n.number(row["items"])
    n = (
        _("people who answered all {items} items: {n}").format(items=items, n=i18n.number(row["n"]))
        if row["n"] is not None
        else _("people who answered all {items} items; their number is not shown").format(
            items=items
        )
    )
    return f"{name} = {i18n.number(row['value'], 2)}{interval} ({n})."


def tables(released: pd.DataFrame) -> list[ItemTable]:
    """One table per scale and phase, retrospective ones last."""
    out: list[ItemTable] = []
    for phase in ORDER:
        for scale in dict.fromkeys(released.loc[released["phase"] == phase.value, "scale"]):
            rows = released[(released["phase"] == phase.value) & (released["scale"] == scale)]
            knowledge = scale == item_stats.KNOWLEDGE
            what = _("Knowledge items") if knowledge else _("Scale '{scale}'").format(scale=scale)
            lines = []
            for item in dict.fromkeys(rows.loc[rows["item"] != "", "item"]):
                mine = rows[rows["item"] == item]
                by = {str(r["statistic"]): r for _, r in mine.iterrows()}
                diff, r = by.get("difficulty"), by.get("item_total_r")
                lines.append(
                    ItemLine(
                        text=str(mine["text"].iloc[0]),
                        difficulty=_figure(diff["value"], diff["reason"], i18n.percent)
                        + (
                            _(" of {n}").format(n=i18n.number(diff["n"]))
                            if diff["value"] is not None and diff["n"]
                            else ""
                        )
                        if diff is not None
                        else "",
                        discrimination=_figure(r["value"], r["reason"], _signed)
                        if r is not None
                        else _("(one item)"),
                    )
                )
            scale_rows = rows[rows["item"] == ""]
            out.append(
                ItemTable(
                    heading=f"{what}, {_(PHASE_LABELS[phase])}",
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
