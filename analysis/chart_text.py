"""Charts as text for screen readers: a title and a short summary (no Streamlit).

A chart is a picture to a screen reader ("Vega visualization"). Each chart
gets a title (the Vega-Lite description, read as the chart's label) and a
summary: the same published figures the chart draws, as sentences. The
summary reads the QuestionView after disclosure control, so a masked group
says why it is not shown, as on the chart, and never carries a raw count.
"""

from __future__ import annotations

from analysis import results, words
from analysis.live import QuestionView
from workshop.content import NUMERIC_KINDS, PREFER_NOT_TO_ANSWER, QuestionKind

_KIND_WORDS = {
    QuestionKind.likert: "Bar chart of how people answered",
    QuestionKind.single: "Bar chart of how many people chose each option",
    QuestionKind.multiple: "Bar chart of how many people chose each option",
    QuestionKind.number: "Histogram of the answers",
    QuestionKind.slider: "Histogram of the answers",
    QuestionKind.ranking: "Bar chart of the average place given to each option",
    QuestionKind.words: "Word cloud of the words people gave",
}


def title(view: QuestionView) -> str:
    """What the chart is, in words: its kind and the question it answers."""
    what = _KIND_WORDS.get(view.question.kind, "Chart")
    return f"{what}: {view.question.text}"


def summary(view: QuestionView) -> list[str]:
    """The chart's figures as short sentences, in the chart's order; [] when nothing is drawn."""
    if not view.ready:
        return []
    kind = view.question.kind
    head = f"{view.responded} people answered."
    if kind is QuestionKind.ranking:
        if not view.mean_rank:
            return []
        ordered = sorted(view.mean_rank.items(), key=lambda item: item[1])
        return [
            head + " Most wanted first.",
            *(
                f"{view.question.label_for(code)}: average place {place:.1f}"
                for code, place in ordered
            ),
        ]
    if kind in words.CLOUD_KINDS:
        terms = view.cloud.terms if view.cloud is not None else ()
        if not terms:
            return []
        return [
            f"Words given by at least {view.k} people, most given first.",
            *(f"{term}: {count} people" for term, count in terms),
        ]
    rows = results.category_rows(view)
    if not rows:
        return []
    lines = [head, *(row.text for row in rows if row.label != PREFER_NOT_TO_ANSWER)]
    if kind in NUMERIC_KINDS and view.median is not None:
        unit = f" {view.question.unit}" if view.question.unit else ""
        lines.append(f"Median: {view.median:g}{unit}.")
    lines.extend(row.text for row in rows if row.label == PREFER_NOT_TO_ANSWER)
    return lines
