"""Colours, font sizes and shared helpers of every chart (no Streamlit).

Colours are colour-blind safe (ColorBrewer PuOr for agreement scales, one
dark teal for counts, grey for "prefer not to answer"); fonts are sized for a
projector.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TypeVar

import altair as alt

from analysis.disclosure import DECLINED
from analysis.live import QuestionView
from workshop import i18n
from workshop.content import PREFER_NOT_TO_ANSWER
from workshop.i18n import _

BAR = "#1B6B73"  # dark teal: readable on the light theme, distinct from the PuOr ends
DECLINED_GREY = "#9AA0A6"
# A knowledge item's options other than the keyed one: muted, still 3:1 on the page.
NOT_KEYED = "#7A8A8E"
TEXT = "#1F2A2E"
MEDIAN = "#B35806"
# ColorBrewer PuOr, split into the "low" (orange) and "high" (purple) halves.
_LOW = {1: ["#E08214"], 2: ["#B35806", "#F1A340"], 3: ["#B35806", "#F1A340", "#FDD49E"]}
_HIGH = {1: ["#8073AC"], 2: ["#998EC3", "#542788"], 3: ["#C2BDDE", "#998EC3", "#542788"]}
NEUTRAL = "#BDBDBD"
ChartT = TypeVar("ChartT", alt.Chart, alt.LayerChart)
# Word-cloud inks: the theme's primary and text colours and the dark PuOr ends,
# each at least 4.5:1 against the light theme background.
CLOUD_INKS = ("#2F6F6A", "#542788", "#B35806", "#1F2A2E", "#1B6B73")


@dataclass(frozen=True)
class Style:
    """Font sizes; `projector` is readable from the back of a room on a 1080p screen."""

    label: int = 14
    title: int = 16
    mark: int = 14
    height: int = 320

    @classmethod
    def projector(cls) -> Style:
        return cls(label=26, title=26, mark=28, height=480)


SCREEN = Style()  # the default: a laptop or phone screen


def configure_axes(chart: alt.LayerChart, style: Style) -> alt.LayerChart:
    """The transparent background and projector-sized axes every chart shares."""
    configured: alt.LayerChart = chart.configure(background="transparent").configure_axis(
        labelFontSize=style.label,
        titleFontSize=style.title,
        labelLimit=900,
        titleFontWeight="normal",
        labelColor=TEXT,
        titleColor=TEXT,
        grid=False,
    )
    return configured


def configure(chart: alt.LayerChart, style: Style) -> alt.LayerChart:
    configured: alt.LayerChart = (
        configure_axes(chart.properties(width="container", height=style.height), style)
        .configure_legend(
            labelFontSize=style.label,
            titleFontSize=style.title,
            orient="bottom",
            labelLimit=600,
            symbolSize=style.label * 12,
            labelColor=TEXT,
            columns=0,
        )
        .configure_view(stroke=None)
    )
    return configured


def likert_colours(points: int) -> list[str]:
    half = points // 2
    if half > 3:  # long scales: let Vega interpolate the same scheme
        return []
    middle = [NEUTRAL] if points % 2 else []
    return _LOW[half] + middle + _HIGH[half] if half else middle


def is_dark(colour: str) -> bool:
    """Whether white text reads better than dark text on `colour` (#RRGGBB)."""
    red, green, blue = (int(colour[i : i + 2], 16) for i in (1, 3, 5))
    return 0.299 * red + 0.587 * green + 0.114 * blue < 140


def option_label(view: QuestionView, key: str) -> str:
    return _(PREFER_NOT_TO_ANSWER) if key == DECLINED else view.question.label_for(key)


def percent(count: int, total: int) -> str:
    return i18n.percent(count / total) if total else ""


def described(chart: ChartT, title: str) -> ChartT:
    """The chart with its title as the Vega description: what a screen reader announces."""
    return chart.properties(description=title)
