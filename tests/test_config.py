"""Settings come from the environment, cached until a variable changes."""

from __future__ import annotations

from workshop.config import settings


def test_settings_follow_the_environment(monkeypatch, tmp_path) -> None:
    monkeypatch.setenv("WORKSHOP_DATABASE_URL", "sqlite:///one.db")
    monkeypatch.setenv("WORKSHOP_QUICK_EXIT_URL", "https://example.org/")
    first = settings()
    assert settings() is first  # cached: every rerun calls it
    assert first.database_url == "sqlite:///one.db"
    monkeypatch.setenv("WORKSHOP_DATABASE_URL", "sqlite:///two.db")
    assert settings().database_url == "sqlite:///two.db"
    monkeypatch.delenv("WORKSHOP_QUICK_EXIT_URL")
    assert settings().quick_exit_url == "about:blank"
    monkeypatch.setenv("WORKSHOP_DATA_DIR", str(tmp_path))
    monkeypatch.delenv("WORKSHOP_DATABASE_URL")
    assert settings().database_url == f"sqlite:///{tmp_path / 'workshop.db'}"
