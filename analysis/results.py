"""Results as plain rows of words and numbers, for screens that are not charts.

The phone's list of group answers (and the charts' text summaries, analysis.chart_text):
both word a result with these functions, so the phone and a screen reader read the
same sentences. The masking wording comes from analysis.disclosure, as on the charts.
"""

from __future__ import annotations

from dataclasses import dataclass

from analysis.disclosure import DECLINED, DisclosurePolicy, masked_label
from analysis.disclosure.noise import about
from analysis.live import QuestionView
from workshop import i18n
from workshop.content import PREFER_NOT_TO_ANSWER
from workshop.i18n import _, ngettext


@dataclass(frozen=True)
class Row:
    label: str
    count: int | None  # None when masked
    share: float  # of those who responded, 0..1 (0 when masked)
    text: str


def people_text(view: QuestionView, count: int) -> str:
    """A count as a display says it: "about 7 people" when it carries noise (rule 7)."""
    # Clouds show k or more, so the count is never 1.
    number = about(i18n.number(count)) if view.noisy else i18n.number(count)
    return ngettext("{n} person", "{n} people", count).format(n=number)


def category_rows(view: QuestionView) -> list[Row]:
    """One line per category, with masked cells saying why instead of a number."""
    breakdown = view.breakdown
    if breakdown is None or breakdown.withheld:
        return []
    bins = {b.key: b.label for b in view.bins}
    total = max(view.responded, 1)
    out = []
    for cell in breakdown.cells:
        if cell.key == DECLINED:
            label = PREFER_NOT_TO_ANSWER
        else:
            label = bins.get(cell.key) or view.question.label_for(cell.key)
        shown = _(label) if cell.key == DECLINED else label  # the label stays the key
        if cell.count is None:
            out.append(Row(label, None, 0.0, f"{shown}: {masked_label(cell.mask, view.k)}"))
        else:
            share = min(1.0, cell.count / total)  # a noisy count may pass the total
            number = about(i18n.number(cell.count)) if view.noisy else i18n.number(cell.count)
            out.append(Row(label, cell.count, share, f"{shown}: {number} ({i18n.percent(share)})"))
    return out


def responded_text(view: QuestionView) -> str:
    return ngettext("{n} person answered.", "{n} people answered.", view.responded).format(
        n=i18n.number(view.responded)
    )


def ranking_lines(view: QuestionView) -> list[str]:
    """The options by average place, most wanted first."""
    ordered = sorted(view.mean_rank.items(), key=lambda item: item[1])
    return [
        f"{view.question.label_for(code)}: {place_text(view, place)}" for code, place in ordered
    ]


def place_text(view: QuestionView, place: float) -> str:
    """An option's average place: "average place 2.3", "average place about 2.3" with noise."""
    shown = i18n.number(place, 1)
    return _("average place {place}").format(place=about(shown) if view.noisy else shown)


def median_text(view: QuestionView) -> str | None:
    if view.median is None:
        return None
    unit = f" {view.question.unit}" if view.question.unit else ""
    return _("Median: {median}{unit}.").format(median=i18n.short_number(view.median), unit=unit)


def cloud_lines(view: QuestionView, limit: int | None = None) -> list[str]:
    """The cloud's shown words with how many people gave each, most given first."""
    terms = view.cloud.terms if view.cloud is not None else ()
    return [f"{term}: {people_text(view, count)}" for term, count in terms[:limit]]


def release_rule_text(policy: DisclosurePolicy) -> str:
    """What a released result promises about small groups, in one sentence."""
    if policy.mask_all:
        return _(
            "Totals only, and only for questions at least {k} people answered; "
            "small groups are never shown."
        ).format(k=policy.k)
    return _(
        "Totals only, and only for questions at least {k} people answered; "
        "small groups in sensitive questions are never shown."
    ).format(k=policy.k)
