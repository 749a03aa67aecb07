"""Support resources in other languages, for a list staff keep in the app.

A translation is the whole list again (as content/<lang>/resources.yaml is):
the same services in the same order, with the same link and the same phone
digits, in words a participant reading that language understands. It is
stored against the English list's hash (workshop/translation.py), so when
the English list changes (a service replaced, a number corrected) the old
words are never shown with it: participants reading that language see the
English list until someone translates the new one.

A session stores the translation with its snapshot (workshop/authored.py),
like everything else it shows, so later edits do not reach a running session.
"""

from __future__ import annotations

import re
from datetime import UTC, datetime

from sqlalchemy import Engine, select

from workshop import db
from workshop.content import Resources
from workshop.i18n import _
from workshop.schema import resource_translations
from workshop.survey_yaml import MARKUP
from workshop.translation import resources_hash

__all__ = ["find", "problems", "save"]

_DIGITS = re.compile(r"\d")


def problems(english: Resources, texts: Resources) -> list[str]:
    """What keeps `texts` from being the same services as `english` in another language."""
    if len(texts.items) != len(english.items):
        return [
            _(
                "The translation has {found} services and the English list {wanted}: translate "
                "each English service, in the same order."
            ).format(found=len(texts.items), wanted=len(english.items))
        ]
    # Plain text only, as the English form requires (workshop/authored_resources.py).
    found = [
        _("Service {number}: contains markup (HTML or Markdown); write plain text").format(
            number=number
        )
        for number, item in enumerate(texts.items, 1)
        if any(MARKUP.search(value) for key, value in item if key != "url" and value)
    ]
    found += [_("Note: contains markup; write plain text")] if MARKUP.search(texts.note) else []
    for number, (own, theirs) in enumerate(zip(english.items, texts.items, strict=True), 1):
        if own.url != theirs.url:
            found.append(
                _("Service {number}: the link must be the English one ({url}).").format(
                    number=number, url=own.url or "—"
                )
            )
        if _DIGITS.findall(own.contact) != _DIGITS.findall(theirs.contact):
            found.append(
                _(
                    "Service {number}: the numbers in “How to reach them” must be the English "
                    "ones ({contact}); translate only the words."
                ).format(number=number, contact=own.contact)
            )
    return found


def save(engine: Engine, english: Resources, language: str, texts: Resources) -> None:
    """Store `texts` as the `language` words of `english`; ValueError with the problems."""
    found = problems(english, texts)
    if found:
        raise ValueError("\n".join(found))
    with db.write(engine) as connection:
        connection.execute(
            resource_translations.insert().values(
                english_hash=resources_hash(english),
                language=language,
                body=texts.model_copy(update={"source_hash": None}).model_dump_json(),
                created_at=datetime.now(UTC),
            )
        )


def find(engine: Engine, english: Resources, language: str) -> Resources | None:
    """The newest `language` words saved for exactly this English list, if any."""
    with db.read(engine) as connection:
        body = connection.execute(
            select(resource_translations.c.body)
            .where(
                resource_translations.c.english_hash == resources_hash(english),
                resource_translations.c.language == language,
            )
            .order_by(resource_translations.c.id.desc())
            .limit(1)
        ).scalar_one_or_none()
    if body is None:
        return None
    texts = Resources.model_validate_json(body)
    return None if problems(english, texts) else texts  # a hash shared by chance: not shown
