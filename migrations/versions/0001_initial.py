"""Sessions, participants and answers.

Revision ID: 0001
Revises:
"""

import sqlalchemy as sa
from alembic import op

revision = "0001"
down_revision = None
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "workshop_sessions",
        sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
        sa.Column("code", sa.String(6), nullable=False, unique=True),
        sa.Column("title", sa.String(200), nullable=False),
        sa.Column("survey_id", sa.String(60), nullable=False),
        sa.Column("survey_version", sa.Integer, nullable=False),
        sa.Column("snapshot", sa.Text, nullable=False),
        sa.Column("settings", sa.Text, nullable=False),
        sa.Column("state", sa.String(10), nullable=False),
        sa.Column("current_step", sa.Integer, nullable=False, server_default="0"),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
    )
    op.create_table(
        "participants",
        sa.Column("id", sa.String(32), primary_key=True),
        sa.Column(
            "session_id",
            sa.Integer,
            sa.ForeignKey("workshop_sessions.id", ondelete="CASCADE"),
            nullable=False,
        ),
        sa.Column("consented", sa.Boolean, nullable=False, server_default=sa.false()),
        sa.Column("step", sa.Integer, nullable=False, server_default="0"),
        sa.Column("finished", sa.Boolean, nullable=False, server_default=sa.false()),
    )
    op.create_index("ix_participants_session_id", "participants", ["session_id"])
    op.create_table(
        "answers",
        sa.Column(
            "participant_id",
            sa.String(32),
            sa.ForeignKey("participants.id", ondelete="CASCADE"),
            primary_key=True,
        ),
        sa.Column("item_id", sa.String(60), primary_key=True),
        sa.Column("session_id", sa.Integer, nullable=False),
        sa.Column("value", sa.Text, nullable=True),
        sa.Column("number", sa.Float, nullable=True),
        sa.Column("declined", sa.Boolean, nullable=False, server_default=sa.false()),
        sa.Column("moderation", sa.String(10), nullable=True),
    )
    op.create_index("ix_answers_session_item", "answers", ["session_id", "item_id"])


def downgrade() -> None:
    op.drop_table("answers")
    op.drop_table("participants")
    op.drop_table("workshop_sessions")
