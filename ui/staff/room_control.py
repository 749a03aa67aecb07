"""The room's size and the join lock: the joined count and the controls, for staff pages.

Anyone with the join code can join, as often as the join limits allow, so the
facilitator sees how many joined against how many they expect, and locks
joining once the room has arrived (those who joined can still resume).
"""

from __future__ import annotations

import streamlit as st

from ui.shared.runtime import engine
from ui.staff.noise_control import noise_control
from workshop import session_settings, sessions
from workshop.i18n import _, ngettext
from workshop.sessions import MAX_ROOM, WorkshopSession

REFRESH_SECONDS = 3
RELEASED = "room_released"  # (session id, questions released), for the confirmation line


def room_line(joined: int, expected: int | None, locked: bool) -> str:
    """One plain line: joined, against the expected size, and whether joining is locked."""
    parts = [ngettext("{joined} joined", "{joined} joined", joined).format(joined=joined)]
    if expected is not None:
        extra = joined - expected
        if extra > 0:
            parts.append(
                ngettext(
                    "{extra} more than expected ({expected})",
                    "{extra} more than expected ({expected})",
                    extra,
                ).format(extra=extra, expected=expected)
            )
        else:
            parts[0] = ngettext(
                "{joined} joined of {expected} expected",
                "{joined} joined of {expected} expected",
                joined,
            ).format(joined=joined, expected=expected)
    if locked:
        parts.append(_("joining locked"))
    return " · ".join(parts)


def _save_expected(session_id: int, key: str) -> None:
    value = st.session_state.get(key)
    session_settings.set_expected_size(engine(), session_id, None if value is None else int(value))


def _set_locked(session_id: int, locked: bool) -> None:
    session_settings.set_joining_locked(engine(), session_id, locked)


@st.fragment(run_every=REFRESH_SECONDS)
def _live_count(session_id: int) -> None:
    fresh = sessions.get_session(engine(), session_id)
    _count(fresh)


def _count(session: WorkshopSession) -> None:
    joined = sessions.participant_count(engine(), session.id)
    with st.container(key=f"room_count_{session.id}"):
        st.markdown(
            room_line(joined, session.settings.expected_size, session.settings.joining_locked)
        )


def _release(session: WorkshopSession) -> None:
    from ui.shared import (
        live_results,  # charts and statistics only when releasing
    )

    count = live_results.release_results(session)
    st.session_state[RELEASED] = (session.id, count)


def release_control(session: WorkshopSession) -> None:
    """Release results to participants: a snapshot of what the room's charts show now."""
    if not session.settings.show_results_to_participants:
        return
    st.button(
        _("Release results to participants"),
        key=f"room_release_{session.id}",
        icon=":material/send:",
        on_click=_release,
        args=(session,),
        help=_(
            "Participants' end screens show the results as they are now, until you "
            "release again. Questions fewer than k answered stay hidden."
        ),
        width="stretch",
    )
    done = st.session_state.get(RELEASED)
    if done and done[0] == session.id:
        st.caption(
            ngettext(
                "Released: results of {n} question.", "Released: results of {n} questions.", done[1]
            ).format(n=done[1])
        )


def room_control(session: WorkshopSession, *, live: bool = True) -> None:
    """The joined count (refreshing itself when `live`), the expected size, the lock, the release."""
    if live:
        _live_count(session.id)
    else:
        _count(session)
    # One above the other: side by side, a 1366 px laptop's sidebar cut the
    # button's label to "L...".
    key = f"room_expected_{session.id}"
    st.number_input(
        _("Expected room size"),
        min_value=1,
        max_value=MAX_ROOM,
        value=session.settings.expected_size,
        step=1,
        placeholder=_("not set"),
        key=key,
        on_change=_save_expected,
        args=(session.id, key),
        help=_("Joins beyond this number are shown, so extra joins are visible."),
    )
    locked = session.settings.joining_locked
    st.button(
        _("Allow joining") if locked else _("Lock joining"),
        key=f"room_lock_{session.id}",
        icon=":material/lock_open:" if locked else ":material/lock:",
        on_click=_set_locked,
        args=(session.id, not locked),
        help=_("Locked: nobody new can join; people who joined can still carry on."),
        width="stretch",
    )
    noise_control(session)
    release_control(session)
