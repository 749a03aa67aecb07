"""Engine creation for SQLite (embedded default) and PostgreSQL.

SQLite runs in WAL mode with a busy timeout; write transactions start with
BEGIN IMMEDIATE so two writers queue on the lock instead of failing when a
read inside the transaction would later need upgrading to a write.

SQLite takes one writer at a time per file, so this process's writers queue
for one dedicated connection (`write`) rather than each taking a pooled
connection and contending for the file lock. Measured over a 300-person
burst (benchmarks/RESULTS.md, fourth round): the pool rotated writes across
up to 24 connections, each starting with a cache another one had made
stale, and losers of the lock retried it in SQLite's busy handler; one
connection kept server CPU per step about 10% lower. Other processes sharing
the file (replicas) still meet the busy timeout.
"""

from __future__ import annotations

import threading
import weakref
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from sqlalchemy import Connection, Engine, create_engine, event
from sqlalchemy.engine import make_url
from sqlalchemy.exc import OperationalError
from sqlalchemy.exc import TimeoutError as PoolTimeout

from workshop.config import settings

BUSY_TIMEOUT_SECONDS = 30

# A busy database: SQLite's lock held past the busy timeout, a PostgreSQL
# hiccup, or no free connection within the pool timeout. Nothing is lost;
# the participant page asks for another tap.
BUSY_ERRORS = (OperationalError, PoolTimeout)

_engines: dict[str, Engine] = {}
_writers: weakref.WeakKeyDictionary[Engine, Engine] = weakref.WeakKeyDictionary()
_lock = threading.Lock()


def _prepare_sqlite_file(url: str) -> None:
    database = make_url(url).database
    if database and database != ":memory:" and not database.startswith("file:"):
        Path(database).expanduser().parent.mkdir(parents=True, exist_ok=True)


def _is_file(url: str) -> bool:
    database = make_url(url).database
    return bool(database) and database != ":memory:" and "mode=memory" not in url


def create(url: str) -> Engine:
    """A new engine for `url`, configured for this app's access pattern."""
    parsed = make_url(url)
    if parsed.get_backend_name() == "sqlite":
        _prepare_sqlite_file(url)
        engine = _sqlite(url, pool_size=8, max_overflow=16)
        if _is_file(url):  # an in-memory database exists per connection: no second one
            _writers[engine] = _sqlite(
                url, pool_size=1, max_overflow=0, pool_timeout=BUSY_TIMEOUT_SECONDS
            )
        return engine
    return create_engine(url, pool_pre_ping=True, pool_size=8, max_overflow=16)


def _sqlite(url: str, **pool: int) -> Engine:
    engine = create_engine(
        url, connect_args={"timeout": BUSY_TIMEOUT_SECONDS, "check_same_thread": False}, **pool
    )

    @event.listens_for(engine, "connect")
    def _on_connect(dbapi_connection: Any, _record: Any) -> None:  # the driver's own objects
        # Let SQLAlchemy, not the driver, decide when transactions begin.
        dbapi_connection.isolation_level = None
        cursor = dbapi_connection.cursor()
        cursor.execute("PRAGMA journal_mode=WAL")
        cursor.execute("PRAGMA synchronous=NORMAL")
        cursor.execute("PRAGMA foreign_keys=ON")
        cursor.execute(f"PRAGMA busy_timeout={BUSY_TIMEOUT_SECONDS * 1000}")
        # Deleted rows (a withdrawal) are overwritten with zeros, not left in free space.
        cursor.execute("PRAGMA secure_delete=ON")
        cursor.close()

    @event.listens_for(engine, "begin")
    def _on_begin(connection: Connection) -> None:
        immediate = connection.get_execution_options().get("write", False)
        connection.exec_driver_sql("BEGIN IMMEDIATE" if immediate else "BEGIN")

    return engine


def get_engine(url: str | None = None) -> Engine:
    """One shared engine per URL for the whole process."""
    url = url or settings().database_url
    with _lock:
        engine = _engines.get(url)
        if engine is None:
            engine = _engines[url] = create(url)
        return engine


def dispose_all() -> None:
    with _lock:
        for engine in _engines.values():
            dispose(engine)
        _engines.clear()


def dispose(engine: Engine) -> None:
    """Close the engine's pooled connections, its SQLite writer's included."""
    writer = _writers.get(engine)
    if writer is not None:
        writer.dispose()
    engine.dispose()


def writer(engine: Engine) -> Engine:
    """The engine `write` uses for `engine`: its SQLite writer, or itself."""
    return _writers.get(engine, engine)


@contextmanager
def write(engine: Engine) -> Iterator[Connection]:
    """A write transaction: commits on success, rolls back on error."""
    with writer(engine).connect().execution_options(write=True) as connection, connection.begin():
        yield connection


def erase_leftovers(engine: Engine) -> None:
    """After deleting someone's data: leave no copy of it in SQLite's write-ahead log.

    secure_delete (set on every connection) zeroes the deleted rows in the
    database pages; a truncating checkpoint then copies the log into the file
    and empties it, so the -wal file no longer holds the old pages. PostgreSQL
    keeps dead row versions until VACUUM (autovacuum) reclaims them: see docs/privacy.md.
    """
    if writer(engine).dialect.name != "sqlite" or not _is_file(str(engine.url)):
        return
    raw = writer(engine).raw_connection()
    try:
        assert raw.driver_connection is not None  # a live pooled connection always has one
        raw.driver_connection.execute("PRAGMA wal_checkpoint(TRUNCATE)").fetchall()
    finally:
        raw.close()


@contextmanager
def read(engine: Engine) -> Iterator[Connection]:
    with engine.connect() as connection, connection.begin():
        yield connection
