"""Facilitator: the audience screen for the projector. It follows the presenter on its own.

Open it from the Present page ("Open the audience screen"), or at
/audience?session=CODE in a browser logged in as staff.
"""

from __future__ import annotations

import streamlit as st

from ui.staff import audience
from ui.staff.auth import require_staff
from ui.staff.common import SELECTED

require_staff()

st.set_page_config(layout="wide", initial_sidebar_state="collapsed")
audience.styles()
session = audience.session_from_url(st.session_state.get(SELECTED))
if session is None:
    st.info("Open this screen from the Present page, or add ?session=CODE to the address.")
    st.stop()


@st.fragment(run_every=audience.AUDIENCE_REFRESH_SECONDS)
def follow(session_id: int) -> None:
    audience.draw(session_id)


follow(session.id)
