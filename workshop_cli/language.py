"""The language the command speaks: the one the user's gettext environment asks for.

As other command-line tools read it: `LANGUAGE` (a list such as `es:fr`), then the
locale, the first set of `LC_ALL`, `LC_MESSAGES` and `LANG` (`es_ES.UTF-8`).
As in GNU gettext, a `C` or `POSIX` locale means English whatever `LANGUAGE`
says, so `LANG=C workshop ...` (or `LC_ALL=C`, which wins over the others)
prints English. Only languages with a catalog are chosen; English otherwise.
This is the interface language; `report --lang` and `export --lang` name the
language of the document they write, whatever this is.
"""

from __future__ import annotations

from collections.abc import Mapping

from workshop import i18n

_UNTRANSLATED = ("C", "POSIX")


def _bare(value: str) -> str:
    """`es_ES.UTF-8@euro` -> `es_ES`: the language and country, without codeset or modifier."""
    return value.split(".")[0].split("@")[0].strip()


def _language_tag(value: str) -> str:
    """The tag to negotiate with; the C and POSIX locales ask for the source language."""
    tag = _bare(value)
    return i18n.SOURCE if tag in _UNTRANSLATED else tag


def wanted(environ: Mapping[str, str]) -> list[str]:
    """The languages the environment asks for, most wanted first (locale tags, `es_ES`)."""
    locale = next(
        (environ[name] for name in ("LC_ALL", "LC_MESSAGES", "LANG") if environ.get(name)), ""
    )
    if _bare(locale) in _UNTRANSLATED:
        return [i18n.SOURCE]  # C or POSIX: LANGUAGE is ignored, as gettext does
    listed = environ.get("LANGUAGE", "").split(":")
    return [tag for tag in map(_language_tag, (*listed, locale)) if tag]


def from_environment(environ: Mapping[str, str]) -> str:
    """The catalog language the environment asks for first; English when none matches."""
    return i18n.negotiate(wanted(environ), i18n.catalog_languages(), i18n.SOURCE)
