"""Settings read from WORKSHOP_* environment variables, with defaults that work on a laptop.

One pydantic-settings model reads them all, once per process: a server's
environment does not change while it runs, so `settings()` is a plain lookup
on every rerun. Tests and tools that change a variable call `reset()` (the
test suite does so before every test). A bad value stops with a message
naming the variable and what to set instead (SettingsError).
"""

from __future__ import annotations

import os
import threading
from pathlib import Path
from typing import Annotated, Any

from pydantic import Field, SecretStr, ValidationError, field_validator, model_validator
from pydantic_settings import BaseSettings, NoDecode, SettingsConfigDict

from workshop import i18n
from workshop.errors import WorkshopError

PROJECT_ROOT = Path(__file__).resolve().parent.parent
ENV_PREFIX = "WORKSHOP_"

# New sessions' retention period unless WORKSHOP_RETENTION_DAYS says otherwise:
# long enough for a follow-up a month or two later and for the analysis.
DEFAULT_RETENTION_DAYS = 90
_KEEP = ("none", "keep", "never")


class SettingsError(WorkshopError, ValueError):
    """A WORKSHOP_* variable has a value the app cannot use; the message says which and why."""


def retention_days_from(text: str | None) -> int | None:
    """WORKSHOP_RETENTION_DAYS: a whole number of days, or none/keep/never for no period."""
    if text is None or not text.strip():
        return DEFAULT_RETENTION_DAYS
    value = text.strip().lower()
    if value in _KEEP:
        return None
    if not value.isdigit():
        raise ValueError(
            f"WORKSHOP_RETENTION_DAYS must be a whole number of days (e.g. 90) or 'none' to "
            f"keep raw answers until deleted by hand, not '{text}'."
        )
    return int(value)


def languages_from(text: str) -> tuple[str, ...]:
    """WORKSHOP_LANGUAGES: language codes with a catalog in locale/, comma-separated."""
    chosen = tuple(dict.fromkeys(part.strip() for part in text.split(",") if part.strip()))
    known = (*i18n.catalog_languages(), i18n.PSEUDO)
    unknown = [code for code in chosen if code not in known]
    if unknown or not chosen:
        raise ValueError(
            f"WORKSHOP_LANGUAGES must list languages this app has a catalog for "
            f"({', '.join(known)}), separated by commas, e.g. 'en,es'; "
            + (f"'{unknown[0]}' has none." if unknown else "it is empty.")
        )
    return chosen


def default_key_file() -> Path:
    """The user's configuration folder (XDG), never the data folder."""
    base = os.environ.get("XDG_CONFIG_HOME") or str(Path.home() / ".config")
    return Path(base) / "aftercare-workshop" / "followup.key"


class Settings(BaseSettings):
    """Every WORKSHOP_* variable the app and the command line read (the field name, upper-cased)."""

    model_config = SettingsConfigDict(env_prefix=ENV_PREFIX, frozen=True, extra="ignore")

    data_dir: Path = Path("data")
    # Empty or unset: the embedded SQLite file in data_dir.
    database_url: str = ""
    content_dir: Path = PROJECT_ROOT / "content"
    public_url: str | None = None
    quick_exit_url: str = "about:blank"
    # Days after a session closes before its raw answers are deleted (None: keep).
    retention_days: int | None = DEFAULT_RETENTION_DAYS
    # The app's own daily purge thread (ui/shared/retention_worker.py): the fallback where
    # no timer or cron job runs `workshop purge`; deploy/systemd's env file turns it off.
    purge_in_app: bool = True
    # The follow-up code key, when configured (else generated into followup_key_file).
    followup_key: str | None = None
    # Where a generated follow-up key is kept: apart from data_dir by default, so a
    # copy of the data folder (the database) does not carry the key that tests codes.
    followup_key_file: Path = Field(default_factory=lambda: default_key_file())
    # The staff passphrase; .streamlit/secrets.toml is read after it (workshop/passphrases.py).
    facilitator_passphrase: SecretStr | None = None
    # The Chromium binary that prints reports to PDF (else found on PATH).
    chromium: str | None = None
    # Interface languages offered to participants, the first the default (comma list,
    # e.g. "en,es"); a phone gets the first its browser asks for (workshop/i18n.py).
    languages: Annotated[tuple[str, ...], NoDecode] = (i18n.SOURCE,)

    @field_validator("languages", mode="before")
    @classmethod
    def _languages(cls, value: Any) -> Any:
        return languages_from(value) if isinstance(value, str) else value

    @field_validator("retention_days", mode="before")
    @classmethod
    def _retention(cls, value: Any) -> int | None:
        return retention_days_from(value) if isinstance(value, str) or value is None else value

    @field_validator(
        "public_url", "followup_key", "facilitator_passphrase", "chromium", mode="before"
    )
    @classmethod
    def _empty_is_unset(cls, value: Any) -> Any:
        return value or None

    @model_validator(mode="after")
    def _embedded_database(self) -> Settings:
        if not self.database_url:
            # frozen: set through object.__setattr__ once, while the model is being built
            object.__setattr__(self, "database_url", f"sqlite:///{self.data_dir / 'workshop.db'}")
        return self

    @classmethod
    def from_env(cls) -> Settings:
        """Read the environment now; a bad value raises SettingsError with the variable's name."""
        try:
            return cls()
        except ValidationError as exc:
            raise SettingsError(_explain(exc)) from None


def _explain(exc: ValidationError) -> str:
    """The validators' own sentences; pydantic's wording only where none of ours applies."""
    lines = []
    for error in exc.errors():
        name = ENV_PREFIX + "_".join(str(part) for part in error["loc"]).upper()
        if error["type"] == "value_error":
            lines.append(str(error["ctx"]["error"]))
        else:
            lines.append(f"{name}: {error['msg']}.")  # never the value: it may be a secret
    return "\n".join(lines)


_current: Settings | None = None
_lock = threading.Lock()


def settings() -> Settings:
    """The settings of this process, read from the environment on first use."""
    current = _current
    if current is None:
        with _lock:
            current = _current if _current is not None else _read()
    return current


def _read() -> Settings:
    global _current
    _current = Settings.from_env()
    return _current


def reset() -> None:
    """Forget the settings read so far: the next `settings()` reads the environment again."""
    global _current
    with _lock:
        _current = None
