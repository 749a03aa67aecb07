"""What was published per question (live batches, released snapshots) is kept in the database.

Revision ID: 0005
Revises: 0004
"""

import sqlalchemy as sa
from alembic import op

revision = "0005"
down_revision = "0004"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "published_results",
        sa.Column(
            "session_id",
            sa.Integer,
            sa.ForeignKey("workshop_sessions.id", ondelete="CASCADE"),
            primary_key=True,
        ),
        sa.Column("scope", sa.String(10), primary_key=True),
        sa.Column("item_id", sa.String(60), primary_key=True),
        sa.Column("responded", sa.Integer, nullable=False),
        sa.Column("basis", sa.Text, nullable=False),
    )


def downgrade() -> None:
    op.drop_table("published_results")
