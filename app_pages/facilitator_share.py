"""Facilitator: the join screen for the projector (code, QR code, live count)."""

from __future__ import annotations

import io

import segno
import streamlit as st

from ui.shared.live_results import REFRESH_SECONDS
from ui.shared.runtime import engine
from ui.staff import auth
from ui.staff.common import choose_session, projector_styles
from workshop import links, sessions
from workshop.i18n import _, ngettext, number
from workshop.sessions import SessionState

auth.require_staff()

st.set_page_config(layout="wide")
projector_styles()
# On the projector the sidebar only takes width from the QR code (and Streamlit
# applies initial_sidebar_state one page late), so this page hides it outright;
# the session picker and links to the next pages sit above the code instead.
st.html(
    "<style>[data-testid='stSidebar'], [data-testid='stExpandSidebarButton'] "
    "{display: none !important;}</style>"
)


@st.cache_data(max_entries=32, show_spinner=False)
def qr_png(url: str) -> bytes:
    buffer = io.BytesIO()
    segno.make(url, error="m").save(buffer, kind="png", scale=12, border=2, dark="#1F2A2E")
    return buffer.getvalue()


with st.container(key="share_picker", horizontal=True, vertical_alignment="bottom"):
    session = choose_session()
    st.page_link("app_pages/facilitator_sessions.py", label=_("Sessions"), icon=":material/event:")
    st.page_link(
        "app_pages/facilitator_present.py", label=_("Present"), icon=":material/slideshow:"
    )
if session is None:
    st.stop()

join = links.join_url(auth.base_url(), session.code)
code_column, qr_column = st.columns([3, 2], vertical_alignment="center")
with code_column:
    st.markdown(_("## Join on your phone"))
    st.markdown(_("Scan the QR code, or open the address below and type the code:"))
    with st.container(key="share_url"):
        st.text(join)
    with st.container(key="share_code"):
        st.text(session.code)
with qr_column, st.container(key="share_qr"):
    # Sized to its column (and to the screen's height) by the projector styles.
    st.image(
        qr_png(join),
        caption=_("Scan to join"),
        alt=_("QR code: scan it with a phone camera to open {address}").format(address=join),
        width="stretch",
    )


@st.fragment(run_every=REFRESH_SECONDS)
def live_count(session_id: int) -> None:
    current = sessions.get_session(engine(), session_id)
    joined = sessions.participant_count(engine(), session_id)
    with st.container(key="share_count"):
        st.markdown(
            ngettext("**{n}** person has joined.", "**{n}** people have joined.", joined).format(
                n=number(joined)
            )
        )
    if current.state is SessionState.draft:
        st.warning(_("This session is not open yet, so nobody can join."))
        if st.button(_("Open the session now"), type="primary", key="fac_share_open"):
            sessions.open_session(engine(), session_id)
            st.rerun()
    elif current.state is SessionState.closed:
        st.warning(_("This session is closed: nobody can join or answer."))


live_count(session.id)
st.caption(
    _(
        "Phones must be on the same network as this computer. If the address does not work, "
        "set WORKSHOP_PUBLIC_URL to the address phones should use (see docs/configuration.md)."
    )
)
