"""Translations of the app's own words: gettext catalogs built with Babel.

Marked strings (`_("...")`, `ngettext(...)`) are looked up in the catalog of
the language in use for this script run. Catalogs live in
`locale/<lang>/LC_MESSAGES/messages.po`; `make locale` compiles them to `.mo`.
A catalog whose `.mo` is missing or older than its `.po` is compiled in memory
instead, so a fresh checkout and an edited translation both work without a
build step.

Which language is in use: inside `using()` (a report, an export, a test) the
language it names; otherwise the one the installed resolver gives. The UI
installs a resolver that reads the visitor's choice from their Streamlit
session, so a fragment rerun, which does not run the page's top, still speaks
the visitor's language, and code in `workshop/` and `analysis/` asks for text
without knowing about pages or browsers.

`en-XA` is a pseudo-locale for tests: every marked string is lengthened by
about 40% with accented letters, so a layout that only fits English, or a
string nobody marked, shows up before a real translation does.
"""

from __future__ import annotations

import gettext as _gettext
import io
import re
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from contextvars import ContextVar
from datetime import date
from functools import lru_cache
from pathlib import Path
from typing import Literal

from babel import Locale, UnknownLocaleError
from babel.dates import format_date
from babel.lists import format_list
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po
from babel.numbers import format_decimal, format_percent

LOCALE_DIR = Path(__file__).resolve().parents[1] / "locale"
DOMAIN = "messages"
SOURCE = "en"  # the language the code is written in
PSEUDO = "en-XA"

_language: ContextVar[str | None] = ContextVar("workshop_language", default=None)
_resolver: Callable[[], str | None] | None = None


class _Pseudo(_gettext.NullTranslations):
    def gettext(self, message: str) -> str:
        return pseudo(message)

    def ngettext(self, msgid1: str, msgid2: str, n: int) -> str:
        return pseudo(msgid1 if n == 1 else msgid2)

    def pgettext(self, context: str, message: str) -> str:
        return pseudo(message)


def catalog_languages() -> tuple[str, ...]:
    """Languages with a catalog in locale/ (the source language needs none)."""
    found = sorted(p.parent.parent.name for p in LOCALE_DIR.glob(f"*/LC_MESSAGES/{DOMAIN}.po"))
    return (SOURCE, *found)


@lru_cache(maxsize=16)
def _translations(language: str, stamp: float) -> _gettext.NullTranslations:
    # `stamp` (the .po's modification time) keys the cache, so an edited catalog is reread.
    del stamp
    folder = LOCALE_DIR / language / "LC_MESSAGES"
    compiled, source = folder / f"{DOMAIN}.mo", folder / f"{DOMAIN}.po"
    if compiled.exists() and compiled.stat().st_mtime >= source.stat().st_mtime:
        with compiled.open("rb") as handle:
            return _gettext.GNUTranslations(handle)
    with source.open("rb") as handle:
        catalog = read_po(handle, locale=language.replace("-", "_"))
    buffer = io.BytesIO()
    write_mo(buffer, catalog)
    buffer.seek(0)
    return _gettext.GNUTranslations(buffer)


# Nothing to translate: one shared object (it holds no state; nothing here adds fallbacks).
_UNTRANSLATED = _gettext.NullTranslations()


@lru_cache(maxsize=16)
def _catalog_source(folder: Path, language: str) -> Path:
    return folder / language / "LC_MESSAGES" / f"{DOMAIN}.po"


def translations(language: str) -> _gettext.NullTranslations:
    """The catalog for `language`; the source language and unknown ones translate nothing."""
    # Every marked string of every run comes here. Building the catalog's path each time,
    # even for the source language, which needs none, cost 10 µs a call, about 2% of a
    # participant step's CPU (issue 25 profile); now the source language costs a compare
    # and another language one stat (which keeps an edited catalog reread).
    if language == SOURCE:
        return _UNTRANSLATED
    if language == PSEUDO:
        return _Pseudo()
    try:
        stamp = _catalog_source(LOCALE_DIR, language).stat().st_mtime
    except OSError:  # no catalog for this language
        return _UNTRANSLATED
    return _translations(language, stamp)


def set_resolver(resolver: Callable[[], str | None] | None) -> None:
    """Install how the language in use is found outside `using()` (the UI's session choice)."""
    global _resolver
    _resolver = resolver


def current() -> str:
    """The language text is looked up in right now."""
    chosen = _language.get()
    if chosen is None and _resolver is not None:
        chosen = _resolver()
    return chosen or SOURCE


@contextmanager
def using(language: str) -> Iterator[None]:
    """Text in `language` inside the block (a report, an export, a test)."""
    token = _language.set(language)
    try:
        yield
    finally:
        _language.reset(token)


def _(message: str) -> str:
    """`message` in the current language."""
    return translations(current()).gettext(message)


def ngettext(singular: str, plural: str, n: int) -> str:
    """The form of a counted phrase for `n` in the current language's plural rules."""
    return translations(current()).ngettext(singular, plural, n)


def pgettext(context: str, message: str) -> str:
    """`message` in the current language, where the same English word needs another
    translation elsewhere ("Share": a proportion in the report, a page in the sidebar)."""
    return translations(current()).pgettext(context, message)


def N_(message: str) -> str:  # the gettext name for "mark now, translate where shown"
    """Mark a module-level constant for extraction; translate it where it is shown with `_()`."""
    return message


def negotiate(accepted: Sequence[str], offered: Sequence[str], default: str) -> str:
    """The first of the browser's `accepted` languages that is `offered` (else `default`).

    "es-MX" matches an offered "es"; the pseudo-locale is matched only by name.
    """
    for tag in accepted:
        tag = tag.strip()
        if tag in offered:
            return tag
        try:
            language = Locale.parse(tag.replace("-", "_")).language
        except (ValueError, UnknownLocaleError):
            continue
        if language in offered:
            return language
    return default


def _babel_locale() -> str:
    language = current()
    return SOURCE if language == PSEUDO else language.replace("-", "_")


def number(value: float, digits: int = 0) -> str:
    """A number written the way the current language writes it (1,234.5 / 1.234,5)."""
    pattern = "#,##0" + ("." + "0" * digits if digits else "")
    return format_decimal(value, format=pattern, locale=_babel_locale())


def short_number(value: float) -> str:
    """A bound or a scale point as people write it: no needless decimals (2, 2.5 / 2,5)."""
    text = f"{value:g}"
    decimals = len(text.split(".")[1]) if "." in text and "e" not in text else 0
    return number(value, decimals)


def word_list(items: Sequence[str], style: Literal["standard", "or"] = "standard") -> str:
    """Words joined as the current language joins them: "number and slider" ("or": "5 or 7")."""
    return format_list(list(items), style=style, locale=_babel_locale())


def percent(fraction: float) -> str:
    """A share as a whole percentage in the current language (42% / 42 %)."""
    return format_percent(fraction, locale=_babel_locale())


def day(value: date) -> str:
    """A date for a report: ISO in the source language (2026-12-07), else the language's
    long form (7 de diciembre de 2026)."""
    if current() in (SOURCE, PSEUDO):
        return value.isoformat()
    return format_date(value, format="long", locale=_babel_locale())


# Placeholders, Markdown markers and Streamlit icon codes a pseudo-translation must keep.
_KEEP = re.compile(
    r"\{[^}]*\}|%\([a-z_]+\)[sdr]|%[sdr]|:material/[a-z_]+:|\*\*|\[[^\]]*\]\([^)]*\)"
)
_ACCENTED = str.maketrans(
    "aceinousyACEINOUSY", "àçéîñöûšýÀÇÉÎÑÖÛŠÝ"
)  # fmt: skip


def pseudo(text: str) -> str:
    """`text` with accented letters and about 40% longer, placeholders and Markdown intact."""
    if not text:
        return text
    heading = re.match(r"#{1,6} ", text)  # a Markdown heading's marker stays in front
    if heading:
        return heading.group() + pseudo(text[heading.end() :])
    parts, last = [], 0
    for match in _KEEP.finditer(text):
        parts.append(text[last : match.start()].translate(_ACCENTED))
        parts.append(match.group())
        last = match.end()
    parts.append(text[last:].translate(_ACCENTED))
    letters = sum(ch.isalpha() for ch in text)
    padding = "~" * max(1, round(letters * 0.4))
    return f"⟦{''.join(parts)} {padding}⟧"
