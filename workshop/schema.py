"""Database tables (SQLAlchemy Core). Migrations in migrations/ create them.

Nothing here identifies a person: no names, no IP addresses, no user agents,
and no timestamps on participants or answers (a tap's time could single out
who tapped).
"""

from __future__ import annotations

from typing import Any

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
    UniqueConstraint,
    false,
    true,
)

metadata = MetaData()


def _session_key(**options: Any) -> Column[Any]:
    """The session a row belongs to: deleting the session deletes the row."""
    fk = ForeignKey("workshop_sessions.id", ondelete="CASCADE")
    return Column("session_id", Integer, fk, **options)


def _participant_key(**options: Any) -> Column[Any]:
    """The participant a row belongs to: withdrawing deletes the row."""
    fk = ForeignKey("participants.id", ondelete="CASCADE")
    return Column("participant_id", String(32), fk, **options)


def _flag(name: str) -> Column[bool]:
    """A yes/no column that starts as no, in new rows and in rows stored before it."""
    return Column(name, Boolean, nullable=False, default=False, server_default=false())


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
    Column("current_step", Integer, nullable=False, default=0, server_default="0"),
    Column("created_at", DateTime(timezone=True), nullable=False),
    # Added by migration 0007 (follow-up and retention, workshop/retention.py).
    Column("retention_days", Integer, nullable=True),  # NULL: kept until deleted by hand
    Column("closed_at", DateTime(timezone=True), nullable=True),  # last close; NULL while open
    Column("purged_at", DateTime(timezone=True), nullable=True),  # raw data deleted then
    Column("aggregates", Text, nullable=True),  # published counts kept after the purge (JSON)
    Column("follow_up_of", Integer, nullable=True),  # the workshop session this one follows up
)

# Tables holding what participants gave are stored WITHOUT ROWID on SQLite: a
# rowid table keeps rows in insertion order, which is arrival order, and the
# README promises none is kept. Their keys are random, so so is their order.
# (Migration 0008; PostgreSQL has no rowid and ignores the option.)
SQLITE_WITH_ROWID = False  # passed as sqlite_with_rowid= to each such table

participants = Table(
    "participants",
    metadata,
    Column("id", String(32), primary_key=True),  # random, lives only in the participant's URL
    _session_key(nullable=False, index=True),
    _flag("consented"),
    Column("step", Integer, nullable=False, default=0, server_default="0"),  # where to resume
    _flag("finished"),
    # How often a self-made follow-up code was saved (workshop/followup.py limits it).
    Column("self_code_saves", Integer, nullable=False, default=0, server_default="0"),
    sqlite_with_rowid=SQLITE_WITH_ROWID,
)

answers = Table(
    "answers",
    metadata,
    _participant_key(primary_key=True),
    Column("item_id", String(60), primary_key=True),
    Column("session_id", Integer, nullable=False),
    Column("value", Text, nullable=True),  # JSON; NULL when declined
    Column("number", Float, nullable=True),  # number/slider value, for SQL summaries
    _flag("declined"),  # "prefer not to answer"
    Column("moderation", String(10), nullable=True),  # free text: pending|approved|hidden
    Index("ix_answers_session_item", "session_id", "item_id"),
    sqlite_with_rowid=SQLITE_WITH_ROWID,
)

# One row per chosen option code, so option counts and mean ranks are a
# GROUP BY in SQL. Added by migration 0002.
answer_codes = Table(
    "answer_codes",
    metadata,
    _participant_key(primary_key=True),
    Column("item_id", String(60), primary_key=True),
    Column("code", String(40), primary_key=True),
    Column("position", Integer, nullable=False),  # rank for ranking items, else 0
    Column("session_id", Integer, nullable=False),
    Index("ix_answer_codes_session_item", "session_id", "item_id", "code"),
    sqlite_with_rowid=SQLITE_WITH_ROWID,
)

# What a display last published per question (migration 0005): the counts a
# batch was drawn from, so hiding and revealing, a restart and every replica
# show the same batch. scope "live" is the room's chart; "released" is the
# snapshot the facilitator released to participants' end screens.
published_results = Table(
    "published_results",
    metadata,
    _session_key(primary_key=True),
    Column("scope", String(10), primary_key=True),  # live | released
    Column("item_id", String(60), primary_key=True),
    Column("responded", Integer, nullable=False),  # the batch's response count
    Column("basis", Text, nullable=False),  # counts only (JSON), no participant ids
)


# A participant's opt-in to a follow-up: only a keyed hash (HMAC) of their code
# is stored. Added by migration 0007; see workshop/followup.py.
# followup_links.kind: a random code shown once to its holder, or a self-made one.
FOLLOWUP_RANDOM = "random"
FOLLOWUP_SELF = "self"

followup_links = Table(
    "followup_links",
    metadata,
    _participant_key(primary_key=True),
    Column("kind", String(10), primary_key=True),  # random | self
    Column("session_id", Integer, nullable=False),  # the workshop session
    Column("code_hash", String(64), nullable=False),
    Column(
        "followup_participant_id",
        String(32),
        ForeignKey("participants.id", ondelete="SET NULL"),
        nullable=True,
    ),
    Index("ix_followup_links_session_hash", "session_id", "code_hash"),
    Index("ix_followup_links_followup", "followup_participant_id"),
    sqlite_with_rowid=SQLITE_WITH_ROWID,
)


# The anonymous question box (migration 0006). A question is linked to its
# participant only so withdrawal deletes it and a vote counts once. No
# timestamps and no sequence: ids are random, and the order shown is a
# random key drawn at approval, then votes.
questions = Table(
    "questions",
    metadata,
    Column("id", String(32), primary_key=True),  # random hex, never a sequence
    _session_key(nullable=False),
    _participant_key(nullable=False, index=True),
    Column("text", Text, nullable=False),
    # pending | approved | hidden | answering | answered
    Column("status", String(10), nullable=False),
    Column("shuffle", Float, nullable=True),  # random, drawn when approved
    Index("ix_questions_session_status", "session_id", "status"),
    sqlite_with_rowid=SQLITE_WITH_ROWID,
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
    _participant_key(primary_key=True, index=True),  # one vote per participant per question
    sqlite_with_rowid=SQLITE_WITH_ROWID,
)


# Staff access (workshop/staff_credentials.py, migration 0003): the passphrase's
# scrypt hash, NULL while one is configured. (Migration 0008 dropped the shared
# guess budget's counter: wrong guesses are slowed per tab only.)
staff_credentials = Table(
    "staff_credentials",
    metadata,
    Column("name", String(20), primary_key=True),
    Column("passphrase_hash", Text, nullable=True),
)

# One-time login links and tab tokens (migration 0004), by SHA-256 hash only:
# one row per unused token, deleted when used or expired (workshop/staff_tokens.py).
staff_login_links = Table(
    "staff_login_links",
    metadata,
    Column("token_hash", String(64), primary_key=True),
    Column("expires_at", DateTime(timezone=True), nullable=False),
)


# Content staff authored in the app (migration 0009; workshop/authored.py,
# workshop/authored_resources.py). Not participant data: no table here links
# to a participant. Rows are only ever inserted: a version a session used is
# never changed, and (name, version) being unique makes two staff saving the
# same version at once a refusal for the second, not a lost edit.
authored_surveys = Table(
    "authored_surveys",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("survey_id", String(60), nullable=False),
    Column("version", Integer, nullable=False),
    Column("title", String(120), nullable=False),
    Column("body", Text, nullable=False),  # the survey as YAML (workshop/survey_yaml.py)
    # Its texts in its other languages, JSON (workshop/authored_texts.py); NULL: none.
    Column("translations", Text, nullable=True),
    Column("based_on", String(80), nullable=True),  # "aftercare-workshop-60 v3" for a copy
    Column("created_at", DateTime(timezone=True), nullable=False),
    UniqueConstraint("survey_id", "version", name="uq_authored_surveys_version"),
)

authored_resources = Table(
    "authored_resources",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("version", Integer, nullable=False, unique=True),
    Column("body", Text, nullable=False),  # Resources as JSON
    # True: the default for new sessions; False: saved to be picked for one session.
    Column("for_default", Boolean, nullable=False, default=True, server_default=true()),
    Column("created_at", DateTime(timezone=True), nullable=False),
)

# Support resources in another language, for one English list (workshop/resource_texts.py):
# keyed by the English list's hash, so a changed list is never shown with old words.
resource_translations = Table(
    "resource_translations",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("english_hash", String(8), nullable=False),
    Column("language", String(16), nullable=False),
    Column("body", Text, nullable=False),  # Resources as JSON, the same services in order
    Column("created_at", DateTime(timezone=True), nullable=False),
    Index("ix_resource_translations_english", "english_hash", "language"),
)
