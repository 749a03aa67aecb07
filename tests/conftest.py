"""Shared fixtures: a migrated database on SQLite, and on PostgreSQL when configured;
the environment app.py reads under AppTest."""

from __future__ import annotations

import os
import secrets
import sqlite3
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
def fresh_settings(monkeypatch: pytest.MonkeyPatch, tmp_path_factory) -> Iterator[None]:
    """Settings are read once per process: each test reads the environment it set up.

    A generated follow-up key goes to a folder of the test run, never the user's own.
    """
    if "WORKSHOP_FOLLOWUP_KEY_FILE" not in os.environ:
        keys = tmp_path_factory.getbasetemp() / "followup-key"
        monkeypatch.setenv("WORKSHOP_FOLLOWUP_KEY_FILE", str(keys / "followup.key"))
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


@pytest.fixture(scope="session")
def migrated_sqlite(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """An SQLite file migrated to head once per test process, which tests copy.

    Running every migration costs about 0.2 s of CPU; copying the result, about
    a millisecond. The migrations themselves are tested in test_migrations.py and
    test_schema_drift.py, and the app's own upgrade on start still runs (a no-op).
    """
    path = tmp_path_factory.mktemp("migrated") / "workshop.db"
    url = f"sqlite:///{path}"
    migrate.upgrade(url)
    db.dispose(db.get_engine(url))
    return path


def _copy_migrated(template: Path, url: str) -> None:
    """A fresh database at `url`, a page-by-page copy of the migrated template."""
    target = make_url(url).database
    assert target is not None
    with sqlite3.connect(template) as source, sqlite3.connect(target) as copy:
        source.backup(copy)
    source.close()
    copy.close()


def _truncate(engine: Engine) -> None:
    # RESTART IDENTITY reuses session ids, so forget snapshots cached under the old ones.
    sessions._snapshot_cache.clear()
    sessions._participant_cache.clear()
    with db.write(engine) as connection:
        connection.execute(
            text(
                "TRUNCATE authored_surveys, authored_resources, resource_translations, published_results, followup_links, question_votes, questions, answer_codes,"
                " answers, participants, workshop_sessions RESTART IDENTITY CASCADE"
            )
        )


@pytest.fixture(params=["sqlite", pytest.param("postgresql", marks=pytest.mark.postgres)])
def engine(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[Engine]:
    """A migrated, empty database; every test runs on SQLite and on PostgreSQL."""
    if request.param == "sqlite":
        url = f"sqlite:///{tmp_path / 'workshop.db'}"
        _copy_migrated(request.getfixturevalue("migrated_sqlite"), url)
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


@pytest.fixture(scope="module")
def shared_app_env(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """app_env for a whole test module: for AppTests built once and only read by its tests."""
    folder = tmp_path_factory.mktemp("app")
    url = f"sqlite:///{folder / 'workshop.db'}"
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("WORKSHOP_DATABASE_URL", url)
        patch.setenv("WORKSHOP_DATA_DIR", str(folder))
        patch.delenv("WORKSHOP_QUICK_EXIT_URL", raising=False)
        config.reset()
        yield url
    config.reset()


@pytest.fixture
def staff_passphrase(monkeypatch: pytest.MonkeyPatch) -> str:
    """The facilitator passphrase the app under test is configured with."""
    monkeypatch.setenv("WORKSHOP_FACILITATOR_PASSPHRASE", STAFF_PASSPHRASE)
    return STAFF_PASSPHRASE


@pytest.fixture
def app_engine(app_env: str, migrated_sqlite: Path) -> Iterator[Engine]:
    """The app's database under AppTest, migrated, for arranging and checking rows."""
    _copy_migrated(migrated_sqlite, app_env)
    engine = db.get_engine(app_env)
    yield engine
    db.dispose(engine)


@pytest.fixture
def cli(tmp_path: Path) -> Cli:
    """`workshop ...` run in process, with a data folder (and so an SQLite database) of its own."""
    return partial(run_cli, data_dir=tmp_path / "data")
