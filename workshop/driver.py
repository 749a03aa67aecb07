"""The participant tap's write transaction, run on the database driver directly.

A tap (Next, Back, "Prefer not to answer") is one write transaction of five
to eight small statements. Run through SQLAlchemy's Connection, each costs
several times what SQLite spends on it (execution context, result wrapping,
events); the measurements are in benchmarks/RESULTS.md ("What changed").
The statements stay SQLAlchemy Core, compiled once per dialect; only their
execution skips the Connection. Everything else in the app goes through SQLAlchemy as usual.

Rows come back as plain dicts holding the driver's own values: SQLite gives
0/1 for booleans and text for timestamps, which the caller converts.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping, Sequence
from contextlib import contextmanager, suppress
from typing import Any, cast

from sqlalchemy import Engine
from sqlalchemy.engine import Dialect
from sqlalchemy.exc import DBAPIError
from sqlalchemy.sql import ClauseElement
from sqlalchemy.sql.compiler import SQLCompiler

from workshop import db


class Prepared:
    """A Core statement compiled once per dialect, for the driver's cursor."""

    def __init__(self, statement: ClauseElement) -> None:
        self._statement = statement
        self._compiled: dict[str, tuple[str, tuple[str, ...] | None, dict[str, Any]]] = {}

    def sql(self, dialect: Dialect) -> tuple[str, tuple[str, ...] | None, dict[str, Any]]:
        """(SQL text, parameter order for positional drivers, values bound in the statement)."""
        compiled = self._compiled.get(dialect.name)
        if compiled is None:
            # statements (not DDL) compile with the dialect's SQL compiler
            built = cast(SQLCompiler, self._statement.compile(dialect=dialect))
            order = tuple(built.positiontup or ()) if dialect.positional else None
            fixed = {k: v for k, v in built.params.items() if v is not None}
            compiled = self._compiled[dialect.name] = (built.string, order, fixed)
        return compiled

    def bind(self, dialect: Dialect, values: Mapping[str, Any]) -> Sequence[Any] | dict[str, Any]:
        _, order, fixed = self.sql(dialect)
        merged = {**fixed, **values}
        return [merged[name] for name in order] if order is not None else merged


class Transaction:
    """Statements of one write transaction on a driver cursor."""

    def __init__(self, cursor: Any, dialect: Dialect) -> None:
        self._cursor = cursor
        self.dialect = dialect

    def run(self, statement: Prepared, **values: Any) -> int:
        """Execute; returns the number of rows changed."""
        self._execute(statement, values)
        changed: int = self._cursor.rowcount
        return changed

    def one(self, statement: Prepared, **values: Any) -> dict[str, Any] | None:
        """The first row as {column label: driver value}, or None."""
        self._execute(statement, values)
        row = self._cursor.fetchone()
        if row is None:
            return None
        names = [column[0] for column in self._cursor.description]
        self._cursor.fetchall()  # finish the statement, as .first() does
        return dict(zip(names, row, strict=True))

    def many(self, statement: Prepared, rows: list[dict[str, Any]]) -> None:
        sql = statement.sql(self.dialect)[0]
        params = [statement.bind(self.dialect, row) for row in rows]
        self._guard(sql, lambda: self._cursor.executemany(sql, params))

    def _execute(self, statement: Prepared, values: Mapping[str, Any]) -> None:
        sql = statement.sql(self.dialect)[0]
        params = statement.bind(self.dialect, values)
        self._guard(sql, lambda: self._cursor.execute(sql, params))

    def _guard(self, sql: str, call: Any) -> None:
        try:
            call()
        except self.dialect.loaded_dbapi.Error as exc:
            raise _wrapped(sql, exc, self.dialect) from exc


def _wrapped(sql: str | None, exc: Exception, dialect: Dialect) -> BaseException:
    # The same exception classes SQLAlchemy raises (OperationalError for a
    # locked database, IntegrityError, ...), without the parameters: they can
    # hold a participant's answer, and error messages may reach a log.
    return DBAPIError.instance(
        sql, None, exc, dialect.loaded_dbapi.Error, hide_parameters=True, dialect=dialect
    )


@contextmanager
def write(engine: Engine) -> Iterator[Transaction]:
    """A write transaction on the driver connection `db.write` would use.

    Commits on success, rolls back on any error. SQLite starts it with BEGIN
    IMMEDIATE, like db.write; PostgreSQL's driver begins one by itself.
    """
    writer = db.writer(engine)
    dialect = writer.dialect
    connection = writer.raw_connection()
    try:
        cursor = connection.cursor()
        transaction = Transaction(cursor, dialect)
        try:
            if dialect.name == "sqlite":
                transaction._guard("BEGIN IMMEDIATE", lambda: cursor.execute("BEGIN IMMEDIATE"))
            yield transaction
            transaction._guard("COMMIT", connection.commit)
        except BaseException:
            with suppress(dialect.loaded_dbapi.Error):  # the first error is the one to report
                connection.rollback()
            raise
        finally:
            cursor.close()
    finally:
        connection.close()  # back to the pool
