"""Altair charts as inline SVG, rendered offline by vl-convert (no browser, no network).

The data is inline in every spec we build, and vl-convert draws text as SVG
<text> elements naming system fonts, so the report loads nothing when opened.
"""

from __future__ import annotations

import itertools
import re
from typing import Any

import altair as alt

WIDTH = 640
_charts = itertools.count(1)
_ID = re.compile(r'\bid="([^"]+)"')
_REF = re.compile(r'(url\(#|href="#)([^)"]+)')


def chart_svg(chart: alt.TopLevelMixin, width: int = WIDTH) -> str:
    """The chart as an <svg> element, at a fixed width (the live charts fill their container)."""
    import vl_convert

    spec: dict[str, Any] = chart.to_dict()
    if spec.get("width") == "container" or "width" not in spec:
        spec["width"] = width
    spec.setdefault("background", "white")
    svg: str = vl_convert.vegalite_to_svg(spec)
    return _unique_ids(svg, f"c{next(_charts)}")


def _unique_ids(svg: str, prefix: str) -> str:
    """Prefix the SVG's ids and references: every chart numbers its clip paths from 1,
    and in one page a repeated id would clip a chart with another chart's path."""
    svg = _ID.sub(lambda m: f'id="{prefix}-{m.group(1)}"', svg)
    return _REF.sub(lambda m: f"{m.group(1)}{prefix}-{m.group(2)}", svg)
