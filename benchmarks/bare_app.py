"""A bare Streamlit page: the baseline our participant pages are measured against.

A few keyed widgets and one SQLite insert per click, nothing else. The load
simulator drives it with the same settings as the real app, so every figure
for our pages can be given as a ratio of this one.
"""

from __future__ import annotations

import sys
from pathlib import Path

import streamlit as st

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
from benchmarks.bare_common import insert, same_gc_policy

st.title("Bare page")
choice = st.radio("Pick one", ["a", "b", "c", "d", "e"], key="choice")
note = st.text_input("Note", key="note")
if st.button("Save", key="save"):
    insert(st.query_params.get("who", ""), len(note), f"{choice}:{note}")
    st.success("Saved")
st.markdown(f"Choice: {choice}")
same_gc_policy()
