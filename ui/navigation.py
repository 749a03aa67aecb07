"""The app's pages, built once per process and handed out as fresh copies.

st.Page resolves its file, checks it exists and validates its icon every
time it is constructed; building nine of them on every rerun cost about 6%
of a participant step. The definitions never change while the process runs,
so they are built on the first run and copied afterwards. Copies, not the
shared objects: st.navigation marks the page it returns as runnable and
Page.run clears that mark, which must not race between sessions.
"""

from __future__ import annotations

import threading
from dataclasses import dataclass

import streamlit as st
from streamlit.navigation.page import StreamlitPage
from streamlit.runtime.scriptrunner import get_script_run_ctx

AUDIENCE_PATH = "audience"  # the projector's page: no sidebar, no controls


@dataclass(frozen=True)
class Pages:
    participant: list[StreamlitPage]  # reachable by anyone
    staff: list[StreamlitPage]  # registered only for a tab holding the staff role
    login: StreamlitPage


def _build() -> Pages:
    participant = [
        st.Page(
            "app_pages/participant.py",
            title="Join",
            icon=":material/login:",
            url_path="join",
            default=True,
        ),
        st.Page(
            "app_pages/library.py",
            title="Modules",
            icon=":material/menu_book:",
            url_path="modules",
        ),
    ]
    # Adding a staff page is one entry here.
    staff = [
        st.Page(
            "app_pages/facilitator_sessions.py",
            title="Sessions",
            icon=":material/event:",
            url_path="facilitator",
            default=True,
        ),
        st.Page(
            "app_pages/facilitator_share.py",
            title="Share",
            icon=":material/qr_code_2:",
            url_path="share",
        ),
        st.Page(
            "app_pages/facilitator_present.py",
            title="Present",
            icon=":material/slideshow:",
            url_path="present",
        ),
        st.Page(
            "app_pages/facilitator_audience.py",
            title="Audience screen",
            icon=":material/cast:",
            url_path=AUDIENCE_PATH,
        ),
        st.Page(
            "app_pages/facilitator_moderation.py",
            title="Moderate",
            icon=":material/rule:",
            url_path="moderate",
        ),
        st.Page(
            "app_pages/facilitator_questions.py",
            title="Questions",
            icon=":material/live_help:",
            url_path="questions",
        ),
        st.Page(
            "app_pages/facilitator_results.py",
            title="Before and after",
            icon=":material/compare_arrows:",
            url_path="results",
        ),
        st.Page(
            "app_pages/export.py",
            title="Research export",
            icon=":material/download:",
            url_path="export",
        ),
        st.Page(
            "app_pages/facilitator_guide.py",
            title="Facilitator guide",
            icon=":material/menu_book:",
            url_path="guide",
        ),
    ]
    login = st.Page(
        "app_pages/facilitator_login.py",
        title="Facilitator login",
        icon=":material/lock:",
        url_path="facilitator",
    )
    return Pages(participant, staff, login)


# Keyed on the folder st.Page resolves paths against (one per process in
# production; tests may run app.py copies from elsewhere).
_built: dict[str, Pages] = {}
_lock = threading.Lock()


def pages() -> Pages:
    """This run's own copies of the page objects (built on the process's first run)."""
    ctx = get_script_run_ctx()
    root = str(ctx.pages_manager.main_script_parent) if ctx else ""
    built = _built.get(root)
    if built is None:
        with _lock:
            built = _built.get(root)
            if built is None:
                built = _built[root] = _build()
    return Pages(
        [_copy(page) for page in built.participant],
        [_copy(page) for page in built.staff],
        _copy(built.login),
    )


def _copy(page: StreamlitPage) -> StreamlitPage:
    # A plain attribute copy: copy.copy's reduce protocol cost ten times more.
    fresh = object.__new__(type(page))
    fresh.__dict__.update(page.__dict__)
    return fresh
