"""The data lifecycle: what withdrawal and the retention purge do to every table.

One registry, `RULES`, names every table of workshop.schema's MetaData with
what participant-derived data it holds and what each of the two erasures does
to it. `erase_participants` (workshop/participants.py withdraw) and
`erase_session` (workshop/retention.py purge) run the registry's statements in
its order (children before the rows they point to), so a table can only be
forgotten by leaving it out here, and tests/test_lifecycle.py fails on a table
that is not registered. docs/privacy.md's table is checked against `RULES`.

What may survive either erasure: counts with no link to a participant, never
text and never a word fewer than k people gave (published_results keeps the
counts a chart is drawn from, masked whenever drawn, see
analysis/live/batches.py; a purged session keeps its published aggregates).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from enum import StrEnum

from sqlalchemy import Connection, Executable, Select, Table, delete, or_, select, update

from workshop.schema import (
    answer_codes,
    answers,
    authored_resources,
    authored_surveys,
    followup_links,
    metadata,
    participants,
    published_results,
    question_votes,
    questions,
    resource_translations,
    sessions,
    staff_credentials,
    staff_login_links,
)


class Effect(StrEnum):
    deleted = "rows deleted"
    # Counts with no link to anyone, masked whenever drawn; never text, never a word
    # fewer than k people gave (analysis/live/batches.py stores only those).
    counts_kept = "kept: counts only, no text"
    # What the display showed: small groups already masked, words k or more people gave.
    aggregates_kept = "kept: published aggregates only"
    not_participant_data = "untouched: holds no participant data"


# Statements for one erasure: participant ids (withdrawal) or a session id (purge).
ByParticipants = Callable[[Sequence[str]], list[Executable]]
BySession = Callable[[int], list[Executable]]


@dataclass(frozen=True)
class Rule:
    table: Table
    holds: str  # what participant-derived data the table holds, in plain words
    withdrawal: Effect
    purge: Effect
    withdraw: ByParticipants | None = None  # the statements, when withdrawal deletes
    expire: BySession | None = None  # the statements, when the purge deletes

    @property
    def name(self) -> str:
        return self.table.name


def _of_session(session_id: int) -> Select[tuple[str]]:
    return select(participants.c.id).where(participants.c.session_id == session_id)


def _votes_of(ids: Sequence[str]) -> list[Executable]:
    own = select(questions.c.id).where(questions.c.participant_id.in_(ids))
    return [
        delete(question_votes).where(
            question_votes.c.participant_id.in_(ids) | question_votes.c.question_id.in_(own)
        )
    ]


def _votes_in(session_id: int) -> list[Executable]:
    asked = select(questions.c.id).where(questions.c.session_id == session_id)
    return [
        delete(question_votes).where(
            question_votes.c.question_id.in_(asked)
            | question_votes.c.participant_id.in_(_of_session(session_id))
        )
    ]


def _links_of(ids: Sequence[str]) -> list[Executable]:
    return [
        delete(followup_links).where(followup_links.c.participant_id.in_(ids)),
        update(followup_links)  # links to them from a part that stays
        .where(followup_links.c.followup_participant_id.in_(ids))
        .values(followup_participant_id=None),
    ]


def _links_in(session_id: int) -> list[Executable]:
    people = _of_session(session_id)
    return [
        delete(followup_links).where(
            or_(
                followup_links.c.session_id == session_id,
                followup_links.c.participant_id.in_(people),
            )
        ),
        update(followup_links)
        .where(followup_links.c.followup_participant_id.in_(people))
        .values(followup_participant_id=None),
    ]


def _owned(table: Table, holds: str) -> Rule:
    """A table whose rows each name their participant and session: both erasures delete them."""
    return Rule(
        table,
        holds,
        Effect.deleted,
        Effect.deleted,
        withdraw=lambda ids: [delete(table).where(table.c.participant_id.in_(ids))],
        expire=lambda sid: [delete(table).where(table.c.session_id == sid)],
    )


# In the order the statements run: rows that point at others go first.
RULES: tuple[Rule, ...] = (
    Rule(
        question_votes,
        "which participant voted for which question",
        Effect.deleted,
        Effect.deleted,
        withdraw=_votes_of,  # their votes, and every vote on their questions
        expire=_votes_in,
    ),
    _owned(questions, "question-box questions as written"),
    _owned(answer_codes, "the option codes each participant chose"),
    _owned(answers, "every answer, free text and words included"),
    Rule(
        followup_links,
        "keyed hashes of follow-up codes and the link between two parts",
        Effect.deleted,
        Effect.deleted,
        withdraw=_links_of,
        expire=_links_in,
    ),
    Rule(
        participants,
        "the random participant id, consent and progress",
        Effect.deleted,
        Effect.deleted,
        withdraw=lambda ids: [delete(participants).where(participants.c.id.in_(ids))],
        expire=lambda sid: [delete(participants).where(participants.c.session_id == sid)],
    ),
    Rule(
        published_results,
        "the counts each chart and the released snapshot were drawn from",
        Effect.counts_kept,  # a batch is counts; text comes from the live approved rows
        Effect.deleted,  # the published aggregates move to the session row
        expire=lambda sid: [delete(published_results).where(published_results.c.session_id == sid)],
    ),
    Rule(
        sessions,
        "settings (with words a facilitator hid from clouds); after a purge, what the display showed",
        Effect.aggregates_kept,
        Effect.aggregates_kept,
    ),
    Rule(staff_credentials, "nothing", Effect.not_participant_data, Effect.not_participant_data),
    Rule(staff_login_links, "nothing", Effect.not_participant_data, Effect.not_participant_data),
    Rule(authored_surveys, "nothing", Effect.not_participant_data, Effect.not_participant_data),
    Rule(authored_resources, "nothing", Effect.not_participant_data, Effect.not_participant_data),
    Rule(
        resource_translations, "nothing", Effect.not_participant_data, Effect.not_participant_data
    ),
)

BY_NAME: dict[str, Rule] = {rule.name: rule for rule in RULES}


def unregistered() -> list[str]:
    """Tables on the schema's MetaData that the registry does not name."""
    return sorted(set(metadata.tables) - set(BY_NAME))


def erase_participants(connection: Connection, ids: Sequence[str]) -> None:
    """Withdrawal, inside its transaction: every registered deletion for these participants."""
    for rule in RULES:
        if rule.withdrawal is Effect.deleted:
            assert rule.withdraw is not None, rule.name  # tests/test_lifecycle.py checks it
            for statement in rule.withdraw(ids):
                connection.execute(statement)


def erase_session(connection: Connection, session_id: int) -> None:
    """The retention purge, inside its transaction: every registered deletion for the session."""
    for rule in RULES:
        if rule.purge is Effect.deleted:
            assert rule.expire is not None, rule.name
            for statement in rule.expire(session_id):
                connection.execute(statement)
