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

import pandas as pd

from analysis import forest, pooling, prepost, prepost_wording
from analysis.prepost_wording import signed
from analysis.report.svg import forest_svg
from workshop.content import Question, Survey

CHANGE_CORRECT = "Change in answers correct"


@dataclass(frozen=True)
class ChangeLine:
    """One before/after construct in plain words, with its statistics for the appendix."""

    question: str
    sentence: str  # the front part's line (scale questions)
    stats: dict[str, object]  # the appendix's row: figures only, the question by its label
    knowledge: bool  # scored right or wrong: its change is in share correct, never "points"
    items: str  # "pre id → post id", for the appendix's list of ids


def is_knowledge(construct: str, question: Question | None) -> bool:
    return construct == prepost.KNOWLEDGE or (question is not None and question.knowledge)


def knowledge_change(construct: str, change: object) -> str:
    """A right-or-wrong change: percentage points of answers correct (the score: items)."""
    number = _finite(change)
    if number is None:
        return ""
    if construct == prepost.KNOWLEDGE:
        return f"{signed(number, 1)} items"
    return f"{signed(100 * number, 0)} percentage points"


def _on_a_scale(question: Question | None) -> bool:
    return question is not None and question.kind in pooling.SCALE_KINDS


def _sentence(r: Any, question: Question | None, k: int) -> str:
    if r.suppressed:
        return (
            f"Fewer than {k} people answered this both before and after the modules, "
            "so no change is reported."
        )
    if not _on_a_scale(question):
        # A choice item's codes are scored by position: an average of positions would
        # read as a change in "points" that means nothing.
        return (
            f"{r.pairs} people answered this both before and after the modules; it is a "
            "choice question, so the change is given only as the effect in the appendix."
        )
    change = float(r.mean_change)
    direction = "higher" if change > 0 else "lower"
    amount = f"{abs(change):.1f} points {direction} than before" if change else "unchanged"
    return (
        f"Of the {r.pairs} people who answered both times, answers after the modules "
        f"were on average {amount}."
    )


def change_lines(table: pd.DataFrame, survey: Survey, k: int) -> list[ChangeLine]:
    lines = []
    for row, r in zip(
        prepost_wording.researcher_rows(table, survey), table.itertuples(index=False), strict=True
    ):
        question = survey.question(str(r.pre_item))
        knowledge = is_knowledge(str(r.construct), question)
        stats = {key: value for key, value in row.items() if key not in ("Construct", "Items")}
        if knowledge:  # scored 1 right, 0 not: a change in share correct, never "points"
            del stats["Mean change"], stats["Median change"]
            stats = {
                "Question": stats.pop("Question"),
                "Pairs": stats.pop("Pairs"),
                CHANGE_CORRECT: ""
                if r.suppressed
                else knowledge_change(str(r.construct), r.mean_change),
                **stats,
            }
        sentence = _sentence(r, question, k)
        lines.append(
            ChangeLine(str(row["Question"]), sentence, stats, knowledge, str(row["Items"]))
        )
    return lines


def _label(construct: str, question: Question | None) -> str:
    if construct == prepost.KNOWLEDGE:
        return prepost_wording.KNOWLEDGE_LABEL
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


def forest_figures(
    both: pooling.PrePost, survey: Survey
) -> tuple[list[tuple[str, str]], list[dict[str, str]]]:
    """One forest plot per construct, and the figures behind them as table rows."""
    svgs: list[tuple[str, str]] = []
    rows: list[dict[str, str]] = []
    for construct, frame in both.forest.groupby("construct", sort=False):
        pre_item = both.pooled.loc[both.pooled["construct"] == construct, "pre_item"]
        asked = survey.question(str(pre_item.iloc[0])) if len(pre_item) else None
        title = _label(str(construct), asked)
        knowledge = is_knowledge(str(construct), asked)
        change = forest.KNOWLEDGE_CHANGE if knowledge else forest.SCALE_CHANGE
        svgs.append((title, forest_svg(forest.chart(frame, title, change))))
        for r in frame.itertuples(index=False):
            note = str(r.note or "")
            spread, tau = _finite(r.i_squared), _finite(r.tau_squared)
            if spread is not None and tau is not None:
                note += f"; I² = {spread:.0%}, τ² = {tau:.3f}"
            low, high = (_change(v, knowledge, str(construct)) for v in (r.ci_low, r.ci_high))
            weight = _finite(r.weight)
            rows.append(
                {
                    "Question": title,
                    "Session": str(r.session),
                    "Pairs": "fewer than k" if r.pairs is None else str(r.pairs),
                    "Change": _change(r.mean_change, knowledge, str(construct)),
                    "95% interval": f"{low} to {high}" if low and high else "",
                    "Weight": "" if weight is None else f"{weight:.0%}",
                    "Note": note,
                }
            )
    return svgs, rows
