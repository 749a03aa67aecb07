"""The content library for every page: one process-wide cache, reread at most a minute old.

Educators edit content/ while the app runs; pages see the edit within
CONTENT_TTL_SECONDS, and forget_content() rereads it at once (for a caller
that must not use a stale copy, such as creating a session from a survey).
"""

from __future__ import annotations

import streamlit as st

from ui.shared.runtime import app_settings
from workshop.loading import ContentLibrary, load_content

CONTENT_TTL_SECONDS = 60


@st.cache_resource(show_spinner=False, ttl=CONTENT_TTL_SECONDS)
def _load(content_dir: str) -> ContentLibrary:
    return load_content(content_dir)


def content_library() -> ContentLibrary:
    """The surveys, modules and resources under the configured content folder."""
    return _load(str(app_settings().content_dir))


def forget_content() -> None:
    """Drop the cached library: the next content_library() reads content/ again."""
    _load.clear()
