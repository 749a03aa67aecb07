"""Facilitator: the audience screen for the projector. It follows the presenter on its own.

Open it from the Present page ("Open the audience screen"): that window gets the
audience role, which shows this one session's audience screen and nothing else.
Staff can also open /audience?session=CODE in a browser logged in as staff.
"""

from __future__ import annotations

import streamlit as st

from ui.staff import audience, auth
from ui.staff.common import SELECTED

screen_code = auth.audience_code()  # a projector window's one session (None for staff)
if screen_code is None:
    auth.require_staff()

st.set_page_config(layout="wide", initial_sidebar_state="collapsed")
audience.styles()
if screen_code is not None:
    st.query_params[auth.SESSION_PARAM] = screen_code  # its own session, whatever the address
session = audience.session_from_url(st.session_state.get(SELECTED))
if session is None:
    st.info("Open this screen from the Present page, or add ?session=CODE to the address.")
    st.stop()


@st.fragment(run_every=audience.AUDIENCE_REFRESH_SECONDS)
def follow(session_id: int) -> None:
    audience.draw(session_id)


follow(session.id)
