"""Database tables (SQLAlchemy Core). Migrations in migrations/ create them.

Nothing here identifies a person: no names, no IP addresses, no user agents,
and no timestamps on participants or answers (a tap's time could single out
who tapped).
"""

from __future__ import annotations

from sqlalchemy import (
    Boolean,
    Column,
    DateTime,
    Float,
    ForeignKey,
    Index,
    Integer,
    MetaData,
    String,
    Table,
    Text,
)

metadata = MetaData()

sessions = Table(
    "workshop_sessions",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("code", String(6), nullable=False, unique=True),
    Column("title", String(200), nullable=False),
    Column("survey_id", String(60), nullable=False),
    Column("survey_version", Integer, nullable=False),
    Column("snapshot", Text, nullable=False),  # SurveySnapshot as JSON
    Column("settings", Text, nullable=False),  # SessionSettings as JSON
    Column("state", String(10), nullable=False),  # draft | open | closed
    Column("current_step", Integer, nullable=False, default=0),
    Column("created_at", DateTime(timezone=True), nullable=False),
)

participants = Table(
    "participants",
    metadata,
    Column("id", String(32), primary_key=True),  # random, lives only in the participant's URL
    Column(
        "session_id",
        Integer,
        ForeignKey("workshop_sessions.id", ondelete="CASCADE"),
        nullable=False,
        index=True,
    ),
    Column("consented", Boolean, nullable=False, default=False),
    Column("step", Integer, nullable=False, default=0),  # where to resume
    Column("finished", Boolean, nullable=False, default=False),
)

answers = Table(
    "answers",
    metadata,
    Column(
        "participant_id",
        String(32),
        ForeignKey("participants.id", ondelete="CASCADE"),
        primary_key=True,
    ),
    Column("item_id", String(60), primary_key=True),
    Column("session_id", Integer, nullable=False),
    Column("value", Text, nullable=True),  # JSON; NULL when declined
    Column("number", Float, nullable=True),  # number/slider value, for SQL summaries
    Column("declined", Boolean, nullable=False, default=False),  # "prefer not to answer"
    Column("moderation", String(10), nullable=True),  # free text: pending|approved|hidden
    Index("ix_answers_session_item", "session_id", "item_id"),
)

# One row per chosen option code, so option counts and mean ranks are a
# GROUP BY in SQL. Added by migration 0002.
answer_codes = Table(
    "answer_codes",
    metadata,
    Column(
        "participant_id",
        String(32),
        ForeignKey("participants.id", ondelete="CASCADE"),
        primary_key=True,
    ),
    Column("item_id", String(60), primary_key=True),
    Column("code", String(40), primary_key=True),
    Column("position", Integer, nullable=False),  # rank for ranking items, else 0
    Column("session_id", Integer, nullable=False),
    Index("ix_answer_codes_session_item", "session_id", "item_id", "code"),
)

# The anonymous question box (migration 0006). A question is linked to its
# participant only so withdrawal deletes it and a vote counts once. No
# timestamps and no sequence: ids are random, and the order shown is a
# random key drawn at approval, then votes.
questions = Table(
    "questions",
    metadata,
    Column("id", String(32), primary_key=True),  # random hex, never a sequence
    Column(
        "session_id",
        Integer,
        ForeignKey("workshop_sessions.id", ondelete="CASCADE"),
        nullable=False,
    ),
    Column(
        "participant_id",
        String(32),
        ForeignKey("participants.id", ondelete="CASCADE"),
        nullable=False,
        index=True,
    ),
    Column("text", Text, nullable=False),
    # pending | approved | hidden | answering | answered
    Column("status", String(10), nullable=False),
    Column("shuffle", Float, nullable=True),  # random, drawn when approved
    Index("ix_questions_session_status", "session_id", "status"),
)

question_votes = Table(
    "question_votes",
    metadata,
    Column(
        "question_id",
        String(32),
        ForeignKey("questions.id", ondelete="CASCADE"),
        primary_key=True,
    ),
    Column(
        "participant_id",
        String(32),
        ForeignKey("participants.id", ondelete="CASCADE"),
        primary_key=True,  # one vote per participant per question
        index=True,
    ),
)
