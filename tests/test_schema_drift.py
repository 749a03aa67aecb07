"""The tables in workshop/schema.py are exactly what the migrations create.

Alembic's autogenerate compares the one MetaData with a database migrated to
head; any difference (a table missing from the MetaData, a column type, an
index, a server default, nullability) would become a migration someone runs
by accident. Runs on SQLite and on PostgreSQL.
"""

from __future__ import annotations

from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlalchemy import Engine

from workshop import schema


def test_migrations_and_schema_agree(engine: Engine) -> None:
    with engine.connect() as connection:
        context = MigrationContext.configure(
            connection, opts={"compare_type": True, "compare_server_default": True}
        )
        diff = compare_metadata(context, schema.metadata)
    assert diff == []


def test_every_table_is_on_the_one_metadata(engine: Engine) -> None:
    from sqlalchemy import inspect

    tables = set(inspect(engine).get_table_names()) - {"alembic_version"}
    assert tables == set(schema.metadata.tables)
