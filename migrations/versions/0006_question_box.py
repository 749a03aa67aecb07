"""The anonymous question box: questions and their votes, no timestamps.

Revision ID: 0006
Revises: 0004 (the lead re-chains it after 0005 at merge)
"""

import sqlalchemy as sa
from alembic import op

revision = "0006"
down_revision = "0005"  # re-chained at merge: 0005 published results comes first
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "questions",
        sa.Column("id", sa.String(32), primary_key=True),
        sa.Column(
            "session_id",
            sa.Integer,
            sa.ForeignKey("workshop_sessions.id", ondelete="CASCADE"),
            nullable=False,
        ),
        sa.Column(
            "participant_id",
            sa.String(32),
            sa.ForeignKey("participants.id", ondelete="CASCADE"),
            nullable=False,
        ),
        sa.Column("text", sa.Text, nullable=False),
        sa.Column("status", sa.String(10), nullable=False),
        sa.Column("shuffle", sa.Float, nullable=True),
    )
    op.create_index("ix_questions_participant_id", "questions", ["participant_id"])
    op.create_index("ix_questions_session_status", "questions", ["session_id", "status"])
    op.create_table(
        "question_votes",
        sa.Column(
            "question_id",
            sa.String(32),
            sa.ForeignKey("questions.id", ondelete="CASCADE"),
            primary_key=True,
        ),
        sa.Column(
            "participant_id",
            sa.String(32),
            sa.ForeignKey("participants.id", ondelete="CASCADE"),
            primary_key=True,
        ),
    )
    op.create_index("ix_question_votes_participant_id", "question_votes", ["participant_id"])


def downgrade() -> None:
    op.drop_table("question_votes")
    op.drop_table("questions")
