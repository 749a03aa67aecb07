"""The facilitator's switch for noise on what the room sees (analysis/disclosure/noise.py).

On by default. Turning it off shows exact counts to the room and the phones,
which someone who joined many times can use to work out one person's answer;
the warning says so in plain words while it is off.
"""

from __future__ import annotations

import streamlit as st

from ui.shared.runtime import engine
from workshop import session_settings
from workshop.sessions import WorkshopSession

OFF_WARNING = (
    "Noise is off: the room and the phones see exact counts of sensitive questions, "
    "word clouds and votes. Someone who joins several times (one phone can pretend to be "
    "many people) can then compare what is shown and work out one person's answer. "
    "Turn noise off only if you know everyone in the room."
)
ON_HELP = (
    "Sensitive questions, word clouds and question votes show approximate numbers "
    '("about 7"), so nobody can work out one person\'s answer by joining many times. '
    "Research exports stay exact."
)


def _set(session_id: int, key: str) -> None:
    session_settings.set_noise(engine(), session_id, bool(st.session_state.get(key)))


def noise_control(session: WorkshopSession) -> None:
    """A toggle, default on, with the warning shown while it is off."""
    key = f"room_noise_{session.id}"
    st.toggle(
        "Approximate numbers (noise)",
        value=session.settings.noise,
        key=key,
        on_change=_set,
        args=(session.id, key),
        help=ON_HELP,
    )
    if not session.settings.noise:
        st.warning(OFF_WARNING, icon=":material/warning:")
