"""The ranking chart: one bar per option, longest for the most wanted."""

from __future__ import annotations

import altair as alt
import pandas as pd

from analysis import results
from analysis.live import QuestionView
from workshop.i18n import _

from .style import BAR, SCREEN, TEXT, Style, configure


def ranking_frame(view: QuestionView) -> pd.DataFrame:
    """One row per option, most wanted first.

    `score` is the bar length: options + 1 - average place, so the longest bar
    is the most wanted option (a bar of the average place itself would make the
    least wanted option the longest). The label keeps the average place.
    """
    options = len(view.question.options)
    rows = [
        {
            "option": view.question.label_for(code),
            "place": place,
            "score": options + 1 - place,
            "text": results.place_text(view, place),
        }
        for code, place in view.mean_rank.items()
    ]
    frame = pd.DataFrame(rows, columns=["option", "place", "score", "text"])
    return frame.sort_values("place", kind="stable").reset_index(drop=True)


def ranking_chart(view: QuestionView, style: Style = SCREEN) -> alt.LayerChart:
    frame = ranking_frame(view)
    options = len(view.question.options)
    y = alt.Y("option:N", sort=list(frame["option"]), title=None)
    bars = (
        alt.Chart(frame)
        .mark_bar(color=BAR, cornerRadiusEnd=4)
        .encode(
            y=y,
            x=alt.X(
                "score:Q",
                title=_("Longer bar = ranked higher by the room (most wanted on top)"),
                scale=alt.Scale(domain=[0, options + 1.6]),
                axis=alt.Axis(labels=False, ticks=False, domain=False),
            ),
        )
    )
    labels = bars.mark_text(align="left", dx=8, fontSize=style.mark, color=TEXT).encode(
        text="text:N"
    )
    return configure(alt.LayerChart(layer=[bars, labels]), style)
