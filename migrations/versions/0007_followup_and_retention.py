"""Follow-up links by keyed code hash; per-session retention and the aggregates kept after a purge.

Revision ID: 0007
Revises: 0004 (the lead re-chains it after 0006 at merge)

Existing sessions get no retention period (NULL: kept until someone deletes
them), so upgrading never deletes data that was collected under another promise.
"""

import sqlalchemy as sa
from alembic import op

revision = "0007"
down_revision = "0006"  # re-chained at merge
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("workshop_sessions") as batch:
        batch.add_column(sa.Column("retention_days", sa.Integer(), nullable=True))
        batch.add_column(sa.Column("closed_at", sa.DateTime(timezone=True), nullable=True))
        batch.add_column(sa.Column("purged_at", sa.DateTime(timezone=True), nullable=True))
        batch.add_column(sa.Column("aggregates", sa.Text(), nullable=True))
        batch.add_column(sa.Column("follow_up_of", sa.Integer(), nullable=True))
    op.create_table(
        "followup_links",
        sa.Column(
            "participant_id",
            sa.String(32),
            sa.ForeignKey("participants.id", ondelete="CASCADE"),
            primary_key=True,
        ),
        sa.Column("kind", sa.String(10), primary_key=True),
        sa.Column("session_id", sa.Integer(), nullable=False),
        sa.Column("code_hash", sa.String(64), nullable=False),
        sa.Column(
            "followup_participant_id",
            sa.String(32),
            sa.ForeignKey("participants.id", ondelete="SET NULL"),
            nullable=True,
        ),
    )
    op.create_index("ix_followup_links_session_hash", "followup_links", ["session_id", "code_hash"])
    op.create_index("ix_followup_links_followup", "followup_links", ["followup_participant_id"])


def downgrade() -> None:
    op.drop_index("ix_followup_links_followup", "followup_links")
    op.drop_index("ix_followup_links_session_hash", "followup_links")
    op.drop_table("followup_links")
    with op.batch_alter_table("workshop_sessions") as batch:
        for name in ("follow_up_of", "aggregates", "purged_at", "closed_at", "retention_days"):
            batch.drop_column(name)
