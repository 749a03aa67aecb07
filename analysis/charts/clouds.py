"""Words and free text: the word cloud, the same words as bars, and approved texts."""

from __future__ import annotations

import altair as alt
import pandas as pd

from analysis import chart_text, wordcloud
from analysis.live import QuestionView
from workshop.i18n import _

from .style import BAR, CLOUD_INKS, SCREEN, TEXT, Style, configure, described


def _placed(view: QuestionView, width: int, height: int, style: Style) -> list[wordcloud.Placed]:
    terms = view.cloud.terms if view.cloud is not None else ()
    scale = style.mark / Style.projector().mark
    return wordcloud.layout(
        terms, width, height, smallest=max(16.0, 30 * scale), largest=110 * scale
    )


def cloud_frame(view: QuestionView, width: int, height: int, style: Style) -> pd.DataFrame:
    """Placed words of a view's cloud (already at least k people each, hidden words removed)."""
    return _frame(_placed(view, width, height, style))


def _frame(placed: list[wordcloud.Placed]) -> pd.DataFrame:
    return pd.DataFrame(
        [
            {
                "word": p.word,
                "x": p.x,
                "y": p.y,
                "size": p.size,
                "ink": CLOUD_INKS[p.rank % len(CLOUD_INKS)],
                "people": p.count,
            }
            for p in placed
        ],
        columns=["word", "x", "y", "size", "ink", "people"],
    )


def cloud_chart(view: QuestionView, style: Style = SCREEN, width: int = 1400) -> alt.Chart | None:
    """Words as Vega text marks at fixed positions: plain text, never HTML, no tooltips.

    The chart is cut to the words' own box (wordcloud.extent), so a screen that scales
    it to its area (the audience screen) shows a few words large, not small in the middle.
    """
    height = style.height + 160 if style.height >= Style.projector().height else style.height
    placed = _placed(view, width, height, style)
    frame = _frame(placed)
    if frame.empty:
        return None
    left, top, right, bottom = wordcloud.extent(placed, width, height)
    chart = (
        alt.Chart(frame)
        .mark_text(fontWeight="bold", align="center", baseline="middle")
        .encode(
            x=alt.X("x:Q", scale=alt.Scale(domain=[left, right]), axis=None),
            y=alt.Y("y:Q", scale=alt.Scale(domain=[top, bottom], reverse=True), axis=None),
            text="word:N",
            size=alt.Size("size:Q", scale=None, legend=None),
            color=alt.Color("ink:N", scale=None, legend=None),
        )
        .properties(width=round(right - left), height=round(bottom - top))
    )
    configured: alt.Chart = chart.configure(background="transparent").configure_view(stroke=None)
    return described(configured, chart_text.title(view))


def word_bar_chart(view: QuestionView, style: Style = SCREEN) -> alt.LayerChart | None:
    """The same words as a sorted frequency bar chart (exact counts, easier to read)."""
    terms = view.cloud.terms if view.cloud is not None else ()
    if not terms:
        return None
    frame = pd.DataFrame([{"word": t, "people": n, "order": i} for i, (t, n) in enumerate(terms)])
    bars = (
        alt.Chart(frame)
        .mark_bar(color=BAR, cornerRadiusEnd=4)
        .encode(
            y=alt.Y("word:N", sort=alt.SortField("order"), title=None),
            x=alt.X(
                "people:Q",
                title=_("About how many people gave this word (noise added)")
                if view.noisy
                else _("Number of people who gave this word"),
                axis=alt.Axis(tickMinStep=1, format="d"),
                scale=alt.Scale(domainMax=max(1, int(frame["people"].max() * 1.2) + 1)),
            ),
        )
    )
    labels = bars.mark_text(align="left", dx=8, fontSize=style.mark, color=TEXT).encode(
        text="people:Q"
    )
    height = max(style.height, len(frame) * (style.label + 14))
    return described(
        configure(
            alt.LayerChart(layer=[bars, labels]), Style(**{**style.__dict__, "height": height})
        ),
        "Bar chart of the words people gave: " + view.question.text,
    )


def text_lines(view: QuestionView) -> list[str]:
    """Approved answers, already shuffled, for display as plain text only."""
    return list(view.texts)
