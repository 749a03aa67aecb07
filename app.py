"""Entry point: page config, role check and navigation.

Pages live in app_pages/, not pages/: Streamlit 1.67 still auto-discovers a
pages/ folder on a process's first run (before st.navigation is called),
which would make every page reachable by URL whatever the role.
"""

from __future__ import annotations

import streamlit as st

st.set_page_config(
    page_title="Aftercare workshop",
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

navigation = st.navigation(participant_pages, position="hidden")
navigation.run()
