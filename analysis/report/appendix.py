"""The report's appendix for researchers: before/after statistics and the forest plots.

Questions go by their labels (analysis.prepost_wording.short_label), never by
an internal id; the ids are listed once, at the end, to match the data export.
A knowledge item is scored 1 for the keyed answer and 0 for any other, so its
mean change is a change in the share answering correctly: it is reported in
percentage points, never as "points" on a scale or a "mean change".
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Any

import altair as alt
import pandas as pd

from analysis import forest, pooling, prepost, prepost_wording
from analysis.prepost_wording import is_knowledge, knowledge_change, signed
from analysis.report.svg import forest_svg
from workshop import i18n
from workshop.content import Question, Survey
from workshop.i18n import _, ngettext


@dataclass(frozen=True)
class ChangeLine:
    """One before/after construct in plain words, with its statistics for the appendix."""

    question: str
    sentence: str  # the front part's line (scale questions)
    stats: dict[str, object]  # the appendix's row: figures only, the question by its label
    knowledge: bool  # scored right or wrong: its change is in share correct, never "points"
    items: str  # "pre id → post id", for the appendix's list of ids


def _on_a_scale(question: Question | None) -> bool:
    return question is not None and question.kind in pooling.SCALE_KINDS


def _sentence(r: Any, question: Question | None, k: int) -> str:
    if r.suppressed:
        return ngettext(
            "Fewer than {k} person answered this both before and after the modules, "
            "so no change is reported.",
            "Fewer than {k} people answered this both before and after the modules, "
            "so no change is reported.",
            k,
        ).format(k=i18n.number(k))
    if not _on_a_scale(question):
        # A choice item's codes are scored by position: an average of positions would
        # read as a change in "points" that means nothing.
        return ngettext(
            "{n} person answered this both before and after the modules; it is a "
            "choice question, so the change is given only as the effect in the appendix.",
            "{n} people answered this both before and after the modules; it is a "
            "choice question, so the change is given only as the effect in the appendix.",
            int(r.pairs),
        ).format(n=i18n.number(r.pairs))
    change = float(r.mean_change)
    pairs = int(r.pairs)
    if not change:
        return ngettext(
            "Of the {n} person who answered both times, answers after the modules were on "
            "average unchanged.",
            "Of the {n} people who answered both times, answers after the modules were on "
            "average unchanged.",
            pairs,
        ).format(n=i18n.number(pairs))
    amount = i18n.number(abs(change), 1)
    if change > 0:
        return ngettext(
            "Of the {n} person who answered both times, answers after the modules were on "
            "average {amount} points higher than before.",
            "Of the {n} people who answered both times, answers after the modules were on "
            "average {amount} points higher than before.",
            pairs,
        ).format(n=i18n.number(pairs), amount=amount)
    return ngettext(
        "Of the {n} person who answered both times, answers after the modules were on "
        "average {amount} points lower than before.",
        "Of the {n} people who answered both times, answers after the modules were on "
        "average {amount} points lower than before.",
        pairs,
    ).format(n=i18n.number(pairs), amount=amount)


def change_lines(table: pd.DataFrame, survey: Survey, k: int) -> list[ChangeLine]:
    """Each construct's sentence for the front part and its statistics (the page's rows too)."""
    return [
        ChangeLine(
            row.question,
            _sentence(r, survey.question(str(r.pre_item)), k),
            row.figures,
            row.knowledge,
            row.items,
        )
        for row, r in zip(
            prepost_wording.statistics(table, survey), table.itertuples(index=False), strict=True
        )
    ]


def _label(construct: str, question: Question | None) -> str:
    if construct == prepost.KNOWLEDGE:
        return _(prepost_wording.KNOWLEDGE_LABEL)
    return prepost_wording.short_label(question) if question is not None else construct


def _finite(value: object) -> float | None:
    if not isinstance(value, int | float) or not math.isfinite(value):
        return None
    return float(value)


def _change(value: object, knowledge: bool, construct: str) -> str:
    number = _finite(value)
    if knowledge:
        return knowledge_change(construct, number)
    return signed(number, 2)


@dataclass(frozen=True)
class ForestPlot:
    """One construct's forest plot: titled by its label, knowledge items in share correct."""

    title: str
    construct: str
    knowledge: bool
    frame: pd.DataFrame

    def chart(self) -> alt.LayerChart:
        change = forest.KNOWLEDGE_CHANGE if self.knowledge else forest.SCALE_CHANGE
        return forest.chart(self.frame, self.title, change)


def forest_plots(both: pooling.PrePost, survey: Survey) -> list[ForestPlot]:
    """One forest plot per construct (the report's appendix and the research page's)."""
    plots = []
    for construct, frame in both.forest.groupby("construct", sort=False):
        pre_item = both.pooled.loc[both.pooled["construct"] == construct, "pre_item"]
        asked = survey.question(str(pre_item.iloc[0])) if len(pre_item) else None
        name = str(construct)
        plots.append(ForestPlot(_label(name, asked), name, is_knowledge(name, asked), frame))
    return plots


def forest_figures(
    both: pooling.PrePost, survey: Survey
) -> tuple[list[tuple[str, str]], list[dict[str, str]]]:
    """One forest plot per construct, and the figures behind them as table rows."""
    svgs: list[tuple[str, str]] = []
    rows: list[dict[str, str]] = []
    for plot in forest_plots(both, survey):
        title, knowledge, construct = plot.title, plot.knowledge, plot.construct
        svgs.append((title, forest_svg(plot.chart())))
        for r in plot.frame.itertuples(index=False):
            note = str(r.note or "")
            spread, tau = _finite(r.i_squared), _finite(r.tau_squared)
            if spread is not None and tau is not None:
                note += f"; I² = {i18n.percent(spread)}, τ² = {i18n.number(tau, 3)}"
            low, high = (_change(v, knowledge, construct) for v in (r.ci_low, r.ci_high))
            weight = _finite(r.weight)
            rows.append(
                {
                    _("Question"): title,
                    _("Session"): str(r.session),
                    _("Pairs"): _("fewer than k")
                    if r.pairs is None
                    else i18n.number(int(str(r.pairs))),
                    _("Change"): _change(r.mean_change, knowledge, construct),
                    _("{level} interval").format(level=i18n.percent(0.95)): _(
                        "{low} to {high}"
                    ).format(low=low, high=high)
                    if low and high
                    else "",
                    _("Weight"): "" if weight is None else i18n.percent(weight),
                    _("Note"): note,
                }
            )
    return svgs, rows
