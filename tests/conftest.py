"""Shared fixtures: a migrated database on SQLite, and on PostgreSQL when configured;
the environment app.py reads under AppTest."""

from __future__ import annotations

import os
import secrets
from collections.abc import Iterator
from functools import partial
from pathlib import Path

import pytest
from sqlalchemy import Engine, create_engine, text
from sqlalchemy.engine import make_url

from tests.support.apptest import STAFF_PASSPHRASE
from tests.support.cli import Cli, run_cli
from workshop import config, db, migrate, sessions
from workshop.loading import ContentLibrary, load_content

ROOT = Path(__file__).resolve().parent.parent
POSTGRES_URL = os.environ.get("WORKSHOP_TEST_POSTGRES_URL")
NO_POSTGRES = "PostgreSQL tests need WORKSHOP_TEST_POSTGRES_URL (e.g. postgresql+psycopg://postgres@127.0.0.1:5432/test)"


@pytest.fixture(autouse=True)
def fresh_settings() -> Iterator[None]:
    """Settings are read once per process: each test reads the environment it set up."""
    config.reset()
    yield
    config.reset()


@pytest.fixture(scope="session")
def library() -> ContentLibrary:
    content = load_content(ROOT / "content")
    content.raise_for_problems()
    return content


@pytest.fixture(scope="session")
def postgres_database() -> Iterator[str]:
    """A throwaway database on the test server, so parallel runs never collide."""
    if not POSTGRES_URL:
        pytest.skip(NO_POSTGRES)
    admin = create_engine(POSTGRES_URL, isolation_level="AUTOCOMMIT")
    name = f"workshop_test_{secrets.token_hex(4)}"
    with admin.connect() as connection:
        connection.execute(text(f'CREATE DATABASE "{name}"'))
    url = make_url(POSTGRES_URL).set(database=name).render_as_string(hide_password=False)
    migrate.upgrade(url)
    try:
        yield url
    finally:
        db.dispose(db.get_engine(url))
        db.dispose_all()
        with admin.connect() as connection:
            connection.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        admin.dispose()


def _truncate(engine: Engine) -> None:
    # RESTART IDENTITY reuses session ids, so forget snapshots cached under the old ones.
    sessions._snapshot_cache.clear()
    sessions._participant_cache.clear()
    with db.write(engine) as connection:
        connection.execute(
            text(
                "TRUNCATE published_results, followup_links, question_votes, questions, answer_codes,"
                " answers, participants, workshop_sessions RESTART IDENTITY CASCADE"
            )
        )


@pytest.fixture(params=["sqlite", pytest.param("postgresql", marks=pytest.mark.postgres)])
def engine(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[Engine]:
    """A migrated, empty database; every test runs on SQLite and on PostgreSQL."""
    if request.param == "sqlite":
        url = f"sqlite:///{tmp_path / 'workshop.db'}"
        migrate.upgrade(url)
        engine = db.get_engine(url)
        yield engine
        db.dispose(engine)
        return
    url = request.getfixturevalue("postgres_database")
    engine = db.get_engine(url)
    _truncate(engine)
    yield engine
    _truncate(engine)


@pytest.fixture
def sqlite_url(tmp_path: Path) -> str:
    return f"sqlite:///{tmp_path / 'workshop.db'}"


@pytest.fixture
def app_env(monkeypatch: pytest.MonkeyPatch, tmp_path: Path, sqlite_url: str) -> str:
    """What app.py reads under AppTest: a fresh SQLite file and data folder of its own."""
    monkeypatch.setenv("WORKSHOP_DATABASE_URL", sqlite_url)
    monkeypatch.setenv("WORKSHOP_DATA_DIR", str(tmp_path))
    monkeypatch.delenv("WORKSHOP_QUICK_EXIT_URL", raising=False)
    return sqlite_url


@pytest.fixture
def staff_passphrase(monkeypatch: pytest.MonkeyPatch) -> str:
    """The facilitator passphrase the app under test is configured with."""
    monkeypatch.setenv("WORKSHOP_FACILITATOR_PASSPHRASE", STAFF_PASSPHRASE)
    return STAFF_PASSPHRASE


@pytest.fixture
def app_engine(app_env: str) -> Iterator[Engine]:
    """The app's database under AppTest, migrated, for arranging and checking rows."""
    migrate.upgrade(app_env)
    engine = db.get_engine(app_env)
    yield engine
    db.dispose(engine)


@pytest.fixture
def cli(tmp_path: Path) -> Cli:
    """`workshop ...` run in process, with a data folder (and so an SQLite database) of its own."""
    return partial(run_cli, data_dir=tmp_path / "data")
