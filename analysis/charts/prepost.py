"""The before-and-after chart: how far answers moved per question, in plain words."""

from __future__ import annotations

import altair as alt
import pandas as pd

from analysis import prepost_wording
from workshop.content import Survey
from workshop.i18n import N_, _

from .style import BAR, TEXT, Style, configure_axes, described

PREPOST_TITLE = N_("Before and after: how answers changed after the modules")  # shown with _()


def prepost(
    results: pd.DataFrame, survey: Survey, k: int, style: Style | None = None
) -> alt.LayerChart:
    """How far answers moved per question (rows of prepost.table), in plain words.

    The point is the matched-pairs rank-biserial r with its 95% interval (with
    noise: the noisy mean change as a share of the largest, no interval); the
    axis says what it means without naming it (the name is in the researchers'
    table). Rows are the questions' short labels (analysis.prepost_wording);
    questions with fewer than k pairs have no row (the page says why in words).
    """
    style = style or Style.projector()
    lines = prepost_wording.lines(results, survey, k)
    rows = [
        {
            "question": line.label,
            "effect": prepost_wording.effect(r),
            "low": r.ci_low,
            "high": r.ci_high,
            "people": line.people,
            "reading": line.reading,
        }
        for line, r in zip(lines, results.itertuples(index=False), strict=True)
        if line.people is not None  # fewer than k pairs: no row (the page says so in words)
    ]
    shown = pd.DataFrame(rows, columns=["question", "effect", "low", "high", "people", "reading"])
    y = alt.Y("question:N", title=None, sort=None)
    scale = alt.Scale(domain=[-1, 1])
    zero = (
        alt.Chart(pd.DataFrame({"x": [0]}))
        .mark_rule(strokeDash=[6, 6], color=TEXT, strokeWidth=2)
        .encode(x=alt.X("x:Q", scale=scale))
    )
    interval = (
        alt.Chart(shown)
        .mark_rule(strokeWidth=6, color=BAR, opacity=0.55)
        .encode(
            y=y,
            x=alt.X(
                "low:Q",
                scale=scale,
                title=_("← answers moved lower   ·   no change   ·   answers moved higher →"),
                axis=alt.Axis(values=[-1, -0.5, 0, 0.5, 1], format="~g"),
            ),
            x2="high:Q",
        )
    )
    points = (
        alt.Chart(shown)
        .mark_point(filled=True, size=style.mark * 14, color=BAR, opacity=1)
        .encode(
            y=y,
            x=alt.X("effect:Q", scale=scale),
            tooltip=[
                alt.Tooltip("question:N", title="Question"),
                alt.Tooltip("reading:N", title="What changed"),
                alt.Tooltip("people:Q", title="People who answered both"),
            ],
        )
    )
    chart = alt.LayerChart(layer=[zero, interval, points]).properties(
        height=alt.Step(style.label * 3)  # one roomy row per question
    )
    return described(_configure_prepost(chart, style), _(PREPOST_TITLE))


def _configure_prepost(chart: alt.LayerChart, style: Style) -> alt.LayerChart:
    # No fixed height (one row per question) and no legend, otherwise style's frame.
    framed = configure_axes(chart.properties(width="container"), style)
    configured: alt.LayerChart = framed.configure_view(stroke=None)
    return configured
