"""The Surveys page's logic: a draft survey as plain data, its edits, and its problems.

The draft is the survey as the YAML file would hold it (workshop/survey_yaml.py),
so what the page shows, what `workshop validate` checks and what is exported
are one thing. Which fields a question offers comes from the kind registry
(workshop/kind_shapes.py) and the Question model's own field types; nothing
here knows one kind from another.
"""

from __future__ import annotations

import copy
import types
import typing
from collections.abc import Collection, Mapping
from dataclasses import dataclass
from enum import Enum
from typing import Any

from pydantic import ValidationError

from workshop.content import Module, Question, QuestionKind, Survey
from workshop.i18n import N_, _
from workshop.kind_shapes import KIND_FIELDS, SHAPES
from workshop.loading import _clean, _describe
from workshop.survey_yaml import QUESTION_ORDER, markup_problems, module_problems, survey_data

Draft = dict[str, Any]

# Every question has these, whatever its kind (the kind's own fields follow).
COMMON_FIELDS = (
    "id",
    "text",
    "short_label",
    "help",
    "notes",
    "sensitive",
    "quasi_identifier",
    "measure",
    "construct",
)

# What the form calls each field; translated where the form is drawn (its help is the
# Question model's description, marked the same way).
LABELS = {
    "id": N_("Id"),
    "text": N_("Text"),
    "short_label": N_("Short label"),
    "help": N_("Help"),
    "notes": N_("Notes"),
    "sensitive": N_("Sensitive"),
    "quasi_identifier": N_("Quasi identifier"),
    "measure": N_("Measure"),
    "construct": N_("Construct"),
    "max_choices": N_("Max choices"),
    "unit": N_("Unit"),
    "min": N_("Min"),
    "max": N_("Max"),
    "step": N_("Step"),
    "integer": N_("Integer"),
    "min_label": N_("Min label"),
    "max_label": N_("Max label"),
    "max_length": N_("Max length"),
    "knowledge": N_("Knowledge"),
    "scale": N_("Scale"),
}
_FRIENDLY = {
    "missing": N_("is required but missing"),
    "extra_forbidden": N_("is not a known field"),
}

# A slow reader (low literacy, a second language), as tests/test_curriculum.py times surveys.
SLOW_WORDS_PER_MINUTE = 100
CLOSED_QUESTION_MINUTES = 0.5  # 25 s at 125 words a minute, scaled to 100
TEXT_QUESTION_MINUTES = 1.25


@dataclass(frozen=True)
class Field:
    """One input of a question's form: what it edits and how it is typed."""

    name: str  # the key in the file ("construct", not construct_id)
    label: str  # English, as marked: shown with _()
    input: str  # "text" | "long" | "int" | "float" | "bool" | "choice"
    help: str  # English, as marked: shown with _()
    choices: tuple[str, ...] = ()


@dataclass(frozen=True)
class Problem:
    step: int | None  # index into steps; None: the survey's own fields
    message: str


def _input_of(name: str, annotation: Any) -> tuple[str, tuple[str, ...]]:
    args = [a for a in typing.get_args(annotation) if a is not type(None)]
    base = args[0] if args and isinstance(annotation, types.UnionType) else annotation
    base = typing.get_origin(base) or base
    if base is typing.Annotated:
        base = typing.get_args(args[0] if args else annotation)[0]
    if isinstance(base, type) and issubclass(base, Enum):
        return "choice", tuple(str(member.value) for member in base)
    if base is bool:
        return "bool", ()
    if base is int:
        return "int", ()
    if base is float:
        return "float", ()
    return ("long" if name in ("text", "help", "notes") else "text"), ()


def _field(name: str) -> Field:
    python_name = "construct_id" if name == "construct" else name
    info = Question.model_fields[python_name]
    kind, choices = _input_of(name, info.annotation)
    return Field(name, LABELS[name], kind, info.description or "", choices)


def question_fields(kind: QuestionKind) -> tuple[Field, ...]:
    """The form for a kind: the common fields, then those its shape says apply."""
    shape = SHAPES[kind]
    names = [*COMMON_FIELDS, *(name for name in KIND_FIELDS if name in shape.fields)]
    return tuple(_field(name) for name in names)


def takes_options(kind: QuestionKind) -> bool:
    return SHAPES[kind].options is not None


def draft_of(survey: Survey, *, new_id: str | None = None) -> Draft:
    data = copy.deepcopy(survey_data(survey))
    if new_id is not None:
        data["id"] = new_id
        data["title"] = f"{survey.title} (our version)"[:120]
    return data


def blank(survey_id: str, title: str) -> Draft:
    return {"id": survey_id, "version": 1, "title": title, "language": "en", "steps": []}


def move(draft: Draft, index: int, delta: int) -> Draft:
    steps = list(draft["steps"])
    target = index + delta
    if 0 <= index < len(steps) and 0 <= target < len(steps):
        steps[index], steps[target] = steps[target], steps[index]
    return {**draft, "steps": steps}


def remove(draft: Draft, index: int) -> Draft:
    return {**draft, "steps": [s for i, s in enumerate(draft["steps"]) if i != index]}


def insert(draft: Draft, step: Mapping[str, Any], at: int | None = None) -> Draft:
    steps = list(draft["steps"])
    steps.insert(len(steps) if at is None else at, dict(step))
    return {**draft, "steps": steps}


def replace(draft: Draft, index: int, step: Mapping[str, Any]) -> Draft:
    steps = list(draft["steps"])
    steps[index] = dict(step)
    return {**draft, "steps": steps}


def question_step(
    kind: QuestionKind, values: Mapping[str, Any], options: list[dict[str, Any]]
) -> dict[str, Any]:
    """A question step from form values: empty and default values left out, file order kept."""
    step: dict[str, Any] = {"kind": kind.value}
    for field in question_fields(kind):
        value = values.get(field.name)
        if isinstance(value, str):
            value = value.strip()
        default = Question.model_fields[
            "construct_id" if field.name == "construct" else field.name
        ].default
        if value in (None, "") or value == default:
            continue
        step[field.name] = value
    if takes_options(kind):
        step["options"] = options
    return {key: step[key] for key in QUESTION_ORDER if key in step}


def parse_options(text: str) -> tuple[list[dict[str, Any]], list[str]]:
    """Options from lines `code | label`, a trailing ` | correct` marking the keyed answer."""
    options: list[dict[str, Any]] = []
    problems: list[str] = []
    for number, line in enumerate(text.splitlines(), start=1):
        if not line.strip():
            continue
        parts = [part.strip() for part in line.split("|")]
        if len(parts) < 2 or not parts[0] or not parts[1]:
            problems.append(
                _("options, line {number}: write it as `code | label`").format(number=number)
            )
            continue
        option: dict[str, Any] = {"code": parts[0], "label": parts[1]}
        if len(parts) > 2 and parts[2].lower() == "correct":
            option["correct"] = True
        options.append(option)
    return options, problems


def options_text(step: Mapping[str, Any]) -> str:
    return "\n".join(
        f"{o['code']} | {o['label']}" + (" | correct" if o.get("correct") else "")
        for o in step.get("options", ())
    )


def check(
    draft: Draft, modules: Collection[str], shipped: Collection[str] = ()
) -> tuple[Survey | None, list[Problem]]:
    """The draft as a Survey, or the problems the file would get, placed at their step."""
    try:
        survey = Survey.model_validate(draft)
    except ValidationError as exc:
        return None, [_problem(draft, error) for error in exc.errors(include_url=False)]
    found = [
        Problem(path[1] if len(path) > 1 and isinstance(path[1], int) else None, message)
        for path, message in markup_problems(survey) + module_problems(survey, modules)
    ]
    if survey.id in shipped:
        message = _("'{id}' is a shipped survey's id; give yours an id of its own")
        found.append(Problem(None, message.format(id=survey.id)))
    return (None if found else survey), found


def _problem(draft: Draft, error: Any) -> Problem:
    loc = [part for part in error["loc"] if part not in ("question", "module")]
    step = loc[1] if len(loc) > 1 and loc[0] == "steps" and isinstance(loc[1], int) else None
    path: list[str | int] = []
    node: Any = draft
    for part in loc:
        if (isinstance(node, dict) and part in node) or (
            isinstance(node, list) and isinstance(part, int) and 0 <= part < len(node)
        ):
            node = node[part]
            path.append(part)
    if loc == ["steps"] and error["type"] == "too_short":
        return Problem(None, _("'steps': a survey needs at least one step; add one below"))
    place = _describe(draft, path) or (f"'{loc[0]}'" if len(loc) == 1 else "")
    if error["type"] == "missing":
        place = " > ".join(filter(None, [place, f"'{loc[-1]}'"]))
    friendly = _FRIENDLY.get(error["type"])
    text = _(friendly) if friendly else _clean(error["msg"])
    return Problem(step, f"{place}: {text}" if place else text)


def estimated_minutes(survey: Survey, modules: Mapping[str, Module]) -> float:
    """A slow reader's own time: joining, each module at 100 words a minute plus its prompt,
    about half a minute a closed question and a minute and a quarter a text one."""
    reading = sum(
        modules[m].word_count / SLOW_WORDS_PER_MINUTE + 1 for m in survey.module_ids if m in modules
    )
    texts = sum(1 for q in survey.questions if q.kind is QuestionKind.text)
    closed = len(survey.questions) - texts
    return 1.0 + reading + closed * CLOSED_QUESTION_MINUTES + texts * TEXT_QUESTION_MINUTES
