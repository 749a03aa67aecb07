"""Translations: catalogs complete and consistent with the code, and a participant in Spanish."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest
from babel.messages.catalog import Catalog
from babel.messages.extract import extract_from_dir
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po
from streamlit.testing.v1 import AppTest

from tests.support.apptest import app
from workshop import config, i18n, sessions
from workshop.config import SettingsError

ROOT = Path(__file__).resolve().parents[1]
KEYWORDS = {"_": None, "N_": None, "ngettext": (1, 2)}
PLACEHOLDER = re.compile(r"\{[^}]*\}")


def _method_map() -> list[tuple[str, str]]:
    """babel.cfg's sections as Babel's (pattern, method) pairs."""
    sections = re.findall(r"^\[(\w+): ([^\]]+)\]", (ROOT / "babel.cfg").read_text(), re.M)
    return [(pattern, method) for method, pattern in sections]


def _marked() -> set[str | tuple[str, ...]]:
    """Every string the code marks for translation, found the way `pybabel extract` does."""
    found: set[str | tuple[str, ...]] = set()
    for _file, _line, message, _comments, _context in extract_from_dir(
        str(ROOT), _method_map(), keywords=KEYWORDS, comment_tags=()
    ):
        found.add(message if isinstance(message, str) else tuple(message))
    return found


def _catalog(language: str) -> Catalog:
    with (ROOT / "locale" / language / "LC_MESSAGES" / "messages.po").open("rb") as handle:
        return read_po(handle, locale=language)


def _ids(catalog: Catalog) -> set[str | tuple[str, ...]]:
    return {m.id if isinstance(m.id, str) else tuple(m.id) for m in catalog if m.id}


LANGUAGES = [lang for lang in i18n.catalog_languages() if lang != i18n.SOURCE]


def test_spanish_is_shipped() -> None:
    assert "es" in LANGUAGES


def test_the_participant_screens_are_marked() -> None:
    marked = _marked()
    for message in ("Join the workshop", "Withdraw and delete my answers", "Quick exit"):
        assert message in marked
    assert ("About {n} minute to read", "About {n} minutes to read") in marked


@pytest.mark.parametrize("language", LANGUAGES)
def test_each_catalog_matches_the_code(language: str) -> None:
    """No string the code marks is missing, and no translation is left over from old code."""
    marked, catalog = _marked(), _catalog(language)
    missing = sorted(map(str, marked - _ids(catalog)))
    stale = sorted(map(str, _ids(catalog) - marked))
    assert not missing, f"run `make locale-update` and translate in {language}: {missing}"
    assert not stale, f"run `make locale-update` to drop from {language}: {stale}"


@pytest.mark.parametrize("language", LANGUAGES)
def test_each_translation_is_complete_and_keeps_its_placeholders(language: str) -> None:
    catalog = _catalog(language)
    assert catalog.num_plurals >= 2, "the catalog lost its Plural-Forms header"
    for message in catalog:
        if not message.id:
            continue
        where = f"{language}: {message.id!r}"
        assert not message.fuzzy, f"fuzzy (check it, then remove the flag): {where}"
        strings = message.string if isinstance(message.string, tuple) else (message.string,)
        assert all(strings), f"untranslated: {where}"
        source = message.id if isinstance(message.id, str) else message.id[-1]
        expected = set(PLACEHOLDER.findall(source))
        for text in strings:
            assert set(PLACEHOLDER.findall(text)) == expected, f"placeholders differ: {where}"
        assert ("**" in source) == all("**" in text for text in strings), f"bold lost: {where}"


def test_spanish_plural_forms_follow_the_count() -> None:
    with i18n.using("es"):
        one = i18n.ngettext("About {n} minute to read", "About {n} minutes to read", 1)
        three = i18n.ngettext("About {n} minute to read", "About {n} minutes to read", 3)
        assert i18n._("Next") == "Siguiente"
    assert one != three and "minuto," in one and "minutos" in three
    assert i18n._("Next") == "Next"  # outside the block: the source language again


def test_numbers_follow_the_language() -> None:
    with i18n.using("es"):
        assert (i18n.number(1234.5, 1), i18n.percent(0.42)) == ("1.234,5", "42\xa0%")
        assert i18n.number(12345) == "12.345"
    assert (i18n.number(1234.5, 1), i18n.percent(0.42)) == ("1,234.5", "42%")


def test_a_stale_compiled_catalog_is_not_used(tmp_path, monkeypatch) -> None:
    """An edited .po wins over an older .mo, so a translation fix shows without a build step."""
    folder = tmp_path / "es" / "LC_MESSAGES"
    folder.mkdir(parents=True)
    shutil.copy(ROOT / "locale" / "es" / "LC_MESSAGES" / "messages.po", folder)
    old = _catalog("es")
    old.get("Next").string = "Antiguo"  # type: ignore[union-attr]
    with (folder / "messages.mo").open("wb") as handle:
        write_mo(handle, old)
    monkeypatch.setattr(i18n, "LOCALE_DIR", tmp_path)
    po, mo = folder / "messages.po", folder / "messages.mo"
    import os

    os.utime(mo, (po.stat().st_mtime + 10,) * 2)
    assert i18n.translations("es").gettext("Next") == "Antiguo"  # fresh .mo: used
    os.utime(po, (mo.stat().st_mtime + 10,) * 2)
    assert i18n.translations("es").gettext("Next") == "Siguiente"  # newer .po: compiled


def test_pseudo_locale_lengthens_and_keeps_what_code_needs() -> None:
    text = "**Content note.** {note} :material/info: [read](https://example.org) %(n)s"
    fake = i18n.pseudo(text)
    for kept in ("**", "{note}", ":material/info:", "[read](https://example.org)", "%(n)s"):
        assert kept in fake
    assert len(i18n.pseudo("Withdraw and delete my answers")) >= 1.35 * len(
        "Withdraw and delete my answers"
    )
    assert "Wîthdràw" in i18n.pseudo("Withdraw")
    with i18n.using(i18n.PSEUDO):
        assert i18n._("Step {number} of {total}").format(number=2, total=9).startswith("⟦Štép 2")


@pytest.mark.parametrize(
    ("accepted", "expected"),
    [(["es-MX"], "es"), (["es"], "es"), (["fr-FR", "es-ES"], "es"), (["fr"], "en"), ([""], "en")],
)
def test_the_browser_language_is_matched_to_what_is_offered(accepted, expected) -> None:
    assert i18n.negotiate(accepted, ("en", "es"), "en") == expected


def test_an_unknown_language_setting_says_what_to_set(monkeypatch) -> None:
    monkeypatch.setenv("WORKSHOP_LANGUAGES", "en,fr")
    config.reset()
    with pytest.raises(SettingsError, match="WORKSHOP_LANGUAGES .*'fr' has none"):
        config.settings()
    monkeypatch.setenv("WORKSHOP_LANGUAGES", " en , es ")
    config.reset()
    assert config.settings().languages == ("en", "es")


def _texts(at: AppTest) -> str:
    kinds = ("title", "subheader", "markdown", "caption", "info", "success")
    return "\n".join(str(e.value) for kind in kinds for e in getattr(at, kind))


def test_one_language_offered_shows_no_switch(app_env) -> None:
    at = app()
    assert at.title[0].value == "Join the workshop"
    assert not at.get("button_group")


@pytest.mark.slow
def test_a_participant_goes_from_join_to_a_step_in_spanish(
    app_env, app_engine, library, monkeypatch
):
    monkeypatch.setenv("WORKSHOP_LANGUAGES", "en,es")
    config.reset()
    session = sessions.create_session(app_engine, library.snapshot("first-look"), open_now=True)
    at = app(lang="es")
    assert at.title[0].value == "Entra al taller"
    assert at.text_input(key="join_code").label == "Código de la sesión"

    at = app(code=session.code, lang="es")
    assert "Anónimo desde el diseño" in _texts(at)
    assert at.checkbox(key="consent_adult").label == "Tengo 18 años o más."
    at.checkbox(key="consent_adult").check()
    at.checkbox(key="consent_agree").check()
    at = at.button(key="consent_submit").click().run()
    assert not at.exception
    assert at.query_params["lang"] in ("es", ["es"])  # kept in the address: a resume keeps it
    assert at.button(key="next_0").label in ("Siguiente", "Terminar")
    assert at.button(key="withdraw").label == "Retirarme y borrar mis respuestas"
    # The session's own content is authored in English; only the app's words change.
    progress = at.get("progress")[0].proto
    assert progress.text.startswith("Paso 1 de ")
