"""The analysis layer's kind registry: how each question kind is counted, drawn and exported.

An AnalysisKind names, for one kind, the rule each part of analysis/ applies:
the live view (analysis/live/), the chart and its notes (analysis/charts),
the chart's title and text summary (analysis/chart_text.py), the word cloud
(analysis/words.py), the export columns (analysis/export/columns.py), the
summary.csv rows (analysis/export/summary.py) and the flags pooling,
reporting and k-anonymity read. Each rule is an enum; every module keeps one
function per member of the rules it applies, so a kind that behaves like an
existing one is one entry here. This module imports nothing but the kind
names (and the mark for translatable words), so every analysis module can
dispatch through it without a cycle.
tests/test_kind_registry.py checks that every kind has an entry and every
rule member an implementation.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from enum import StrEnum

from workshop.i18n import N_
from workshop.kind_shapes import QuestionKind


class View(StrEnum):
    """What a live display shows (analysis.live.question_view)."""

    categories = "categories"  # a count per option (masked below k)
    numbers = "numbers"  # a count per bin, and the median
    ranking = "ranking"  # the average place of each option
    cloud = "cloud"  # words given by at least k people (and approved texts if moderated)


class Chart(StrEnum):
    """How the view is drawn (analysis.charts)."""

    bars = "bars"  # a bar per option, most chosen first
    likert = "likert"  # one diverging bar along the scale
    histogram = "histogram"  # bars over number bins, with the median
    ranking = "ranking"  # a bar per option, longest for the most wanted
    cloud = "cloud"  # a word cloud or word bars, drawn on request, not by build_chart


class Terms(StrEnum):
    """How an answer gives the terms of a word cloud (analysis.words)."""

    none = "none"  # no cloud
    phrases = "phrases"  # each word or short phrase given is one term
    tokens = "tokens"  # free text: each meaningful word is a term


class Columns(StrEnum):
    """How an item becomes export columns (analysis.export.columns)."""

    code = "code"  # one column of option codes
    number = "number"  # one numeric column
    indicators = "indicators"  # one 0/1 column per option
    ranks = "ranks"  # one rank column per option
    words = "words"  # one column of phrases, only when text is included
    text = "text"  # one column of free text, only when text is included


class Summary(StrEnum):
    """What an item adds to summary.csv (analysis.export.summary)."""

    categories = "categories"  # a count per option
    chosen = "chosen"  # a count per option, each against "not chosen"
    ranking = "ranking"  # first places per option and the mean rank
    numbers = "numbers"  # mean, median and standard deviation
    cloud = "cloud"  # only the word rows every cloud item gets


class Domain(StrEnum):
    """How k-anonymity may generalize a quasi-identifier (analysis.export.steps)."""

    codes = "codes"  # merge neighbouring options, in option order
    values = "values"  # merge neighbouring observed values
    none = "none"  # unordered: can only be suppressed


class Scale(StrEnum):
    """Whether answers lie along one scale (pre/post wording, pooled changes, reports)."""

    none = "none"  # no direction: positions on a list
    points = "points"  # ordered labelled points, low end first
    numbers = "numbers"  # numbers, in the question's unit


@dataclass(frozen=True)
class AnalysisKind:
    view: View
    chart: Chart
    chart_title: str  # what the chart is, for a screen reader: "<title>: <question>"
    terms: Terms
    columns: Columns
    summary: Summary
    domain: Domain = Domain.none
    partition: bool = True  # each person is in one category (not so for multiple choice)
    poolable: bool = False  # counts pool across sessions (analysis.pooling)
    scale: Scale = Scale.none

    @property
    def cloud(self) -> bool:
        return self.terms is not Terms.none

    @property
    def on_a_scale(self) -> bool:
        """A mean change means something (choice items are scored by option position)."""
        return self.scale is not Scale.none


_CHOSEN = N_("Bar chart of how many people chose each option")
# A slider's answer is a number like any other: analysed, charted and exported alike.
_NUMBERS = AnalysisKind(
    View.numbers,
    Chart.histogram,
    N_("Histogram of the answers"),
    Terms.none,
    Columns.number,
    Summary.numbers,
    Domain.values,
    scale=Scale.numbers,
)

KINDS: dict[QuestionKind, AnalysisKind] = {
    QuestionKind.likert: AnalysisKind(
        View.categories,
        Chart.likert,
        N_("Bar chart of how people answered"),
        Terms.none,
        Columns.code,
        Summary.categories,
        Domain.codes,
        poolable=True,
        scale=Scale.points,
    ),
    QuestionKind.single: AnalysisKind(
        View.categories,
        Chart.bars,
        _CHOSEN,
        Terms.none,
        Columns.code,
        Summary.categories,
        Domain.codes,
        poolable=True,
    ),
    QuestionKind.multiple: AnalysisKind(
        View.categories,
        Chart.bars,
        _CHOSEN,
        Terms.none,
        Columns.indicators,
        Summary.chosen,
        partition=False,
        poolable=True,
    ),
    QuestionKind.number: _NUMBERS,
    QuestionKind.slider: _NUMBERS,
    QuestionKind.ranking: AnalysisKind(
        View.ranking,
        Chart.ranking,
        N_("Bar chart of the average place given to each option"),
        Terms.none,
        Columns.ranks,
        Summary.ranking,
    ),
    QuestionKind.text: AnalysisKind(
        View.cloud, Chart.cloud, N_("Chart"), Terms.tokens, Columns.text, Summary.cloud
    ),
    QuestionKind.words: AnalysisKind(
        View.cloud,
        Chart.cloud,
        N_("Word cloud of the words people gave"),
        Terms.phrases,
        Columns.words,
        Summary.cloud,
    ),
}


def spec(kind: QuestionKind) -> AnalysisKind:
    return KINDS[kind]


def kinds_where(test: Callable[[AnalysisKind], bool]) -> frozenset[QuestionKind]:
    """The kinds whose spec passes `test`, e.g. `kinds_where(lambda s: s.cloud)`."""
    return frozenset(kind for kind, each in KINDS.items() if test(each))
