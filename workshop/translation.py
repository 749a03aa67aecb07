"""A snapshot's participant texts in another language, with English where one is missing.

A survey declares its languages (`languages: [en, es]`); the texts of each
other language live beside the English files, in a folder named for the
language (workshop/translation_files.py reads them). Translations carry words
only: ids, option codes, kinds, bounds and keyed answers all come from the
English file, so an answer given in any language is the same code in the
same column and the same chart.

`localized()` is what a participant's page shows (from the participant
snapshot, without notes), and what the audience screen, the speaker notes, the
report and the export draw in their chosen language. A translation's
facilitator notes and module facilitator sections are staff-only like the
English ones: SurveySnapshot.for_participants() drops them in every language.
"""

from __future__ import annotations

import hashlib
import json

from workshop.content import (
    ItemTexts,
    Module,
    ModuleStep,
    ModuleTexts,
    Question,
    Resources,
    Step,
    Survey,
    SurveySnapshot,
    SurveyTexts,
)

__all__ = ["localized", "module_hash", "resources_hash", "step_key", "survey_hash"]

# The question fields a translation may give; every other field is the English file's.
ITEM_FIELDS = ("text", "short_label", "help", "unit", "min_label", "max_label")
# The facilitator section's translated lines; its minutes stay the English file's.
FACILITATOR_FIELDS = ("objectives", "talking_points", "discussion")


def step_key(step: Step) -> str:
    """A step's key in a translation's `notes`: a question's id, a module step's module id."""
    return step.module if isinstance(step, ModuleStep) else step.id


def _hash(value: object) -> str:
    data = json.dumps(value, ensure_ascii=False, sort_keys=True).encode("utf-8")
    return hashlib.sha256(data).hexdigest()[:8]


def survey_hash(survey: Survey) -> str:
    """A short hash of the English texts, facilitator notes included: changes when any does."""
    items = {
        q.id: [*(getattr(q, name) for name in ITEM_FIELDS), [o.label for o in q.options]]
        for q in survey.questions
    }
    texts: list[object] = [survey.title, survey.description, survey.content_note, items]
    notes = {step_key(step): step.notes for step in survey.steps if step.notes}
    if notes:  # a survey without notes keeps the hash it had before notes were hashed
        texts.append(notes)
    return _hash(texts)


def module_hash(module: Module) -> str:
    """A short hash of a module's English title, content note, body and facilitator lines."""
    guide = module.facilitator
    lines = [list(getattr(guide, name)) for name in FACILITATOR_FIELDS] if guide else []
    return _hash([module.title, module.content_note, module.body, *lines])


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


def _step(step: Step, texts: SurveyTexts) -> Step:
    if isinstance(step, Question):
        step = _question(step, texts.items.get(step.id))
    note = texts.notes.get(step_key(step))
    return step.model_copy(update={"notes": note}) if note and step.notes else step


def _survey(survey: Survey, texts: SurveyTexts, language: str) -> Survey:
    steps = tuple(_step(step, texts) for step in survey.steps)
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
    guide = module.facilitator
    if guide is not None and texts.facilitator is not None:
        lines = {name: getattr(texts.facilitator, name) for name in FACILITATOR_FIELDS}
        guide = guide.model_copy(update=lines)
    return module.model_copy(
        update={
            "title": texts.title,
            "body": texts.body,
            "content_note": note or module.content_note,
            "facilitator": guide,
        }
    )


def localized(snapshot: SurveySnapshot, language: str) -> SurveySnapshot:
    """The snapshot's words in `language` (English where untranslated), notes included.

    Codes, ids and every rule stay the English file's: only words change. The
    result carries no translations of its own. Facilitator notes come through in
    the language too: a participant page uses `for_participants()` before or after.
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
