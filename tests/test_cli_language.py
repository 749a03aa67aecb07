"""The command line speaks the language the user's environment asks for (LANGUAGE, LANG...).

As other command-line tools do: `LANGUAGE` (a list) first, then the locale (`LC_ALL`,
`LC_MESSAGES`, `LANG`); a C or POSIX locale, or a language with no catalog, is English.
"""

from __future__ import annotations

import argparse
import gettext
from pathlib import Path

import pytest

from tests.support.cli import Cli
from workshop import i18n
from workshop_cli.language import from_environment
from workshop_cli.main import main

SPANISH = {"LANG": "es_ES.UTF-8"}
ENGLISH = {"LANG": "C"}


def test_spanish_has_a_catalog() -> None:
    assert "es" in i18n.catalog_languages()  # what the tests below negotiate against


@pytest.mark.parametrize(
    ("environ", "language"),
    [
        ({"LANG": "es_ES.UTF-8"}, "es"),
        ({"LANG": "es"}, "es"),
        ({"LANG": "es_MX.utf8@euro"}, "es"),
        # LANGUAGE is a list, read in order, and comes before the locale.
        ({"LANGUAGE": "fr:es:en", "LANG": "en_US.UTF-8"}, "es"),
        ({"LANGUAGE": "en_GB:es", "LANG": "es_ES.UTF-8"}, "en"),
        ({"LANGUAGE": "fr", "LANG": "es_ES.UTF-8"}, "es"),  # no French: the locale next
        ({"LANGUAGE": "es"}, "es"),
        ({"LANGUAGE": "", "LANG": "es_ES.UTF-8"}, "es"),
        # The locale: LC_ALL, then LC_MESSAGES, then LANG.
        ({"LC_ALL": "es_AR.UTF-8", "LANG": "en_US.UTF-8"}, "es"),
        ({"LC_ALL": "en_US.UTF-8", "LC_MESSAGES": "es_ES.UTF-8"}, "en"),
        ({"LC_MESSAGES": "es_ES.UTF-8", "LANG": "C"}, "es"),
    ],
)
def test_the_environment_chooses_the_language(environ: dict[str, str], language: str) -> None:
    assert from_environment(environ) == language


@pytest.mark.parametrize(
    "environ",
    [
        {},
        {"LANG": "C"},
        {"LANG": "C.UTF-8"},
        {"LANG": "POSIX"},
        {"LANGUAGE": "es", "LANG": "C.UTF-8"},  # as in gettext: a C locale ignores LANGUAGE
        {"LC_ALL": "C", "LANG": "es_ES.UTF-8"},
        {"LANG": "fr_FR.UTF-8"},  # no catalog
        {"LANGUAGE": "xx:fr::", "LANG": "de_DE"},
        {"LANG": "not a locale!"},
    ],
)
def test_c_posix_nothing_and_unknown_languages_are_english(environ: dict[str, str]) -> None:
    assert from_environment(environ) == "en"


def test_a_wrong_session_code_is_refused_in_the_users_language(cli: Cli) -> None:
    spanish = cli("session", "open", "ZZZZZZ", env=SPANISH)
    assert spanish.returncode == 1
    assert spanish.stderr.startswith("Error: Ninguna sesión usa el código ZZZZZZ.")
    english = cli("session", "open", "ZZZZZZ", env=ENGLISH)
    assert english.returncode == 1
    assert english.stderr.startswith("Error: No session uses the code ZZZZZZ.")


def test_validate_summarises_in_the_users_language(cli: Cli) -> None:
    """Passes once es-fragment.po is merged into the Spanish catalog."""
    spanish = cli("validate", env={"LANGUAGE": "es", "LANG": "en_US.UTF-8"})
    assert spanish.returncode == 0, spanish.stderr
    assert spanish.stdout.startswith("OK: ") and "encuesta(s)" in spanish.stdout
    assert "preguntas" in spanish.stdout and "survey(s)" not in spanish.stdout
    english = cli("validate", env=ENGLISH)
    assert english.stdout.startswith("OK: ") and "survey(s)" in english.stdout


def test_help_and_usage_errors_are_in_the_users_language(cli: Cli) -> None:
    """The parser is built in the user's language. Passes once the fragment is merged."""
    shown = cli("--help", env=SPANISH)
    assert shown.returncode == 0
    assert shown.stdout.startswith("uso: python -m workshop")
    assert "comprueba las encuestas, los módulos y los recursos" in shown.stdout
    assert "muestra esta ayuda y termina" in shown.stdout
    refused = cli("session", "create", "first-look", "--k", "2", env=SPANISH)
    assert refused.returncode == 2
    assert "tiene que estar entre 3 y 100" in refused.stderr
    assert "session create: error: " in refused.stderr
    english = cli("--help", env=ENGLISH)
    assert english.stdout.startswith("usage: ") and "check surveys" in english.stdout


def test_main_takes_the_environment_it_is_given(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    """`main(argv, environ)`: the environment passed wins over the process's own."""
    monkeypatch.setenv("LANG", "es_ES.UTF-8")
    monkeypatch.setenv("LANGUAGE", "es")
    with pytest.raises(SystemExit) as exit:
        main(["--help"], environ={"LANG": "C"})
    assert exit.value.code == 0
    assert capsys.readouterr().out.startswith("usage: python -m workshop")


def test_argparse_own_messages_are_in_the_users_language(
    capsys: pytest.CaptureFixture[str],
) -> None:
    """argparse's inner messages come from the catalog while a command runs, then go back."""
    for argv, spanish, english in (
        (["export"], "faltan estos argumentos obligatorios: --session", "the following"),
        (["validate", "--nonsense"], "argumentos no reconocidos: --nonsense", "unrecognized"),
        (
            ["nosuchcommand"],
            "argumento COMMAND: opción no válida: 'nosuchcommand' (elige entre ",
            "invalid choice: 'nosuchcommand'",
        ),
    ):
        with pytest.raises(SystemExit) as exit:
            main(argv, environ=SPANISH)
        assert exit.value.code == 2
        assert spanish in capsys.readouterr().err
        with pytest.raises(SystemExit):
            main(argv, environ=ENGLISH)
        assert english in capsys.readouterr().err
    assert vars(argparse)["_"] is gettext.gettext  # argparse is left as it was


def test_pseudo_keeps_argparse_placeholders() -> None:
    with i18n.using(i18n.PSEUDO):
        shown = i18n._("invalid choice: %(value)r (choose from %(choices)s)")
    assert shown % {"value": "x", "choices": "a, b"} != shown and "'x'" in (
        shown % {"value": "x", "choices": "a, b"}
    )
