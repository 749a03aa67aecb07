"""The histogram of a number or slider question, with its median."""

from __future__ import annotations

import altair as alt
import pandas as pd

from analysis.live import QuestionView
from workshop import i18n
from workshop.i18n import _

from .style import BAR, MEDIAN, SCREEN, Style, configure


def number_frame(view: QuestionView) -> pd.DataFrame:
    assert view.breakdown is not None
    counts = view.breakdown.shown_counts()
    return pd.DataFrame(
        [
            {"low": b.low, "high": b.high, "label": b.label, "count": counts[b.key]}
            for b in view.bins
            if b.key in counts
        ],
        columns=["low", "high", "label", "count"],
    )


def number_chart(view: QuestionView, style: Style = SCREEN) -> alt.LayerChart:
    frame = number_frame(view)
    question = view.question
    if question.unit:
        axis_title = _("Answer ({unit})").format(unit=question.unit)
    elif (
        question.min_label
        and question.max_label
        and question.min is not None
        and question.max is not None
    ):
        axis_title = (
            f"{question.min:g} = {question.min_label}   …   {question.max:g} = {question.max_label}"
        )
    else:
        axis_title = "Answer"
    centred = bool(view.bins) and view.bins[0].high - view.bins[0].low == 1 and question.integer
    if centred:
        ticks = [b.low + 0.5 for b in view.bins]
    else:
        ticks = [b.low for b in view.bins] + ([view.bins[-1].high] if view.bins else [])
    domain = [view.bins[0].low, view.bins[-1].high] if view.bins else None
    bars = (
        alt.Chart(frame)
        .mark_bar(color=BAR, stroke="white", strokeWidth=2)
        .encode(
            x=alt.X(
                "low:Q",
                bin="binned",
                title=axis_title,
                axis=alt.Axis(values=ticks, format="d" if question.integer else "~g"),
                scale=alt.Scale(domain=domain) if domain else alt.Undefined,
            ),
            x2="high:Q",
            y=alt.Y(
                "count:Q",
                title=_("About how many people (noise added)")
                if view.noisy
                else _("Number of people"),
                # Written across, above the axis: turned on its side, a long title (in
                # any language) was longer than a projector chart is tall, and Vega
                # shrank the bars to make room for it.
                axis=alt.Axis(
                    tickMinStep=1,
                    format="d",
                    titleAngle=0,
                    titleAlign="left",
                    titleAnchor="end",
                    titleBaseline="bottom",
                    titleX=0,
                    titleY=-14,
                ),
                # headroom above the tallest bar for the median label
                scale=alt.Scale(domainMax=max(1, int(frame["count"].max() * 1.3) + 1))
                if len(frame)
                else alt.Undefined,
            ),
        )
    )
    layers: list[alt.Chart] = [bars]
    if view.median is not None:
        median = pd.DataFrame(
            {
                "x": [view.median],
                "label": [
                    _("Median: {median} {unit}")
                    .format(median=i18n.short_number(view.median), unit=view.question.unit or "")
                    .strip()
                ],
            }
        )
        rule = alt.Chart(median).mark_rule(color=MEDIAN, strokeWidth=5, strokeDash=[10, 6])
        layers.append(rule.encode(x="x:Q"))
        layers.append(
            alt.Chart(median)
            .mark_text(
                align="left",
                dx=10,
                dy=0,
                baseline="top",
                fontSize=style.mark,
                fontWeight="bold",
                color=MEDIAN,
            )
            .encode(x="x:Q", y=alt.value(4), text="label:N")
        )
    return configure(alt.LayerChart(layer=layers), style)
