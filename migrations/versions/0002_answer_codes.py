"""Chosen option codes in their own table, so counts are a SQL GROUP BY.

Backfills the codes of every answer already stored.

Revision ID: 0002
Revises: 0001
"""

import json

import sqlalchemy as sa
from alembic import op

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "answer_codes",
        sa.Column(
            "participant_id",
            sa.String(32),
            sa.ForeignKey("participants.id", ondelete="CASCADE"),
            primary_key=True,
        ),
        sa.Column("item_id", sa.String(60), primary_key=True),
        sa.Column("code", sa.String(40), primary_key=True),
        sa.Column("position", sa.Integer, nullable=False),
        sa.Column("session_id", sa.Integer, nullable=False),
    )
    op.create_index(
        "ix_answer_codes_session_item", "answer_codes", ["session_id", "item_id", "code"]
    )
    connection = op.get_bind()
    sessions = connection.execute(sa.text("SELECT id, snapshot FROM workshop_sessions")).all()
    kinds: dict[tuple[int, str], str] = {}
    for session_id, snapshot in sessions:
        for step in json.loads(snapshot)["survey"]["steps"]:
            if "kind" in step:
                kinds[(session_id, step["id"])] = step["kind"]
    rows = connection.execute(
        sa.text(
            "SELECT participant_id, item_id, session_id, value FROM answers WHERE value IS NOT NULL"
        )
    ).all()
    codes = []
    for participant_id, item_id, session_id, value in rows:
        kind = kinds.get((session_id, item_id))
        if kind not in ("likert", "single", "multiple", "ranking"):
            continue
        decoded = json.loads(value)
        chosen = decoded if isinstance(decoded, list) else [decoded]
        for position, code in enumerate(chosen, start=1):
            codes.append(
                {
                    "participant_id": participant_id,
                    "item_id": item_id,
                    "code": code,
                    "position": position if kind == "ranking" else 0,
                    "session_id": session_id,
                }
            )
    if codes:
        connection.execute(
            sa.text(
                "INSERT INTO answer_codes (participant_id, item_id, code, position, session_id) "
                "VALUES (:participant_id, :item_id, :code, :position, :session_id)"
            ),
            codes,
        )


def downgrade() -> None:
    op.drop_table("answer_codes")
