"""What most commands start from: the migrated database and the checked content."""

from __future__ import annotations

from pathlib import Path

from sqlalchemy import Engine

from workshop import db, migrate
from workshop.config import settings
from workshop.loading import ContentLibrary, load_content


def engine() -> Engine:
    """The configured database, brought up to the latest migration first."""
    url = settings().database_url
    migrate.upgrade(url)
    return db.get_engine(url)


def content(path: str | None) -> ContentLibrary:
    """The content folder (`--content`, else the configured one), refusing any problem."""
    library = load_content(Path(path) if path else settings().content_dir)
    library.raise_for_problems()
    return library
