"""The staff role in the app: passphrase login, one-time login links, logout.

The role lives in this browser tab's server-side session state; nothing is
written to the URL or to a cookie. A reload of the same tab keeps it through a
single-use tab token in that tab's sessionStorage (ui/staff/tab.py). The role
holds the tag of the credential it was granted under and ends when a
`passphrase reset` changes it (checked every few seconds).
"""

from __future__ import annotations

import dataclasses
import secrets
import threading
from typing import Any

import streamlit as st

from ui.shared import streamlit_patches
from ui.shared.runtime import app_settings, engine
from ui.staff import tab as staff_tab
from workshop import links, passphrases, staff_credentials, staff_login, staff_tokens
from workshop.i18n import _

ENV_NAME = passphrases.ENV_NAME
_ROLE = "_staff_role"
_TAB_KEY = "_staff_tab_key"  # random, per tab: keys this tab's wrong-guess wait
_RELOAD = "_staff_reload"  # this tab's current token for keeping the role on reload
LINK_PARAM = "login"
# The projector's window: the audience screen of one session, nothing else.
_AUDIENCE = "_audience_role"  # (credential tag, session code)
SCREEN_PARAM = "screen"  # ?screen=TOKEN: a one-time audience link from the Present page
SESSION_PARAM = "session"
LINK_ERROR = "_staff_link_error"


def configured_passphrase() -> str | None:
    """The environment wins over .streamlit/secrets.toml (decided in workshop.passphrases)."""
    try:
        found = passphrases.configured_passphrase(secrets_mapping=st.secrets)
    except Exception:  # no secrets file at all is the normal case
        found = passphrases.configured_passphrase(secrets_mapping={})
    return found.passphrase if found else None


def server_port() -> int:
    return int(st.get_option("server.port") or 8501)


def base_url() -> str:
    return links.base_url(app_settings().public_url, server_port())


# Plain process state, not st.cache_resource: a cache clear (which any browser
# could once ask for) re-hashed a configured passphrase with a new salt, and the
# new tag logged every staff tab out. Nothing a browser sends reaches this dict.
_credentials: dict[str, staff_credentials.Credential] = {}
_credential_lock = threading.Lock()


def _credential(database_url: str) -> staff_credentials.Credential:
    found = _credentials.get(database_url)
    if found is not None:
        return found
    with _credential_lock:
        found = _credentials.get(database_url)
        if found is None:
            found = staff_credentials.ensure_credential(engine(), configured_passphrase())
            if found.generated_now:
                print(
                    staff_credentials.banner(
                        links.facilitator_url(base_url()), found.generated_now
                    ),
                    flush=True,
                )
            elif not found.configured:
                print(staff_credentials.banner(links.facilitator_url(base_url()), None), flush=True)
            # Keep only the hash in memory from here on.
            found = _credentials[database_url] = dataclasses.replace(found, generated_now=None)
    return found


def credential() -> staff_credentials.Credential:
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
    except passphrases.PassphraseError as exc:
        if str(exc) not in _reported:
            _reported.add(str(exc))
            print(f"Facilitator login is disabled: {exc}", flush=True)


def require_staff() -> None:
    """Defence in depth for staff pages: they are only registered for staff anyway."""
    if not is_staff():
        st.error(_("This page is for facilitators. Log in first."))
        st.stop()


def _current_tag() -> str | None:
    try:
        return staff_credentials.fingerprint(engine(), credential())
    except passphrases.PassphraseError:
        return None


def holds_role(state: Any) -> bool:
    """Whether a session's state (any session, read outside its script run) holds the role.

    Used by the Streamlit patches to decide what a websocket may ask for.
    """
    if _ROLE not in state:  # Streamlit's SessionState has `in` and `[]`, not .get()
        return False
    granted = state[_ROLE]
    return isinstance(granted, str) and granted == _current_tag()


def is_staff() -> bool:
    """True while this tab holds the role under the credential still in force."""
    granted = st.session_state.get(_ROLE)
    if not isinstance(granted, str):
        return False
    if _current_tag() != granted:  # the passphrase was reset (or login switched off)
        log_out()
        return False
    return True


def _tab_key() -> str:
    key = st.session_state.get(_TAB_KEY)
    if not isinstance(key, str):
        key = st.session_state[_TAB_KEY] = secrets.token_hex(16)
    return key


def _grant(tag: str) -> None:
    """Give this tab the role under credential `tag`, with a fresh token for a reload."""
    st.session_state[_ROLE] = tag
    st.session_state[_RELOAD] = staff_tokens.issue_tab_token(engine(), tag)


def tab_token() -> str | None:
    """The token a staff page hands to the browser (None when not logged in)."""
    token = st.session_state.get(_RELOAD)
    return token if isinstance(token, str) else None


def log_in(passphrase: str) -> staff_login.LoginResult:
    result = staff_login.attempt_login(
        engine(), credential(), passphrase, connection_key=_tab_key()
    )
    if result.ok and result.fingerprint:
        _grant(result.fingerprint)
    return result


def resume(token: str) -> bool:
    """A reloaded tab's token back from its sessionStorage: its role again, once per token.

    A staff tab gets the staff role back; the audience window gets the audience
    role for the session its address names, and nothing more.
    """
    tag = _current_tag()
    if tag is None:
        return False
    if staff_tokens.redeem_tab_token(engine(), tag, token):
        _grant(tag)
        return True
    code = st.query_params.get(SESSION_PARAM)
    if code and staff_tokens.redeem_audience_tab_token(engine(), tag, code, token):
        _grant_audience(tag, code)
        return True
    return False


def create_audience_link(code: str) -> str | None:
    """Staff only: a one-time token that opens session `code`'s audience screen in another window."""
    tag = _current_tag()
    if tag is None or not is_staff():
        return None
    return staff_tokens.create_audience_link(engine(), tag, code)


def _grant_audience(tag: str, code: str) -> None:
    st.session_state[_AUDIENCE] = (tag, code)
    st.session_state[_RELOAD] = staff_tokens.issue_audience_tab_token(engine(), tag, code)


def audience_code() -> str | None:
    """The session whose audience screen this window may show (None: no audience role).

    Ends with the credential it was granted under (a passphrase reset).
    """
    granted = st.session_state.get(_AUDIENCE)
    if not (isinstance(granted, tuple) and len(granted) == 2):
        return None
    tag, code = granted
    if tag != _current_tag():
        for key in (_AUDIENCE, _RELOAD):
            st.session_state.pop(key, None)
        return None
    return str(code)


def redeem_audience_link_in_url() -> None:
    """An audience link (`?session=CODE&screen=TOKEN`): the audience role, then drop the token."""
    if SCREEN_PARAM not in st.query_params:
        return
    token = st.query_params.get(SCREEN_PARAM)
    del st.query_params[SCREEN_PARAM]
    code = st.query_params.get(SESSION_PARAM)
    tag = _current_tag()
    if tag is not None and code and staff_tokens.redeem_audience_link(engine(), tag, code, token):
        _grant_audience(tag, code)
        st.session_state.pop(LINK_ERROR, None)
    else:
        st.session_state[LINK_ERROR] = _(
            "That audience link is not valid: it was used already or has expired (it works "
            "once, for 2 minutes). Make a new one on the Present page."
        )


def redeem_link_in_url() -> None:
    """Grant the role to this tab for a valid one-time link (`?login=...`), then drop it from the URL."""
    if LINK_PARAM not in st.query_params:
        return
    token = st.query_params.get(LINK_PARAM)
    del st.query_params[LINK_PARAM]
    try:
        tag = staff_credentials.fingerprint(engine(), credential())
    except passphrases.PassphraseError:
        tag = None
    if tag is not None and staff_tokens.redeem_login_link(engine(), token):
        _grant(tag)
        st.session_state.pop(LINK_ERROR, None)
    else:
        st.session_state[LINK_ERROR] = _(
            "That login link is not valid: it was used already, has expired, or was "
            "mistyped. Run `workshop login-link` on the server for a new one."
        )


# Session-state keys the staff pages keep (the export page keeps its zip under export_).
_STAFF_PREFIXES = ("fac_", "export_")


def log_out() -> None:
    """Drop the role, the tab token, everything the staff pages kept in this tab, and its downloads."""
    tag, token = st.session_state.get(_ROLE), st.session_state.get(_RELOAD)
    if isinstance(tag, str) and isinstance(token, str):
        staff_tokens.revoke_tab_token(engine(), tag, token)
    for key in list(st.session_state):
        if isinstance(key, str) and (
            key in (_ROLE, _AUDIENCE, LINK_ERROR, _RELOAD) or key.startswith(_STAFF_PREFIXES)
        ):
            del st.session_state[key]
    staff_tab.forget_next()
    streamlit_patches.forget_downloads()
