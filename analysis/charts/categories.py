"""Charts of counts per option: bars for choice questions, one diverging bar for a likert scale."""

from __future__ import annotations

import altair as alt
import pandas as pd

from analysis import kinds
from analysis.disclosure import DECLINED, masked_label
from analysis.disclosure.noise import about
from analysis.knowledge_reveal import KEYED_MARK
from analysis.live import QuestionView
from workshop.i18n import _

from .style import (
    BAR,
    DECLINED_GREY,
    NOT_KEYED,
    SCREEN,
    TEXT,
    Style,
    configure,
    is_dark,
    likert_colours,
    option_label,
    percent,
)

INSIDE = 0.55  # a bar at least this share of the longest carries its figure inside


def choice_frame(view: QuestionView) -> pd.DataFrame:
    """One row per option, most chosen first; masked options last, "prefer not" at the end."""
    assert view.breakdown is not None
    keyed = view.question.correct_code if view.question.knowledge else None
    rows = []
    for cell in view.breakdown.cells:
        shown = cell.count is not None
        label = option_label(view, cell.key)
        rows.append(
            {
                # A knowledge item's keyed answer carries a mark; a colour alone is not enough.
                "option": f"{label} {KEYED_MARK}" if cell.key == keyed else label,
                "count": cell.count if shown else 0,
                "text": (
                    f"{about(cell.count) if view.noisy else cell.count}"
                    f"  ({percent(cell.count, view.responded)})"
                    if cell.count is not None
                    else masked_label(cell.mask, view.k)
                ),
                "declined": cell.key == DECLINED,
                "masked": not shown,
                "other": keyed is not None and cell.key not in (keyed, DECLINED),
            }
        )
    frame = pd.DataFrame(rows)
    frame = frame.sort_values(
        ["declined", "masked", "count"], ascending=[True, True, False], kind="stable"
    )
    frame["order"] = range(len(frame))
    # A long bar carries its figure inside its end, so a long figure ("about 7 (44%)",
    # longer still in other languages) is never cut at the chart's right edge.
    frame["inside"] = (frame["count"] > 0) & (frame["count"] >= INSIDE * frame["count"].max())
    return frame.reset_index(drop=True)


def _count_title(view: QuestionView) -> str:
    """The count axis's title: approximate when noised, "each could choose several" for a multi."""
    if kinds.spec(view.question.kind).partition:
        return _("About how many people (noise added)") if view.noisy else _("Number of people")
    if view.noisy:
        return _("About how many people (noise added) (each could choose several)")
    return _("Number of people (each could choose several)")


def choice_chart(view: QuestionView, style: Style = SCREEN) -> alt.LayerChart:
    frame = choice_frame(view)
    y = alt.Y("option:N", sort=alt.SortField("order"), title=None)
    bars = (
        alt.Chart(frame)
        .mark_bar(cornerRadiusEnd=4)
        .encode(
            y=y,
            x=alt.X(
                "count:Q",
                title=_count_title(view),
                axis=alt.Axis(tickMinStep=1, format="d"),
                scale=alt.Scale(domainMax=max(1, int(frame["count"].max() * 1.35))),
            ),
            color=alt.when(alt.datum.declined)
            .then(alt.value(DECLINED_GREY))
            .when(alt.datum.other)
            .then(alt.value(NOT_KEYED))
            .otherwise(alt.value(BAR)),
        )
    )
    outside = (
        bars.mark_text(align="left", dx=8, fontSize=style.mark, color=TEXT)
        .encode(text="text:N", color=alt.value(TEXT))
        .transform_filter(~alt.datum.inside)
    )
    inside = (
        bars.mark_text(align="right", dx=-10, fontSize=style.mark, fontWeight="bold")
        .encode(
            text="text:N",
            # White on the teal bar; the page's ink on the lighter grey ones.
            color=alt.when(alt.datum.declined | alt.datum.other)
            .then(alt.value(TEXT))
            .otherwise(alt.value("#FFFFFF")),
        )
        .transform_filter(alt.datum.inside)
    )
    return configure(alt.LayerChart(layer=[bars, outside, inside]), style)


def likert_frame(view: QuestionView) -> pd.DataFrame:
    """Segments of one diverging bar: below the midpoint to the left, above to the right."""
    assert view.breakdown is not None
    codes = list(view.question.option_codes)
    counts = view.breakdown.shown_counts()
    total = view.responded or 1
    share = {code: 100 * counts.get(code, 0) / total for code in codes}
    points = len(codes)
    half = points // 2
    low_side = sum(share[c] for c in codes[:half])
    neutral = share[codes[half]] if points % 2 else 0.0
    start = -(low_side + neutral / 2)
    colours = likert_colours(points) or [TEXT] * points
    rows = []
    for index, code in enumerate(codes):
        end = start + share[code]
        rows.append(
            {
                "option": view.question.label_for(code),
                "order": index,
                "start": start,
                "end": end,
                "text": f"{round(share[code])}%" if share[code] >= 6 else "",
                "ink": "white" if is_dark(colours[index]) else TEXT,
                "row": "Answers",
            }
        )
        start = end
    return pd.DataFrame(rows)


def likert_chart(view: QuestionView, style: Style = SCREEN) -> alt.LayerChart:
    frame = likert_frame(view)
    labels = list(frame["option"])
    colours = likert_colours(len(labels))
    scale = (
        alt.Scale(domain=labels, range=colours)
        if colours
        else alt.Scale(domain=labels, scheme="purpleorange", reverse=True)
    )
    reach = max(50.0, float(max(-frame["start"].min(), frame["end"].max())))
    bars = (
        alt.Chart(frame)
        .mark_bar(height={"band": 0.75})
        .encode(
            y=alt.Y("row:N", title=None, axis=None),
            x=alt.X(
                "start:Q",
                title=_("← {low}   ·   share of people who answered   ·   {high} →").format(
                    low=labels[0], high=labels[-1]
                ),
                scale=alt.Scale(domain=[-reach, reach]),
                axis=alt.Axis(
                    labelExpr="abs(datum.value) + '%'",
                    values=[-100, -75, -50, -25, 0, 25, 50, 75, 100],
                ),
            ),
            x2="end:Q",
            # Wrapped into rows of three so long labels are never cut at 1366 px.
            color=alt.Color(
                "option:N",
                scale=scale,
                sort=labels,
                title=None,
                legend=alt.Legend(columns=3, labelLimit=0),
            ),
            order=alt.Order("order:Q"),
        )
    )
    text = (
        alt.Chart(frame)
        .transform_calculate(middle="(datum.start + datum.end) / 2")
        .mark_text(fontSize=style.mark, fontWeight="bold")
        .encode(
            y=alt.Y("row:N", axis=None),
            x="middle:Q",
            text="text:N",
            color=alt.Color("ink:N", scale=None),
        )
    )
    midline = alt.Chart(pd.DataFrame({"x": [0]})).mark_rule(color=TEXT).encode(x="x:Q")
    # The height holds the axis, its title and the legend's rows as well as the bar:
    # Streamlit fits the whole chart into it, and a fixed 160 px left the bar 2 px thick.
    legend_rows = -(-len(labels) // 3)
    height = round(style.mark * 4 + style.label * (4 + 1.8 * legend_rows) + 30)
    return configure(
        alt.LayerChart(layer=[bars, midline, text]), Style(**{**style.__dict__, "height": height})
    )
