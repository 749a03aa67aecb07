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


def title(view: QuestionView) -> str:
    """What the chart is, in words: its kind and the question it answers."""
    return f"{kinds.spec(view.question.kind).chart_title}: {view.question.text}"


def summary(view: QuestionView) -> list[str]:
    """The chart's figures as short sentences, in the chart's order; [] when nothing is drawn."""
    if not view.ready:
        return []
    return SUMMARIES[kinds.spec(view.question.kind).view](view)


def _ranking(view: QuestionView) -> list[str]:
    if not view.mean_rank:
        return []
    ordered = sorted(view.mean_rank.items(), key=lambda item: item[1])
    return [
        f"{view.responded} people answered. Most wanted first.",
        *(f"{view.question.label_for(code)}: average place {place:.1f}" for code, place in ordered),
    ]


def _cloud(view: QuestionView) -> list[str]:
    terms = view.cloud.terms if view.cloud is not None else ()
    if not terms:
        return []
    return [
        f"Words given by at least {view.k} people, most given first.",
        *(f"{term}: {results.people_text(view, count)}" for term, count in terms),
    ]


def _categories(view: QuestionView, *, median: bool = False) -> list[str]:
    rows = results.category_rows(view)
    if not rows:
        return []
    lines = [
        f"{view.responded} people answered.",
        *(row.text for row in rows if row.label != PREFER_NOT_TO_ANSWER),
    ]
    if median and view.median is not None:
        unit = f" {view.question.unit}" if view.question.unit else ""
        lines.append(f"Median: {view.median:g}{unit}.")
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
