"""Facilitator: the audience screen for the projector. It follows the presenter on its own.

Opened in its own window from Present ("Open the audience screen"): that window
gets the audience role, which shows this one session's audience screen and
nothing else. Staff can also open /audience?session=CODE in a browser logged in
as staff. Reached from the menu (no ?session= in the address) it is the
presenter's own tab: rather than turn that tab into a screen with no controls,
it offers the separate window and the way back to Present.
"""

from __future__ import annotations

import streamlit as st

from ui.staff import audience, auth
from ui.staff.common import SELECTED, session_or_stop
from workshop.i18n import _

LINK = "fac_audience_menu_link"  # the one-time audience link made for this tab

screen_code = auth.audience_code()  # a projector window's one session (None for staff)
if screen_code is None:
    auth.require_staff()

if screen_code is None and audience.SESSION_PARAM not in st.query_params:
    st.title(_("Audience screen"))
    chosen = session_or_stop()
    st.markdown(
        _(
            "The audience screen opens in a **separate window**: drag it to the projector and "
            "press F11. This tab stays your presenter's tab. The link opens this session's "
            "audience screen in that window and nothing else (no staff page); it works once, "
            "within 2 minutes."
        )
    )
    audience.audience_link_maker(
        chosen.code, LINK, "aud_make", _("Open the audience screen in a new window"), primary=True
    )
    if st.button(_("Back to Present"), icon=":material/slideshow:", key="aud_back"):
        st.switch_page("app_pages/facilitator_present.py")
    st.stop()

st.set_page_config(layout="wide", initial_sidebar_state="collapsed")
audience.styles()
if screen_code is not None:
    st.query_params[auth.SESSION_PARAM] = screen_code  # its own session, whatever the address
session = audience.session_from_url(st.session_state.get(SELECTED))
if session is None:
    st.info(_("Open this screen from the Present page, or add ?session=CODE to the address."))
    st.stop()


@st.fragment(run_every=audience.AUDIENCE_REFRESH_SECONDS)
def follow(session_id: int) -> None:
    audience.draw(session_id)


follow(session.id)
