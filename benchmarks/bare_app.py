"""A bare Streamlit page: the baseline our participant pages are measured against.

A few keyed widgets and one SQLite insert per click, nothing else. The load
simulator drives it with the same settings as the real app, so every figure
for our pages can be given as a ratio of this one.
"""

from __future__ import annotations

import gc
import os
import sqlite3
import tempfile
import threading

import streamlit as st

_DB = os.environ.get("BARE_APP_DB", os.path.join(tempfile.gettempdir(), "workshop-bare-app.db"))


@st.cache_resource
def _connection() -> tuple[sqlite3.Connection, threading.Lock]:
    connection = sqlite3.connect(_DB, check_same_thread=False, isolation_level=None)
    connection.execute("PRAGMA journal_mode=WAL")
    connection.execute("CREATE TABLE IF NOT EXISTS clicks (who TEXT, step INTEGER, value TEXT)")
    return connection, threading.Lock()


st.title("Bare page")
choice = st.radio("Pick one", ["a", "b", "c", "d", "e"], key="choice")
note = st.text_input("Note", key="note")
if st.button("Save", key="save"):
    connection, lock = _connection()
    who = st.query_params.get("who", "")
    with lock:
        connection.execute(
            "INSERT INTO clicks VALUES (?, ?, ?)", (who, len(note), f"{choice}:{note}")
        )
    st.success("Saved")
st.markdown(f"Choice: {choice}")

# The same garbage-collection policy as the app (ui/gc_policy.py), so the
# ratio compares the pages, not two collector settings.
if not gc.isenabled() or gc.get_threshold()[0] != 20_000:
    gc.collect()
    gc.freeze()
    gc.set_threshold(20_000, 20, 20)
