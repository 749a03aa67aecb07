"""Read the sessions to export from the database (SQL over workshop.schema).

Only rows that still have a participant are read (inner joins), so a
withdrawn participant, whose row is deleted, can never reach an export.
Participants who never consented gave no answers and are left out.
"""

from __future__ import annotations

import json
from collections import defaultdict
from collections.abc import Sequence

from sqlalchemy import Engine, select

from workshop import db, sessions
from workshop.content import QuestionKind, SurveySnapshot
from workshop.errors import WorkshopError
from workshop.schema import answer_codes, answers, participants

from .model import Dataset, Item, Missing, Record


class ExportError(WorkshopError):
    """The export cannot be made as asked; the message says why and what to do."""


def _catalog(snapshots: list[tuple[str, SurveySnapshot]]) -> list[Item]:
    """Items in survey order; the same item id must mean the same thing everywhere."""
    items: dict[str, Item] = {}
    origin: dict[str, str] = {}
    for code, snapshot in snapshots:
        survey = snapshot.survey
        for question in survey.questions:
            known = items.get(question.id)
            if known is None:
                items[question.id] = Item(question, survey.id)
                origin[question.id] = code
            elif known.question.scale_signature() != question.scale_signature():
                raise ExportError(
                    f"Item '{question.id}' has different answer options in session "
                    f"{origin[question.id]} and session {code}, so their answers cannot share "
                    "a column. Export these sessions separately."
                )
    return list(items.values())


def load(engine: Engine, session_ids: Sequence[int], k: int) -> Dataset:
    if not session_ids:
        raise ExportError("Choose at least one session to export.")
    chosen = [sessions.get_session(engine, sid) for sid in dict.fromkeys(session_ids)]
    snapshots = [(s.code, sessions.get_snapshot(engine, s.id)) for s in chosen]
    items = _catalog(snapshots)
    by_id = {s.id: s for s in chosen}
    steps = {
        s.id: {q.id: snap.survey.step_of(q.id) for q in snap.survey.questions}
        for s, (_, snap) in zip(chosen, snapshots, strict=True)
    }
    kinds = {item.id: item.kind for item in items}
    ids = list(by_id)
    with db.read(engine) as connection:
        people = connection.execute(
            select(
                participants.c.id,
                participants.c.session_id,
                participants.c.step,
                participants.c.finished,
            )
            .where(participants.c.session_id.in_(ids), participants.c.consented.is_(True))
            .order_by(participants.c.id)
        ).all()
        given = connection.execute(
            select(
                answers.c.participant_id,
                answers.c.item_id,
                answers.c.value,
                answers.c.declined,
                answers.c.moderation,
            )
            .join(participants, participants.c.id == answers.c.participant_id)
            .where(participants.c.session_id.in_(ids))
        ).all()
        coded = connection.execute(
            select(
                answer_codes.c.participant_id,
                answer_codes.c.item_id,
                answer_codes.c.code,
                answer_codes.c.position,
            )
            .join(participants, participants.c.id == answer_codes.c.participant_id)
            .where(participants.c.session_id.in_(ids))
            .order_by(answer_codes.c.position, answer_codes.c.code)
        ).all()
    codes: dict[tuple[str, str], list[str]] = defaultdict(list)
    for coded_row in coded:
        codes[(coded_row.participant_id, coded_row.item_id)].append(coded_row.code)
    stored: dict[str, dict[str, object]] = defaultdict(dict)
    for row in given:
        kind = kinds.get(row.item_id)
        if kind is None:
            continue  # not part of the snapshot: nothing to say about it
        if row.declined:
            value: object = Missing.declined
        elif kind in (QuestionKind.multiple, QuestionKind.ranking):
            value = tuple(codes.get((row.participant_id, row.item_id), ()))
        elif kind is QuestionKind.text and row.moderation == "hidden":
            value = Missing.suppressed  # a facilitator judged it unfit to show
        else:
            value = json.loads(row.value) if row.value is not None else Missing.skipped
        stored[row.participant_id][row.item_id] = value
    records = []
    for person in people:
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
                finished=bool(person.finished),
                values=values,
            )
        )
    return Dataset(items=items, records=records, session_codes=[s.code for s in chosen], k=k)
