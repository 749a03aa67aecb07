"""Facilitator and researcher login: one passphrase, limited guesses."""

from __future__ import annotations

import streamlit as st

from ui.staff import auth
from ui.staff import chrome as staff_chrome
from ui.staff import tab as staff_tab
from workshop.i18n import _
from workshop.passphrases import PassphraseError

staff_chrome.staff_styles()
kept = staff_tab.stored_token()  # a reload of a tab that was logged in
if kept is not None and auth.resume(kept):
    st.rerun()
st.title(_("Facilitator login"))
try:
    auth.credential()  # first start: generates and prints the passphrase to the console
except PassphraseError as exc:
    st.error(_("Facilitator login is switched off until this is fixed: {error}").format(error=exc))
    st.stop()
link_error = st.session_state.get(auth.LINK_ERROR)
if link_error:
    st.error(link_error)
st.markdown(
    _(
        "This page is for the people running the workshop. "
        "If you are taking part, [go to the join page](/join)."
    )
)
with st.form("staff_login", border=True):
    passphrase = st.text_input(
        _("Passphrase"), type="password", key="staff_passphrase", max_chars=200
    )
    submitted = st.form_submit_button(_("Log in"), type="primary")
if submitted:
    if not passphrase.strip():
        st.error(_("Type the facilitator passphrase, then press Log in."))
    else:
        result = auth.log_in(passphrase)
        if result.ok:
            st.rerun()
        st.error(result.message)
st.caption(
    _(
        "The passphrase was printed in the terminal where the app was started, "
        "or set by whoever runs it (WORKSHOP_FACILITATOR_PASSPHRASE). "
        "Lost it? Run `python -m workshop passphrase reset` on the server. Locked out by "
        "wrong guesses? `python -m workshop login-link` prints a one-time login link."
    )
)
