"""What a session report says, gathered from the same sources as the live display.

Each question goes through analysis.live.question_view with the session's k and
masking setting (and its hidden words), so the report shows what the projector
showed once every answer was in and nothing more. Several sessions are pooled on
the questions they share (analysis.pooling), with disclosure control per session.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date

import altair as alt
import pandas as pd
from sqlalchemy import Engine

from analysis import charts, forest, kinds, pooling, prepost, results, words
from analysis.disclosure import pooled_k
from analysis.live import QuestionView
from analysis.pooling import SessionData, SessionFacts, SharedItems
from analysis.report import appendix, front, item_section
from analysis.report.appendix import ChangeLine
from analysis.report.front import AnswerLine, KnowledgeLine
from analysis.report.item_section import ItemTable
from analysis.report.svg import STYLE, chart_svg, style_for
from analysis.words import WordFrequency
from workshop import aggregates
from workshop.content import Question
from workshop.errors import WorkshopError
from workshop.i18n import _


class ReportError(WorkshopError):
    """The report cannot be made as asked; the message says why and what to do."""


@dataclass(frozen=True)
class QuestionSection:
    question: Question
    svg: str | None
    rows: tuple[results.Row, ...]  # one line per category, masked cells say why
    notes: tuple[str, ...]
    responded: int
    ready: bool
    words: tuple[WordFrequency, ...] = ()
    texts: tuple[str, ...] = ()  # approved free text, only when asked for
    labelled: bool = False  # the chart writes every row's figure on its bar (print drops the table)


@dataclass
class ReportContent:
    sessions: list[SessionFacts]
    created: date
    include_text: bool
    questions: list[QuestionSection]
    changes: list[ChangeLine]
    prepost_svg: str | None
    shared: SharedItems | None = None  # several sessions: what was pooled
    forest: pd.DataFrame = field(default_factory=lambda: forest.table([], None))
    forest_svgs: list[tuple[str, str]] = field(default_factory=list)
    forest_rows: list[dict[str, str]] = field(default_factory=list)  # labels, not ids
    sessions_table: pd.DataFrame | None = None
    item_tables: list[ItemTable] = field(default_factory=list)  # the researcher section
    knowledge: list[KnowledgeLine] = field(default_factory=list)  # the front part
    answers: list[AnswerLine] = field(default_factory=list)  # the front part

    @property
    def scale_changes(self) -> list[ChangeLine]:
        return [line for line in self.changes if not line.knowledge]

    @property
    def knowledge_changes(self) -> list[ChangeLine]:
        return [line for line in self.changes if line.knowledge]

    @property
    def pooled(self) -> bool:
        return len(self.sessions) > 1

    @property
    def k(self) -> int:
        return pooled_k(s.k for s in self.sessions)


def _svg(chart: alt.TopLevelMixin | None) -> str | None:
    return chart_svg(chart) if chart is not None else None


def _section(
    view: QuestionView, frequencies: Sequence[WordFrequency], include_text: bool
) -> QuestionSection:
    rows = len(view.breakdown.cells) if view.breakdown is not None else len(view.bins) or 6
    style = style_for(rows)
    chart = charts.build_chart(view, style)
    if chart is None and view.ready and view.cloud is not None:
        chart = charts.word_bar_chart(view, style)
    return QuestionSection(
        question=view.question,
        svg=_svg(chart),
        rows=tuple(results.category_rows(view)),
        notes=tuple(charts.notes(view)),
        responded=view.responded,
        ready=view.ready,
        words=tuple(frequencies) if view.ready else (),
        texts=tuple(sorted(view.texts)) if include_text and view.ready else (),
        labelled=chart is not None and kinds.spec(view.question.kind).chart is kinds.Chart.bars,
    )


def _word_frequencies(
    engine: Engine, data: SessionData, questions: Sequence[Question]
) -> dict[str, list[WordFrequency]]:
    worded = [q for q in questions if q.kind in words.CLOUD_KINDS]
    values = aggregates.answer_values(engine, data.session.id, [q.id for q in worded])
    return {
        q.id: words.word_frequencies(
            q.id,
            q.kind,
            values.get(q.id, ()),
            data.facts.k,
            language=data.survey.language,
            hidden=data.session.settings.hidden_words,
        )
        for q in worded
    }


def single(engine: Engine, data: SessionData, include_text: bool, created: date) -> ReportContent:
    survey = data.survey
    frequencies = _word_frequencies(engine, data, survey.questions)
    views = {q.id: data.view(q) for q in survey.questions}
    sections = [
        _section(views[q.id], frequencies.get(q.id, ()), include_text) for q in survey.questions
    ]
    # After the retention period the pairs are gone; the kept aggregates hold no pairs.
    table = (
        prepost.table([])
        if data.kept is not None
        else prepost.for_sessions(engine, [data.session.id])
    )
    item_tables = (
        []
        if data.kept is not None
        else item_section.build(
            engine,
            [data.session.id],
            data.facts.k,
            {q.id: views[q.id] for q in survey.questions if q.knowledge},
        )
    )
    return ReportContent(
        sessions=[data.facts],
        created=created,
        include_text=include_text,
        questions=sections,
        changes=appendix.change_lines(table, survey, data.facts.k),
        prepost_svg=_svg(charts.prepost(table, survey, data.facts.k, STYLE))
        if not table.empty and not table["suppressed"].all()
        else None,
        item_tables=item_tables,
        knowledge=front.knowledge_lines(survey.questions, views),
        answers=front.answer_lines(survey.questions, views),
    )


def pooled(
    engine: Engine, chosen: Sequence[SessionData], include_text: bool, created: date
) -> ReportContent:
    shared = pooling.shared_items([s.survey for s in chosen])
    # Bins, ranks and words differ per room: each session's own report has those questions.
    poolable = [q for q in shared.questions if q.kind in pooling.POOLABLE_KINDS]
    views = {q.id: pooling.pooled_view(q, [s.view(q) for s in chosen]) for q in poolable}
    sections = [_section(views[q.id], (), include_text=False) for q in poolable]
    both = pooling.prepost_pooled(engine, chosen, shared)
    k = pooled_k(s.facts.k for s in chosen)
    knowledge = [q for q in shared.questions if q.knowledge]
    item_tables = (
        []
        if any(s.kept is not None for s in chosen)  # a purged session's answers are gone
        else item_section.build(
            engine,
            [s.session.id for s in chosen],
            k,
            {q.id: views[q.id] for q in knowledge if q.id in views},
            shared={q.id for q in shared.questions},
        )
    )
    forest_svgs, forest_rows = appendix.forest_figures(both, chosen[0].survey)
    return ReportContent(
        sessions=[s.facts for s in chosen],
        created=created,
        include_text=False,
        questions=sections,
        changes=appendix.change_lines(both.pooled, chosen[0].survey, k),
        prepost_svg=_svg(charts.prepost(both.pooled, chosen[0].survey, k, STYLE))
        if not both.pooled.empty and not both.pooled["suppressed"].all()
        else None,
        knowledge=front.knowledge_lines(poolable, views),
        answers=front.answer_lines(poolable, views),
        shared=shared,
        forest=both.forest,
        forest_svgs=forest_svgs,
        forest_rows=forest_rows,
        sessions_table=pooling.sessions_table(chosen),
        item_tables=item_tables,
    )


def build(
    engine: Engine, session_ids: Sequence[int], *, include_text: bool = False, created: date
) -> ReportContent:
    """The report's content for one session, or for several pooled."""
    ids = list(dict.fromkeys(session_ids))
    if not ids:
        raise ReportError(_("Choose at least one session for the report."))
    chosen = [pooling.read_session(engine, sid) for sid in ids]
    if len(chosen) == 1:
        return single(engine, chosen[0], include_text, created)
    if len({s.facts.survey_id for s in chosen}) > 1:
        raise ReportError(
            _(
                "These sessions used different surveys, so their answers cannot be pooled. "
                "Make one report per survey."
            )
        )
    return pooled(engine, chosen, include_text, created)
