"""The rows an export reads: SQL over workshop.schema (the live display has workshop.aggregates).

Only rows that still have a participant are read (inner joins), so a
withdrawn participant, whose row is deleted, can never reach an export.
Participants who never consented gave no answers and are left out.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from sqlalchemy import Engine, Select, Table, select

from workshop import db
from workshop.schema import answer_codes, answers, participants


@dataclass(frozen=True)
class Person:
    id: str
    session_id: int
    step: int
    finished: bool


@dataclass(frozen=True)
class StoredAnswer:
    participant_id: str
    item_id: str
    value: str | None  # JSON text
    declined: bool
    moderation: str | None


@dataclass(frozen=True)
class ExportRows:
    people: list[Person]  # consented participants, by id
    answers: list[StoredAnswer]
    codes: dict[tuple[str, str], list[str]]  # (participant, item) -> codes in position order


def _kept(table: Table, ids: list[int], *names: str) -> Select[Any]:
    """`names` of `table`'s rows whose participant still exists, in sessions `ids`."""
    return (
        select(*table.c[names])
        .join(participants, participants.c.id == table.c.participant_id)
        .where(participants.c.session_id.in_(ids))
    )


def read_rows(engine: Engine, session_ids: Sequence[int]) -> ExportRows:
    ids = list(session_ids)
    with db.read(engine) as connection:
        people = connection.execute(
            select(*participants.c["id", "session_id", "step", "finished"])
            .where(participants.c.session_id.in_(ids), participants.c.consented.is_(True))
            .order_by(participants.c.id)
        ).all()
        given = connection.execute(
            _kept(answers, ids, "participant_id", "item_id", "value", "declined", "moderation")
        ).all()
        coded = connection.execute(
            _kept(answer_codes, ids, "participant_id", "item_id", "code", "position").order_by(
                answer_codes.c.position, answer_codes.c.code
            )
        ).all()
    codes: dict[tuple[str, str], list[str]] = defaultdict(list)
    for row in coded:
        codes[(row.participant_id, row.item_id)].append(row.code)
    return ExportRows(
        people=[Person(p.id, p.session_id, p.step, bool(p.finished)) for p in people],
        answers=[
            StoredAnswer(a.participant_id, a.item_id, a.value, bool(a.declined), a.moderation)
            for a in given
        ],
        codes=dict(codes),
    )
