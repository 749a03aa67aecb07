"""Which language a report is written in when nobody says: the room's."""

from __future__ import annotations

from collections.abc import Sequence

from sqlalchemy import Engine

from workshop import i18n, sessions


def default_language(engine: Engine, session_ids: Sequence[int]) -> str:
    """The first session's audience screen language (what the room read), where the app
    has a catalog for it; else the source language."""
    if not session_ids:
        return i18n.SOURCE
    chosen = sessions.get_session(engine, session_ids[0]).settings.presentation_language
    return chosen if chosen in i18n.catalog_languages() else i18n.SOURCE
