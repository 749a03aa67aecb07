"""Which English texts of an authored survey changed while a translation of them did not.

A shipped translation records the English it was made from (`source_hash`,
workshop/translation.py). An authored survey's translations are saved with
each version instead, so the Surveys page knows the English and the
translations the draft started from: a text whose English changed since
then, while its translation stayed as it was, probably needs translating
again. It is a warning, not a fault: a fixed typo in the English may need no
change in Spanish.
"""

from __future__ import annotations

from workshop.content import Survey, SurveyTexts
from workshop.i18n import _
from workshop.translation import ITEM_FIELDS, step_key

__all__ = ["untranslated_changes"]

Key = tuple[str, ...]
TOP_FIELDS = ("title", "description", "content_note")


def _english(survey: Survey) -> dict[Key, str]:
    found: dict[Key, str] = {
        (name,): getattr(survey, name) for name in TOP_FIELDS if getattr(survey, name)
    }
    for question in survey.questions:
        for name in ITEM_FIELDS:
            if getattr(question, name) is not None:
                found[("items", question.id, name)] = getattr(question, name)
        for option in question.options:
            found[("items", question.id, "options", option.code)] = option.label
    for step in survey.steps:
        if step.notes:
            found[("notes", step_key(step))] = step.notes
    return found


def _translated(texts: SurveyTexts | None) -> dict[Key, str]:
    if texts is None:
        return {}
    found: dict[Key, str] = {
        (name,): getattr(texts, name) for name in TOP_FIELDS if getattr(texts, name) is not None
    }
    for item_id, item in texts.items.items():
        for name in ITEM_FIELDS:
            if getattr(item, name) is not None:
                found[("items", item_id, name)] = getattr(item, name)
        for code, label in item.options.items():
            found[("items", item_id, "options", code)] = label
    for key, note in texts.notes.items():
        found[("notes", key)] = note
    return found


def _describe(key: Key) -> str:
    """As validation names the text, in the language in use."""
    if key[0] == "items" and key[2] == "options":
        return _("question '{id}' > option '{code}'").format(id=key[1], code=key[3])
    if key[0] == "items":
        return _("question '{id}' > '{name}'").format(id=key[1], name=key[2])
    if key[0] == "notes":
        return _("step '{key}' > 'notes'").format(key=key[1])
    return f"'{key[0]}'"


def untranslated_changes(
    before: Survey,
    after: Survey,
    texts_before: SurveyTexts | None,
    texts_after: SurveyTexts | None,
) -> list[str]:
    """The texts (as validation names them) whose English differs between `before` and
    `after` while their translation is the same in `texts_before` and `texts_after`."""
    old, new = _english(before), _english(after)
    was, now = _translated(texts_before), _translated(texts_after)
    return [
        _describe(key)
        for key, text in new.items()
        if key in old and old[key] != text and key in now and was.get(key) == now[key]
    ]
