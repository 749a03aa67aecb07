"""Apply Alembic migrations from code (the app and the CLI both call this)."""

from __future__ import annotations

from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory

from workshop.config import PROJECT_ROOT
from workshop.db import get_engine

MIGRATIONS_DIR = PROJECT_ROOT / "migrations"


def _config(url: str) -> Config:
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS_DIR))
    config.set_main_option("sqlalchemy.url", url.replace("%", "%%"))
    return config


def upgrade(url: str, revision: str = "head") -> None:
    """Bring the database at `url` up to `revision`; safe to call on every start."""
    engine = get_engine(url)
    with engine.connect().execution_options(write=True) as connection, connection.begin():
        if connection.dialect.name == "postgresql":
            # Replicas starting together must not run the same migration twice.
            connection.exec_driver_sql("SELECT pg_advisory_xact_lock(727274)")
        config = _config(url)
        config.attributes["connection"] = connection
        command.upgrade(config, revision)


def current_revision(url: str) -> str | None:
    with get_engine(url).connect() as connection:
        return MigrationContext.configure(connection).get_current_revision()


def head_revision() -> str | None:
    return ScriptDirectory.from_config(_config("sqlite://")).get_current_head()


def is_current(url: str) -> bool:
    return current_revision(url) == head_revision()
