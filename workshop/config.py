"""Settings read from the environment, with defaults that work on a laptop."""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

PROJECT_ROOT = Path(__file__).resolve().parent.parent


@dataclass(frozen=True)
class Settings:
    data_dir: Path
    database_url: str
    content_dir: Path
    public_url: str | None
    quick_exit_url: str

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
        )


_ENV_KEYS = (
    "WORKSHOP_DATA_DIR",
    "WORKSHOP_DATABASE_URL",
    "WORKSHOP_CONTENT_DIR",
    "WORKSHOP_PUBLIC_URL",
    "WORKSHOP_QUICK_EXIT_URL",
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
