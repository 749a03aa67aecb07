"""The question box in an export: left out unless asked for, then scrubbed like free text.

questions.csv has one row per question (session, status, votes, text) in a
fresh random order. It carries no participant id, not even the export's
re-keyed one: a question cannot be joined to anyone's answers.
"""

from __future__ import annotations

import random
from collections.abc import Sequence
from dataclasses import dataclass, field

from sqlalchemy import Engine

from workshop import question_box, sessions

from .anonymize import ScrubCounts, scrub_text
from .codebook import resource, table_fields
from .report import Report
from .tables import Field, header, write_csv

FILE = "questions.csv"
STATUSES = tuple(s.value for s in question_box.Status)
QUESTION_FIELDS: tuple[Field, ...] = (
    Field("session", "string", "Session", "Join code of the session the question was asked in."),
    Field(
        "status",
        "string",
        "Moderation status",
        "pending: never read; approved: shown to the room; hidden: the facilitator kept it "
        "from the room; answering/answered: taken up in the workshop.",
        enum=STATUSES,
    ),
    Field("votes", "integer", "Votes", "How many participants voted for it (once each)."),
    Field(
        "text",
        "string",
        "Question",
        "As asked, with e-mail addresses, links, @handles and phone numbers replaced by "
        "placeholders. Names are not removed.",
    ),
)


@dataclass
class QuestionsPart:
    """What the export adds when questions are asked for."""

    csv: bytes
    count: int
    scrubbed: ScrubCounts = field(default_factory=ScrubCounts)

    def descriptor(self) -> dict[str, object]:
        return resource(
            "questions",
            FILE,
            "Anonymous questions from the question box",
            "One row per question, in random order; not linked to any participant.",
            table_fields(QUESTION_FIELDS),
        )

    def account(self) -> str:
        """The paragraph ANONYMIZATION.md gets about the questions."""
        return (
            "\n## Questions from the question box\n\n"
            f"Included on request: {self.count} question(s) in {FILE}, in random order, with "
            "no participant id, so a question cannot be linked to anyone's answers. "
            f"{self.scrubbed.total} e-mail address(es), link(s), @handle(s) or phone "
            "number(s) were replaced by placeholders. Names are not removed: read the "
            "questions before sharing the file.\n"
        )


def questions_part(
    engine: Engine, session_ids: Sequence[int], report: Report, seed: int | None = None
) -> QuestionsPart:
    codes = {sid: sessions.get_session(engine, sid).code for sid in session_ids}
    rows: list[list[object]] = []
    scrubbed = ScrubCounts()
    for session_id, text, status, votes in question_box.for_export(engine, session_ids):
        clean, counts = scrub_text(text)
        scrubbed.add(counts)
        rows.append([codes[session_id], status, votes, clean])
    random.Random(seed).shuffle(rows)
    csv = write_csv(header(QUESTION_FIELDS), rows, report)
    return QuestionsPart(csv=csv, count=len(rows), scrubbed=scrubbed)
