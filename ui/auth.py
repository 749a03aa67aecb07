"""The staff role in the app: passphrase from env or st.secrets, login, logout.

The role lives in this browser tab's server-side session state only; nothing
is written to the URL or to a cookie. Reloading the page asks again.
"""

from __future__ import annotations

import dataclasses
import os

import streamlit as st

from ui.runtime import app_settings, engine
from workshop import auth, links

ENV_NAME = "WORKSHOP_FACILITATOR_PASSPHRASE"
_ROLE = "_staff_role"


def configured_passphrase() -> str | None:
    """The environment wins over .streamlit/secrets.toml; neither is required."""
    value = os.environ.get(ENV_NAME)
    if value:
        return value
    try:
        secret = st.secrets.get(ENV_NAME)
    except Exception:  # no secrets file at all is the normal case
        return None
    return str(secret) if secret else None


def server_port() -> int:
    return int(st.get_option("server.port") or 8501)


def base_url() -> str:
    return links.base_url(app_settings().public_url, server_port())


@st.cache_resource(show_spinner=False)
def _credential(database_url: str) -> auth.Credential:
    credential = auth.ensure_credential(engine(), configured_passphrase())
    if credential.generated_now:
        print(auth.banner(links.facilitator_url(base_url()), credential.generated_now), flush=True)
    elif not credential.configured:
        print(auth.banner(links.facilitator_url(base_url()), None), flush=True)
    # Keep only the hash in memory from here on.
    return dataclasses.replace(credential, generated_now=None)


def credential() -> auth.Credential:
    """Set up (once per process, on the first page view) and return the staff credential."""
    return _credential(app_settings().database_url)


_reported: set[str] = set()
# Databases whose credential this process has set up: after the first view,
# prepare() is one set lookup (the cache_resource lookup showed in profiles).
_prepared: set[str] = set()


def prepare() -> None:
    """Called on every page view: sets the credential up once, never breaks participant pages.

    A bad configured passphrase is reported on the console (once) and on the
    login page; participants are unaffected.
    """
    database_url = app_settings().database_url
    if database_url in _prepared:
        return
    try:
        credential()
        _prepared.add(database_url)
    except auth.PassphraseError as exc:
        if str(exc) not in _reported:
            _reported.add(str(exc))
            print(f"Facilitator login is disabled: {exc}", flush=True)


def require_staff() -> None:
    """Defence in depth for staff pages: they are only registered for staff anyway."""
    if not is_staff():
        st.error("This page is for facilitators. Log in first.")
        st.stop()


def is_staff() -> bool:
    return st.session_state.get(_ROLE) is True


def log_in(passphrase: str) -> auth.LoginResult:
    result = auth.attempt_login(engine(), credential(), passphrase)
    if result.ok:
        st.session_state[_ROLE] = True
    return result


def log_out() -> None:
    """Drop the role and everything the staff pages kept in this tab."""
    for key in list(st.session_state):
        if isinstance(key, str) and (key == _ROLE or key.startswith("fac_")):
            del st.session_state[key]
