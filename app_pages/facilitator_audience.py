"""Facilitator: the audience screen for the projector. It follows the presenter on its own.

Opened in its own window from Present ("Open the audience screen"), or at
/audience?session=CODE in a browser logged in as staff. Reached from the menu
(no ?session= in the address) it is the presenter's own tab: rather than turn
that tab into a screen with no controls, it offers the separate window and the
way back to Present.
"""

from __future__ import annotations

import streamlit as st

from ui import audience
from ui.auth import require_staff
from ui.facilitator_common import SELECTED, choose_session
from ui.runtime import engine
from workshop import staff_tokens

require_staff()

if audience.SESSION_PARAM not in st.query_params:
    st.title("Audience screen")
    with st.sidebar:
        chosen = choose_session()
    if chosen is None:
        st.stop()
    st.markdown(
        "The audience screen opens in a **separate window**: drag it to the projector and "
        "press F11. This tab stays your presenter's tab. The link logs that window in once "
        "(it works for 10 minutes)."
    )
    st.link_button(
        "Open the audience screen in a new window",
        audience.audience_path(chosen.code, staff_tokens.create_login_link(engine())),
        icon=":material/open_in_new:",
        type="primary",
    )
    if st.button("Back to Present", icon=":material/slideshow:", key="aud_back"):
        st.switch_page("app_pages/facilitator_present.py")
    st.stop()

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
