"""The model of one question: its kind, wording, options and flags.

Everything a participant can answer has a stable string code, so labels can
be reworded or translated without changing the meaning of stored data. Which
fields a kind takes is in workshop/kind_shapes.py; this module checks them.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from enum import StrEnum
from typing import Annotated

from pydantic import BaseModel, ConfigDict, Field, field_validator, model_validator

from workshop.i18n import N_, _, ngettext, word_list
from workshop.kind_shapes import NUMBER_FIELDS, SHAPES, QuestionKind, taking

CODE_PATTERN = r"^[a-z0-9][a-z0-9_]*$"
ID_PATTERN = r"^[a-z][a-z0-9_-]*$"

Code = Annotated[str, Field(pattern=CODE_PATTERN, max_length=40)]
Ident = Annotated[str, Field(pattern=ID_PATTERN, max_length=60)]

TEXT_MAX_LENGTH_LIMIT = 2000

# Facilitator notes are for staff pages only: never part of a participant's page.
StaffNote = Annotated[str, Field(min_length=1, max_length=1500)]
StaffLine = Annotated[str, Field(min_length=1, max_length=400)]


class Measure(StrEnum):
    pre = "pre"
    post = "post"


class Strict(BaseModel):
    model_config = ConfigDict(
        extra="forbid",
        frozen=True,
        str_strip_whitespace=True,
        validate_by_name=True,
        validate_by_alias=True,
        serialize_by_alias=True,
    )


class Option(Strict):
    code: Code = Field(description=N_("Stable code stored in the data; never change it."))
    label: str = Field(min_length=1, max_length=200, description=N_("What participants see."))
    correct: bool = Field(
        default=False, description=N_("Knowledge items only: the keyed (correct) answer.")
    )


class Question(Strict):
    """One question. Which fields apply depends on `kind`."""

    id: Ident = Field(description=N_("Stable item id, unique in the survey; used as column name."))
    kind: QuestionKind
    text: str = Field(min_length=1, max_length=500, description=N_("The question as asked."))
    short_label: str | None = Field(
        default=None,
        max_length=60,
        description=N_("Optional few words naming the question on charts and tables (projector)."),
    )
    help: str | None = Field(default=None, max_length=500, description=N_("Optional hint."))
    options: tuple[Option, ...] = Field(
        default=(), description=N_("Choices (likert, single, multiple, ranking).")
    )
    max_choices: int | None = Field(
        default=None, ge=1, description=N_("multiple: at most this many.")
    )
    unit: str | None = Field(default=None, max_length=40, description=N_("number/slider unit."))
    min: float | None = Field(default=None, description=N_("number/slider lower bound."))
    max: float | None = Field(default=None, description=N_("number/slider upper bound."))
    step: float | None = Field(default=None, gt=0, description=N_("slider step."))
    integer: bool = Field(default=True, description=N_("number/slider: whole numbers only."))
    min_label: str | None = Field(default=None, max_length=60, description=N_("slider left label."))
    max_label: str | None = Field(
        default=None, max_length=60, description=N_("slider right label.")
    )
    max_length: int | None = Field(
        default=None, ge=1, le=TEXT_MAX_LENGTH_LIMIT, description=N_("text: character limit.")
    )
    sensitive: bool = Field(
        default=False, description=N_("Stricter display: mask small categories.")
    )
    quasi_identifier: bool = Field(
        default=False, description=N_("Demographic: checked for k-anonymity on export.")
    )
    knowledge: bool = Field(
        default=False,
        description=N_("A knowledge item: single choice with exactly one option marked correct."),
    )
    measure: Measure | None = Field(default=None, description=N_("pre or post (needs construct)."))
    # Named construct_id in Python: `construct` is a reserved BaseModel name.
    construct_id: Ident | None = Field(
        default=None, alias="construct", description=N_("Shared id of a pre/post pair.")
    )
    scale: Ident | None = Field(
        default=None,
        description=N_(
            "Likert items only: id of a multi-item scale. Items sharing it (and their "
            "measure) are read as one scale; the researcher's item statistics give its "
            "Cronbach's alpha."
        ),
    )
    notes: StaffNote | None = Field(
        default=None,
        description=N_("Facilitator notes: what to say, how to read the result. Staff pages only."),
    )
    repeats: bool = Field(
        default=False,
        description=N_(
            "Follow-up survey: this item repeats the workshop's post item with the same id "
            "and wording, so the export pairs it as a third wave."
        ),
    )

    @field_validator("min", "max", "step")
    @classmethod
    def _finite(cls, value: float | None) -> float | None:
        if value is not None and not math.isfinite(value):
            raise ValueError(_("must be a finite number"))
        return value

    @model_validator(mode="after")
    def _check_kind_fields(self) -> Question:
        problems = kind_problems(self)
        if (self.measure is None) != (self.construct_id is None):
            problems.append(_("'measure' (pre/post) and 'construct' must be given together"))
        if problems:
            raise ValueError("; ".join(problems))
        return self

    @property
    def option_codes(self) -> tuple[str, ...]:
        return tuple(o.code for o in self.options)

    @property
    def text_limit(self) -> int:
        return self.max_length or 280

    @property
    def correct_code(self) -> str | None:
        """The keyed answer of a knowledge item, else None."""
        return next((o.code for o in self.options if o.correct), None) if self.knowledge else None

    def label_for(self, code: str) -> str:
        for option in self.options:
            if option.code == code:
                return option.label
        return code

    def scale_signature(self) -> tuple[object, ...]:
        """What must match between a pre item and its post twin."""
        return (
            self.kind.value,
            self.option_codes,
            self.min,
            self.max,
            self.integer,
            self.unit,
            self.knowledge,
            self.correct_code,
        )


def kind_problems(question: Question) -> list[str]:
    """What is wrong with a question for its kind (its shape in kind_shapes.SHAPES)."""
    kind = question.kind
    shape = SHAPES[kind]
    options = question.options
    problems: list[str] = []
    rule = shape.options
    if rule is not None:
        if not options:
            problems.append(
                _("a {kind} question needs {what} under 'options'").format(
                    kind=kind.value, what=_(rule.what)
                )
            )
        codes = [o.code for o in options]
        dupes = sorted({c for c in codes if codes.count(c) > 1})
        if dupes:
            problems.append(
                _("option codes must be unique; repeated: {codes}").format(codes=", ".join(dupes))
            )
        if rule.counts and options and len(options) not in rule.counts:
            allowed = word_list([str(n) for n in rule.counts], "or")
            problems.append(
                _("a {kind} question needs {allowed} {what}, found {found}").format(
                    kind=kind.value, allowed=allowed, what=_(rule.what), found=len(options)
                )
            )
        if len(options) < rule.at_least:
            problems.append(_(rule.too_few))
    elif options:
        problems.append(_("'options' does not apply to a {kind} question").format(kind=kind.value))
    if question.scale is not None and "scale" not in shape.fields:
        problems.append(_only_for("scale"))
    if question.max_choices is not None:
        if "max_choices" not in shape.fields:
            problems.append(_only_for("max_choices"))
        elif question.max_choices > len(options):
            problems.append(
                ngettext(
                    "'max_choices' is {max_choices} but there is only {n} option",
                    "'max_choices' is {max_choices} but there are only {n} options",
                    len(options),
                ).format(max_choices=question.max_choices, n=len(options))
            )
    if shape.numeric:
        if shape.bounds_required and (question.min is None or question.max is None):
            problems.append(_("a {kind} needs both 'min' and 'max'").format(kind=kind.value))
        if question.min is not None and question.max is not None and question.min >= question.max:
            problems.append(
                _("'min' ({min}) must be below 'max' ({max})").format(
                    min=f"{question.min:g}", max=f"{question.max:g}"
                )
            )
    for name in NUMBER_FIELDS:
        if name not in shape.fields and getattr(question, name) is not None:
            problems.append(_only_for(name))
    if question.max_length is not None and "max_length" not in shape.fields:
        problems.append(_only_for("max_length"))
    keyed = [o.code for o in options if o.correct]
    if question.knowledge:
        if "knowledge" not in shape.fields:
            problems.append(
                _("a knowledge item must be a {kinds} question").format(kinds=taking("knowledge"))
            )
        if len(keyed) != 1:
            problems.append(
                _(
                    "a knowledge item needs exactly one option with 'correct: true', found {found}"
                ).format(found=len(keyed))
            )
    elif keyed:
        problems.append(_("'correct' applies only to knowledge items (add 'knowledge: true')"))
    return problems


def _only_for(name: str) -> str:
    return _("'{name}' applies only to {kinds} questions").format(name=name, kinds=taking(name))


def scale_problems(questions: Sequence[Question]) -> list[str]:
    """A survey's scales: two or more items per measure, all on the same points."""
    scales: dict[tuple[str, str], list[Question]] = {}
    for question in questions:
        if question.scale is not None:
            side = question.measure.value if question.measure else "once"
            scales.setdefault((question.scale, side), []).append(question)
    problems = []
    for (scale, side), members in scales.items():
        ids = ", ".join(q.id for q in members)
        if len(members) < 2:
            problems.append(
                _(
                    "scale '{scale}' has one {side} item ({ids}); a scale needs at least two "
                    "items asked together, or remove 'scale'"
                ).format(scale=scale, side=side, ids=ids)
            )
        elif len({q.option_codes for q in members}) > 1:
            problems.append(
                _("scale '{scale}' ({side}): items {ids} must use the same points").format(
                    scale=scale, side=side, ids=ids
                )
            )
    return problems
