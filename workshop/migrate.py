"""Apply Alembic migrations from code (the app and the CLI both call this)."""

from __future__ import annotations

from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import Connection

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
    with engine.connect().execution_options(write=True) as connection:
        sqlite = connection.dialect.name == "sqlite"
        if sqlite:
            # SQLite's procedure for rebuilding a table: foreign keys off outside the
            # transaction (a PRAGMA inside one is ignored), so dropping the old parent
            # table cannot cascade into its children; checked before commit.
            _driver_execute(connection, "PRAGMA foreign_keys=OFF")
        try:
            with connection.begin():
                if connection.dialect.name == "postgresql":
                    # Replicas starting together must not run the same migration twice.
                    connection.exec_driver_sql("SELECT pg_advisory_xact_lock(727274)")
                config = _config(url)
                config.attributes["connection"] = connection
                command.upgrade(config, revision)
                if sqlite:
                    broken = connection.exec_driver_sql("PRAGMA foreign_key_check").fetchall()
                    if broken:
                        raise RuntimeError(f"migration broke foreign keys: {broken[:5]}")
        finally:
            if sqlite:
                _driver_execute(connection, "PRAGMA foreign_keys=ON")


def _driver_execute(connection: Connection, statement: str) -> None:
    """Run a statement on the driver's connection, outside SQLAlchemy's autobegin."""
    raw = connection.connection.driver_connection
    assert raw is not None
    raw.execute(statement)


def current_revision(url: str) -> str | None:
    with get_engine(url).connect() as connection:
        return MigrationContext.configure(connection).get_current_revision()


def head_revision() -> str | None:
    return ScriptDirectory.from_config(_config("sqlite://")).get_current_head()


def is_current(url: str) -> bool:
    return current_revision(url) == head_revision()
