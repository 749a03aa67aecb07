"""Entry point: page config, role check and navigation.

Pages live in app_pages/, not pages/: Streamlit 1.67 still auto-discovers a
pages/ folder on a process's first run (before st.navigation is called),
which would make every page reachable by URL whatever the role.
"""

from __future__ import annotations

import streamlit as st

from ui.shared import language, navigation, retention_worker, streamlit_patches
from ui.shared.runtime import app_settings
from ui.staff import auth
from ui.staff import chrome as staff_chrome
from ui.staff import tab as staff_tab
from workshop import logprivacy
from workshop.i18n import _

logprivacy.install()  # once per process: no session id, participant id or token in any log
# Once per process: no browser clears caches or uploads without the staff role,
# and a NaN sent to a number input cannot break a tab (ui/shared/streamlit_patches.py).
streamlit_patches.install(auth.holds_role)
language.install()  # once per process: text follows each visitor's chosen language

st.set_page_config(
    page_title="Workshop",  # neutral: the tab title is visible to anyone nearby
    # An emoji icon is drawn in the browser (an inline SVG): no request at all.
    # A Material icon would be fetched from a Google host by every phone.
    page_icon="💚",
)

pages = navigation.pages()
auth.prepare()  # once per process: set up (and on a first start print) the passphrase
retention_worker.start()  # once per process: purge expired raw data now, then daily
auth.redeem_link_in_url()  # a one-time login link from `workshop login-link`
auth.redeem_audience_link_in_url()  # the projector's window, from the Present page
if auth.is_staff():
    # Staff navigate from the sidebar, and every staff page has the same wide layout. The
    # sidebar state is sent once per run: Streamlit applies a change of it, so "collapsed"
    # then "expanded" in one run collapsed the sidebar on some page changes (issue 24).
    language.choose_staff()  # before anything is named: the tab's and the sidebar's titles too
    st.set_page_config(initial_sidebar_state="expanded", layout="wide", page_title=_("Workshop"))
    staff_chrome.staff_styles()
    navigation.translate(pages.staff)
    # A flat list, not {"Facilitator": [...]}: Streamlit 1.67 draws a section's
    # header as a <div> inside the <ul>, which breaks the list for screen readers
    # (axe list/listitem, issue 17 point 13; see README).
    chosen = st.navigation(pages.staff, position="sidebar")
    token = auth.tab_token()
    if token is not None:  # a reload of this tab keeps the role
        staff_tab.remember(token)
    if chosen.url_path != navigation.AUDIENCE_PATH:  # the projector shows no controls
        language.staff_switch()
        st.sidebar.button(
            _("Log out"), icon=":material/logout:", on_click=auth.log_out, key="staff_logout"
        )
elif auth.audience_code() is not None:
    # The projector's window: one session's audience screen, nothing else at any address.
    chosen = st.navigation(pages.audience_only, position="hidden")
    token = auth.tab_token()
    if token is not None:  # a reload of the projector keeps the audience role
        staff_tab.remember(token)
else:
    language.choose(app_settings().languages)  # before anything is named: the tab's title too
    st.set_page_config(
        layout="centered", initial_sidebar_state="collapsed", page_title=_("Workshop")
    )
    chosen = st.navigation(
        [*pages.participant, pages.login, *pages.login_stand_ins], position="hidden"
    )
    if chosen.url_path not in navigation.PARTICIPANT_PATHS:  # the login page, at any staff address
        language.choose_staff()
chosen.run()
streamlit_patches.apply_gc_policy_once()  # after the first full run: everything imported is frozen
