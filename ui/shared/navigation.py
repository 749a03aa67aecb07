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

from workshop.i18n import N_, _

AUDIENCE_PATH = "audience"  # the projector's page: no sidebar, no controls
SESSIONS_PAGE = "app_pages/facilitator_sessions.py"
LOGIN_PAGE = "app_pages/facilitator_login.py"
AUDIENCE_PAGE = "app_pages/facilitator_audience.py"
RESULTS_PAGE = "app_pages/facilitator_results.py"
RESOURCES_PAGE = "app_pages/facilitator_resources.py"
LOGIN_PATH = "facilitator"
# The participants' pages ("" is the default page, Join, at "/"); every other address a
# visitor without a role can reach shows the login page.
PARTICIPANT_PATHS = (
    "",
    "join",
    "modules",
)  # the login page's address, and Sessions' once logged in

# The staff pages, in sidebar order (script, title, icon, url path). Adding a
# staff page is one entry here.
_STAFF = [
    (SESSIONS_PAGE, N_("Sessions"), ":material/event:", LOGIN_PATH),
    ("app_pages/facilitator_share.py", N_("Share"), ":material/qr_code_2:", "share"),
    ("app_pages/facilitator_present.py", N_("Present"), ":material/slideshow:", "present"),
    (AUDIENCE_PAGE, N_("Audience screen"), ":material/cast:", AUDIENCE_PATH),
    ("app_pages/facilitator_moderation.py", N_("Moderate"), ":material/rule:", "moderate"),
    ("app_pages/facilitator_questions.py", N_("Questions"), ":material/live_help:", "questions"),
    (RESULTS_PAGE, N_("Before and after"), ":material/compare_arrows:", "results"),
    ("app_pages/export.py", N_("Research export"), ":material/download:", "export"),
    ("app_pages/facilitator_surveys.py", N_("Surveys"), ":material/edit_note:", "surveys"),
    (RESOURCES_PAGE, N_("Support resources"), ":material/support:", "resources"),
    ("app_pages/facilitator_guide.py", N_("Facilitator guide"), ":material/menu_book:", "guide"),
]


def _audience_home() -> None:
    """A window with the audience role shows its audience screen, whatever the address."""
    st.switch_page(AUDIENCE_PAGE)


def _staff_home() -> None:
    """A staff tab at "/" goes to Sessions, at its own address."""
    st.switch_page(SESSIONS_PAGE)


@dataclass(frozen=True)
class Pages:
    participant: list[StreamlitPage]  # reachable by anyone
    staff: list[StreamlitPage]  # registered only for a tab holding the staff role
    login: StreamlitPage
    login_stand_ins: list[StreamlitPage]  # the login page at every staff address
    audience_only: list[StreamlitPage]  # all a window with the audience role may show


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
    # Sessions is not the default page: the default is served at "/", where a
    # reload would find the participants' Join page; at /facilitator a reload
    # finds the login page, which resumes the role (ui/staff/tab.py).
    home = st.Page(
        _staff_home,
        title="Sessions",
        icon=":material/event:",
        url_path="staff-home",
        default=True,
        visibility="hidden",
    )
    staff = [
        st.Page(script, title=title, icon=icon, url_path=path)
        for script, title, icon, path in _STAFF
    ]
    login = st.Page(
        LOGIN_PAGE, title=N_("Facilitator login"), icon=":material/lock:", url_path=LOGIN_PATH
    )
    # Without the role, every staff address shows the login page, so a reloaded
    # (or bookmarked) /present logs in, or resumes, straight back onto Present.
    stand_ins = [
        st.Page(LOGIN_PAGE, title="Facilitator login", icon=":material/lock:", url_path=path)
        for *_, path in _STAFF
        if path != LOGIN_PATH
    ]
    # The projector's window: its audience screen at /audience, and at any other
    # address a hidden default page that sends it there.
    audience_only = [
        st.Page(
            _audience_home,
            title="Audience screen",
            url_path="audience-home",
            default=True,
            visibility="hidden",
        ),
        st.Page(
            AUDIENCE_PAGE, title="Audience screen", icon=":material/cast:", url_path=AUDIENCE_PATH
        ),
    ]
    return Pages(participant, [home, *staff], login, stand_ins, audience_only)


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
        [_copy(page) for page in built.login_stand_ins],
        [_copy(page) for page in built.audience_only],
    )


def translate(staff: list[StreamlitPage]) -> None:
    """Name this run's copies of the staff pages in the visitor's language (the sidebar)."""
    for page in staff:
        page._title = _(page.title)  # the English titles are marked with N_ above


def _copy(page: StreamlitPage) -> StreamlitPage:
    # A plain attribute copy: copy.copy's reduce protocol cost ten times more.
    fresh = object.__new__(type(page))
    fresh.__dict__.update(page.__dict__)
    return fresh
