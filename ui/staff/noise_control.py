"""The facilitator's switch for noise on what the room sees, and how much (analysis/disclosure/noise.py).

On by default. Turning it off shows exact counts to the room and the phones,
which someone who joined many times can use to work out one person's answer;
the warning says so in plain words while it is off. While it is on, three
named levels of epsilon, each with one measured sentence on what it means for
the room; a value set otherwise (the command line's --epsilon) is kept as a
fourth choice, so showing the control never changes it.
"""

from __future__ import annotations

import streamlit as st

from analysis.disclosure.noise import NEXT_BATCH, NOISE_LEVELS, noise_level
from ui.shared.runtime import engine
from workshop import i18n, session_settings
from workshop.i18n import N_, _
from workshop.sessions import WorkshopSession

OFF_WARNING = N_(
    "Noise is off: the room and the phones see exact counts of sensitive questions, "
    "word clouds and votes. Someone who joins several times (one phone can pretend to be "
    "many people) can then compare what is shown and work out one person's answer. "
    "Turn noise off only if you know everyone in the room."
)
ON_HELP = N_(
    "Sensitive questions, word clouds and question votes show approximate numbers "
    '("about 7"), so nobody can work out one person\'s answer by joining many times. '
    "Research exports stay exact."
)


def _set(session_id: int, key: str) -> None:
    session_settings.set_noise(engine(), session_id, bool(st.session_state.get(key)))


def _set_epsilon(session_id: int, key: str) -> None:
    chosen = st.session_state.get(key)
    if chosen is not None:  # required=True: a click on the chosen level sends nothing new
        session_settings.set_epsilon(engine(), session_id, float(chosen))


def _level_label(epsilon: float) -> str:
    level = noise_level(epsilon)
    if level is not None:
        return level.label
    return _("Set by hand (ε {epsilon})").format(epsilon=i18n.short_number(epsilon))


def noise_level_control(session: WorkshopSession) -> None:
    """How much noise: the named levels, and one sentence on what the chosen one means."""
    current = session.settings.epsilon
    options = [level.epsilon for level in NOISE_LEVELS]
    if current not in options:
        options.append(current)
    key = f"room_epsilon_{session.id}"
    st.segmented_control(
        _("How much noise"),
        options,
        default=current,
        required=True,
        format_func=_level_label,
        key=key,
        on_change=_set_epsilon,
        args=(session.id, key),
        width="stretch",
        wrap=True,  # in a Sessions row's column it would scroll, cutting "More precise" off
    )
    level = noise_level(current)
    meaning = (
        level.meaning
        if level is not None
        else _(
            "Set when the session was created; the attack was measured at the named levels only."
        )
    )
    st.caption(f"{meaning} {_(NEXT_BATCH)}")


def noise_control(session: WorkshopSession) -> None:
    """A toggle, default on, with the warning shown while it is off, and the level while on."""
    key = f"room_noise_{session.id}"
    st.toggle(
        _("Approximate numbers (noise)"),
        value=session.settings.noise,
        key=key,
        on_change=_set,
        args=(session.id, key),
        help=_(ON_HELP),
    )
    if session.settings.noise:
        noise_level_control(session)
    else:
        st.warning(_(OFF_WARNING), icon=":material/warning:")
