"""The chart and the notes under it for any question, chosen by its kind's chart rule.

Each rule of analysis.kinds.Chart has one drawing function in DRAW and one
notes function in NOTES.
"""

from __future__ import annotations

from collections.abc import Callable

import altair as alt

from analysis import chart_text, kinds, words
from analysis.disclosure import DECLINED, masked_label, not_yet_text
from analysis.disclosure.noise import about
from analysis.kinds import Chart
from analysis.live import QuestionView
from workshop import i18n
from workshop.content import PREFER_NOT_TO_ANSWER
from workshop.i18n import N_, _, ngettext

from .categories import choice_chart, likert_chart
from .numbers import number_chart
from .ranking import ranking_chart
from .style import SCREEN, Style, described

Draw = Callable[[QuestionView, Style], alt.LayerChart | None]


def build_chart(view: QuestionView, style: Style = SCREEN) -> alt.LayerChart | None:
    """The chart for a view, or None when there is nothing to draw (waiting, text, withheld)."""
    if not view.ready:
        return None
    chart = DRAW[kinds.spec(view.question.kind).chart](view, style)
    return described(chart, chart_text.title(view)) if chart is not None else None


def _counted(draw: Draw) -> Draw:
    """A chart of counts: nothing to draw while the counts are withheld."""

    def drawn(view: QuestionView, style: Style) -> alt.LayerChart | None:
        if view.breakdown is None or view.breakdown.withheld:
            return None
        return draw(view, style)

    return drawn


def _ranking(view: QuestionView, style: Style) -> alt.LayerChart | None:
    return ranking_chart(view, style) if view.mean_rank else None


def _on_request(view: QuestionView, style: Style) -> alt.LayerChart | None:
    return None  # drawn by cloud_chart or word_bar_chart


DRAW: dict[Chart, Draw] = {
    Chart.bars: _counted(choice_chart),
    Chart.likert: _counted(likert_chart),
    Chart.histogram: _counted(number_chart),
    Chart.ranking: _ranking,
    Chart.cloud: _on_request,
}


NOISE_NOTE = N_(
    "Numbers are approximate (a little random noise), so nobody's answer can be worked out."
)


def notes(view: QuestionView) -> list[str]:
    """Plain-language lines shown under a chart: what is masked, who preferred not to answer."""
    if not view.ready:
        return [not_yet_text(view.k)]
    breakdown = view.breakdown
    if breakdown is not None and breakdown.withheld:
        never = _("(Groups smaller than {k} are never shown.)").format(k=i18n.number(view.k))
        return [f"{breakdown.reason} {never}"]
    lines = NOTES[kinds.spec(view.question.kind).chart](view)
    return [*lines, _(NOISE_NOTE)] if view.noisy else lines


def _masked(view: QuestionView, names: Callable[[str], str]) -> list[str]:
    """Masked groups by name, then the decliners (a partition's cells)."""
    breakdown = view.breakdown
    if breakdown is None:
        return []
    lines: list[str] = []
    masked = [c for c in breakdown.cells if not c.is_shown and c.key != DECLINED]
    if masked:
        listed = ", ".join(names(c.key) for c in masked)
        lines.append(_("Not shown, to protect small groups: {groups}.").format(groups=listed))
    declined = next((c for c in breakdown.cells if c.key == DECLINED), None)
    if declined is not None:
        if declined.count is None:
            lines.append(f"{_(PREFER_NOT_TO_ANSWER)}: {masked_label(declined.mask, view.k)}.")
        elif declined.count:
            count = i18n.number(declined.count)
            lines.append(f"{_(PREFER_NOT_TO_ANSWER)}: {about(count) if view.noisy else count}.")
    return lines


def _likert_notes(view: QuestionView) -> list[str]:
    return _masked(view, view.question.label_for)


def _histogram_notes(view: QuestionView) -> list[str]:
    by_key = {b.key: b.label for b in view.bins}
    return _masked(view, by_key.__getitem__)


def _bars_notes(view: QuestionView) -> list[str]:
    return []  # the bars carry their own masked labels and the decliners


def _declined(view: QuestionView) -> list[str]:
    declined = i18n.number(view.declined) if view.declined else ""
    return [f"{_(PREFER_NOT_TO_ANSWER)}: {declined}."] if view.declined else []


def _ranking_notes(view: QuestionView) -> list[str]:
    lines = []
    if not view.mean_rank:
        lines.append(
            ngettext(
                "Fewer than {k} person ranked the options, so the order is not shown.",
                "Fewer than {k} people ranked the options, so the order is not shown.",
                view.k,
            ).format(k=i18n.number(view.k))
        )
    return lines + _declined(view)


def _cloud_notes(view: QuestionView) -> list[str]:
    lines = words.cloud_notes(view.cloud) if view.cloud is not None else []
    return lines + _declined(view)


NOTES: dict[Chart, Callable[[QuestionView], list[str]]] = {
    Chart.bars: _bars_notes,
    Chart.likert: _likert_notes,
    Chart.histogram: _histogram_notes,
    Chart.ranking: _ranking_notes,
    Chart.cloud: _cloud_notes,
}
