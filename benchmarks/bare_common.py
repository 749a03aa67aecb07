"""What both bare baseline pages share: their SQLite store and the app's GC policy.

Imported by the bare pages as `benchmarks.bare_common` (they put the project
root on sys.path, since `streamlit run` only adds the script's folder).
"""

from __future__ import annotations

import os
import sqlite3
import tempfile
import threading

import streamlit as st

from ui.shared import streamlit_patches

_DB = os.environ.get("BARE_APP_DB", os.path.join(tempfile.gettempdir(), "workshop-bare-app.db"))


@st.cache_resource
def connection() -> tuple[sqlite3.Connection, threading.Lock]:
    """One autocommit connection per process, and a lock for its writers."""
    db = sqlite3.connect(_DB, check_same_thread=False, isolation_level=None)
    db.execute("PRAGMA journal_mode=WAL")
    db.execute("CREATE TABLE IF NOT EXISTS clicks (who TEXT, step INTEGER, value TEXT)")
    return db, threading.Lock()


def insert(who: str, step: int, value: str) -> None:
    db, lock = connection()
    with lock:
        db.execute("INSERT INTO clicks VALUES (?, ?, ?)", (who, step, value))


def same_gc_policy() -> None:
    """The app's collector settings (ui/shared/streamlit_patches.py), so ratios compare pages only."""
    streamlit_patches.apply_gc_policy_once()
