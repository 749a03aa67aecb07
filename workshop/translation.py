"""A snapshot's participant texts in another language, with English where one is missing.

A survey declares its languages (`languages: [en, es]`); the texts of each
other language live beside the English files, in a folder named for the
language (workshop/translation_files.py reads them). Translations carry words
only: ids, option codes, kinds, bounds and keyed answers all come from the
English file, so an answer given in any language is the same code in the
same column and the same chart.

`localized()` is what a participant's page shows; staff pages, the audience
screen and exports keep using the snapshot as stored (English).
"""

from __future__ import annotations

import hashlib
import json

from workshop.content import (
    ItemTexts,
    Module,
    ModuleTexts,
    Question,
    Resources,
    Survey,
    SurveySnapshot,
    SurveyTexts,
)

__all__ = ["localized", "module_hash", "resources_hash", "survey_hash"]

# The question fields a translation may give; every other field is the English file's.
ITEM_FIELDS = ("text", "short_label", "help", "unit", "min_label", "max_label")


def _hash(value: object) -> str:
    data = json.dumps(value, ensure_ascii=False, sort_keys=True).encode("utf-8")
    return hashlib.sha256(data).hexdigest()[:8]


def survey_hash(survey: Survey) -> str:
    """A short hash of the English texts a participant reads: changes when any wording does."""
    items = {
        q.id: [*(getattr(q, name) for name in ITEM_FIELDS), [o.label for o in q.options]]
        for q in survey.questions
    }
    return _hash([survey.title, survey.description, survey.content_note, items])


def module_hash(module: Module) -> str:
    """A short hash of a module's English title, content note and body."""
    return _hash([module.title, module.content_note, module.body])


def resources_hash(resources: Resources) -> str:
    """A short hash of the English support resources: changes when a service or a word does."""
    return _hash(resources.model_dump(mode="json", exclude={"source_hash"}))


def _question(question: Question, texts: ItemTexts | None) -> Question:
    if texts is None:
        return question
    update: dict[str, object] = {
        name: getattr(texts, name)
        for name in ITEM_FIELDS
        if getattr(texts, name) is not None and getattr(question, name) is not None
    }
    if texts.options:
        update["options"] = tuple(
            option.model_copy(update={"label": texts.options.get(option.code, option.label)})
            for option in question.options
        )
    return question.model_copy(update=update) if update else question


def _survey(survey: Survey, texts: SurveyTexts, language: str) -> Survey:
    steps = tuple(
        _question(step, texts.items.get(step.id)) if isinstance(step, Question) else step
        for step in survey.steps
    )
    update: dict[str, object] = {"steps": steps, "language": language}
    for name in ("title", "description", "content_note"):
        value = getattr(texts, name)
        if value is not None and getattr(survey, name):
            update[name] = value
    return survey.model_copy(update=update)


def _module(module: Module, texts: ModuleTexts | None) -> Module:
    if texts is None:
        return module
    note = texts.content_note if module.content_note else None
    return module.model_copy(
        update={
            "title": texts.title,
            "body": texts.body,
            "content_note": note or module.content_note,
        }
    )


def localized(snapshot: SurveySnapshot, language: str) -> SurveySnapshot:
    """The snapshot as a participant reading `language` sees it (English where untranslated).

    Codes, ids and every rule stay the English file's: only words change. The
    result carries no translations of its own.
    """
    translation = snapshot.translations.get(language)
    if translation is None:
        return snapshot
    modules = {
        key: _module(module, translation.modules.get(key))
        for key, module in snapshot.modules.items()
    }
    return snapshot.model_copy(
        update={
            "survey": _survey(snapshot.survey, translation.survey, language),
            "modules": modules,
            "resources": translation.resources or snapshot.resources,
            "translations": {},
        }
    )
