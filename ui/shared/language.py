"""Which language a visitor's screens speak; the catalogs themselves are in workshop/i18n.py.

A participant's language is, in order: the one they picked with the switch
(kept in the address as ?lang=, so a reload or a resumed link keeps it), the
one this tab already uses, or the first of the operator's WORKSHOP_LANGUAGES
that the browser asks for (Streamlit's `st.context.locale`), else the first
of that list.
"""

from __future__ import annotations

from collections.abc import Sequence

import streamlit as st
from babel import Locale
from streamlit.runtime.scriptrunner import get_script_run_ctx

from workshop import i18n
from workshop.i18n import _

LANGUAGE_KEY = "_language"
QUERY = "lang"


def _from_session() -> str | None:
    # Outside a script run (a worker thread, a test's plain call) there is no visitor.
    if get_script_run_ctx() is None:
        return None
    value = st.session_state.get(LANGUAGE_KEY)
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
