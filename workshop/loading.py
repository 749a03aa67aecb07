"""Read content files and report every problem with its file and line.

Content authors are educators, not programmers: each message says where the
problem is and what to change, and one run lists all problems at once.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

import yaml

from workshop import references as refs
from workshop.content import Module, ModuleStep, Resources, Survey, SurveySnapshot
from workshop.content_yaml import (  # re-exported: uploads, safeguarding and pages use them
    MAX_FILE_BYTES,
    MAX_NODES,
    ContentError,
    ContentProblem,
    Path_,
    _clean,
    _describe,
    _Located,
    _parse_yaml,
    _read_text,
    _validate,
)
from workshop.i18n import _, pgettext

if TYPE_CHECKING:
    from workshop.translation_files import LanguageTexts

__all__ = [
    "MAX_FILE_BYTES",
    "MAX_NODES",
    "ContentError",
    "ContentLibrary",
    "ContentProblem",
    "Path_",
    "_Located",
    "_clean",
    "_describe",
    "_parse_yaml",
    "_read_text",
    "_validate",
    "load_content",
    "parse_module",
    "parse_resources",
    "parse_survey",
]


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
            [
                ContentProblem(
                    file, 1, _("a module must start with front matter between '---' lines")
                )
            ]
        )
    parts = stripped.split("\n")
    try:
        end = next(i for i in range(1, len(parts)) if parts[i].strip() == "---")
    except StopIteration:
        raise ContentError(
            [ContentProblem(file, 1, _("the front matter has no closing '---' line"))]
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
    translations: dict[str, LanguageTexts] = field(default_factory=dict)  # by language

    def snapshot(self, survey_id: str) -> SurveySnapshot:
        from workshop.translation_files import snapshot_translations  # it imports this module

        survey = self.surveys[survey_id]
        modules = {mid: self.modules[mid] for mid in survey.module_ids}
        keys = {key for module in modules.values() for key in module.sources}
        cited = {key: self.references[key] for key in sorted(keys) if key in self.references}
        return SurveySnapshot(
            survey=survey,
            modules=modules,
            resources=self.resources,
            references=cited,
            translations=snapshot_translations(self, survey),
        )

    def raise_for_problems(self) -> None:
        if self.problems:
            raise ContentError(self.problems)


def load_content(root: Path | str) -> ContentLibrary:
    """Load surveys/*.yaml, modules/*.md and resources.yaml under `root`."""
    root = Path(root)
    library = ContentLibrary(root=root)
    if not root.is_dir():
        library.problems.append(ContentProblem(str(root), 1, _("content folder not found")))
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
                    _("module id '{id}' is already used by {file}").format(
                        id=module.id, file=module_files[module.id]
                    ),
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
                _("step {number}: module '{module}' could not be loaded (see its errors)").format(
                    number=index + 1, module=step.module
                )
                if step.module in failed
                else _(
                    "step {number} refers to module '{module}', which does not exist in "
                    "{folder} (known: {known})"
                ).format(
                    number=index + 1,
                    module=step.module,
                    folder=root / "modules",
                    known=", ".join(sorted(library.modules)) or pgettext("known modules", "none"),
                ),
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
                    _("survey id '{id}' is already used by {file}").format(
                        id=survey.id, file=library.survey_files[survey.id]
                    ),
                )
            )
            continue
        library.surveys[survey.id] = survey
        library.survey_files[survey.id] = path
    from workshop.translation_files import load_translations  # it imports this module

    load_translations(library)  # surveys/<lang>/, modules/<lang>/, <lang>/resources.yaml
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
                        _(
                            "source '{key}' is not an entry in {file}; add it there or fix the key"
                        ).format(key=key, file=path),
                    )
                )
        for number, line_text in enumerate(raw, start=1):
            for key in refs.cited_keys(line_text):
                if key not in entries:
                    message = _("citation [@{key}] is not an entry in {file}").format(
                        key=key, file=path
                    )
                elif key not in module.sources:
                    message = _(
                        "citation [@{key}] is not listed under 'sources' in the front matter"
                    ).format(key=key)
                else:
                    continue
                library.problems.append(ContentProblem(str(module_path), number, message))
    lines = refs.key_lines(text)
    for key in sorted(set(entries) - used):
        library.problems.append(
            ContentProblem(
                str(path),
                lines.get(key, 1),
                _("entry '{key}' is not cited by any module; cite it or remove it").format(key=key),
            )
        )


def _failed_module_ids(library: ContentLibrary, root: Path) -> set[str]:
    """Module files that exist but failed to load: don't report them twice."""
    return {Path(p.file).stem for p in library.problems if Path(p.file).parent == root / "modules"}
