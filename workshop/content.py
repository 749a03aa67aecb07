"""Pydantic models for what educators author: surveys, modules, support resources.

A survey is an ordered list of steps, each a question (workshop/question.py)
or a module reference. The names below from workshop/question.py and
workshop/kind_shapes.py are re-exported, so `workshop.content` stays the one
import for the content model.
"""

from __future__ import annotations

from typing import Annotated, Any, Literal

from pydantic import Discriminator, Field, Tag, model_validator

from workshop.i18n import N_, _
from workshop.kind_shapes import (
    CHOICE_KINDS,
    NUMERIC_KINDS,
    WORD_MAX_LENGTH,
    WORDS_MAX,
    QuestionKind,
)
from workshop.question import (
    CODE_PATTERN,
    ID_PATTERN,
    TEXT_MAX_LENGTH_LIMIT,
    Code,
    Ident,
    Measure,
    Option,
    Question,
    StaffLine,
    StaffNote,
    Strict,
    scale_problems,
)

__all__ = [
    "CHOICE_KINDS",
    "CODE_PATTERN",
    "ID_PATTERN",
    "NUMERIC_KINDS",
    "PREFER_NOT_TO_ANSWER",
    "TEXT_MAX_LENGTH_LIMIT",
    "WORDS_MAX",
    "WORD_MAX_LENGTH",
    "Code",
    "Facilitator",
    "FacilitatorTexts",
    "Ident",
    "Measure",
    "Module",
    "ModuleStep",
    "Option",
    "Question",
    "QuestionKind",
    "Resource",
    "Resources",
    "StaffLine",
    "StaffNote",
    "Step",
    "StepKind",
    "Strict",
    "Survey",
    "SurveySnapshot",
    "ItemTexts",
    "ModuleTexts",
    "SurveyTexts",
    "Translation",
]

LANGUAGE_PATTERN = r"^[a-z]{2,3}(-[A-Za-z0-9]{2,8})?$"

# Shown with every question; stored as a flag, never as an option code.
PREFER_NOT_TO_ANSWER = N_("Prefer not to answer")  # translated where shown


def _staff_lines(most: int, description: str) -> Any:
    """A facilitator section's list of one to `most` lines (English and translations alike)."""
    return Field(min_length=1, max_length=most, description=description)


class Facilitator(Strict):
    """A module's facilitator section (front matter `facilitator:`). Staff pages only."""

    objectives: tuple[StaffLine, ...] = _staff_lines(5, "What participants should take away.")
    talking_points: tuple[StaffLine, ...] = _staff_lines(
        8, "What to say while phones show the reading."
    )
    discussion: tuple[StaffLine, ...] = _staff_lines(
        2,
        "One or two group prompts, safe for a mixed room: nobody is asked "
        "to disclose their own experience.",
    )
    minutes: int = Field(
        ge=1, le=60, description="Suggested minutes for the step, reading and discussion included."
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
    language: str = Field(default="en", pattern=LANGUAGE_PATTERN)
    languages: tuple[Annotated[str, Field(pattern=LANGUAGE_PATTERN)], ...] = Field(
        default=(),
        description="Languages participants may read it in, its own `language` first; each "
        "other one has its texts in surveys/<lang>/<file> and modules/<lang>/<module>.md.",
    )
    content_note: str | None = Field(default=None, max_length=1000)
    minutes: int | None = Field(default=None, ge=1, le=240, description="Expected duration.")
    steps: tuple[Step, ...] = Field(min_length=1)

    @model_validator(mode="after")
    def _check_ids_and_pairs(self) -> Survey:
        problems: list[str] = []
        seen: set[str] = set()
        for question in self.questions:
            if question.id in seen:
                problems.append(
                    _("question id '{id}' is used more than once").format(id=question.id)
                )
            seen.add(question.id)
        pairs: dict[str, dict[Measure, Question]] = {}
        for question in self.questions:
            if question.measure is None or question.construct_id is None:
                continue
            slot = pairs.setdefault(question.construct_id, {})
            if question.measure in slot:
                problems.append(
                    _("construct '{construct}' has more than one {measure} item").format(
                        construct=question.construct_id, measure=question.measure.value
                    )
                )
            slot[question.measure] = question
        for construct, slot in pairs.items():
            if Measure.pre in slot and Measure.post not in slot:
                problems.append(
                    _(
                        "pre item '{id}' (construct '{construct}') has no post twin; add a "
                        "question with measure: post and the same construct"
                    ).format(id=slot[Measure.pre].id, construct=construct)
                )
            elif Measure.post in slot and Measure.pre not in slot:
                problems.append(
                    _(
                        "post item '{id}' (construct '{construct}') has no pre twin; add a "
                        "question with measure: pre and the same construct"
                    ).format(id=slot[Measure.post].id, construct=construct)
                )
            elif slot[Measure.pre].scale_signature() != slot[Measure.post].scale_signature():
                problems.append(
                    _(
                        "pre item '{pre}' and post item '{post}' must use the same kind and scale"
                    ).format(pre=slot[Measure.pre].id, post=slot[Measure.post].id)
                )
            elif self._position(slot[Measure.pre].id) > self._position(slot[Measure.post].id):
                problems.append(
                    _("construct '{construct}': the pre item must come before the post").format(
                        construct=construct
                    )
                )
        problems += scale_problems(self.questions)
        if self.languages and self.languages[0] != self.language:
            problems.append(
                _("'languages' must start with the survey's language '{language}'").format(
                    language=self.language
                )
            )
        if len(set(self.languages)) != len(self.languages):
            problems.append(_("'languages' names a language more than once"))
        if problems:
            raise ValueError("; ".join(problems))
        return self

    def _position(self, item_id: str) -> int:
        for index, step in enumerate(self.steps):
            if isinstance(step, Question) and step.id == item_id:
                return index
        return -1

    @property
    def translated_into(self) -> tuple[str, ...]:
        """The declared languages besides its own: each needs a complete translation."""
        return tuple(code for code in self.languages if code != self.language)

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
    source_hash: str | None = Field(
        default=None,
        pattern=r"^[0-9a-f]{8}$",
        description="A translation only (<lang>/resources.yaml): hash of the English "
        "resources it was translated from; `workshop validate` says when they change.",
    )


Label = Annotated[str, Field(min_length=1, max_length=200)]


class ItemTexts(Strict):
    """One question's texts in another language; what is left out falls back to English."""

    text: str | None = Field(default=None, min_length=1, max_length=500)
    short_label: str | None = Field(default=None, max_length=60)
    help: str | None = Field(default=None, max_length=500)
    unit: str | None = Field(default=None, max_length=40)
    min_label: str | None = Field(default=None, max_length=60)
    max_label: str | None = Field(default=None, max_length=60)
    options: dict[Code, Label] = Field(
        default_factory=dict, description="Option labels by the English file's option code."
    )


HASH_PATTERN = r"^[0-9a-f]{8}$"


def _source_hash(what: str) -> Any:
    """A translation's record of the English it was made from (workshop/translation.py)."""
    return Field(
        default=None,
        pattern=HASH_PATTERN,
        description=f"Hash of {what} this was translated from; "
        "`workshop validate` says when the English has changed since.",
    )


class SurveyTexts(Strict):
    """A survey's texts in one language (surveys/<lang>/<survey file>)."""

    source_hash: str | None = _source_hash("the English texts")
    title: str | None = Field(default=None, min_length=1, max_length=120)
    description: str | None = Field(default=None, max_length=2000)
    content_note: str | None = Field(default=None, max_length=1000)
    items: dict[Ident, ItemTexts] = Field(
        default_factory=dict, description="Question texts by the English file's question id."
    )
    notes: dict[Ident, StaffNote] = Field(
        default_factory=dict,
        description="Each step's facilitator `notes` in this language, by step id: a question's "
        "id, or a module step's module id. Staff pages only: never sent to a phone.",
    )


class FacilitatorTexts(Strict):
    """A module's facilitator section in one language, line for line. Staff pages only."""

    objectives: tuple[StaffLine, ...] = _staff_lines(5, "The English `objectives`, line for line.")
    talking_points: tuple[StaffLine, ...] = _staff_lines(
        8, "The English `talking_points`, line for line."
    )
    discussion: tuple[StaffLine, ...] = _staff_lines(
        2, "The English `discussion` prompts, line for line."
    )


class ModuleTexts(Strict):
    """A module's texts in one language (modules/<lang>/<module>.md)."""

    source_hash: str | None = _source_hash(
        "the English title, content note, body and facilitator section"
    )
    title: str = Field(min_length=1, max_length=120)
    content_note: str | None = Field(default=None, max_length=500)
    facilitator: FacilitatorTexts | None = Field(
        default=None,
        description="The English facilitator section's objectives, talking points and "
        "discussion prompts in this language. Staff pages only: never sent to a phone.",
    )
    body: str = Field(min_length=1)


class Translation(Strict):
    """A survey's texts in one language, with its modules' and resources': part of a snapshot.

    Its notes and facilitator sections are staff-only, like the English ones.
    """

    survey: SurveyTexts = Field(default_factory=SurveyTexts)
    modules: dict[str, ModuleTexts] = Field(default_factory=dict)
    resources: Resources | None = None

    def without_notes(self) -> Translation:
        """The same texts without the staff-only ones (SurveySnapshot.for_participants)."""
        modules = {k: m.model_copy(update={"facilitator": None}) for k, m in self.modules.items()}
        survey = self.survey.model_copy(update={"notes": {}})
        return self.model_copy(update={"survey": survey, "modules": modules})


class SurveySnapshot(Strict):
    """What a session stores: the survey plus the modules it references."""

    survey: Survey
    modules: dict[str, Module]
    resources: Resources | None = None
    # CSL-JSON entries the modules cite, by key; rendered as each module's reference list.
    references: dict[str, dict[str, Any]] = Field(default_factory=dict)
    # The participant texts in each language the survey declares besides its own.
    translations: dict[str, Translation] = Field(default_factory=dict)

    def for_participants(self) -> SurveySnapshot:
        """The same snapshot without any facilitator note: what participant pages may use."""
        steps = tuple(
            step.model_copy(update={"notes": None}) if step.notes is not None else step
            for step in self.survey.steps
        )
        modules = {k: m.model_copy(update={"facilitator": None}) for k, m in self.modules.items()}
        survey = self.survey.model_copy(update={"steps": steps})
        translations = {code: texts.without_notes() for code, texts in self.translations.items()}
        return self.model_copy(
            update={"survey": survey, "modules": modules, "translations": translations}
        )

    @property
    def has_notes(self) -> bool:
        """Whether any facilitator note or section is in it, in any language."""
        return self != self.for_participants()


StepKind = Literal["question", "module"]
