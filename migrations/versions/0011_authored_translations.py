"""An authored survey version keeps its texts in the other languages it declares.

Revision ID: 0011
Revises: 0010

JSON {language: texts} (workshop/authored_texts.py), the same words a shipped
survey's content/surveys/<lang>/ file holds; NULL for a survey in one
language. Versions stored before this revision have none, as before.
"""

import sqlalchemy as sa
from alembic import op

revision = "0011"
down_revision = "0010"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("authored_surveys") as batch:
        batch.add_column(sa.Column("translations", sa.Text(), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("authored_surveys") as batch:
        batch.drop_column("translations")
