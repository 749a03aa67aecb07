"""Settings read from the environment, with defaults that work on a laptop."""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

PROJECT_ROOT = Path(__file__).resolve().parent.parent

# New sessions' retention period unless WORKSHOP_RETENTION_DAYS says otherwise:
# long enough for a follow-up a month or two later and for the analysis.
DEFAULT_RETENTION_DAYS = 90
_KEEP = ("none", "keep", "never")


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


@dataclass(frozen=True)
class Settings:
    data_dir: Path
    database_url: str
    content_dir: Path
    public_url: str | None
    quick_exit_url: str
    # Days after a session closes before its raw answers are deleted (None: keep).
    retention_days: int | None = DEFAULT_RETENTION_DAYS
    # The follow-up code key, when configured (else generated into data_dir).
    followup_key: str | None = None

    @classmethod
    def from_env(cls) -> Settings:
        data_dir = Path(os.environ.get("WORKSHOP_DATA_DIR", "data"))
        url = os.environ.get("WORKSHOP_DATABASE_URL") or f"sqlite:///{data_dir / 'workshop.db'}"
        content_dir = Path(os.environ.get("WORKSHOP_CONTENT_DIR", PROJECT_ROOT / "content"))
        return cls(
            data_dir=data_dir,
            database_url=url,
            content_dir=content_dir,
            public_url=os.environ.get("WORKSHOP_PUBLIC_URL") or None,
            quick_exit_url=os.environ.get("WORKSHOP_QUICK_EXIT_URL", "about:blank"),
            retention_days=retention_days_from(os.environ.get("WORKSHOP_RETENTION_DAYS")),
            followup_key=os.environ.get("WORKSHOP_FOLLOWUP_KEY") or None,
        )


_ENV_KEYS = (
    "WORKSHOP_DATA_DIR",
    "WORKSHOP_DATABASE_URL",
    "WORKSHOP_CONTENT_DIR",
    "WORKSHOP_PUBLIC_URL",
    "WORKSHOP_QUICK_EXIT_URL",
    "WORKSHOP_RETENTION_DAYS",
    "WORKSHOP_FOLLOWUP_KEY",
)
_cached: tuple[tuple[str | None, ...], Settings] | None = None


def settings() -> Settings:
    """The current settings; rebuilt only when one of the variables changed.

    Called on every rerun of every page, so it must be cheap; keyed on the
    variables themselves so tests and tools that change them still see it.
    """
    global _cached
    key = tuple(os.environ.get(name) for name in _ENV_KEYS)
    cached = _cached
    if cached is not None and cached[0] == key:
        return cached[1]
    fresh = Settings.from_env()
    _cached = (key, fresh)
    return fresh
