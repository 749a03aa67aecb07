"""Helpers shared by the facilitator pages: content, the session being run, projector styles."""

from __future__ import annotations

from typing import Literal

import streamlit as st

from ui.shared.content import content_library
from ui.shared.runtime import engine
from workshop import sessions
from workshop.content import SurveySnapshot
from workshop.i18n import N_, _
from workshop.loading import ContentLibrary
from workshop.sessions import SessionState, WorkshopSession

SELECTED = "fac_session_id"
# Translated where shown: _(STATE_LABELS[state]).
STATE_LABELS = {
    SessionState.draft: N_("not open yet"),
    SessionState.open: N_("open"),
    SessionState.closed: N_("closed"),
}

# Static CSS only (never participant text): large type for the projector.
_PROJECTOR_CSS = """
<style>
.block-container {padding-top: 1.5rem; max-width: 100%;}
.st-key-present_question p {font-size: 3.1rem; line-height: 1.2; font-weight: 650; margin: 0;}
.st-key-present_meta p {font-size: 1.9rem; color: #3A4A50;}
.st-key-present_notes p {font-size: 1.5rem; color: #3A4A50;}
.st-key-present_texts [data-testid="stText"] {font-size: 2.1rem; line-height: 1.35;
  padding: .4rem .9rem; margin: .35rem 0; background: #EEF2EF; border-radius: .6rem;}
.st-key-present_controls button p {font-size: 1.25rem;}
/* A laptop with the staff sidebar open: five controls share about 1,050 px. */
@media (max-width: 1600px) {.st-key-present_controls button p {font-size: 1.05rem;}}
/* A longer language ("Mostrar resultados") wraps onto a second line rather than being cut. */
.st-key-present_controls button div, .st-key-present_controls button p {
  white-space: normal; overflow: visible; text-overflow: clip;}
.st-key-present_controls button p {line-height: 1.15;}
.st-key-share_code {container-type: inline-size;}
.st-key-share_code [data-testid="stText"] {font-size: min(9rem, 19cqi); font-weight: 800;
  letter-spacing: .08em; line-height: 1.05; font-family: ui-monospace, monospace;
  white-space: nowrap;}
.st-key-share_count p {font-size: 2.4rem;}
.st-key-share_url [data-testid="stText"] {font-size: 1.7rem; overflow-wrap: anywhere;}
.st-key-share_qr img {max-width: min(100%, 56vh) !important; height: auto; margin: 0 auto;}
.st-key-share_picker {margin-top: 2rem;}
.st-key-share_picker [data-testid="stSelectbox"] {max-width: 32rem;}
</style>
"""


def projector_styles() -> None:
    st.markdown(_PROJECTOR_CSS, unsafe_allow_html=True)


def k_input(
    label: str, *, help: str, key: str | None = None, value: int | Literal["min"] = "min"
) -> int:
    """A whole-number field for a smallest group size, held to the bounds sessions accept.

    A keyed field leaves `value` at Streamlit's "min" and takes its default from session state.
    """
    chosen = st.number_input(
        label,
        min_value=sessions.MIN_K,
        max_value=sessions.MAX_K,
        value=value,
        step=1,
        help=help,
        key=key,
    )
    return int(chosen if chosen is not None else sessions.DEFAULT_K)


def library() -> ContentLibrary:
    """The surveys to create sessions from (ui/shared/content.py: at most a minute old)."""
    return content_library()


def describe(session: WorkshopSession) -> str:
    return f"{session.title} · {session.code} · {_(STATE_LABELS[session.state])}"


def choose_session(label: str | None = None) -> WorkshopSession | None:
    """A picker over all sessions (labelled "Session" unless `label` is given); remembers the
    choice across facilitator pages."""
    all_sessions = sessions.list_sessions(engine())
    if not all_sessions:
        st.info(_("There are no sessions yet. Create one on the Sessions page."))
        if st.button(_("Go to Sessions")):
            st.switch_page("app_pages/facilitator_sessions.py")
        return None
    ids = [s.id for s in all_sessions]
    by_id = {s.id: s for s in all_sessions}
    chosen = st.session_state.get(SELECTED)
    index = ids.index(chosen) if chosen in by_id else 0
    picked = st.selectbox(
        label or _("Session"),
        ids,
        index=index,
        format_func=lambda i: describe(by_id[i]),
        key="fac_picker",
    )
    st.session_state[SELECTED] = picked
    return by_id[picked]


def session_page(title: str, caption: str) -> WorkshopSession:
    """A staff page's heading and what it is for, then the session picked in the sidebar."""
    st.title(title)
    st.caption(caption)
    return session_or_stop()


def session_snapshot_page(title: str, caption: str) -> tuple[WorkshopSession, SurveySnapshot]:
    """session_page, with the survey the session was created with."""
    session = session_page(title, caption)
    return session, sessions.get_snapshot(engine(), session.id)


def session_or_stop() -> WorkshopSession:
    """The session picked in the sidebar; the page stops here while there is none."""
    with st.sidebar:
        session = choose_session()
    if session is None:
        st.stop()
    return session


def select(session_id: int) -> None:
    st.session_state[SELECTED] = session_id
    st.session_state.pop("fac_picker", None)


def shown_filter(options: list[str], key: str) -> str:
    """The Moderate and Questions queues' "Show" choice (English values, translated labels);
    choosing the selected one again clears it: keep "Waiting"."""
    picked = st.segmented_control(_("Show"), options, default="Waiting", format_func=_, key=key)
    return picked or "Waiting"
