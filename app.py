"""Entry point: page config, role check and navigation.

Pages live in app_pages/, not pages/: Streamlit 1.67 still auto-discovers a
pages/ folder on a process's first run (before st.navigation is called),
which would make every page reachable by URL whatever the role.
"""

from __future__ import annotations

import streamlit as st

from ui import auth

st.set_page_config(
    page_title="Workshop",  # neutral: the tab title is visible to anyone nearby
    page_icon=":material/favorite:",
    layout="centered",
    initial_sidebar_state="collapsed",
)

# --- participant pages: the only ones anyone without a role can reach ---
participant_pages = [
    st.Page(
        "app_pages/participant.py",
        title="Join",
        icon=":material/login:",
        url_path="join",
        default=True,
    ),
    st.Page(
        "app_pages/library.py", title="Modules", icon=":material/menu_book:", url_path="modules"
    ),
]

# --- staff pages: registered ONLY when this tab holds the staff role, so no URL
# reaches them otherwise. Adding a staff page is one line here. ---
staff_pages = [
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
        "app_pages/facilitator_moderation.py",
        title="Moderate",
        icon=":material/rule:",
        url_path="moderate",
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
]
login_page = st.Page(
    "app_pages/facilitator_login.py",
    title="Facilitator login",
    icon=":material/lock:",
    url_path="facilitator",
)

auth.prepare()  # once per process: set up (and on a first start print) the passphrase
if auth.is_staff():
    st.set_page_config(initial_sidebar_state="expanded")  # staff navigate from the sidebar
    navigation = st.navigation({"Facilitator": staff_pages}, position="sidebar")
    st.sidebar.button(
        "Log out", icon=":material/logout:", on_click=auth.log_out, key="staff_logout"
    )
else:
    navigation = st.navigation([*participant_pages, login_page], position="hidden")
navigation.run()
