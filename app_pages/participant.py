"""Participant: join a session by code."""

from __future__ import annotations

import streamlit as st

from ui.runtime import engine
from workshop import responses
from workshop.errors import WorkshopError

st.title("Join the workshop")
code_from_url = st.query_params.get("code", "")
with st.form("join", border=False):
    typed = st.text_input("Session code", value=code_from_url, max_chars=64, key="join_code")
    submitted = st.form_submit_button("Join", type="primary", use_container_width=True)
if submitted:
    try:
        session, participant = responses.join(engine(), typed)
    except WorkshopError as exc:
        st.error(str(exc))
    else:
        st.query_params["p"] = participant.id
        st.success(f"You joined “{session.title}”.")
