"""Altair chart builders for live displays (no Streamlit).

Every builder takes a QuestionView, which has already been through disclosure
control: masked categories carry no count, and the builders never invent one.
Colours are colour-blind safe (ColorBrewer PuOr for agreement scales, one
dark teal for counts, grey for "prefer not to answer"); fonts are sized for a
projector and axis titles say what a number means in plain words.

One module per chart family (categories, numbers, ranking, clouds, prepost);
draw.py picks the chart and its notes by the question kind's chart rule
(analysis/kinds.py). The names below are the package's public interface.
"""

from __future__ import annotations

from .categories import choice_chart, choice_frame, likert_chart, likert_frame
from .clouds import cloud_chart, cloud_frame, text_lines, word_bar_chart
from .draw import build_chart, notes
from .numbers import number_chart, number_frame
from .prepost import PREPOST_TITLE, prepost
from .ranking import ranking_chart, ranking_frame
from .style import (
    BAR,
    CLOUD_INKS,
    DECLINED_GREY,
    MEDIAN,
    NEUTRAL,
    TEXT,
    Style,
    described,
    likert_colours,
)

__all__ = [
    "BAR",
    "CLOUD_INKS",
    "DECLINED_GREY",
    "MEDIAN",
    "NEUTRAL",
    "PREPOST_TITLE",
    "TEXT",
    "Style",
    "build_chart",
    "choice_chart",
    "choice_frame",
    "cloud_chart",
    "cloud_frame",
    "described",
    "likert_chart",
    "likert_colours",
    "likert_frame",
    "notes",
    "number_chart",
    "number_frame",
    "prepost",
    "ranking_chart",
    "ranking_frame",
    "text_lines",
    "word_bar_chart",
]
