"""Charts as text for screen readers: a title and a short summary (no Streamlit).

A chart is a picture to a screen reader ("Vega visualization"). Each chart
gets a title (the Vega-Lite description, read as the chart's label) and a
summary: the same published figures the chart draws, as sentences. The
summary reads the QuestionView after disclosure control, so a masked group
says why it is not shown, as on the chart, and never carries a raw count.
"""

from __future__ import annotations

from collections.abc import Callable

from analysis import kinds, results
from analysis.kinds import View
from analysis.live import QuestionView
from workshop.content import PREFER_NOT_TO_ANSWER
from workshop.i18n import _


def title(view: QuestionView) -> str:
    """What the chart is, in words: its kind and the question it answers."""
    return f"{_(kinds.spec(view.question.kind).chart_title)}: {view.question.text}"


def summary(view: QuestionView) -> list[str]:
    """The chart's figures as short sentences, in the chart's order; [] when nothing is drawn."""
    if not view.ready:
        return []
    return SUMMARIES[kinds.spec(view.question.kind).view](view)


def _ranking(view: QuestionView) -> list[str]:
    if not view.mean_rank:
        return []
    first = _("Most wanted first.")
    return [f"{results.responded_text(view)} {first}", *results.ranking_lines(view)]


def _cloud(view: QuestionView) -> list[str]:
    lines = results.cloud_lines(view)
    if not lines:
        return []
    heading = _("Words given by at least {k} people, most given first.").format(k=view.k)
    return [heading, *lines]


def _categories(view: QuestionView, *, median: bool = False) -> list[str]:
    rows = results.category_rows(view)
    if not rows:
        return []
    lines = [
        results.responded_text(view),
        *(row.text for row in rows if row.label != PREFER_NOT_TO_ANSWER),
    ]
    median_text = results.median_text(view) if median else None
    if median_text is not None:
        lines.append(median_text)
    lines.extend(row.text for row in rows if row.label == PREFER_NOT_TO_ANSWER)
    return lines


def _numbers(view: QuestionView) -> list[str]:
    return _categories(view, median=True)


# One summary per live view rule (analysis/kinds.py).
SUMMARIES: dict[View, Callable[[QuestionView], list[str]]] = {
    View.categories: _categories,
    View.numbers: _numbers,
    View.ranking: _ranking,
    View.cloud: _cloud,
}
