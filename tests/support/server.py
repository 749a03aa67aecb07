"""Start a real `streamlit run app.py` for browser and protocol tests (see loadtest.launch)."""

from __future__ import annotations

import os
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from sqlalchemy import Engine

from loadtest import launch
from loadtest.launch import Server, free_port
from workshop import db, migrate

__all__ = [
    "Server",
    "free_port",
    "migrated",
    "running",
    "running_on_new_database",
    "start",
    "wait_for_app",
]

ROOT = Path(__file__).resolve().parents[2]
CHROMIUM = os.environ.get("WORKSHOP_CHROMIUM", "/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


def start(
    database_url: str,
    log_dir: Path,
    *,
    port: int | None = None,
    env: dict[str, str] | None = None,
    timeout: float = 60.0,
) -> Server:
    """Launch app.py on 127.0.0.1 against `database_url` and wait until it is healthy."""
    return launch.start(
        "app.py",
        log_dir=log_dir,
        port=port,
        env={"WORKSHOP_DATABASE_URL": database_url, **(env or {})},
        timeout=timeout,
        args=["--server.fileWatcherType", "none"],
    )


@contextmanager
def running(database_url: str, log_dir: Path, **kwargs) -> Iterator[Server]:
    server = start(database_url, log_dir, **kwargs)
    try:
        yield server
    finally:
        server.stop()


def migrated(folder: Path) -> tuple[str, Engine]:
    """A new SQLite database in `folder`, migrated: (its URL, an engine on it)."""
    url = f"sqlite:///{folder / 'workshop.db'}"
    migrate.upgrade(url)
    return url, db.get_engine(url)


@contextmanager
def running_on_new_database(folder: Path, **kwargs) -> Iterator[tuple[Server, Engine]]:
    """The app on a new migrated database in `folder`: (server, engine), both closed after."""
    url, engine = migrated(folder)
    try:
        with running(url, folder, **kwargs) as server:
            yield server, engine
    finally:
        db.dispose(engine)


def wait_for_app(page, timeout: float = 30_000) -> None:
    """Wait until the script finished running, instead of sleeping."""
    page.wait_for_selector(
        "[data-testid='stApp'][data-test-connection-state='CONNECTED']", timeout=timeout
    )
    page.wait_for_selector("[data-test-script-state='notRunning']", timeout=timeout)
    # Before the first run starts the state also reads notRunning: wait for content too.
    page.wait_for_selector(
        "[data-testid='stMain'] [data-testid='stElementContainer']",
        state="attached",
        timeout=timeout,
    )
