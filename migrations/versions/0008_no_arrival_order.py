"""Participant tables keep no arrival order; self-made follow-up codes count their saves;
the staff guess budget shared by every tab goes (waits are per tab only).

Revision ID: 0008
Revises: 0007

On SQLite, a table with a rowid stores its rows in insertion order, which is
the order people arrived and answered in. The tables that hold what
participants gave are rebuilt WITHOUT ROWID, ordered by their random keys.
migrate.upgrade switches SQLite's foreign keys off around the migration (as
SQLite's documented procedure for rebuilding a table asks), so rebuilding a
parent table cannot cascade into its children; it checks them afterwards.
PostgreSQL has no rowid: there only the new column is added.
"""

import sqlalchemy as sa
from alembic import op

revision = "0008"
down_revision = "0007"
branch_labels = None
depends_on = None

# Children before parents does not matter with foreign keys off; parents first reads well.
REBUILT = (
    "participants",
    "answers",
    "answer_codes",
    "followup_links",
    "questions",
    "question_votes",
)


def upgrade() -> None:
    with op.batch_alter_table("participants") as batch:
        batch.add_column(
            sa.Column("self_code_saves", sa.Integer(), nullable=False, server_default="0")
        )
    with op.batch_alter_table("staff_credentials") as batch:
        batch.drop_column("failures")
        batch.drop_column("locked_until")
    if op.get_bind().dialect.name != "sqlite":
        return
    for table in REBUILT:
        with op.batch_alter_table(
            table, recreate="always", table_kwargs={"sqlite_with_rowid": False}
        ):
            pass


def downgrade() -> None:
    if op.get_bind().dialect.name == "sqlite":
        for table in REBUILT:
            with op.batch_alter_table(table, recreate="always"):
                pass
    with op.batch_alter_table("participants") as batch:
        batch.drop_column("self_code_saves")
    with op.batch_alter_table("staff_credentials") as batch:
        batch.add_column(sa.Column("failures", sa.Integer(), nullable=False, server_default="0"))
        batch.add_column(sa.Column("locked_until", sa.DateTime(timezone=True), nullable=True))
