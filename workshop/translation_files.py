"""Read translated content and report what is missing or stale, with file and line.

One rule places every translation: a folder named for the language, beside
the English file, holding a file of the same name.

    content/surveys/quick-poll.yaml          content/surveys/es/quick-poll.yaml
    content/modules/five-practices.md        content/modules/es/five-practices.md
    content/resources.yaml                   content/es/resources.yaml

A survey translation holds only words, keyed by the English file's question
ids and option codes (workshop/content.py, SurveyTexts); a module translation
is front matter (title, content_note, facilitator, source_hash) and the translated body;
the resources translation is a whole resources file with the same services
in the same order (and the same links). A language a survey declares in `languages` must be
complete: every title, question, option, help text and content note the
English has, every module the survey uses, and the resources. A translation
of something that no longer exists, or of English that has changed since
(`source_hash`), is stale. Both are problems `workshop validate` lists. The
staff-only notes and facilitator sections are checked in
workshop/translation_notes.py.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from functools import partial
from pathlib import Path
from typing import Protocol, TypeVar

from workshop import references as refs
from workshop.content import (
    LANGUAGE_PATTERN,
    Module,
    ModuleTexts,
    Question,
    Resources,
    Survey,
    SurveyTexts,
    Translation,
)
from workshop.content_yaml import (
    ContentError,
    ContentProblem,
    Path_,
    _parse_yaml,
    _read_text,
    _validate,
)
from workshop.i18n import _
from workshop.translation import ITEM_FIELDS, module_hash, resources_hash, survey_hash
from workshop.translation_notes import facilitator_problems, missing_notes, stale_notes
from workshop.translation_notes import missing as _missing
from workshop.translation_notes import stale as _stale


class ContentLibrary(Protocol):
    """What of workshop.loading.ContentLibrary this reads (that module calls this one)."""

    root: Path
    surveys: dict[str, Survey]
    survey_files: dict[str, Path]
    modules: dict[str, Module]
    resources: Resources | None
    problems: list[ContentProblem]
    translations: dict[str, LanguageTexts]


__all__ = ["LanguageTexts", "load_translations", "snapshot_translations", "text_problems"]

_LANGUAGE = re.compile(LANGUAGE_PATTERN)
_T = TypeVar("_T")


@dataclass
class LanguageTexts:
    """The translated files of one language, by survey id and module id."""

    surveys: dict[str, SurveyTexts] = field(default_factory=dict)
    modules: dict[str, ModuleTexts] = field(default_factory=dict)
    resources: Resources | None = None


def snapshot_translations(
    library: ContentLibrary, survey: Survey, stored: Mapping[str, SurveyTexts] | None = None
) -> dict[str, Translation]:
    """What a session stores for each language `survey` declares, so later edits don't reach it.

    `stored`: an authored survey's own texts by language (workshop/authored_texts.py);
    without it, the survey's texts are the content folder's.
    """
    found: dict[str, Translation] = {}
    for language in survey.translated_into:
        texts = library.translations.get(language, LanguageTexts())
        words = stored.get(language) if stored is not None else texts.surveys.get(survey.id)
        found[language] = Translation(
            survey=words or SurveyTexts(),
            modules={m: texts.modules[m] for m in survey.module_ids if m in texts.modules},
            resources=_current(library.resources, texts.resources),
        )
    return found


def _current(english: Resources | None, texts: Resources | None) -> Resources | None:
    """A resources translation, unless the English has changed since: then none.

    The app uses content even while `workshop validate` would fail; services
    replaced in English must never be shown in Spanish as the old examples.
    """
    if english is None or texts is None:
        return None
    stale = texts.source_hash is not None and texts.source_hash != resources_hash(english)
    moved = [i.url for i in english.items] != [i.url for i in texts.items]
    return None if stale or moved else texts


def _folders(parent: Path) -> list[Path]:
    if not parent.is_dir():
        return []
    return sorted(p for p in parent.iterdir() if p.is_dir() and _LANGUAGE.match(p.name))


def load_translations(library: ContentLibrary) -> None:
    """Read every translation under the library's root; add what is missing or stale."""
    root, problems = library.root, library.problems
    for folder in _folders(root / "modules"):
        texts = library.translations.setdefault(folder.name, LanguageTexts())
        for path in sorted(folder.glob("*.md")):
            module = _load(problems, partial(_parse_module_texts, path))
            english = library.modules.get(path.stem)
            if module is not None and (english or not (root / "modules" / path.name).exists()):
                texts.modules[path.stem] = module  # an English that failed: its errors are listed
                problems.extend(_module_problems(english, module, path))
    for folder in [p for p in _folders(root) if (p / "resources.yaml").exists()]:
        path = folder / "resources.yaml"
        resources = _load(problems, partial(_parse_resources, path))
        if resources is not None:
            library.translations.setdefault(folder.name, LanguageTexts()).resources = resources
            problems.extend(_resources_problems(library.resources, resources, path))
    by_name = {path.name: sid for sid, path in library.survey_files.items()}
    for folder in _folders(root / "surveys"):
        texts = library.translations.setdefault(folder.name, LanguageTexts())
        for path in sorted([*folder.glob("*.yaml"), *folder.glob("*.yml")]):
            survey_id = by_name.get(path.name)
            if survey_id is None:
                if not (root / "surveys" / path.name).exists():  # else its own errors are listed
                    problems.append(
                        _stale(path, 1, _("there is no English survey file of this name"))
                    )
                continue
            loaded = _load(problems, partial(_parse_survey_texts, path))
            if loaded is not None:
                texts.surveys[survey_id] = loaded[0]
                survey = library.surveys[survey_id]
                problems.extend(_survey_problems(survey, *loaded, path, folder.name))
    for survey_id, survey in library.surveys.items():
        if survey.translated_into:
            problems.extend(_declared_problems(library, survey_id))


def _load(problems: list[ContentProblem], read: Callable[[], _T]) -> _T | None:
    try:
        return read()
    except ContentError as exc:
        problems.extend(exc.problems)
        return None


def _parse_resources(path: Path) -> Resources:
    return _validate(Resources, _parse_yaml(_read_text(path), str(path)), str(path))


def _parse_survey_texts(path: Path) -> tuple[SurveyTexts, dict[Path_, int]]:
    located = _parse_yaml(_read_text(path), str(path))
    return _validate(SurveyTexts, located, str(path)), located.lines


def _parse_module_texts(path: Path) -> ModuleTexts:
    """Front matter between '---' lines, then the translated Markdown body."""
    parts = _read_text(path).lstrip("\ufeff").split("\n")
    end = next((i for i in range(1, len(parts)) if parts[i].strip() == "---"), 0)
    if not parts or parts[0].strip() != "---" or not end:
        raise ContentError(
            [ContentProblem(str(path), 1, _("a module must start with front matter between '---'"))]
        )
    located = _parse_yaml("\n".join(parts[1:end]), str(path), first_line=1)
    if isinstance(located.data, dict):
        located.data = {**located.data, "body": "\n".join(parts[end + 1 :]).strip()}
    return _validate(ModuleTexts, located, str(path))


def _module_problems(
    english: Module | None, texts: ModuleTexts, path: Path
) -> list[ContentProblem]:
    if english is None:
        return [
            _stale(path, 1, _("there is no English module '{module}'").format(module=path.stem))
        ]
    found = []
    raw = path.read_text(encoding="utf-8").split("\n")

    def line_of(needle: str) -> int:
        return next((i + 1 for i, t in enumerate(raw) if needle in t), 1)

    if texts.source_hash is not None and texts.source_hash != module_hash(english):
        found.append(
            _stale(
                path,
                line_of("source_hash"),
                _(
                    "the English module (text or facilitator section) has changed since this "
                    "was translated; check the text against it, then set source_hash: '{hash}'"
                ).format(hash=module_hash(english)),
                fix=False,
            )
        )
    if english.content_note and not texts.content_note:
        found.append(ContentProblem(str(path), 1, _("missing translation: 'content_note'")))
    if texts.content_note and not english.content_note:
        why = _("the English has no content note")
        found.append(_stale(path, line_of("content_note"), why))
    cited, english_cited = set(refs.cited_keys(texts.body)), set(refs.cited_keys(english.body))
    for key in sorted(cited - english_cited):
        why = _("the English does not cite [@{key}]").format(key=key)
        found.append(_stale(path, line_of(f"@{key}"), why))
    for key in sorted(english_cited - cited):
        problem = _("missing translation: citation [@{key}]").format(key=key)
        found.append(ContentProblem(str(path), 1, problem))
    return found + facilitator_problems(english, texts, path, line_of)


def _resources_problems(
    english: Resources | None, texts: Resources, path: Path
) -> list[ContentProblem]:
    if english is None:
        return [_stale(path, 1, _("there is no English resources.yaml"))]
    found = []
    if [i.url for i in english.items] != [i.url for i in texts.items]:
        found.append(
            ContentProblem(
                str(path),
                1,
                _(
                    "the services differ from resources.yaml: a translation keeps the same "
                    "services in the same order, with the same url"
                ),
            )
        )
    if texts.source_hash is not None and texts.source_hash != resources_hash(english):
        line = next(
            (n for n, t in enumerate(_read_text(path).split("\n"), 1) if "source_hash" in t), 1
        )
        found.append(
            _stale(
                path,
                line,
                _(
                    "resources.yaml has changed since this was translated (new services?); "
                    "translate it again, then set source_hash: '{hash}'"
                ).format(hash=resources_hash(english)),
                fix=False,
            )
        )
    return found


def _survey_problems(
    survey: Survey, texts: SurveyTexts, lines: dict[Path_, int], path: Path, language: str
) -> list[ContentProblem]:
    """What in a survey translation no longer matches the English (stale)."""
    found = []
    if language not in survey.translated_into:
        why = _("the survey does not declare '{language}' under 'languages'")
        found.append(_stale(path, 1, why.format(language=language)))
    if texts.source_hash is not None and texts.source_hash != survey_hash(survey):
        found.append(
            _stale(
                path,
                lines.get(("source_hash",), 1),
                _(
                    "the English wording has changed since this was translated (a text or a "
                    "facilitator note); check the texts against it, then set source_hash: "
                    "'{hash}'"
                ).format(hash=survey_hash(survey)),
                fix=False,
            )
        )
    found += stale_notes(survey, texts, lines, path)
    for name in ("description", "content_note"):
        if getattr(texts, name) is not None and not getattr(survey, name):
            why = _("the English has no '{name}'").format(name=name)
            found.append(_stale(path, lines.get((name,), 1), why))
    for item_id, item in texts.items.items():
        question = survey.question(item_id)
        where = ("items", item_id)
        if question is None:
            why = _("there is no question '{id}'").format(id=item_id)
            found.append(_stale(path, lines.get(where, 1), why))
            continue
        for name in ITEM_FIELDS:
            if getattr(item, name) is not None and getattr(question, name) is None:
                found.append(
                    _stale(
                        path,
                        lines.get((*where, name), 1),
                        _("question '{id}' has no '{name}' in English").format(
                            id=item_id, name=name
                        ),
                    )
                )
        for code in item.options:
            if code not in question.option_codes:
                found.append(
                    _stale(
                        path,
                        lines.get((*where, "options", code), 1),
                        _("question '{id}' has no option '{code}'").format(id=item_id, code=code),
                    )
                )
    return found


def _declared_problems(library: ContentLibrary, survey_id: str) -> list[ContentProblem]:
    """What a language the survey declares lacks (missing), at the English file's line."""
    survey, path = library.surveys[survey_id], library.survey_files[survey_id]
    lines = _parse_yaml(_read_text(path), str(path)).lines
    found = []
    for language in survey.translated_into:
        texts = library.translations.get(language, LanguageTexts())
        where = path.parent / language / path.name
        line = lines.get(("languages",), 1)
        if survey_id not in texts.surveys:
            found.append(_missing(path, line, language, _("this survey"), where))
        else:
            own = texts.surveys[survey_id]
            found += _missing_texts(survey, own, lines, path, language, where)
            # Staff-only texts, checked like the others (called at once: the loop's names hold).
            found += missing_notes(
                survey,
                own,
                lines,
                lambda at, what: _missing(path, at, language, what, where),  # noqa: B023
            )
        for index, step in enumerate(survey.steps):
            module_file = library.root / "modules" / language / f"{getattr(step, 'module', '')}.md"
            if not isinstance(step, Question) and step.module not in texts.modules:
                at = lines.get(("steps", index), 1)
                what = _("module '{module}'").format(module=step.module)
                found.append(_missing(path, at, language, what, module_file))
        if library.resources is not None and texts.resources is None:
            resources = library.root / language / "resources.yaml"
            what = _("the support resources")
            found.append(_missing(path, line, language, what, resources))
    return found


def _missing_texts(
    survey: Survey,
    texts: SurveyTexts,
    lines: dict[Path_, int],
    path: Path,
    language: str,
    where: Path | str,
) -> list[ContentProblem]:
    found = []
    for name in ("title", "description", "content_note"):
        if getattr(survey, name) and getattr(texts, name) is None:
            found.append(_missing(path, lines.get((name,), 1), language, f"'{name}'", where))
    for index, step in enumerate(survey.steps):
        if not isinstance(step, Question):
            continue
        item = texts.items.get(step.id)
        for name in ITEM_FIELDS:
            if getattr(step, name) is not None and (item is None or getattr(item, name) is None):
                at = lines.get(("steps", index, name), lines.get(("steps", index), 1))
                what = _("question '{id}' > '{name}'").format(id=step.id, name=name)
                found.append(_missing(path, at, language, what, where))
        for number, option in enumerate(step.options):
            if item is None or option.code not in item.options:
                at = lines.get(("steps", index, "options", number), 1)
                what = _("question '{id}' > option '{code}'").format(id=step.id, code=option.code)
                found.append(_missing(path, at, language, what, where))
    return found


def text_problems(
    survey: Survey, texts: SurveyTexts | None, language: str, where: str
) -> list[str]:
    """What one language's texts of `survey` lack or have too many: the checks files get.

    For texts kept without a file (an authored survey's): messages without file and line,
    `where` naming the texts in them ("the es texts").
    """
    if texts is None:
        return [_missing(Path(), 1, language, _("this survey"), where).message]
    found = _missing_texts(survey, texts, {}, Path(), language, where)
    found += missing_notes(
        survey, texts, {}, lambda at, what: _missing(Path(), at, language, what, where)
    )
    found += _survey_problems(survey, texts, {}, Path(), language)
    return [problem.message for problem in found]
