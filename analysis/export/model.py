"""What an export works on: the items asked, and one record per participant.

Missing values carry a reason, so a statistician can tell "prefer not to
answer" from "never got that far" from "removed to protect someone".
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from enum import StrEnum

from workshop.content import Question, QuestionKind


class Missing(StrEnum):
    """Codes written in place of a value. Upper case: option codes are lower case."""

    declined = "DECLINED"
    not_reached = "NOT_REACHED"
    skipped = "SKIPPED"
    not_asked = "NOT_ASKED"
    suppressed = "SUPPRESSED"

    @property
    def label(self) -> str:
        return MISSING_LABELS[self]


MISSING_LABELS: dict[Missing, str] = {
    Missing.declined: "Prefer not to answer (the participant chose it)",
    Missing.not_reached: "Not reached (the participant stopped before this question)",
    Missing.skipped: "No answer (the participant moved past the question without answering)",
    Missing.not_asked: "Not asked (this session's survey did not contain the question)",
    Missing.suppressed: (
        "Suppressed or withheld by the export (disclosure control, free text left out, "
        "or hidden by the facilitator). Withdrawn participants have no rows at all."
    ),
}


@dataclass(frozen=True)
class Item:
    """A question as it appears in the export (shared by every session that asked it)."""

    question: Question
    survey_id: str

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
