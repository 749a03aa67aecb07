"""Support resources staff write in the app, in other languages.

Revision ID: 0012
Revises: 0011

One row per translation of one English list (workshop/resource_texts.py),
keyed by the English list's hash: a list changed in English has no
translation until someone translates it again. No participant data.
"""

import sqlalchemy as sa
from alembic import op

revision = "0012"
down_revision = "0011"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "resource_translations",
        sa.Column("id", sa.Integer(), primary_key=True, autoincrement=True),
        sa.Column("english_hash", sa.String(8), nullable=False),
        sa.Column("language", sa.String(16), nullable=False),
        sa.Column("body", sa.Text(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
    )
    op.create_index(
        "ix_resource_translations_english", "resource_translations", ["english_hash", "language"]
    )


def downgrade() -> None:
    op.drop_index("ix_resource_translations_english", "resource_translations")
    op.drop_table("resource_translations")
