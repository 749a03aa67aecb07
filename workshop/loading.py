"""Read content files and report every problem with its file and line.

Content authors are educators, not programmers: each message says where the
problem is and what to change, and one run lists all problems at once.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, TypeVar

import yaml
from pydantic import BaseModel, ValidationError

from workshop import references as refs
from workshop.content import Module, ModuleStep, Resources, Survey, SurveySnapshot

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
        raise ValueError("the file is too large or too deeply nested to be a survey")
    lines[path] = node.start_mark.line + 1
    if isinstance(node, yaml.MappingNode):
        result: dict[Any, Any] = {}
        for key_node, value_node in node.value:
            key = _to_python(key_node, (*path, "<key>"), {}, budget)
            if not isinstance(key, str | int | float | bool) or key is None:
                raise yaml.MarkedYAMLError(
                    problem="a key must be plain text", problem_mark=key_node.start_mark
                )
            key = str(key)
            if key in result:
                raise yaml.MarkedYAMLError(
                    problem=f"the key '{key}' appears twice in the same block",
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
        raise ContentError(
            [ContentProblem(file, line, f"this is not valid YAML: {exc.problem or exc.context}")]
        ) from None
    except yaml.YAMLError as exc:
        raise ContentError(
            [ContentProblem(file, 1 + first_line, f"not valid YAML: {exc}")]
        ) from None
    except RecursionError:  # thousands of nested brackets
        raise ContentError(
            [ContentProblem(file, 1 + first_line, "the file nests lists or mappings too deeply")]
        ) from None
    if node is None:
        raise ContentError([ContentProblem(file, 1 + first_line, "the file is empty")])
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
            label = f"item {part + 1}"
            if isinstance(node, dict) and isinstance(node.get("id"), str):
                label = f"question '{node['id']}'"
            elif isinstance(node, dict) and isinstance(node.get("code"), str):
                label = f"option '{node['code']}'"
            elif isinstance(node, dict) and isinstance(node.get("module"), str):
                label = f"module step '{node['module']}'"
            words.append(label)
        else:
            node = node[part]
            if part != "steps":  # "item 3" or "question 'x'" already says where
                words.append(f"'{part}'")
    return " > ".join(words)


_FRIENDLY = {
    "missing": "is required but missing",
    "extra_forbidden": "is not a known field (check the spelling)",
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
        message = _FRIENDLY.get(error["type"], _clean(error["msg"]))
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
            [ContentProblem(file, 1, "the file must be a mapping of fields (name: value)")]
        )
    try:
        return model.model_validate(located.data)
    except ValidationError as exc:
        raise ContentError(_problems_from(exc, located, file)) from None


def _read_text(path: Path) -> str:
    size = path.stat().st_size
    if size > MAX_FILE_BYTES:
        raise ContentError(
            [ContentProblem(str(path), 1, f"the file is {size:,} bytes; the limit is 1 MB")]
        )
    try:
        return path.read_text(encoding="utf-8")
    except UnicodeDecodeError:
        raise ContentError(
            [ContentProblem(str(path), 1, "the file is not UTF-8 text; save it as UTF-8")]
        ) from None


def parse_survey(
    text: str, file: str = "<survey>", loader: type[yaml.SafeLoader] = yaml.SafeLoader
) -> tuple[Survey, dict[Path_, int]]:
    """A survey from YAML text; `loader` may be stricter (workshop/survey_yaml.py for uploads)."""
    located = _parse_yaml(text, file, loader=loader)
    return _validate(Survey, located, file), located.lines


def parse_module(text: str, file: str = "<module>") -> Module:
    """A module is `---` front matter `---` followed by Markdown."""
    stripped = text.lstrip("\ufeff")
    if not stripped.startswith("---"):
        raise ContentError(
            [ContentProblem(file, 1, "a module must start with front matter between '---' lines")]
        )
    parts = stripped.split("\n")
    try:
        end = next(i for i in range(1, len(parts)) if parts[i].strip() == "---")
    except StopIteration:
        raise ContentError(
            [ContentProblem(file, 1, "the front matter has no closing '---' line")]
        ) from None
    located = _parse_yaml("\n".join(parts[1:end]), file, first_line=1)
    body = "\n".join(parts[end + 1 :]).strip()
    if isinstance(located.data, dict):
        located.data = {**located.data, "body": body}
        located.lines[("body",)] = end + 2
    return _validate(Module, located, file)


def parse_resources(
    text: str, file: str = "<resources>", loader: type[yaml.SafeLoader] = yaml.SafeLoader
) -> Resources:
    return _validate(Resources, _parse_yaml(text, file, loader=loader), file)


@dataclass
class ContentLibrary:
    """Everything under a content folder, with the problems found on the way."""

    root: Path
    surveys: dict[str, Survey] = field(default_factory=dict)
    survey_files: dict[str, Path] = field(default_factory=dict)
    modules: dict[str, Module] = field(default_factory=dict)
    resources: Resources | None = None
    references: dict[str, dict[str, Any]] = field(default_factory=dict)
    problems: list[ContentProblem] = field(default_factory=list)

    def snapshot(self, survey_id: str) -> SurveySnapshot:
        survey = self.surveys[survey_id]
        modules = {mid: self.modules[mid] for mid in survey.module_ids}
        keys = {key for module in modules.values() for key in module.sources}
        cited = {key: self.references[key] for key in sorted(keys) if key in self.references}
        return SurveySnapshot(
            survey=survey, modules=modules, resources=self.resources, references=cited
        )

    def raise_for_problems(self) -> None:
        if self.problems:
            raise ContentError(self.problems)


def load_content(root: Path | str) -> ContentLibrary:
    """Load surveys/*.yaml, modules/*.md and resources.yaml under `root`."""
    root = Path(root)
    library = ContentLibrary(root=root)
    if not root.is_dir():
        library.problems.append(ContentProblem(str(root), 1, "content folder not found"))
        return library
    module_files: dict[str, Path] = {}
    for path in sorted((root / "modules").glob("*.md")):
        try:
            module = parse_module(_read_text(path), str(path))
        except ContentError as exc:
            library.problems.extend(exc.problems)
            continue
        if module.id in library.modules:
            library.problems.append(
                ContentProblem(
                    str(path),
                    2,
                    f"module id '{module.id}' is already used by {module_files[module.id]}",
                )
            )
            continue
        library.modules[module.id] = module
        module_files[module.id] = path
    _check_references(library, root, module_files)
    resources_path = root / "resources.yaml"
    if resources_path.exists():
        try:
            library.resources = parse_resources(_read_text(resources_path), str(resources_path))
        except ContentError as exc:
            library.problems.extend(exc.problems)
    survey_paths = sorted([*root.glob("surveys/*.yaml"), *root.glob("surveys/*.yml")])
    for path in survey_paths:
        try:
            survey, lines = parse_survey(_read_text(path), str(path))
        except ContentError as exc:
            library.problems.extend(exc.problems)
            continue
        failed = _failed_module_ids(library, root)
        missing = [
            ContentProblem(
                str(path),
                lines.get(("steps", index), 1),
                f"step {index + 1}: module '{step.module}' could not be loaded (see its errors)"
                if step.module in failed
                else f"step {index + 1} refers to module '{step.module}', which does not exist "
                f"in {root / 'modules'} (known: {', '.join(sorted(library.modules)) or 'none'})",
            )
            for index, step in enumerate(survey.steps)
            if isinstance(step, ModuleStep) and step.module not in library.modules
        ]
        if missing:
            library.problems.extend(missing)
            continue
        if survey.id in library.surveys:
            library.problems.append(
                ContentProblem(
                    str(path),
                    lines.get(("id",), 1),
                    f"survey id '{survey.id}' is already used by {library.survey_files[survey.id]}",
                )
            )
            continue
        library.surveys[survey.id] = survey
        library.survey_files[survey.id] = path
    return library


REFERENCES_FILE = "references.json"


def _check_references(library: ContentLibrary, root: Path, module_files: dict[str, Path]) -> None:
    """Every cited key exists, every entry is cited and traceable (file and line each)."""
    path = root / REFERENCES_FILE
    if not path.exists():
        return
    try:
        text = _read_text(path)
    except ContentError as exc:
        library.problems.extend(exc.problems)
        return
    entries, found = refs.load_entries(text)
    library.references = entries
    library.problems.extend(ContentProblem(str(path), p.line, p.message) for p in found)
    used: set[str] = set()
    for module_id, module_path in module_files.items():
        module = library.modules[module_id]
        raw = _read_text(module_path).split("\n")
        for key in module.sources:
            used.add(key)
            if key not in entries:
                line = next((i + 1 for i, t in enumerate(raw) if key in t), 1)
                library.problems.append(
                    ContentProblem(
                        str(module_path),
                        line,
                        f"source '{key}' is not an entry in {path}; add it there or fix the key",
                    )
                )
        for number, line_text in enumerate(raw, start=1):
            for key in refs.cited_keys(line_text):
                if key not in entries:
                    message = f"citation [@{key}] is not an entry in {path}"
                elif key not in module.sources:
                    message = f"citation [@{key}] is not listed under 'sources' in the front matter"
                else:
                    continue
                library.problems.append(ContentProblem(str(module_path), number, message))
    lines = refs.key_lines(text)
    for key in sorted(set(entries) - used):
        library.problems.append(
            ContentProblem(
                str(path),
                lines.get(key, 1),
                f"entry '{key}' is not cited by any module; cite it or remove it",
            )
        )


def _failed_module_ids(library: ContentLibrary, root: Path) -> set[str]:
    """Module files that exist but failed to load: don't report them twice."""
    return {Path(p.file).stem for p in library.problems if Path(p.file).parent == root / "modules"}
