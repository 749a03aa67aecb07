"""The texts of an authored survey in its other languages: read, written, checked, stored.

A survey made in the app that declares `languages: [en, es]` carries its
Spanish words with each version, in the same form as a shipped survey's
content/surveys/es/<id>.yaml (workshop/content.py, SurveyTexts): only words,
keyed by question id and option code. They are stored as JSON beside the
English body in the version's row, so a saved version's translations never
change either; editing them saves a new version.

The checks are the files' (workshop/translation_files.py): a declared
language must give every text the English has (missing) and nothing it no
longer has (stale). Modules and the support resources are the content
folder's, translated there.
"""

from __future__ import annotations

import json
import re
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

from babel import Locale, UnknownLocaleError

from workshop import i18n
from workshop.content import ItemTexts, Survey, SurveyTexts
from workshop.content_yaml import _parse_yaml, _validate
from workshop.i18n import _
from workshop.loading import ContentError, ContentLibrary
from workshop.survey_yaml import StrictLoader, _dump, _text_of
from workshop.translation import ITEM_FIELDS, step_key
from workshop.translation_files import LanguageTexts, text_problems
from workshop.translation_notes import missing

__all__ = [
    "dump_texts",
    "from_json",
    "problems",
    "read_texts",
    "shipped_texts",
    "to_json",
    "upload_language",
    "with_english",
    "without_item",
]

HEADER = (
    "# {language} texts of the survey '{survey_id}': only words, keyed by the English question\n"
    "# ids and option codes (docs/languages.md). Import with\n"
    "# `python -m workshop survey import FILE` from the English file's folder ({code}/FILE),\n"
    "# or paste on the Surveys page.\n"
)


_UPLOADED = re.compile(r"^.+\.(?P<language>[a-z]{2,3}(-[A-Za-z0-9]{2,8})?)\.ya?ml$")


def upload_language(name: str) -> str | None:
    """The language of a translation uploaded with its survey: named ID.LANG.yaml, as the
    Surveys page downloads one ("our-poll.es.yaml"); None for any other name."""
    found = _UPLOADED.match(name)
    return found.group("language") if found else None


def language_name(code: str, shown_in: str | None = None) -> str:
    """A language's name ("Spanish", "español"), else its code: in `shown_in`, by default
    the language in use (the pseudo-locale reads English names)."""
    try:
        name = Locale.parse(code.replace("-", "_")).get_display_name(
            shown_in or i18n.current().split("-")[0]
        )
        return name or code
    except (ValueError, UnknownLocaleError):
        return code


def read_texts(data: bytes | str, file: str) -> SurveyTexts:
    """A translation YAML (an upload or the page's text area), or ContentError with lines."""
    text = data if isinstance(data, str) else _text_of(data, file)
    if all(not line.strip() or line.lstrip().startswith("#") for line in text.splitlines()):
        return SurveyTexts()  # nothing translated yet
    located = _parse_yaml(text, file, loader=StrictLoader)
    return _validate(SurveyTexts, located, file)


def _data(texts: SurveyTexts) -> dict[str, Any]:
    return texts.model_dump(mode="json", exclude_none=True, exclude_defaults=True)


def dump_texts(texts: SurveyTexts, survey_id: str = "", language: str = "") -> str:
    """The texts as YAML, keys in the shipped files' order; a header when language is given."""
    header = (
        HEADER.format(language=language_name(language, "en"), survey_id=survey_id, code=language)
        if language
        else ""
    )
    data = _data(texts)
    return header + (_dump(data) if data else "")


def to_json(texts: Mapping[str, SurveyTexts]) -> str | None:
    """The stored form: {language: texts}, or None for a survey in one language."""
    if not texts:
        return None
    return json.dumps(
        {language: _data(texts[language]) for language in sorted(texts)}, ensure_ascii=False
    )


def from_json(stored: str | None) -> dict[str, SurveyTexts]:
    if not stored:
        return {}
    return {
        language: SurveyTexts.model_validate(data) for language, data in json.loads(stored).items()
    }


def shipped_texts(library: ContentLibrary, survey: Survey) -> dict[str, SurveyTexts]:
    """A shipped survey's texts, facilitator notes included, to start a copy from.

    Without source_hash: an authored copy's translations are saved with each version,
    and the Surveys page names a text whose English changed since (workshop/text_changes.py).
    """
    found = {}
    for language in survey.translated_into:
        texts = library.translations.get(language, LanguageTexts()).surveys.get(survey.id)
        if texts is not None:
            found[language] = texts.model_copy(update={"source_hash": None})
    return found


def with_english(survey: Survey, texts: SurveyTexts) -> SurveyTexts:
    """`texts` with every missing text (facilitator notes too) filled in with the English, for
    the author to translate.

    Stale texts stay, so the checks still name them.
    """
    items = {}
    for question in survey.questions:
        own = texts.items.get(question.id) or ItemTexts()
        update: dict[str, object] = {
            name: getattr(question, name)
            for name in ITEM_FIELDS
            if getattr(question, name) is not None and getattr(own, name) is None
        }
        options = {o.code: own.options.get(o.code, o.label) for o in question.options}
        update["options"] = options | {c: v for c, v in own.options.items() if c not in options}
        items[question.id] = own.model_copy(update=update)
    items |= {key: value for key, value in texts.items.items() if key not in items}
    top = {
        name: getattr(survey, name)
        for name in ("title", "description", "content_note")
        if getattr(survey, name) and getattr(texts, name) is None
    }
    notes = {
        step_key(s): s.notes for s in survey.steps if s.notes and step_key(s) not in texts.notes
    }
    return texts.model_copy(update={**top, "items": items, "notes": {**texts.notes, **notes}})


def without_item(survey: Survey, texts: Mapping[str, str], item_id: str) -> dict[str, str]:
    """The editor's texts (YAML by language) without a removed question's; broken ones as typed."""
    kept = dict(texts)
    for language, text in texts.items():
        try:
            read = read_texts(text, f"{language}/{survey.id}.yaml")
        except ContentError:
            continue
        if item_id in read.items or item_id in read.notes:
            items = {key: value for key, value in read.items.items() if key != item_id}
            notes = {key: value for key, value in read.notes.items() if key != item_id}
            kept[language] = dump_texts(
                read.model_copy(update={"items": items, "notes": notes}), survey.id, language
            )
    return kept


def problems(
    survey: Survey,
    texts: Mapping[str, SurveyTexts],
    library: ContentLibrary,
    languages: Sequence[str] | None = None,
) -> list[str]:
    """What keeps the translations of `survey` from being stored (messages for the author).

    `languages`: check only these (default: every language the survey declares).
    """
    found: list[str] = []
    for language in survey.translated_into:
        if languages is not None and language not in languages:
            continue
        named = language_name(language)
        name = f"{named} ({language})"
        where = _("the {language} texts").format(language=name)
        own = text_problems(survey, texts.get(language), language, where)
        modules = library.translations.get(language, LanguageTexts()).modules
        own += [
            missing(
                Path(),
                1,
                language,
                _("module '{module}'").format(module=module_id),
                f"content/modules/{language}/{module_id}.md",
            ).message
            + " "
            + _("(modules are translated in the content folder)")
            for module_id in survey.module_ids
            if module_id not in modules
        ]
        if own:
            found += own
            found.append(
                _(
                    "The survey declares {name} in 'languages', so every question and option "
                    "needs its {language} text and none may name an id or code the English no "
                    "longer has: add or fix {where} (on the Surveys page choose {language} under "
                    "'Texts in other languages'; on the command line put {code}/FILE beside the "
                    "survey file), or remove '{code}' from 'languages'."
                ).format(name=name, language=named, where=where, code=language)
            )
    return found
