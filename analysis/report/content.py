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

from analysis import charts, forest, pooling, prepost, prepost_wording, results, words
from analysis.disclosure import pooled_k
from analysis.live import QuestionView
from analysis.pooling import SessionData, SessionFacts, SharedItems
from analysis.report import item_section
from analysis.report.item_section import ItemTable
from analysis.report.svg import chart_svg
from analysis.words import WordFrequency
from workshop import aggregates
from workshop.content import Question, Survey
from workshop.errors import WorkshopError


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


@dataclass(frozen=True)
class ChangeLine:
    """One before/after construct in plain words, with its statistics for the secondary table."""

    question: str
    sentence: str
    stats: dict[str, object]


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
    sessions_table: pd.DataFrame | None = None
    item_tables: list[ItemTable] = field(default_factory=list)  # the researcher section

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
    chart = charts.build_chart(view)
    if chart is None and view.ready and view.cloud is not None:
        chart = charts.word_bar_chart(view)
    return QuestionSection(
        question=view.question,
        svg=_svg(chart),
        rows=tuple(results.category_rows(view)),
        notes=tuple(charts.notes(view)),
        responded=view.responded,
        ready=view.ready,
        words=tuple(frequencies) if view.ready else (),
        texts=tuple(sorted(view.texts)) if include_text and view.ready else (),
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


def _on_a_scale(question: Question | None) -> bool:
    return question is not None and question.kind in pooling.SCALE_KINDS


def _change_lines(table: pd.DataFrame, survey: Survey, k: int) -> list[ChangeLine]:
    lines = []
    for row, r in zip(
        prepost_wording.researcher_rows(table, survey), table.itertuples(index=False), strict=True
    ):
        question = str(row["Question"])
        if r.suppressed:
            sentence = (
                f"Fewer than {k} people answered this both before and after the modules, "
                "so no change is reported."
            )
        elif not _on_a_scale(survey.question(str(r.pre_item))):
            # A choice item's codes are scored by position: an average of positions would
            # read as a change in "points" that means nothing.
            sentence = (
                f"{r.pairs} people answered this both before and after the modules; it is a "
                "choice question, so the change is given only as the effect in the table below."
            )
        else:
            change = float(r.mean_change)  # type: ignore[arg-type]
            direction = "higher" if change > 0 else "lower"
            amount = f"{abs(change):.1f} points {direction} than before" if change else "unchanged"
            sentence = (
                f"Of the {r.pairs} people who answered both times, answers after the modules "
                f"were on average {amount}."
            )
        lines.append(ChangeLine(question, sentence, row))
    return lines


def single(engine: Engine, data: SessionData, include_text: bool, created: date) -> ReportContent:
    survey = data.survey
    frequencies = _word_frequencies(engine, data, survey.questions)
    sections = [
        _section(data.view(q), frequencies.get(q.id, ()), include_text) for q in survey.questions
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
            {q.id: data.view(q) for q in survey.questions if q.knowledge},
        )
    )
    return ReportContent(
        sessions=[data.facts],
        created=created,
        include_text=include_text,
        questions=sections,
        changes=_change_lines(table, survey, data.facts.k),
        prepost_svg=_svg(charts.prepost(table, survey, data.facts.k))
        if not table.empty and not table["suppressed"].all()
        else None,
        item_tables=item_tables,
    )


def pooled(
    engine: Engine, chosen: Sequence[SessionData], include_text: bool, created: date
) -> ReportContent:
    shared = pooling.shared_items([s.survey for s in chosen])
    sections = []
    for question in shared.questions:
        if question.kind not in pooling.POOLABLE_KINDS:
            continue  # bins, ranks and words differ per room: see each session's report
        view = pooling.pooled_view(question, [s.view(question) for s in chosen])
        sections.append(_section(view, (), include_text=False))
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
            {q.id: pooling.pooled_view(q, [s.view(q) for s in chosen]) for q in knowledge},
            shared={q.id for q in shared.questions},
        )
    )
    forest_svgs = []
    for construct, rows in both.forest.groupby("construct", sort=False):
        pre_item = both.pooled.loc[both.pooled["construct"] == construct, "pre_item"]
        asked = chosen[0].survey.question(str(pre_item.iloc[0])) if len(pre_item) else None
        title = asked.text if asked is not None else str(construct)
        forest_svgs.append((title, chart_svg(forest.chart(rows, title))))
    return ReportContent(
        sessions=[s.facts for s in chosen],
        created=created,
        include_text=False,
        questions=sections,
        changes=_change_lines(both.pooled, chosen[0].survey, k),
        prepost_svg=_svg(charts.prepost(both.pooled, chosen[0].survey, k))
        if not both.pooled.empty and not both.pooled["suppressed"].all()
        else None,
        shared=shared,
        forest=both.forest,
        forest_svgs=forest_svgs,
        sessions_table=pooling.sessions_table(chosen),
        item_tables=item_tables,
    )


def build(
    engine: Engine, session_ids: Sequence[int], *, include_text: bool = False, created: date
) -> ReportContent:
    """The report's content for one session, or for several pooled."""
    ids = list(dict.fromkeys(session_ids))
    if not ids:
        raise ReportError("Choose at least one session for the report.")
    chosen = [pooling.read_session(engine, sid) for sid in ids]
    if len(chosen) == 1:
        return single(engine, chosen[0], include_text, created)
    if len({s.facts.survey_id for s in chosen}) > 1:
        raise ReportError(
            "These sessions used different surveys, so their answers cannot be pooled. "
            "Make one report per survey."
        )
    return pooled(engine, chosen, include_text, created)
