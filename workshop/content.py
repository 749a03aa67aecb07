"""Pydantic models for what educators author: surveys, questions, modules.

Everything a participant can answer has a stable string code, so labels can be
reworded or translated without changing the meaning of stored data.
"""

from __future__ import annotations

import math
from enum import StrEnum
from typing import Annotated, Any, Literal

from pydantic import (
    BaseModel,
    ConfigDict,
    Discriminator,
    Field,
    Tag,
    field_validator,
    model_validator,
)

CODE_PATTERN = r"^[a-z0-9][a-z0-9_]*$"
ID_PATTERN = r"^[a-z][a-z0-9_-]*$"

Code = Annotated[str, Field(pattern=CODE_PATTERN, max_length=40)]
Ident = Annotated[str, Field(pattern=ID_PATTERN, max_length=60)]

# Shown with every question; stored as a flag, never as an option code.
PREFER_NOT_TO_ANSWER = "Prefer not to answer"

TEXT_MAX_LENGTH_LIMIT = 2000


class QuestionKind(StrEnum):
    likert = "likert"
    single = "single"
    multiple = "multiple"
    number = "number"
    slider = "slider"
    ranking = "ranking"
    text = "text"
    words = "words"  # one to three short words or phrases, for a word cloud


WORDS_MAX = 3  # a words question asks for up to this many words or phrases
WORD_MAX_LENGTH = 40  # characters per word or phrase


CHOICE_KINDS = frozenset(
    {QuestionKind.likert, QuestionKind.single, QuestionKind.multiple, QuestionKind.ranking}
)
NUMERIC_KINDS = frozenset({QuestionKind.number, QuestionKind.slider})


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
    code: Code = Field(description="Stable code stored in the data; never change it.")
    label: str = Field(min_length=1, max_length=200, description="What participants see.")
    correct: bool = Field(
        default=False, description="Knowledge items only: the keyed (correct) answer."
    )


# Facilitator notes are for staff pages only: never part of a participant's page.
StaffNote = Annotated[str, Field(min_length=1, max_length=1500)]
StaffLine = Annotated[str, Field(min_length=1, max_length=400)]


class Facilitator(Strict):
    """A module's facilitator section (front matter `facilitator:`). Staff pages only."""

    objectives: tuple[StaffLine, ...] = Field(
        min_length=1, max_length=5, description="What participants should take away."
    )
    talking_points: tuple[StaffLine, ...] = Field(
        min_length=1, max_length=8, description="What to say while phones show the reading."
    )
    discussion: tuple[StaffLine, ...] = Field(
        min_length=1,
        max_length=2,
        description="One or two group prompts, safe for a mixed room: nobody is asked "
        "to disclose their own experience.",
    )
    minutes: int = Field(
        ge=1, le=60, description="Suggested minutes for the step, reading and discussion included."
    )


class Question(Strict):
    """One question. Which fields apply depends on `kind`."""

    id: Ident = Field(description="Stable item id, unique in the survey; used as column name.")
    kind: QuestionKind
    text: str = Field(min_length=1, max_length=500, description="The question as asked.")
    short_label: str | None = Field(
        default=None,
        max_length=60,
        description="Optional few words naming the question on charts and tables (projector).",
    )
    help: str | None = Field(default=None, max_length=500, description="Optional hint.")
    options: tuple[Option, ...] = Field(
        default=(), description="Choices (likert, single, multiple, ranking)."
    )
    max_choices: int | None = Field(default=None, ge=1, description="multiple: at most this many.")
    unit: str | None = Field(default=None, max_length=40, description="number/slider unit.")
    min: float | None = Field(default=None, description="number/slider lower bound.")
    max: float | None = Field(default=None, description="number/slider upper bound.")
    step: float | None = Field(default=None, gt=0, description="slider step.")
    integer: bool = Field(default=True, description="number/slider: whole numbers only.")
    min_label: str | None = Field(default=None, max_length=60, description="slider left label.")
    max_label: str | None = Field(default=None, max_length=60, description="slider right label.")
    max_length: int | None = Field(
        default=None, ge=1, le=TEXT_MAX_LENGTH_LIMIT, description="text: character limit."
    )
    sensitive: bool = Field(default=False, description="Stricter display: mask small categories.")
    quasi_identifier: bool = Field(
        default=False, description="Demographic: checked for k-anonymity on export."
    )
    knowledge: bool = Field(
        default=False,
        description="A knowledge item: single choice with exactly one option marked correct.",
    )
    measure: Measure | None = Field(default=None, description="pre or post (needs construct).")
    # Named construct_id in Python: `construct` is a reserved BaseModel name.
    construct_id: Ident | None = Field(
        default=None, alias="construct", description="Shared id of a pre/post pair."
    )
    notes: StaffNote | None = Field(
        default=None,
        description="Facilitator notes: what to say, how to read the result. Staff pages only.",
    )
    repeats: bool = Field(
        default=False,
        description=(
            "Follow-up survey: this item repeats the workshop's post item with the same id "
            "and wording, so the export pairs it as a third wave."
        ),
    )

    @field_validator("min", "max", "step")
    @classmethod
    def _finite(cls, value: float | None) -> float | None:
        if value is not None and not math.isfinite(value):
            raise ValueError("must be a finite number")
        return value

    @model_validator(mode="after")
    def _check_kind_fields(self) -> Question:
        kind = self.kind
        problems: list[str] = []
        if kind in CHOICE_KINDS:
            if not self.options:
                what = "labelled points" if kind is QuestionKind.likert else "options"
                problems.append(f"a {kind.value} question needs {what} under 'options'")
            codes = [o.code for o in self.options]
            dupes = sorted({c for c in codes if codes.count(c) > 1})
            if dupes:
                problems.append(f"option codes must be unique; repeated: {', '.join(dupes)}")
            if kind is QuestionKind.likert and self.options and len(self.options) not in (5, 7):
                problems.append(
                    f"a likert question needs 5 or 7 labelled points, found {len(self.options)}"
                )
            if kind in (QuestionKind.single, QuestionKind.multiple) and len(self.options) < 2:
                problems.append("a choice question needs at least 2 options")
            if kind is QuestionKind.ranking and len(self.options) < 2:
                problems.append("a ranking question needs at least 2 options to rank")
        elif self.options:
            problems.append(f"'options' does not apply to a {kind.value} question")
        if self.max_choices is not None:
            if kind is not QuestionKind.multiple:
                problems.append("'max_choices' applies only to multiple-choice questions")
            elif self.max_choices > len(self.options):
                problems.append(
                    f"'max_choices' is {self.max_choices} but there are only "
                    f"{len(self.options)} options"
                )
        if kind in NUMERIC_KINDS:
            if kind is QuestionKind.slider and (self.min is None or self.max is None):
                problems.append("a slider needs both 'min' and 'max'")
            if self.min is not None and self.max is not None and self.min >= self.max:
                problems.append(f"'min' ({self.min:g}) must be below 'max' ({self.max:g})")
        else:
            for name in ("unit", "min", "max", "step", "min_label", "max_label"):
                if getattr(self, name) is not None:
                    problems.append(f"'{name}' applies only to number and slider questions")
        if self.max_length is not None and kind is not QuestionKind.text:
            problems.append("'max_length' applies only to text questions")
        keyed = [o.code for o in self.options if o.correct]
        if self.knowledge:
            if kind is not QuestionKind.single:
                problems.append("a knowledge item must be a single-choice question")
            if len(keyed) != 1:
                problems.append(
                    "a knowledge item needs exactly one option with 'correct: true', "
                    f"found {len(keyed)}"
                )
        elif keyed:
            problems.append("'correct' applies only to knowledge items (add 'knowledge: true')")
        if (self.measure is None) != (self.construct_id is None):
            problems.append("'measure' (pre/post) and 'construct' must be given together")
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


class ModuleStep(Strict):
    module: Ident = Field(description="Id of a module in content/modules/.")
    notes: StaffNote | None = Field(
        default=None, description="Facilitator notes for this step. Staff pages only."
    )


def _step_tag(value: object) -> str:
    if isinstance(value, dict):
        return "module" if "module" in value else "question"
    return "module" if isinstance(value, ModuleStep) else "question"


# A step is written either as `- module: some-id` or as a question mapping.
Step = Annotated[
    Annotated[Question, Tag("question")] | Annotated[ModuleStep, Tag("module")],
    Discriminator(_step_tag),
]


class Survey(Strict):
    id: Ident
    version: int = Field(ge=1, description="Raise it when wording or options change.")
    title: str = Field(min_length=1, max_length=120)
    description: str = Field(default="", max_length=2000)
    language: str = Field(default="en", pattern=r"^[a-z]{2,3}(-[A-Za-z0-9]{2,8})?$")
    content_note: str | None = Field(default=None, max_length=1000)
    minutes: int | None = Field(default=None, ge=1, le=240, description="Expected duration.")
    steps: tuple[Step, ...] = Field(min_length=1)

    @model_validator(mode="after")
    def _check_ids_and_pairs(self) -> Survey:
        problems: list[str] = []
        seen: set[str] = set()
        for question in self.questions:
            if question.id in seen:
                problems.append(f"question id '{question.id}' is used more than once")
            seen.add(question.id)
        pairs: dict[str, dict[Measure, Question]] = {}
        for question in self.questions:
            if question.measure is None or question.construct_id is None:
                continue
            slot = pairs.setdefault(question.construct_id, {})
            if question.measure in slot:
                problems.append(
                    f"construct '{question.construct_id}' has more than one "
                    f"{question.measure.value} item"
                )
            slot[question.measure] = question
        for construct, slot in pairs.items():
            if Measure.pre in slot and Measure.post not in slot:
                problems.append(
                    f"pre item '{slot[Measure.pre].id}' (construct '{construct}') has no post "
                    "twin; add a question with measure: post and the same construct"
                )
            elif Measure.post in slot and Measure.pre not in slot:
                problems.append(
                    f"post item '{slot[Measure.post].id}' (construct '{construct}') has no pre "
                    "twin; add a question with measure: pre and the same construct"
                )
            elif slot[Measure.pre].scale_signature() != slot[Measure.post].scale_signature():
                problems.append(
                    f"pre item '{slot[Measure.pre].id}' and post item "
                    f"'{slot[Measure.post].id}' must use the same kind and scale"
                )
            elif self._position(slot[Measure.pre].id) > self._position(slot[Measure.post].id):
                problems.append(f"construct '{construct}': the pre item must come before the post")
        if problems:
            raise ValueError("; ".join(problems))
        return self

    def _position(self, item_id: str) -> int:
        for index, step in enumerate(self.steps):
            if isinstance(step, Question) and step.id == item_id:
                return index
        return -1

    @property
    def questions(self) -> tuple[Question, ...]:
        return tuple(s for s in self.steps if isinstance(s, Question))

    @property
    def module_ids(self) -> tuple[str, ...]:
        return tuple(s.module for s in self.steps if isinstance(s, ModuleStep))

    def question(self, item_id: str) -> Question | None:
        for question in self.questions:
            if question.id == item_id:
                return question
        return None

    def step_of(self, item_id: str) -> int | None:
        position = self._position(item_id)
        return None if position < 0 else position


class Module(Strict):
    """An educational module: Markdown body plus front matter."""

    id: Ident
    title: str = Field(min_length=1, max_length=120)
    minutes: int = Field(ge=1, le=15, description="Reading time in minutes.")
    sources: tuple[str, ...] = Field(
        min_length=1, description="Keys of entries in content/references.json it relies on."
    )
    content_note: str | None = Field(default=None, max_length=500)
    facilitator: Facilitator | None = Field(
        default=None, description="Notes for the facilitator (staff pages only)."
    )
    body: str = Field(min_length=1, description="Markdown text (project's own writing).")

    @property
    def word_count(self) -> int:
        return len(self.body.split())

    @property
    def summary(self) -> str:
        """The body's first sentence: a one-line summary for the projector."""
        for paragraph in self.body.split("\n\n"):
            text = " ".join(paragraph.split())
            if text and not text.startswith(("#", ">", "-", "*", "|")):
                end = text.find(". ")
                return text if end < 0 else text[: end + 1]
        return ""


class Resource(Strict):
    name: str = Field(min_length=1, max_length=120)
    description: str = Field(default="", max_length=400)
    contact: str = Field(default="", max_length=200)
    url: str | None = Field(default=None, max_length=300)
    # What decides whether someone can use it tonight, and safely (issue 26).
    hours: str = Field(default="", max_length=120, description="When it is open, or '24/7'.")
    text_or_chat: str = Field(default="", max_length=200, description="A text or chat route.")
    languages: str = Field(default="", max_length=200, description="Languages, BSL or relay.")
    for_whom: str = Field(default="", max_length=200, description="Who the service is for.")


class Resources(Strict):
    """Support resources shown at consent and at the end of a session."""

    heading: str = Field(default="Where to find support", max_length=120)
    note: str = Field(default="", max_length=600)
    items: tuple[Resource, ...] = Field(min_length=1)


class SurveySnapshot(Strict):
    """What a session stores: the survey plus the modules it references."""

    survey: Survey
    modules: dict[str, Module]
    resources: Resources | None = None
    # CSL-JSON entries the modules cite, by key; rendered as each module's reference list.
    references: dict[str, dict[str, Any]] = Field(default_factory=dict)

    def for_participants(self) -> SurveySnapshot:
        """The same snapshot without any facilitator note: what participant pages may use."""
        steps = tuple(
            step.model_copy(update={"notes": None}) if step.notes is not None else step
            for step in self.survey.steps
        )
        modules = {
            key: module.model_copy(update={"facilitator": None})
            if module.facilitator is not None
            else module
            for key, module in self.modules.items()
        }
        survey = self.survey.model_copy(update={"steps": steps})
        return self.model_copy(update={"survey": survey, "modules": modules})

    @property
    def has_notes(self) -> bool:
        return any(step.notes for step in self.survey.steps) or any(
            module.facilitator for module in self.modules.values()
        )


StepKind = Literal["question", "module"]
