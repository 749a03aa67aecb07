"""Keep the staff role across a reload of the same browser tab.

Streamlit forgets everything about a tab when it reloads, and it cannot set
cookies. A small component keeps a tab token in the tab's sessionStorage
(this tab only, gone when the tab closes, never sent with requests); a
reloaded tab hands it back once and is given a new one. The token is
random, stored on the server only as a hash bound to the credential in force,
lasts at most workshop.staff_tokens.TAB_TOKEN_LIFETIME, and dies on Log out or a
passphrase reset. Participants' pages never carry this component.

Why not a cookie: every tab of the browser would share it (and send it on
every request); why not the URL: it would show on the projector and stay in
the history.
"""

from __future__ import annotations

import streamlit as st

_KEY = "staff_tab"  # the component's widget key (hidden by CSS below)
_STORAGE = "workshop-staff-tab"
_FORGET = "_staff_tab_forget"  # set by log_out: the next login page clears the storage

# Runs in the page (a blob: module, allowed by the HAProxy CSP's script-src).
# data.token: remember it; data.forget: drop it; data.ask: send the stored one
# back once (and drop it: a token is good for one reload only). A same-origin
# frame (Present's preview of the audience screen) shares its parent tab's
# sessionStorage: it keeps its token in a slot of its own, so it can neither
# overwrite nor spend the staff tab's.
_JS = f"""
export default function (component) {{
  const data = component.data || {{}};
  const slot = window.self === window.top ? "{_STORAGE}" : "{_STORAGE}-frame";
  try {{
    if (data.token) {{ window.sessionStorage.setItem(slot, data.token); return; }}
    if (data.forget) {{ window.sessionStorage.removeItem(slot); return; }}
    if (data.ask) {{
      const token = window.sessionStorage.getItem(slot);
      if (token) {{
        window.sessionStorage.removeItem(slot);
        component.setTriggerValue("resume", token);
      }}
    }}
  }} catch (error) {{
    // Storage switched off in this browser: the passphrase still works.
  }}
}}
"""
_CSS = f"<style>.st-key-{_KEY} {{ display: none; }}</style>"

_component = st.components.v2.component("workshop_staff_tab", js=_JS)


def _ignore() -> None:
    """The resume value is read from the mount's result; the callback only registers it."""


def remember(token: str) -> None:
    """On a staff page: keep this tab's current token in its sessionStorage."""
    st.html(_CSS)
    _component(key=_KEY, data={"token": token}, height=0)


def forget_next() -> None:
    """After Log out: the next page drawn in this tab clears the stored token."""
    st.session_state[_FORGET] = True


def stored_token() -> str | None:
    """On the login page: the token this tab kept before a reload, once (else None).

    The first run draws the component and returns None; when the browser holds
    a token it reruns the script with it, and this returns it.
    """
    st.html(_CSS)
    if st.session_state.pop(_FORGET, False):
        _component(key=_KEY, data={"forget": True}, height=0)
        return None
    result = _component(key=_KEY, data={"ask": True}, height=0, on_resume_change=_ignore)
    token = getattr(result, "resume", None)
    return token if isinstance(token, str) else None
