"""Which language a visitor's screens speak; the catalogs themselves are in workshop/i18n.py.

A participant's language is, in order: the one they picked with the switch
(kept in the address as ?lang=, so a reload or a resumed link keeps it), the
one this tab already uses, or the first of the operator's WORKSHOP_LANGUAGES
that the browser asks for (Streamlit's `st.context.locale`), else the first
of that list.

Staff pick their own interface language, among every language this app has a
catalog for (and the pseudo-locale where the operator lists it, for tests),
with the same order of preference; the choice rides along in the address as
?lang= so a reload of the staff tab keeps it.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

import streamlit as st
from babel import Locale
from streamlit.runtime.scriptrunner import get_script_run_ctx

from ui.shared.runtime import app_settings
from workshop import i18n
from workshop.i18n import _

LANGUAGE_KEY = "_language"
QUERY = "lang"


def _from_session() -> str | None:
    # Outside a script run (a worker thread, a test's plain call) there is no visitor.
    ctx = get_script_run_ctx()
    if ctx is None:
        return None
    # Every marked string comes here. The run's own session state, which st.session_state
    # reads through too: its proxy finds the run's context again, and imports inside
    # each call, for the same read (2.8% of a participant step's CPU in the issue 25
    # profile). Same value, same checks for a pending rerun.
    try:
        value = ctx.session_state[LANGUAGE_KEY]
    except KeyError:
        return None
    return value if isinstance(value, str) else None


def install() -> None:
    """Text looked up anywhere in this process follows the visitor's session (fragments too)."""
    i18n.set_resolver(_from_session)


def choose(offered: Sequence[str]) -> str:
    """Settle this visitor's language among `offered` and remember it for the tab."""
    asked = st.query_params.get(QUERY)
    if asked in offered:
        language = str(asked)
    else:
        language = st.session_state.get(LANGUAGE_KEY) or ""
        if language not in offered:
            language = i18n.negotiate([st.context.locale or ""], offered, offered[0])
    st.session_state[LANGUAGE_KEY] = language
    return language


def for_session(operator: Sequence[str], chosen: Sequence[str]) -> tuple[str, ...]:
    """What a session's participants may use: the facilitator's choice, in its order,
    among the operator's languages; all of the operator's where none (left) is chosen."""
    picked = tuple(code for code in chosen if code in operator)
    return picked or tuple(operator)


def display_name(code: str) -> str:
    """A language's name in that language ("Español"), as people look for their own."""
    if code == i18n.PSEUDO:
        return "Pseudo (en-XA)"
    name = Locale.parse(code.replace("-", "_")).get_display_name(code.replace("-", "_"))
    return (name or code)[:1].upper() + (name or code)[1:]


def among(
    widget: Callable[..., Any], offered: Sequence[str], label: str, help: str, key: str
) -> Any:
    """A staff form's choice among languages (st.selectbox, st.multiselect), each named in
    its own language."""
    return widget(label, list(offered), format_func=display_name, help=help, key=key)


def switch(offered: Sequence[str]) -> None:
    """A visible language switch, where more than one language is offered."""
    if len(offered) < 2:
        return
    current = i18n.current()
    picked = st.segmented_control(
        _("Language"),
        list(offered),
        format_func=display_name,
        default=current if current in offered else offered[0],
        key="language_switch",
    )
    if picked and picked != current:
        st.query_params[QUERY] = picked
        st.session_state[LANGUAGE_KEY] = picked
        st.rerun(scope="app")


def staff_languages() -> tuple[str, ...]:
    """What a staff page may be read in: every catalog's language (the operator's
    WORKSHOP_LANGUAGES limits participants, not staff), the pseudo-locale where listed."""
    offered = i18n.catalog_languages()
    if i18n.PSEUDO in app_settings().languages:
        offered = (*offered, i18n.PSEUDO)
    return offered


def choose_staff() -> str:
    """Settle a staff tab's interface language, and keep it in the address for a reload.

    A page change drops the address's query: the tab's choice writes it back, unless it
    is what the browser asks for anyway (an address with no ?lang= then says the same).
    """
    offered = staff_languages()
    chosen = choose(offered)
    if chosen != i18n.negotiate([st.context.locale or ""], offered, offered[0]):
        if st.query_params.get(QUERY) != chosen:
            st.query_params[QUERY] = chosen
    elif QUERY in st.query_params:
        del st.query_params[QUERY]
    return chosen


def _staff_changed() -> None:
    picked = st.session_state.get("staff_language")
    if isinstance(picked, str):
        st.session_state[LANGUAGE_KEY] = picked
        st.query_params[QUERY] = picked


def staff_switch() -> None:
    """The sidebar's choice of interface language on staff pages."""
    offered = staff_languages()
    current = i18n.current()
    st.session_state["staff_language"] = current if current in offered else offered[0]
    st.sidebar.selectbox(
        _("Interface language"),
        offered,
        format_func=display_name,
        key="staff_language",
        on_change=_staff_changed,
    )
