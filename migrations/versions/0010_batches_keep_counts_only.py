"""Stored chart batches keep counts only: no approved text, no word fewer than k gave.

Revision ID: 0010
Revises: 0009

A released snapshot kept participants' approved texts, and every stored batch
kept words only one person gave, so they outlived a withdrawal, a text hidden
after the release, and the retention purge (issue 23 point 2). The app now
stores neither (analysis/live/batches.py) and reads texts from the approved
answers at display time; this migration rewrites the rows stored before:
texts dropped, words fewer than the session's k gave dropped and counted as
held back, and the batches of sessions already purged deleted (their
published aggregates are on the session row). No schema change; downgrade
cannot bring the removed text back: it gives each row an empty list of texts,
which the code before this revision expects.
"""

import json

import sqlalchemy as sa
from alembic import op

revision = "0010"
down_revision = "0009"
branch_labels = None
depends_on = None

DEFAULT_K = 5  # a session stored without a k setting reads as the default (workshop.sessions)


def _tables() -> tuple[sa.TableClause, sa.TableClause]:
    batches = sa.table(
        "published_results",
        sa.column("session_id", sa.Integer),
        sa.column("scope", sa.String),
        sa.column("item_id", sa.String),
        sa.column("basis", sa.Text),
    )
    sessions = sa.table(
        "workshop_sessions",
        sa.column("id", sa.Integer),
        sa.column("settings", sa.Text),
        sa.column("purged_at", sa.DateTime),
    )
    return batches, sessions


def _rewrite(bind: sa.Connection, batches: sa.TableClause, key: tuple, payload: dict) -> None:
    sid, scope, item = key
    bind.execute(
        sa.update(batches)
        .where(batches.c.session_id == sid, batches.c.scope == scope, batches.c.item_id == item)
        .values(basis=json.dumps(payload, sort_keys=True))
    )


def upgrade() -> None:
    # The rule for what a stored batch may keep has one home; a migration borrows it.
    from analysis.disclosure import DisclosurePolicy

    bind = op.get_bind()
    batches, sessions = _tables()
    purged = sa.select(sessions.c.id).where(sessions.c.purged_at.is_not(None))
    bind.execute(sa.delete(batches).where(batches.c.session_id.in_(purged)))
    ks = {
        sid: int(json.loads(settings or "{}").get("k", DEFAULT_K))
        for sid, settings in bind.execute(sa.select(sessions.c.id, sessions.c.settings))
    }
    rows = bind.execute(
        sa.select(batches.c.session_id, batches.c.scope, batches.c.item_id, batches.c.basis)
    ).all()
    for sid, scope, item, basis in rows:
        payload = json.loads(basis)
        if "texts" not in payload and "words_held_back" in payload:
            continue  # stored by the new code already
        policy = DisclosurePolicy(k=ks.get(sid, DEFAULT_K))
        kept, dropped = policy.storable_terms(
            {str(w): int(n) for w, n in (payload.get("words") or {}).items()}
        )
        payload.pop("texts", None)
        payload["words"] = kept
        payload["words_held_back"] = int(payload.get("words_held_back", 0)) + dropped
        _rewrite(bind, batches, (sid, scope, item), payload)


def downgrade() -> None:
    bind = op.get_bind()
    batches, _ = _tables()
    rows = bind.execute(
        sa.select(batches.c.session_id, batches.c.scope, batches.c.item_id, batches.c.basis)
    ).all()
    for sid, scope, item, basis in rows:
        payload = json.loads(basis)
        payload.setdefault("texts", [])
        _rewrite(bind, batches, (sid, scope, item), payload)
