"""Altair chart builders for live displays (no Streamlit).

Every builder takes a QuestionView, which has already been through disclosure
control: masked categories carry no count, and the builders never invent one.
Colours are colour-blind safe (ColorBrewer PuOr for agreement scales, one
dark teal for counts, grey for "prefer not to answer"); fonts are sized for a
projector and axis titles say what a number means in plain words.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TypeVar

import altair as alt
import pandas as pd

from analysis import chart_text, prepost_wording, wordcloud, words
from analysis.disclosure import DECLINED, masked_label
from analysis.live import QuestionView
from workshop.content import NUMERIC_KINDS, PREFER_NOT_TO_ANSWER, QuestionKind, Survey

BAR = "#1B6B73"  # dark teal: readable on the light theme, distinct from the PuOr ends
DECLINED_GREY = "#9AA0A6"
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


def _configure(chart: alt.LayerChart, style: Style) -> alt.LayerChart:
    configured: alt.LayerChart = (
        chart.properties(width="container", height=style.height)
        .configure(background="transparent")
        .configure_axis(
            labelFontSize=style.label,
            titleFontSize=style.title,
            labelLimit=900,
            titleFontWeight="normal",
            labelColor=TEXT,
            titleColor=TEXT,
            grid=False,
        )
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


def _is_dark(colour: str) -> bool:
    """Whether white text reads better than dark text on `colour` (#RRGGBB)."""
    red, green, blue = (int(colour[i : i + 2], 16) for i in (1, 3, 5))
    return 0.299 * red + 0.587 * green + 0.114 * blue < 140


def _label(view: QuestionView, key: str) -> str:
    return PREFER_NOT_TO_ANSWER if key == DECLINED else view.question.label_for(key)


def _percent(count: int, total: int) -> str:
    return f"{round(100 * count / total)}%" if total else ""


def choice_frame(view: QuestionView) -> pd.DataFrame:
    """One row per option, most chosen first; masked options last, "prefer not" at the end."""
    assert view.breakdown is not None
    rows = []
    for cell in view.breakdown.cells:
        shown = cell.count is not None
        rows.append(
            {
                "option": _label(view, cell.key),
                "count": cell.count if shown else 0,
                "text": (
                    f"{cell.count}  ({_percent(cell.count, view.responded)})"
                    if cell.count is not None
                    else masked_label(cell.mask, view.k)
                ),
                "declined": cell.key == DECLINED,
                "masked": not shown,
            }
        )
    frame = pd.DataFrame(rows)
    frame = frame.sort_values(
        ["declined", "masked", "count"], ascending=[True, True, False], kind="stable"
    )
    frame["order"] = range(len(frame))
    return frame.reset_index(drop=True)


def choice_chart(view: QuestionView, style: Style = Style()) -> alt.LayerChart:
    frame = choice_frame(view)
    y = alt.Y("option:N", sort=alt.SortField("order"), title=None)
    bars = (
        alt.Chart(frame)
        .mark_bar(cornerRadiusEnd=4)
        .encode(
            y=y,
            x=alt.X(
                "count:Q",
                title="Number of people"
                + (
                    " (each could choose several)"
                    if view.question.kind is QuestionKind.multiple
                    else ""
                ),
                axis=alt.Axis(tickMinStep=1, format="d"),
                scale=alt.Scale(domainMax=max(1, int(frame["count"].max() * 1.35))),
            ),
            color=alt.condition(alt.datum.declined, alt.value(DECLINED_GREY), alt.value(BAR)),
        )
    )
    labels = bars.mark_text(align="left", dx=8, fontSize=style.mark, color=TEXT).encode(
        text="text:N", color=alt.value(TEXT)
    )
    return _configure(alt.LayerChart(layer=[bars, labels]), style)


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
                "ink": "white" if _is_dark(colours[index]) else TEXT,
                "row": "Answers",
            }
        )
        start = end
    return pd.DataFrame(rows)


def likert_chart(view: QuestionView, style: Style = Style()) -> alt.LayerChart:
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
                title=f"← {labels[0]}   ·   share of people who answered   ·   {labels[-1]} →",
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
    height = max(160, style.height // 2)
    return _configure(
        alt.LayerChart(layer=[bars, midline, text]), Style(**{**style.__dict__, "height": height})
    )


def number_frame(view: QuestionView) -> pd.DataFrame:
    assert view.breakdown is not None
    counts = view.breakdown.shown_counts()
    return pd.DataFrame(
        [
            {"low": b.low, "high": b.high, "label": b.label, "count": counts[b.key]}
            for b in view.bins
            if b.key in counts
        ],
        columns=["low", "high", "label", "count"],
    )


def number_chart(view: QuestionView, style: Style = Style()) -> alt.LayerChart:
    frame = number_frame(view)
    question = view.question
    if question.unit:
        axis_title = f"Answer ({question.unit})"
    elif (
        question.min_label
        and question.max_label
        and question.min is not None
        and question.max is not None
    ):
        axis_title = (
            f"{question.min:g} = {question.min_label}   …   {question.max:g} = {question.max_label}"
        )
    else:
        axis_title = "Answer"
    centred = bool(view.bins) and view.bins[0].high - view.bins[0].low == 1 and question.integer
    if centred:
        ticks = [b.low + 0.5 for b in view.bins]
    else:
        ticks = [b.low for b in view.bins] + ([view.bins[-1].high] if view.bins else [])
    domain = [view.bins[0].low, view.bins[-1].high] if view.bins else None
    bars = (
        alt.Chart(frame)
        .mark_bar(color=BAR, stroke="white", strokeWidth=2)
        .encode(
            x=alt.X(
                "low:Q",
                bin="binned",
                title=axis_title,
                axis=alt.Axis(values=ticks, format="d" if question.integer else "~g"),
                scale=alt.Scale(domain=domain) if domain else alt.Undefined,
            ),
            x2="high:Q",
            y=alt.Y(
                "count:Q",
                title="Number of people",
                axis=alt.Axis(tickMinStep=1, format="d"),
                # headroom above the tallest bar for the median label
                scale=alt.Scale(domainMax=max(1, int(frame["count"].max() * 1.3) + 1))
                if len(frame)
                else alt.Undefined,
            ),
        )
    )
    layers: list[alt.Chart] = [bars]
    if view.median is not None:
        median = pd.DataFrame(
            {
                "x": [view.median],
                "label": [f"Median: {view.median:g} {view.question.unit or ''}".strip()],
            }
        )
        rule = alt.Chart(median).mark_rule(color=MEDIAN, strokeWidth=5, strokeDash=[10, 6])
        layers.append(rule.encode(x="x:Q"))
        layers.append(
            alt.Chart(median)
            .mark_text(
                align="left",
                dx=10,
                dy=0,
                baseline="top",
                fontSize=style.mark,
                fontWeight="bold",
                color=MEDIAN,
            )
            .encode(x="x:Q", y=alt.value(4), text="label:N")
        )
    return _configure(alt.LayerChart(layer=layers), style)


def ranking_frame(view: QuestionView) -> pd.DataFrame:
    """One row per option, most wanted first.

    `score` is the bar length: options + 1 - average place, so the longest bar
    is the most wanted option (a bar of the average place itself would make the
    least wanted option the longest). The label keeps the average place.
    """
    options = len(view.question.options)
    rows = [
        {
            "option": view.question.label_for(code),
            "place": place,
            "score": options + 1 - place,
            "text": f"average place {place:.1f}",
        }
        for code, place in view.mean_rank.items()
    ]
    frame = pd.DataFrame(rows, columns=["option", "place", "score", "text"])
    return frame.sort_values("place", kind="stable").reset_index(drop=True)


def ranking_chart(view: QuestionView, style: Style = Style()) -> alt.LayerChart:
    frame = ranking_frame(view)
    options = len(view.question.options)
    y = alt.Y("option:N", sort=list(frame["option"]), title=None)
    bars = (
        alt.Chart(frame)
        .mark_bar(color=BAR, cornerRadiusEnd=4)
        .encode(
            y=y,
            x=alt.X(
                "score:Q",
                title="Longer bar = ranked higher by the room (most wanted on top)",
                scale=alt.Scale(domain=[0, options + 1.6]),
                axis=alt.Axis(labels=False, ticks=False, domain=False),
            ),
        )
    )
    labels = bars.mark_text(align="left", dx=8, fontSize=style.mark, color=TEXT).encode(
        text="text:N"
    )
    return _configure(alt.LayerChart(layer=[bars, labels]), style)


def cloud_frame(view: QuestionView, width: int, height: int, style: Style) -> pd.DataFrame:
    """Placed words of a view's cloud (already at least k people each, hidden words removed)."""
    terms = view.cloud.terms if view.cloud is not None else ()
    scale = style.mark / Style.projector().mark
    placed = wordcloud.layout(
        terms, width, height, smallest=max(16.0, 30 * scale), largest=110 * scale
    )
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


def cloud_chart(view: QuestionView, style: Style = Style(), width: int = 1400) -> alt.Chart | None:
    """Words as Vega text marks at fixed positions: plain text, never HTML, no tooltips."""
    height = style.height + 160 if style.height >= Style.projector().height else style.height
    frame = cloud_frame(view, width, height, style)
    if frame.empty:
        return None
    chart = (
        alt.Chart(frame)
        .mark_text(fontWeight="bold", align="center", baseline="middle")
        .encode(
            x=alt.X("x:Q", scale=alt.Scale(domain=[0, width]), axis=None),
            y=alt.Y("y:Q", scale=alt.Scale(domain=[0, height], reverse=True), axis=None),
            text="word:N",
            size=alt.Size("size:Q", scale=None, legend=None),
            color=alt.Color("ink:N", scale=None, legend=None),
        )
        .properties(width=width, height=height)
    )
    configured: alt.Chart = chart.configure(background="transparent").configure_view(stroke=None)
    return described(configured, chart_text.title(view))


def word_bar_chart(view: QuestionView, style: Style = Style()) -> alt.LayerChart | None:
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
                title="Number of people who gave this word",
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
        _configure(
            alt.LayerChart(layer=[bars, labels]), Style(**{**style.__dict__, "height": height})
        ),
        "Bar chart of the words people gave: " + view.question.text,
    )


def text_lines(view: QuestionView) -> list[str]:
    """Approved answers, already shuffled, for display as plain text only."""
    return list(view.texts)


def build_chart(view: QuestionView, style: Style = Style()) -> alt.LayerChart | None:
    """The chart for a view, or None when there is nothing to draw (waiting, text, withheld)."""
    chart = _draw(view, style)
    return described(chart, chart_text.title(view)) if chart is not None else None


def described(chart: ChartT, title: str) -> ChartT:
    """The chart with its title as the Vega description: what a screen reader announces."""
    return chart.properties(description=title)


def _draw(view: QuestionView, style: Style) -> alt.LayerChart | None:
    if not view.ready:
        return None
    kind = view.question.kind
    if kind in words.CLOUD_KINDS:
        return None  # drawn by cloud_chart or word_bar_chart
    if kind is QuestionKind.ranking:
        return ranking_chart(view, style) if view.mean_rank else None
    if view.breakdown is None or view.breakdown.withheld:
        return None
    if kind is QuestionKind.likert:
        return likert_chart(view, style)
    if kind in NUMERIC_KINDS:
        return number_chart(view, style)
    return choice_chart(view, style)


def notes(view: QuestionView) -> list[str]:
    """Plain-language lines shown under a chart: what is masked, who preferred not to answer."""
    lines: list[str] = []
    if not view.ready:
        return [f"Results appear once at least {view.k} people have answered."]
    breakdown = view.breakdown
    if breakdown is not None and breakdown.withheld:
        return [breakdown.reason + f" (Groups smaller than {view.k} are never shown.)"]
    kind = view.question.kind
    if breakdown is not None and kind in (QuestionKind.likert, *NUMERIC_KINDS):
        masked = [c for c in breakdown.cells if not c.is_shown and c.key != DECLINED]
        if masked:
            if kind is QuestionKind.likert:
                names = ", ".join(view.question.label_for(c.key) for c in masked)
            else:
                by_key = {b.key: b.label for b in view.bins}
                names = ", ".join(by_key[c.key] for c in masked)
            lines.append(f"Not shown, to protect small groups: {names}.")
        declined = next((c for c in breakdown.cells if c.key == DECLINED), None)
        if declined is not None:
            if declined.count is None:
                lines.append(f"{PREFER_NOT_TO_ANSWER}: {masked_label(declined.mask, view.k)}.")
            elif declined.count:
                lines.append(f"{PREFER_NOT_TO_ANSWER}: {declined.count}.")
    elif kind is QuestionKind.ranking and not view.mean_rank:
        lines.append(f"Fewer than {view.k} people ranked the options, so the order is not shown.")
    elif kind in words.CLOUD_KINDS and view.cloud is not None:
        lines.extend(words.cloud_notes(view.cloud))
    if kind in (QuestionKind.ranking, *words.CLOUD_KINDS) and view.declined:
        lines.append(f"{PREFER_NOT_TO_ANSWER}: {view.declined}.")
    return lines


PREPOST_TITLE = "Before and after: how answers changed after the modules"


def prepost(
    results: pd.DataFrame, survey: Survey, k: int, style: Style | None = None
) -> alt.LayerChart:
    """How far answers moved per question (rows of prepost.table), in plain words.

    The point is the matched-pairs rank-biserial r with its 95% interval; the
    axis says what it means without naming it (the name is in the researchers'
    table). Rows are the questions' short labels (analysis.prepost_wording);
    questions with fewer than k pairs have no row (the page says why in words).
    """
    style = style or Style.projector()
    lines = prepost_wording.lines(results, survey, k)
    rows = [
        {
            "question": line.label,
            "effect": r.rank_biserial,
            "low": r.ci_low,
            "high": r.ci_high,
            "people": line.people,
            "reading": line.reading,
        }
        for line, r in zip(lines, results.itertuples(index=False), strict=True)
        if line.people is not None  # fewer than k pairs: no row (the page says so in words)
    ]
    shown = pd.DataFrame(rows, columns=["question", "effect", "low", "high", "people", "reading"])
    y = alt.Y("question:N", title=None, sort=None)
    scale = alt.Scale(domain=[-1, 1])
    zero = (
        alt.Chart(pd.DataFrame({"x": [0]}))
        .mark_rule(strokeDash=[6, 6], color=TEXT, strokeWidth=2)
        .encode(x=alt.X("x:Q", scale=scale))
    )
    interval = (
        alt.Chart(shown)
        .mark_rule(strokeWidth=6, color=BAR, opacity=0.55)
        .encode(
            y=y,
            x=alt.X(
                "low:Q",
                scale=scale,
                title="← answers moved lower   ·   no change   ·   answers moved higher →",
                axis=alt.Axis(values=[-1, -0.5, 0, 0.5, 1], format="~g"),
            ),
            x2="high:Q",
        )
    )
    points = (
        alt.Chart(shown)
        .mark_point(filled=True, size=style.mark * 14, color=BAR, opacity=1)
        .encode(
            y=y,
            x=alt.X("effect:Q", scale=scale),
            tooltip=[
                alt.Tooltip("question:N", title="Question"),
                alt.Tooltip("reading:N", title="What changed"),
                alt.Tooltip("people:Q", title="People who answered both"),
            ],
        )
    )
    chart = alt.LayerChart(layer=[zero, interval, points]).properties(
        height=alt.Step(style.label * 3)  # one roomy row per question
    )
    return described(_configure_prepost(chart, style), PREPOST_TITLE)


def _configure_prepost(chart: alt.LayerChart, style: Style) -> alt.LayerChart:
    configured: alt.LayerChart = (
        chart.properties(width="container")
        .configure(background="transparent")
        .configure_axis(
            labelFontSize=style.label,
            titleFontSize=style.title,
            labelLimit=900,
            titleFontWeight="normal",
            labelColor=TEXT,
            titleColor=TEXT,
            grid=False,
        )
        .configure_view(stroke=None)
    )
    return configured
