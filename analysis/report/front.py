"""The report's front part, for the facilitator to hand out: plain words, no statistics, no ids.

Every figure is a published one (the QuestionView after disclosure control, as
the projector showed it): a knowledge item says "x of n answered correctly
before, y of n after" from the chart's own counts, and a masked keyed cell is
told with the chart's own words ("fewer than 5 of 24"). Effect sizes, item
statistics and ids are the appendix's (analysis.report.html).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from analysis import knowledge_reveal, results
from analysis.charts import notes
from analysis.disclosure import (
    DECLINED,
    PROTECTIVE_LABEL,
    Cell,
    Mask,
    masked_label,
    too_few_text,
)
from analysis.disclosure.noise import about
from analysis.live import QuestionView
from workshop import i18n
from workshop.content import Measure, Question
from workshop.i18n import _

TOP = 3  # answers named per question in the summary


@dataclass(frozen=True)
class KnowledgeLine:
    statement: str  # the question as the room read it
    keyed: str  # the label of the right answer
    result: str  # "12 of 24 answered correctly before, 18 of 24 after."


@dataclass(frozen=True)
class AnswerLine:
    question: str
    said: str  # what the room answered, in one or two short sentences


def _count(view: QuestionView, value: int) -> str:
    return about(i18n.number(value)) if view.noisy else i18n.number(value)


def _keyed_cell(view: QuestionView) -> Cell | None:
    if not view.ready or view.breakdown is None or view.breakdown.withheld:
        return None
    return next((c for c in view.breakdown.cells if c.key == view.question.correct_code), None)


def correct_words(view: QuestionView) -> str | None:
    """ "12 of 24" (or "fewer than 5 of 24", as the chart says it); None when nothing may be said."""
    shown = knowledge_reveal.correct_count(view)
    if shown is not None:
        return _("{count} of {total}").format(
            count=_count(view, shown), total=i18n.number(view.responded)
        )
    cell = _keyed_cell(view)
    if cell is not None and cell.mask is Mask.small:
        return _("{count} of {total}").format(
            count=masked_label(cell.mask, view.k), total=i18n.number(view.responded)
        )
    return None


def _why_not(view: QuestionView) -> str:
    if not view.ready:
        return too_few_text(view.k)
    if view.breakdown is not None and view.breakdown.withheld and view.breakdown.reason:
        return view.breakdown.reason
    cell = _keyed_cell(view)
    if cell is not None and cell.mask is Mask.protective:  # no "of n" after these words
        return f"{_upper(PROTECTIVE_LABEL)}."
    return next(iter(notes(view)), _("Not shown."))


def knowledge_result(view: QuestionView, after: QuestionView | None = None) -> str:
    """One sentence: how many answered correctly (before and after, for a pre/post pair)."""
    now = correct_words(view)
    if after is None:
        return _("{count} answered correctly.").format(count=now) if now else _why_not(view)
    later = correct_words(after)
    before = (
        _("{count} answered correctly before").format(count=now)
        if now
        else _("Before: {why}").format(why=_clause(_why_not(view)))
    )
    if later is None:
        return _("{before}; after: {why}.").format(before=before, why=_clause(_why_not(after)))
    if now is None:
        return _("{before}; {count} answered correctly after.").format(before=before, count=later)
    return _("{before}, {count} after.").format(before=before, count=later)


def _clause(text: str) -> str:
    """A sentence said inside another: lower-case first letter, no full stop."""
    return _lower(text).rstrip(".")


def _lower(text: str) -> str:
    return text[:1].lower() + text[1:]


def _upper(text: str) -> str:
    return text[:1].upper() + text[1:]


def _post_twin(questions: Sequence[Question], pre: Question) -> Question | None:
    return next(
        (
            q
            for q in questions
            if q.knowledge and q.measure is Measure.post and q.construct_id == pre.construct_id
        ),
        None,
    )


def knowledge_lines(
    questions: Sequence[Question], views: Mapping[str, QuestionView]
) -> list[KnowledgeLine]:
    """One line per knowledge item (a pre/post pair is one line), in the survey's order."""
    out = []
    paired: set[str] = set()
    for question in questions:
        if not question.knowledge or question.id in paired or question.id not in views:
            continue
        twin = _post_twin(questions, question) if question.measure is Measure.pre else None
        after = views.get(twin.id) if twin is not None else None
        if twin is not None and after is not None:
            paired.add(twin.id)
        out.append(
            KnowledgeLine(
                statement=question.text,
                keyed=question.label_for(question.correct_code or ""),
                result=_upper(knowledge_result(views[question.id], after)),
            )
        )
    return out


def _most_chosen(view: QuestionView) -> str | None:
    rows = [
        row
        for row, cell in zip(results.category_rows(view), view.breakdown.cells, strict=True)  # type: ignore[union-attr]
        if row.count and cell.key != DECLINED
    ]
    if not rows:
        return None
    top = sorted(rows, key=lambda row: -(row.count or 0))[:TOP]
    named = ", ".join(f"{row.label} ({_count(view, row.count or 0)})" for row in top)
    return _("Most chosen: {answers}.").format(answers=named)


def said(view: QuestionView) -> str:
    """What the room answered to one question, in plain words and published figures only."""
    if not view.ready or (view.breakdown is not None and view.breakdown.withheld):
        return _why_not(view)
    parts: list[str] = []
    median = results.median_text(view)
    if median is not None:
        parts.append(median)
    if view.breakdown is not None:
        chosen = _most_chosen(view)
        if chosen is not None:
            parts.append(chosen)
    if view.mean_rank:
        order = sorted(view.mean_rank, key=lambda code: view.mean_rank[code])[:TOP]
        ranked = _(", then ").join(view.question.label_for(c) for c in order)
        parts.append(_("Ranked highest: {options}.").format(options=ranked))
    if view.cloud is not None and view.cloud.terms:
        given = "; ".join(results.cloud_lines(view, TOP))
        parts.append(_("Words given most: {words}.").format(words=given))
    return " ".join(parts) if parts else _why_not(view)


def answer_lines(
    questions: Sequence[Question], views: Mapping[str, QuestionView]
) -> list[AnswerLine]:
    """One line per question that is not a knowledge item (those have their own table)."""
    return [
        AnswerLine(question=q.text, said=said(views[q.id]))
        for q in questions
        if not q.knowledge and q.id in views
    ]
