"""Altair charts as inline SVG, rendered offline by vl-convert (no browser, no network).

The data is inline in every spec we build, and vl-convert draws text as SVG
<text> elements naming system fonts, so the report loads nothing when opened.

Print size: every chart is drawn WIDTH px wide overall (axis labels included,
Vega-Lite's "fit-x"), which is the text column of the A4 page (182 mm, about
688 CSS px) and of the screen layout; the HTML stretches it to the column. So
a label of STYLE.label px prints at about 0.75 pt per px: 13 px is about 9.7 pt.
"""

from __future__ import annotations

import itertools
import re
from dataclasses import replace
from typing import Any

import altair as alt

from analysis.charts.style import Style

WIDTH = 680
STYLE = Style(label=13, title=13, mark=13, height=200)  # readable on paper, never below 8 pt
ROW = 26  # px per bar: two label heights, so a bar is never thinner than its label
_charts = itertools.count(1)
_ID = re.compile(r'\bid="([^"]+)"')
_REF = re.compile(r'(url\(#|href="#)([^)"]+)')


def chart_svg(chart: alt.TopLevelMixin, width: int = WIDTH) -> str:
    """The chart as an <svg> element `width` px wide overall (the live charts fill their container)."""
    import vl_convert

    spec: dict[str, Any] = chart.to_dict()
    spec["width"] = width
    # Labels included in the width: a long label shrinks the plot, never the printed text.
    spec["autosize"] = {"type": "fit-x", "contains": "padding"}
    spec.setdefault("background", "white")
    svg: str = vl_convert.vegalite_to_svg(spec)
    return _unique_ids(svg, f"c{next(_charts)}")


def style_for(rows: int) -> Style:
    """The report's style with a chart height for `rows` bars: short charts keep the appendix short."""
    return replace(STYLE, height=max(4 * ROW, min(STYLE.height, rows * ROW + 40)))


def forest_svg(chart: alt.LayerChart) -> str:
    """A forest plot with the report's text sizes (analysis.forest leaves Vega's defaults)."""
    sized = chart.configure_axis(
        labelFontSize=STYLE.label, titleFontSize=STYLE.title, labelLimit=300
    ).configure_title(fontSize=STYLE.title)
    return chart_svg(sized)


def _unique_ids(svg: str, prefix: str) -> str:
    """Prefix the SVG's ids and references: every chart numbers its clip paths from 1,
    and in one page a repeated id would clip a chart with another chart's path."""
    svg = _ID.sub(lambda m: f'id="{prefix}-{m.group(1)}"', svg)
    return _REF.sub(lambda m: f"{m.group(1)}{prefix}-{m.group(2)}", svg)
