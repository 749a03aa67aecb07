"""Parse YAML content into models, with every problem's file and line.

The low-level half of workshop/loading.py, shared by the loader, the
translation reader (workshop/translation_files.py), uploads
(workshop/survey_yaml.py) and safeguarding: a YAML reader that remembers the
line of every value, and pydantic errors turned into messages that say
where the problem is and what to change.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any, TypeVar

import yaml
from pydantic import BaseModel, ValidationError

from workshop.i18n import N_, _, number

_Model = TypeVar("_Model", bound=BaseModel)

MAX_FILE_BYTES = 1_000_000
MAX_NODES = 50_000

Path_ = tuple[str | int, ...]


@dataclass(frozen=True, order=True)
class ContentProblem:
    file: str
    line: int
    message: str

    def __str__(self) -> str:
        return f"{self.file}:{self.line}: {self.message}"


class ContentError(Exception):
    """Raised when content cannot be used; carries every problem found."""

    def __init__(self, problems: Iterable[ContentProblem]) -> None:
        self.problems = sorted(problems)
        super().__init__("\n".join(str(p) for p in self.problems))


@dataclass
class _Located:
    data: Any
    lines: dict[Path_, int]


def _to_python(node: yaml.Node, path: Path_, lines: dict[Path_, int], budget: list[int]) -> Any:
    budget[0] -= 1
    if budget[0] < 0:
        raise ValueError(_("the file is too large or too deeply nested to be a survey"))
    lines[path] = node.start_mark.line + 1
    if isinstance(node, yaml.MappingNode):
        result: dict[Any, Any] = {}
        for key_node, value_node in node.value:
            key = _to_python(key_node, (*path, "<key>"), {}, budget)
            if not isinstance(key, str | int | float | bool) or key is None:
                raise yaml.MarkedYAMLError(
                    problem=_("a key must be plain text"), problem_mark=key_node.start_mark
                )
            key = str(key)
            if key in result:
                raise yaml.MarkedYAMLError(
                    problem=_("the key '{key}' appears twice in the same block").format(key=key),
                    problem_mark=key_node.start_mark,
                )
            result[key] = _to_python(value_node, (*path, key), lines, budget)
        return result
    if isinstance(node, yaml.SequenceNode):
        return [
            _to_python(child, (*path, index), lines, budget)
            for index, child in enumerate(node.value)
        ]
    return yaml.SafeLoader.construct_object(_ScalarLoader(), node)


class _ScalarLoader(yaml.SafeLoader):
    def __init__(self) -> None:  # no stream: only used to construct scalars
        yaml.SafeLoader.__init__(self, "")


def _parse_yaml(
    text: str, file: str, first_line: int = 0, loader: type[yaml.SafeLoader] = yaml.SafeLoader
) -> _Located:
    try:
        node = yaml.compose(text, Loader=loader)
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line = (mark.line + 1 if mark else 1) + first_line
        # PyYAML's own words stay English, as pydantic's do (docs/languages.md).
        problem = _("this is not valid YAML: {problem}").format(problem=exc.problem or exc.context)
        raise ContentError([ContentProblem(file, line, problem)]) from None
    except yaml.YAMLError as exc:
        problem = _("not valid YAML: {problem}").format(problem=exc)
        raise ContentError([ContentProblem(file, 1 + first_line, problem)]) from None
    except RecursionError:  # thousands of nested brackets
        problem = _("the file nests lists or mappings too deeply")
        raise ContentError([ContentProblem(file, 1 + first_line, problem)]) from None
    if node is None:
        raise ContentError([ContentProblem(file, 1 + first_line, _("the file is empty"))])
    lines: dict[Path_, int] = {}
    try:
        data = _to_python(node, (), lines, [MAX_NODES])
    except yaml.MarkedYAMLError as exc:
        line = (exc.problem_mark.line + 1 if exc.problem_mark else 1) + first_line
        raise ContentError([ContentProblem(file, line, str(exc.problem))]) from None
    except (ValueError, yaml.YAMLError) as exc:
        raise ContentError([ContentProblem(file, 1 + first_line, str(exc))]) from None
    if first_line:
        lines = {path: line + first_line for path, line in lines.items()}
    return _Located(data, lines)


def _line_for(located: _Located, loc: tuple[Any, ...]) -> tuple[int, str]:
    """Walk a pydantic error location through the data; return line and a readable place."""
    data = located.data
    path: list[str | int] = []
    for part in loc:
        in_mapping = isinstance(data, dict) and part in data
        in_list = isinstance(data, list) and isinstance(part, int) and 0 <= part < len(data)
        if in_mapping or in_list:
            data = data[part]
            path.append(part)
        # other parts are pydantic's tags (e.g. 'question'); they are not in the file
    line = located.lines.get(tuple(path), 1)
    return line, _describe(located.data, path)


def _describe(data: Any, path: list[str | int]) -> str:
    words: list[str] = []
    node = data
    for part in path:
        if isinstance(part, int):
            node = node[part]
            label = _("item {number}").format(number=part + 1)
            if isinstance(node, dict) and isinstance(node.get("id"), str):
                label = _("question '{id}'").format(id=node["id"])
            elif isinstance(node, dict) and isinstance(node.get("code"), str):
                label = _("option '{code}'").format(code=node["code"])
            elif isinstance(node, dict) and isinstance(node.get("module"), str):
                label = _("module step '{module}'").format(module=node["module"])
            words.append(label)
        else:
            node = node[part]
            if part != "steps":  # "item 3" or "question 'x'" already says where
                words.append(f"'{part}'")
    return " > ".join(words)


_FRIENDLY = {
    "missing": N_("is required but missing"),
    "extra_forbidden": N_("is not a known field (check the spelling)"),
}


def _problems_from(exc: ValidationError, located: _Located, file: str) -> list[ContentProblem]:
    problems = []
    errors = exc.errors(include_url=False)
    for error in errors:
        loc = error["loc"]
        # "steps needs at least 1 item" only echoes an error inside a step.
        if error["type"] == "too_short" and any(
            other["loc"][: len(loc)] == loc and len(other["loc"]) > len(loc) for other in errors
        ):
            continue
        line, place = _line_for(located, loc)
        if error["type"] == "missing":
            place = " > ".join(filter(None, [place, f"'{loc[-1]}'"]))
        friendly = _FRIENDLY.get(error["type"])
        message = _(friendly) if friendly else _clean(error["msg"])
        if error["type"] == "extra_forbidden":
            place = " > ".join(filter(None, [_line_for(located, loc[:-1])[1], f"'{loc[-1]}'"]))
        problems.append(ContentProblem(file, line, f"{place}: {message}" if place else message))
    return problems


def _clean(message: str) -> str:
    for prefix in ("Value error, ", "Assertion failed, "):
        if message.startswith(prefix):
            return message[len(prefix) :]
    return message


def _validate(model: type[_Model], located: _Located, file: str) -> _Model:
    if not isinstance(located.data, dict):
        raise ContentError(
            [ContentProblem(file, 1, _("the file must be a mapping of fields (name: value)"))]
        )
    try:
        return model.model_validate(located.data)
    except ValidationError as exc:
        raise ContentError(_problems_from(exc, located, file)) from None


def too_big(size: int) -> str:
    """The problem with a file over MAX_FILE_BYTES (a content file or an upload)."""
    return _("the file is {size} bytes; the limit is 1 MB").format(size=number(size))


def _read_text(path: Path) -> str:
    size = path.stat().st_size
    if size > MAX_FILE_BYTES:
        raise ContentError([ContentProblem(str(path), 1, too_big(size))])
    try:
        return path.read_text(encoding="utf-8")
    except UnicodeDecodeError:
        raise ContentError(
            [ContentProblem(str(path), 1, _("the file is not UTF-8 text; save it as UTF-8"))]
        ) from None
