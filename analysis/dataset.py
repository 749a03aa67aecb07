"""A session's answers as one tidy dataset: the items asked and one record per participant.

The export and the pre/post comparison both read from here. Missing values
carry a reason, so a statistician can tell "prefer not to answer" from "never
got that far" from "removed to protect someone". The SQL lives in
workshop.export_queries; a Dataset can also be built by hand (tests, notebooks).
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date
from enum import StrEnum

from sqlalchemy import Engine

from analysis.disclosure import pooled_k
from analysis.knowledge import KnowledgeResult, item_score, score_items
from workshop import export_queries, kinds, sessions, translation
from workshop.content import Measure, ModuleStep, Question, QuestionKind, Survey, SurveySnapshot
from workshop.errors import WorkshopError
from workshop.i18n import N_, _


class ExportError(WorkshopError):
    """The export cannot be made as asked; the message says why and what to do."""


class Missing(StrEnum):
    """Codes written in place of a value. Upper case: option codes are lower case."""

    declined = "DECLINED"
    not_reached = "NOT_REACHED"
    skipped = "SKIPPED"
    not_asked = "NOT_ASKED"
    suppressed = "SUPPRESSED"

    @property
    def label(self) -> str:
        """In the language in use: an export with --lang writes them in that language."""
        return _(MISSING_LABELS[self])


MISSING_LABELS: dict[Missing, str] = {
    Missing.declined: N_("Prefer not to answer (the participant chose it)"),
    Missing.not_reached: N_("Not reached (the participant stopped before this question)"),
    Missing.skipped: N_("No answer (the participant moved past the question without answering)"),
    Missing.not_asked: N_("Not asked (this session's survey did not contain the question)"),
    Missing.suppressed: N_(
        "Suppressed or withheld by the export (disclosure control, free text left out, "
        "or hidden by the facilitator). Withdrawn participants have no rows at all."
    ),
}


@dataclass(frozen=True)
class Item:
    """A question as it appears in the dataset (shared by every session that asked it)."""

    question: Question
    survey_id: str
    retrospective: bool = False  # a "before" rating asked after the modules (not a pre-test)

    @property
    def id(self) -> str:
        return self.question.id

    @property
    def kind(self) -> QuestionKind:
        return self.question.kind


@dataclass
class Record:
    """One participant. `values` maps item id -> answer value or a Missing code.

    Values: likert/single -> code str; multiple -> tuple of codes; ranking ->
    tuple of codes in rank order; number/slider -> int/float; text -> str.
    """

    session_code: str
    session_date: date
    finished: bool
    values: dict[str, object] = field(default_factory=dict)
    # Moderated items whose text no facilitator approved: kept for the research
    # files (when free text is asked for), never counted in a word cloud.
    unapproved: frozenset[str] = frozenset()


@dataclass
class Dataset:
    items: list[Item]
    records: list[Record]
    session_codes: list[str]
    k: int

    def item(self, item_id: str) -> Item:
        for item in self.items:
            if item.id == item_id:
                return item
        raise KeyError(item_id)


def is_missing(value: object) -> bool:
    return isinstance(value, Missing)


def is_retrospective(survey: Survey, question: Question) -> bool:
    """A pre item asked after a module: "before today..." answered at the end, not a pre-test."""
    if question.measure is not Measure.pre:
        return False
    modules = [i for i, step in enumerate(survey.steps) if isinstance(step, ModuleStep)]
    position = survey.step_of(question.id)
    return bool(modules) and position is not None and position > modules[0]


def catalog(snapshots: Sequence[tuple[str, SurveySnapshot]]) -> list[Item]:
    """Items in survey order; the same item id must mean the same thing everywhere."""
    items: dict[str, Item] = {}
    origin: dict[str, str] = {}
    for code, snapshot in snapshots:
        survey = snapshot.survey
        for question in survey.questions:
            known = items.get(question.id)
            if known is None:
                items[question.id] = Item(
                    question, survey.id, retrospective=is_retrospective(survey, question)
                )
                origin[question.id] = code
            elif known.question.scale_signature() != question.scale_signature():
                raise ExportError(
                    f"Item '{question.id}' has different answer options in session "
                    f"{origin[question.id]} and session {code}, so their answers cannot share "
                    "a column. Export these sessions separately."
                )
    return list(items.values())


def _stored_value(
    answer: export_queries.StoredAnswer, kind: QuestionKind, codes: list[str]
) -> object:
    if answer.declined:
        return Missing.declined
    spec = kinds.spec(kind)
    if spec.reads_codes:
        return tuple(codes)
    if spec.moderated and answer.moderation == "hidden":
        return Missing.suppressed  # a facilitator judged it unfit to show
    return json.loads(answer.value) if answer.value is not None else Missing.skipped


def effective_k(engine: Engine, session_ids: Sequence[int], requested: int | None) -> int:
    """The k an export or results page uses: the sessions' pooled k, raised to `requested`."""
    return pooled_k(
        (sessions.get_session(engine, sid).settings.k for sid in session_ids), requested
    )


def in_language(code: str, snapshot: SurveySnapshot, language: str | None) -> SurveySnapshot:
    """The snapshot's texts in `language` (ids and codes unchanged), which its survey must declare."""
    if language is None or language == snapshot.survey.language:
        return snapshot
    if language not in snapshot.translations:
        declared = ", ".join(snapshot.survey.languages or (snapshot.survey.language,))
        raise ExportError(
            f"Session {code}'s survey has no texts in '{language}' (it has: {declared}). "
            "Choose one of those, or leave the language out for the survey's own."
        )
    return translation.localized(snapshot, language)


def load(
    engine: Engine, session_ids: Sequence[int], k: int, *, language: str | None = None
) -> Dataset:
    """Every consenting participant of the sessions, one Record each, values or Missing codes.

    With a `language`, question texts and option labels are in it; codes never change.
    """
    if not session_ids:
        raise ExportError("Choose at least one session to export.")
    chosen = [sessions.get_session(engine, sid) for sid in dict.fromkeys(session_ids)]
    snapshots = [
        (s.code, in_language(s.code, sessions.get_snapshot(engine, s.id), language)) for s in chosen
    ]
    items = catalog(snapshots)
    by_id = {s.id: s for s in chosen}
    steps: dict[int, dict[str, int]] = {}
    for s, (_session, snap) in zip(chosen, snapshots, strict=True):
        placed = ((q.id, snap.survey.step_of(q.id)) for q in snap.survey.questions)
        steps[s.id] = {item_id: step for item_id, step in placed if step is not None}
    kind_of = {item.id: item.kind for item in items}
    rows = export_queries.read_rows(engine, list(by_id))
    stored: dict[str, dict[str, object]] = {person.id: {} for person in rows.people}
    unapproved: dict[str, set[str]] = {person.id: set() for person in rows.people}
    for answer in rows.answers:
        kind = kind_of.get(answer.item_id)
        if kind is None or answer.participant_id not in stored:
            continue  # not part of the snapshot (or no consent): nothing to say about it
        codes = rows.codes.get((answer.participant_id, answer.item_id), [])
        stored[answer.participant_id][answer.item_id] = _stored_value(answer, kind, codes)
        if kinds.spec(kind).moderated and answer.moderation != "approved":
            unapproved[answer.participant_id].add(answer.item_id)
    records = []
    for person in rows.people:
        session = by_id[person.session_id]
        asked = steps[person.session_id]
        values: dict[str, object] = {}
        for item in items:
            if item.id in stored[person.id]:
                values[item.id] = stored[person.id][item.id]
            elif item.id not in asked:
                values[item.id] = Missing.not_asked
            elif person.finished or person.step > asked[item.id]:
                values[item.id] = Missing.skipped
            else:
                values[item.id] = Missing.not_reached
        records.append(
            Record(
                session_code=session.code,
                session_date=session.created_at.date(),
                finished=person.finished,
                values=values,
                unapproved=frozenset(unapproved[person.id]),
            )
        )
    return Dataset(items=items, records=records, session_codes=[s.code for s in chosen], k=k)


def constructs(dataset: Dataset) -> dict[str, tuple[str, str]]:
    """Construct id -> (pre item, post item), for constructs asked both before and after."""
    found: dict[str, dict[Measure, str]] = {}
    for item in dataset.items:
        q = item.question
        if q.measure is not None and q.construct_id:
            found.setdefault(q.construct_id, {})[q.measure] = q.id
    return {
        c: (pair[Measure.pre], pair[Measure.post])
        for c, pair in found.items()
        if Measure.pre in pair and Measure.post in pair
    }


def scores(dataset: Dataset, item_id: str) -> list[float | None]:
    """One number per record (None when missing or not a single score), in record order.

    Knowledge items score 1 for the keyed answer and 0 for any other (analysis.knowledge).
    """
    question = dataset.item(item_id).question
    codes = list(question.option_codes)
    out: list[float | None] = []
    for record in dataset.records:
        value = record.values[item_id]
        if isinstance(value, Missing | tuple | list):
            out.append(None)
        elif question.knowledge:
            out.append(item_score(question, value))  # right or wrong, not option position
        elif isinstance(value, str):
            # Integer codes are their own score; other codes score by position.
            if value.isdigit():
                out.append(float(value))
            elif value in codes:
                out.append(float(codes.index(value) + 1))
            else:
                out.append(None)  # a merged group has no single score
        else:
            out.append(float(value))  # type: ignore[arg-type]
    return out


def paired_scores(
    dataset: Dataset,
) -> tuple[dict[str, tuple[str, str]], dict[str, list[float | None]]]:
    """The pre/post constructs and the scores of each of their items."""
    pairs = constructs(dataset)
    return pairs, {item: scores(dataset, item) for pair in pairs.values() for item in pair}


def knowledge(dataset: Dataset) -> list[KnowledgeResult] | None:
    """Each record's knowledge score (over the items its session asked), in record order.

    None when the dataset has no knowledge item.
    """
    items = [item.question for item in dataset.items if item.question.knowledge]
    if not items:
        return None
    out = []
    for record in dataset.records:
        asked = [q for q in items if record.values[q.id] is not Missing.not_asked]
        answers = {
            q.id: None if isinstance(record.values[q.id], Missing) else record.values[q.id]
            for q in asked
        }
        out.append(score_items(asked, answers))
    return out
