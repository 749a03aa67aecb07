"""Column definitions shared by the wide CSV, the long CSV, SPSS and the codebook.

One column per item; multiple choice as one 0/1 column per option; ranking as
one rank column per option. Each column knows its type, label, codes and how
to read its cell from a record, so the data and its codebook cannot disagree.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from typing import Any

from analysis import kinds
from analysis.dataset import Item, Missing, Record
from analysis.kinds import Columns, Domain
from workshop.content import Measure, Question

from .anonymize import Generalization

OPTION_SEPARATOR = "__"
WORDS_SEPARATOR = "; "  # between the phrases of one words answer


@dataclass
class Column:
    name: str
    type: str  # Frictionless field type: string, integer, number, boolean, date
    title: str
    description: str
    cell: Callable[[Record], object]
    item_id: str | None = None
    option: str | None = None
    categories: list[tuple[object, str]] = field(default_factory=list)
    enum: list[object] | None = None
    minimum: float | None = None
    maximum: float | None = None
    unit: str | None = None
    flags: dict[str, object] = field(default_factory=dict)


def integer_codes(question: Question) -> bool:
    """Choice codes that are plain whole numbers ("1".."5") export as integers."""
    codes = question.option_codes
    return bool(codes) and all(c.isdigit() and str(int(c)) == c for c in codes)


def group_code(values: list[object]) -> str:
    """Code of a merged group: its first and last original value."""
    if len(values) == 1:
        return str(values[0])
    separator = "|" if all(isinstance(v, str) for v in values) else "-"
    return f"{values[0]}{separator}{values[-1]}"


def group_label(question: Question, values: list[object]) -> str:
    if kinds.spec(question.kind).domain is Domain.values:
        unit = f" {question.unit}" if question.unit else ""
        if len(values) == 1:
            return f"{values[0]}{unit}"
        return f"{values[0]} to {values[-1]}{unit}"
    return " / ".join(question.label_for(str(v)) for v in values)


def _flags(question: Question) -> dict[str, object]:
    flags: dict[str, object] = {
        "kind": question.kind.value,
        "sensitive": question.sensitive,
        "quasi_identifier": question.quasi_identifier,
    }
    if question.measure is not None:
        flags["measure"] = question.measure.value
        flags["construct"] = question.construct_id
    if question.knowledge:
        flags["knowledge"] = True
        flags["correct"] = question.correct_code
    return flags


def _value(item_id: str) -> Callable[[Record], object]:
    return lambda record: record.values[item_id]


def _indicator(item_id: str, code: str) -> Callable[[Record], object]:
    def cell(record: Record) -> object:
        value: Any = record.values[item_id]  # the codes chosen, or why there are none
        if isinstance(value, Missing):
            return value
        return 1 if code in value else 0

    return cell


def _rank(item_id: str, code: str) -> Callable[[Record], object]:
    def cell(record: Record) -> object:
        value: Any = record.values[item_id]  # the codes in ranked order, or why there are none
        if isinstance(value, Missing):
            return value
        order = list(value)
        return order.index(code) + 1 if code in order else Missing.skipped

    return cell


def item_columns(
    item: Item, generalization: Generalization | None, include_text: bool
) -> list[Column]:
    q = item.question
    base: dict[str, Any] = {"item_id": q.id, "flags": _flags(q)}
    help_text = f" ({q.help})" if q.help else ""
    if generalization is not None and generalization.merged:
        codes: list[object] = [group_code(g) for g in generalization.groups]
        return [
            Column(
                name=q.id,
                type="string",
                title=q.text,
                description=(
                    f"{q.kind.value} question{help_text}. Generalized for k-anonymity: "
                    "adjacent answers merged into the groups listed."
                ),
                cell=_value(q.id),
                categories=[(group_code(g), group_label(q, g)) for g in generalization.groups],
                enum=codes,
                unit=q.unit,
                **base,
            )
        ]
    return COLUMNS[kinds.spec(q.kind).columns](q, base, help_text, include_text)


ColumnRule = Callable[[Question, dict[str, Any], str, bool], list[Column]]


def _code(q: Question, base: dict[str, Any], help_text: str, include_text: bool) -> list[Column]:
    numeric = integer_codes(q)
    convert = int if numeric else str
    return [
        Column(
            name=q.id,
            type="integer" if numeric else "string",
            title=q.text,
            description=f"{q.kind.value} question{help_text}; one code per participant.",
            cell=_value(q.id),
            categories=[(convert(o.code), o.label) for o in q.options],
            enum=[convert(o.code) for o in q.options],
            **base,
        )
    ]


def _number(q: Question, base: dict[str, Any], help_text: str, include_text: bool) -> list[Column]:
    return [
        Column(
            name=q.id,
            type="integer" if q.integer else "number",
            title=q.text,
            description=f"{q.kind.value} answer{help_text}.",
            cell=_value(q.id),
            minimum=q.min,
            maximum=q.max,
            unit=q.unit,
            **base,
        )
    ]


def _per_option(
    q: Question,
    base: dict[str, Any],
    describe: Callable[[str], str],
    cell: Callable[[str, str], Callable[[Record], object]],
    **extra: Any,
) -> list[Column]:
    """One integer column per option, named item__code and titled "question [label]"."""
    return [
        Column(
            name=f"{q.id}{OPTION_SEPARATOR}{o.code}",
            type="integer",
            title=f"{q.text} [{o.label}]",
            description=describe(o.label),
            cell=cell(q.id, o.code),
            option=o.code,
            **extra,
            **base,
        )
        for o in q.options
    ]


def _indicators(
    q: Question, base: dict[str, Any], help_text: str, include_text: bool
) -> list[Column]:
    return _per_option(
        q,
        base,
        lambda label: f"1 if '{label}' was chosen, 0 if not (multiple choice).",
        _indicator,
        categories=[(0, "not chosen"), (1, "chosen")],
        enum=[0, 1],
    )


def _ranks(q: Question, base: dict[str, Any], help_text: str, include_text: bool) -> list[Column]:
    size = len(q.options)
    return _per_option(
        q,
        base,
        lambda label: f"Rank given to '{label}': 1 = first (most wanted) to {size}.",
        _rank,
        minimum=1,
        maximum=size,
    )


SCRUBBED = (
    "scrubbed: e-mail addresses, phone numbers, links and @handles replaced "
    "by [email], [phone], [link], [handle]."
)


def _scrubbed(what: str) -> ColumnRule:
    """Words and free text: one scrubbed string column, only when text is included."""

    def build(
        q: Question, base: dict[str, Any], help_text: str, include_text: bool
    ) -> list[Column]:
        if not include_text:
            return []
        description = f"{what}, {SCRUBBED}"
        return [Column(q.id, "string", q.text, description, _value(q.id), **base)]

    return build


# One builder per export column rule (analysis/kinds.py): (question, shared fields,
# " (help)", whether free text is included) -> the item's columns.
COLUMNS: dict[Columns, ColumnRule] = {
    Columns.code: _code,
    Columns.number: _number,
    Columns.indicators: _indicators,
    Columns.ranks: _ranks,
    Columns.words: _scrubbed(f"Words or short phrases, separated by '{WORDS_SEPARATOR.strip()} '"),
    Columns.text: _scrubbed("Free text"),
}


KNOWLEDGE_SIDES: dict[str, str] = {
    "knowledge_pre": "Knowledge score before the modules",
    "knowledge_post": "Knowledge score after the modules",
    "knowledge_change": "Change in knowledge score (after minus before)",
    "knowledge_score": "Knowledge score (items asked once)",
}


def knowledge_columns(keys: list[str], items: list[Item]) -> list[Column]:
    """Derived columns: correct answers per side of the knowledge items (analysis.knowledge)."""
    keyed = [i.question.measure for i in items if i.question.knowledge]
    count = {
        "knowledge_pre": keyed.count(Measure.pre),
        "knowledge_post": keyed.count(Measure.post),
        "knowledge_score": keyed.count(None),
    }
    columns = []
    for key in keys:
        if key == "knowledge_change":
            n = count["knowledge_pre"]
            description = (
                f"Post minus pre score, -{n} to {n}; only for participants who answered every "
                "knowledge item before and after."
            )
            low, high = -n, n
        else:
            n = count[key]
            description = (
                f"Number of the {n} knowledge items answered with the keyed (correct) answer; "
                "'don't know' and wrong answers score 0. Missing when any of them was not "
                "answered (the code of the first one)."
            )
            low, high = 0, n
        columns.append(
            Column(
                name=key,
                type="integer",
                title=KNOWLEDGE_SIDES[key],
                description=description,
                cell=_value(key),
                item_id=key,  # also in responses_long.csv
                minimum=low,
                maximum=high,
                flags={"derived": "analysis.knowledge"},
            )
        )
    return columns


def meta_columns(session_codes: list[str]) -> list[Column]:
    return [
        Column(
            name="participant",
            type="string",
            title="Participant (random id for this export only)",
            description=(
                "Drawn at random for this export; rows are sorted by it. Another export's ids "
                "differ, but its rows can still be matched on the other columns."
            ),
            cell=lambda record: None,  # filled in by the writer
        ),
        Column(
            name="session",
            type="string",
            title="Session join code",
            description="The workshop session the participant took part in.",
            cell=lambda record: record.session_code,
            enum=list(session_codes),
        ),
        Column(
            name="session_date",
            type="date",
            title="Session date",
            description="Day the session was created (no finer time is exported).",
            cell=lambda record: record.session_date,
        ),
        Column(
            name="finished",
            type="boolean",
            title="Reached the end of the survey",
            description="true if the participant reached the last step.",
            cell=lambda record: record.finished,
        ),
    ]


def format_cell(value: object) -> str:
    """The CSV text of a value (before formula neutralization)."""
    if isinstance(value, Missing):
        return value.value
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, float):
        # Positional notation: "1e-05" would not read as a number in every tool.
        # float(): a numpy float's repr is "np.float64(...)", which Decimal cannot read.
        return str(int(value)) if value.is_integer() else format(Decimal(repr(float(value))), "f")
    if isinstance(value, date):
        return value.isoformat()
    return str(value)
