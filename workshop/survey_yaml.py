"""Surveys and resources as YAML for authors: a strict reader for uploads, a fixed writer.

An upload comes from a browser or a command line and is read with a loader
that refuses what could expand or execute: anchors and aliases (a few lines
can expand into millions of nodes) and explicit tags (`!!python/...` and
friends). The shipped files may use anchors; a survey written back out never
does. The writer puts keys in the order the shipped files use, so exporting
an imported file gives the same text (version aside), and it is the form the
database stores.

Every problem is a `ContentProblem` with file and line, from the same
pydantic models `workshop validate` uses, plus the checks an upload needs
on top: known module ids, no Markup in what participants read, one id per
question with the line of the repeat.
"""

from __future__ import annotations

import re
from collections.abc import Collection
from typing import Any

import yaml

from workshop.content import ModuleStep, Question, Resources, Survey
from workshop.content_yaml import too_big
from workshop.i18n import _, pgettext
from workshop.loading import (
    MAX_FILE_BYTES,
    ContentError,
    ContentProblem,
    Path_,
    _Located,
    _parse_yaml,
    _validate,
)

__all__ = [
    "MAX_UPLOAD_BYTES",
    "StrictLoader",
    "dump_resources",
    "dump_survey",
    "markup_problems",
    "read_resources",
    "read_survey",
    "survey_data",
]

MAX_UPLOAD_BYTES = MAX_FILE_BYTES  # 1 MB, as .streamlit/config.toml's maxUploadSize

SURVEY_ORDER = (
    "id",
    "version",
    "title",
    "description",
    "language",
    "languages",
    "minutes",
    "content_note",
)
# The order the shipped files use: what identifies it, how it is shown, then the kind's fields.
QUESTION_ORDER = (
    "id",
    "notes",
    "kind",
    "short_label",
    "sensitive",
    "quasi_identifier",
    "text",
    "help",
    "knowledge",
    "max_choices",
    "unit",
    "min",
    "max",
    "step",
    "integer",
    "min_label",
    "max_label",
    "max_length",
    "scale",
    "options",
    "measure",
    "construct",
    "repeats",
)
RESOURCE_ORDER = (
    "name",
    "description",
    "contact",
    "url",
    "for_whom",
    "hours",
    "text_or_chat",
    "languages",
)

# Wording participants read is shown as plain text: markup would show as symbols.
MARKUP = re.compile(r"<\s*/?\s*[A-Za-z!]|\*\*|__|`|\[[^\]]*\]\(|^\s*#{1,6}\s", re.MULTILINE)
_READ_FIELDS = ("text", "short_label", "help", "min_label", "max_label")


class StrictLoader(yaml.SafeLoader):
    """SafeLoader that refuses anchors, aliases and explicit tags, at their line."""

    def compose_node(self, parent: yaml.Node | None, index: int) -> yaml.Node | None:
        event = self.peek_event()  # type: ignore[no-untyped-call]
        if isinstance(event, yaml.AliasEvent) or getattr(event, "anchor", None):
            raise yaml.MarkedYAMLError(
                problem=_(
                    "anchors (&name) and aliases (*name) are not accepted in an upload; "
                    "write the repeated part out in full"
                ),
                problem_mark=event.start_mark,
            )
        tag = getattr(event, "tag", None)
        if tag is not None and tag != "!":
            raise yaml.MarkedYAMLError(
                problem=_("the tag '{tag}' is not accepted; remove it (plain values only)").format(
                    tag=tag
                ),
                problem_mark=event.start_mark,
            )
        return super().compose_node(parent, index)


def _text_of(data: bytes, file: str) -> str:
    if len(data) > MAX_UPLOAD_BYTES:
        raise ContentError([ContentProblem(file, 1, too_big(len(data)))])
    try:
        return data.decode("utf-8").lstrip("\ufeff")
    except UnicodeDecodeError:
        raise ContentError(
            [ContentProblem(file, 1, _("the file is not UTF-8 text; save it as UTF-8 YAML"))]
        ) from None


def _duplicate_ids(located: _Located, file: str) -> list[ContentProblem]:
    """A repeated question id, at the line of the repeat (the model only says which)."""
    steps = located.data.get("steps") if isinstance(located.data, dict) else None
    if not isinstance(steps, list):
        return []
    first: dict[str, int] = {}
    problems = []
    for index, step in enumerate(steps):
        item_id = step.get("id") if isinstance(step, dict) else None
        if not isinstance(item_id, str):
            continue
        line = located.lines.get(("steps", index, "id"), 1)
        if item_id in first:
            problems.append(
                ContentProblem(
                    file,
                    line,
                    _(
                        "step {number}: the id '{id}' is already used at line {line}; "
                        "give this question an id of its own"
                    ).format(number=index + 1, id=item_id, line=first[item_id]),
                )
            )
        else:
            first[item_id] = line
    return problems


def markup_problems(survey: Survey) -> list[tuple[Path_, str]]:
    """Where participants' wording holds HTML or Markdown, as (path in the survey, message)."""
    found: list[tuple[Path_, str]] = []
    for index, step in enumerate(survey.steps):
        if not isinstance(step, Question):
            continue
        for name in _READ_FIELDS:
            value = getattr(step, name)
            if isinstance(value, str) and MARKUP.search(value):
                message = _(
                    "question '{id}' > '{name}' contains markup (HTML or Markdown); "
                    "participants see it as plain text, remove it"
                ).format(id=step.id, name=name)
                found.append((("steps", index, name), message))
        for number, option in enumerate(step.options):
            if MARKUP.search(option.label):
                message = _(
                    "question '{id}' > option '{code}' > 'label' contains markup (HTML or "
                    "Markdown); participants see it as plain text, remove it"
                ).format(id=step.id, code=option.code)
                found.append((("steps", index, "options", number, "label"), message))
    return found


def module_problems(survey: Survey, modules: Collection[str]) -> list[tuple[Path_, str]]:
    known = ", ".join(sorted(modules)) or pgettext("known modules", "none")
    return [
        (
            ("steps", index, "module"),
            _("step {number}: there is no module '{module}' (known: {known})").format(
                number=index + 1, module=step.module, known=known
            ),
        )
        for index, step in enumerate(survey.steps)
        if isinstance(step, ModuleStep) and step.module not in modules
    ]


def read_survey(data: bytes, file: str, modules: Collection[str]) -> Survey:
    """An uploaded survey, checked as `workshop validate` checks files and more; else ContentError."""
    located = _parse_yaml(_text_of(data, file), file, loader=StrictLoader)
    duplicates = _duplicate_ids(located, file)
    if duplicates:
        raise ContentError(duplicates)
    survey = _validate(Survey, located, file)
    extra = markup_problems(survey) + module_problems(survey, modules)
    if extra:
        raise ContentError(
            ContentProblem(file, located.lines.get(path, 1), message) for path, message in extra
        )
    return survey


def read_resources(data: bytes, file: str) -> Resources:
    return _validate(Resources, _parse_yaml(_text_of(data, file), file, loader=StrictLoader), file)


class _Flow(dict[str, Any]):
    """A mapping written on one line, as the shipped files write options."""


class _Dumper(yaml.SafeDumper):
    pass


_Dumper.add_representer(
    _Flow,
    lambda dumper, value: dumper.represent_mapping(
        "tag:yaml.org,2002:map", value.items(), flow_style=True
    ),
)


def _number(value: Any) -> Any:
    return int(value) if isinstance(value, float) and value.is_integer() else value


def _ordered(values: dict[str, Any], order: tuple[str, ...]) -> dict[str, Any]:
    known = {key: values[key] for key in order if key in values}
    return known | {key: value for key, value in values.items() if key not in known}


def _question(question: Question) -> dict[str, Any]:
    values = question.model_dump(mode="json", by_alias=True, exclude_defaults=True)
    for name in ("min", "max", "step"):
        if name in values:
            values[name] = _number(values[name])
    if question.options:
        values["options"] = [
            _Flow(option.model_dump(mode="json", exclude_defaults=True))
            for option in question.options
        ]
    return _ordered(values, QUESTION_ORDER)


def _step(step: Question | ModuleStep) -> dict[str, Any]:
    if isinstance(step, ModuleStep):
        return step.model_dump(mode="json", exclude_none=True)
    return _question(step)


HEADER = (
    "# A survey for the aftercare workshop toolkit. Field reference: `python -m workshop schema`;\n"
    "# import with `python -m workshop survey import FILE` or on the Surveys page.\n"
)


def _dump(document: dict[str, Any]) -> str:
    return yaml.dump(
        document,
        Dumper=_Dumper,
        sort_keys=False,
        allow_unicode=True,
        width=100,
        default_flow_style=False,
    )


def survey_data(survey: Survey) -> dict[str, Any]:
    """The survey as plain data in the shipped files' key order (what the builder edits)."""
    values = survey.model_dump(mode="json", exclude_defaults=True, exclude={"steps"})
    values["language"] = survey.language
    document = _ordered(values, SURVEY_ORDER)
    document["steps"] = [_step(step) for step in survey.steps]
    return document


def dump_survey(survey: Survey) -> str:
    """The survey as YAML, the same text for the same survey (the stored and exported form)."""
    return HEADER + _dump(survey_data(survey))


def dump_resources(resources: Resources) -> str:
    document = resources.model_dump(mode="json", exclude_defaults=True, exclude={"items"})
    document["items"] = [
        _ordered(item.model_dump(mode="json", exclude_defaults=True), RESOURCE_ORDER)
        for item in resources.items
    ]
    return _dump(document)
