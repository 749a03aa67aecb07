"""Changing a session's settings: each change one write transaction with the row locked.

Reveal and hide, word-cloud hiding, the join lock and the expected room size
all go through `change_settings`, so two taps (or a tap and another change)
never undo each other, and every change is validated like the settings model.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from sqlalchemy import Engine, select, update

from workshop import db
from workshop.errors import SessionNotFound
from workshop.schema import sessions
from workshop.sessions import SessionSettings, WorkshopSession, get_session, parse_settings


def set_revealed(engine: Engine, session_id: int, item_id: str, revealed: bool) -> WorkshopSession:
    """Show or hide one question's results to the room."""
    return _set_member(engine, session_id, "revealed_items", item_id, revealed)


def set_word_hidden(engine: Engine, session_id: int, word: str, hidden: bool) -> WorkshopSession:
    """Take a word off (or put it back on) this session's word clouds; answers are kept."""
    return _set_member(engine, session_id, "hidden_words", word, hidden)


def set_joining_locked(engine: Engine, session_id: int, locked: bool) -> WorkshopSession:
    """Stop (or allow again) new participants joining; those already in keep going."""
    return _change(engine, session_id, joining_locked=locked)


def set_noise(engine: Engine, session_id: int, on: bool) -> WorkshopSession:
    """Noise on what the room sees (the default), or exact counts after the facilitator's choice."""
    return _change(engine, session_id, noise=on)


def set_epsilon(engine: Engine, session_id: int, epsilon: float) -> WorkshopSession:
    """The privacy loss per noisy release (MIN_EPSILON to MAX_EPSILON); from the next batch on."""
    return _change(engine, session_id, epsilon=epsilon)


def set_expected_size(engine: Engine, session_id: int, size: int | None) -> WorkshopSession:
    """The room size the facilitator expects (None: not set); validated like the setting."""
    return _change(engine, session_id, expected_size=size)


def _change(engine: Engine, session_id: int, **changes: object) -> WorkshopSession:
    """Change some settings in one write transaction with the row locked (change_settings)."""
    return change_settings(engine, session_id, lambda _current: changes)


def _set_member(
    engine: Engine, session_id: int, field: str, value: str, present: bool
) -> WorkshopSession:
    """Add or remove one value of a tuple setting, under the row lock of change_settings."""

    def toggled(current: SessionSettings) -> dict[str, Any]:
        values = [v for v in getattr(current, field) if v != value]
        if present:
            values.append(value)
        return {field: tuple(values)}

    return change_settings(engine, session_id, toggled)


def change_settings(
    engine: Engine,
    session_id: int,
    change: Callable[[SessionSettings], dict[str, Any]],
    **columns: object,
) -> WorkshopSession:
    """Update settings fields (and optionally row columns) in one locked write transaction.

    The row is locked (FOR UPDATE; SQLite's writer already runs one at a time), so
    two taps, or a tap and another settings change, never undo each other.
    """
    with db.write(engine) as connection:
        stored = connection.execute(
            select(sessions.c.settings).where(sessions.c.id == session_id).with_for_update()
        ).scalar_one_or_none()
        if stored is None:
            raise SessionNotFound(f"There is no session with id {session_id}.")
        current = parse_settings(stored)
        # Validated, so a size of 0 or a non-number is refused with pydantic's message.
        changed = SessionSettings.model_validate({**current.model_dump(), **change(current)})
        connection.execute(
            update(sessions)
            .where(sessions.c.id == session_id)
            .values(settings=changed.model_dump_json(), **columns)
        )
    return get_session(engine, session_id)
