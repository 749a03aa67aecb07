"""Settings come from WORKSHOP_* variables, read once per process (config.reset() reads again)."""

from __future__ import annotations

import pytest

from workshop import config
from workshop.config import SettingsError, settings


def test_settings_follow_the_environment(monkeypatch, tmp_path) -> None:
    monkeypatch.setenv("WORKSHOP_DATABASE_URL", "sqlite:///one.db")
    monkeypatch.setenv("WORKSHOP_QUICK_EXIT_URL", "https://example.org/")
    first = settings()
    assert settings() is first  # read once: every rerun calls it
    assert first.database_url == "sqlite:///one.db"
    monkeypatch.setenv("WORKSHOP_DATABASE_URL", "sqlite:///two.db")
    assert settings() is first  # a running server's environment does not change
    config.reset()
    assert settings().database_url == "sqlite:///two.db"
    monkeypatch.delenv("WORKSHOP_QUICK_EXIT_URL")
    config.reset()
    assert settings().quick_exit_url == "about:blank"
    monkeypatch.setenv("WORKSHOP_DATA_DIR", str(tmp_path))
    monkeypatch.delenv("WORKSHOP_DATABASE_URL")
    config.reset()
    assert settings().database_url == f"sqlite:///{tmp_path / 'workshop.db'}"


def test_defaults_and_empty_values(monkeypatch) -> None:
    for name in ("DATA_DIR", "DATABASE_URL", "CONTENT_DIR", "QUICK_EXIT_URL", "RETENTION_DAYS"):
        monkeypatch.delenv(f"WORKSHOP_{name}", raising=False)
    monkeypatch.setenv("WORKSHOP_PUBLIC_URL", "")
    monkeypatch.setenv("WORKSHOP_FOLLOWUP_KEY", "")
    current = settings()
    assert current.database_url == "sqlite:///data/workshop.db"
    assert current.content_dir == config.PROJECT_ROOT / "content"
    assert current.public_url is None and current.followup_key is None
    assert current.retention_days == config.DEFAULT_RETENTION_DAYS


@pytest.mark.parametrize(("text", "days"), [("30", 30), (" 7 ", 7), ("none", None), ("", 90)])
def test_retention_days_are_read_as_before(monkeypatch, text, days) -> None:
    monkeypatch.setenv("WORKSHOP_RETENTION_DAYS", text)
    assert settings().retention_days == days


def test_a_bad_value_names_the_variable_and_what_to_set(monkeypatch) -> None:
    monkeypatch.setenv("WORKSHOP_RETENTION_DAYS", "a month")
    with pytest.raises(SettingsError) as raised:
        settings()
    assert str(raised.value) == (
        "WORKSHOP_RETENTION_DAYS must be a whole number of days (e.g. 90) or 'none' to "
        "keep raw answers until deleted by hand, not 'a month'."
    )
    assert isinstance(raised.value, ValueError)  # what callers caught before


def test_the_passphrase_is_a_setting_and_never_shown(monkeypatch) -> None:
    from workshop.passphrases import configured_passphrase

    monkeypatch.setenv("WORKSHOP_FACILITATOR_PASSPHRASE", "a long enough passphrase")
    assert "a long enough" not in repr(settings())
    found = configured_passphrase(secrets_mapping={})
    assert found is not None and found.passphrase == "a long enough passphrase"


def test_the_command_line_reports_a_bad_value_without_a_traceback(monkeypatch, capsys) -> None:
    from workshop_cli.main import main

    monkeypatch.setenv("WORKSHOP_RETENTION_DAYS", "a month")
    assert main(["validate"]) == 1
    assert capsys.readouterr().err.startswith(
        "Error: WORKSHOP_RETENTION_DAYS must be a whole number of days"
    )
