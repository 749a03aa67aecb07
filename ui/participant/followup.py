"""The follow-up part of the participant's end screen.

After a workshop: an opt-in to a random follow-up code, shown once, and an
optional self-made code for those who lose theirs. After a follow-up: a
field to enter the code, which links the two sets of answers. What the
buttons do lives in workshop.followup; the plain code lives only in this
browser tab's session state until the participant says they saved it.
"""

from __future__ import annotations

import streamlit as st

from ui.shared.runtime import engine
from workshop import followup
from workshop.db import BUSY_ERRORS
from workshop.errors import WorkshopError
from workshop.i18n import N_, _
from workshop.sessions import WorkshopSession

SHOWN = "_followup_code_shown"  # the code just made, until "I have saved it"
MESSAGE = "_followup_message"  # (ok, text) after a link or a self-made code

LINKED_WITHDRAW = N_(
    "If you link your answers, withdrawing from either the workshop or the follow-up "
    "deletes both sets of answers and the link."
)
BUSY = N_("The server is busy just now; please tap again.")
SELF_WEAKNESS = N_(
    "A self-made code is easier to remember but much easier to guess than the random "
    "code: there are only a few hundred thousand of them, and people who know you "
    "could work yours out. In a small group two people may even make the same one; "
    "then it cannot link anyone. Like the random code, only a scrambled form is kept, "
    "and it never leaves the server."
)


def section(session: WorkshopSession, participant_id: str) -> None:
    """The end screen's follow-up part, for a workshop or for a follow-up session."""
    if session.follow_up_of is None:
        _offer(participant_id)
    else:
        _enter(participant_id)


def _message() -> None:
    pending = st.session_state.pop(MESSAGE, None)
    if pending:
        ok, text = pending
        (st.success if ok else st.error)(text, icon=":material/link:" if ok else ":material/error:")


def _offer(participant_id: str) -> None:
    st.subheader(_("A follow-up in a few weeks"), anchor=False)
    shown = st.session_state.get(SHOWN)
    if shown:
        st.write(
            _(
                "Your follow-up code is below. **Save it now**: take a screenshot or write it "
                "down. It will not be shown again, and nobody can look it up for you."
            )
        )
        st.code(shown, language=None)  # plain text, monospace, with a copy button
        st.button(_("I have saved my code"), key="followup_saved", on_click=_saved, type="primary")
        return
    st.write(
        _(
            "The facilitator may ask you to answer a short follow-up (about five minutes) in a "
            "few weeks. If you would like those answers linked with today's, take a follow-up "
            "code. It is random, is not connected to you in any way, and we keep only a "
            "scrambled form of it, so we cannot read it back."
        )
        + " "
        + _(LINKED_WITHDRAW)
    )
    _message()
    taken = followup.opted_in(engine(), participant_id)
    st.button(
        _("Get a new follow-up code (replaces the old one)")
        if taken
        else _("Get a follow-up code"),
        key="followup_opt_in",
        on_click=_opt_in,
        args=(participant_id,),
        icon=":material/key:",
    )
    with st.expander(_("Also make a code you can work out again (optional)")):
        st.write(_(SELF_WEAKNESS))
        _self_code_form("followup_self_make", participant_id, register=True)


def _enter(participant_id: str) -> None:
    st.subheader(_("Link to your workshop answers"), anchor=False)
    st.write(
        _(
            "If you took a follow-up code at the end of the workshop, enter it here to link "
            "your answers. You do not have to."
        )
        + " "
        + _(LINKED_WITHDRAW)
    )
    _message()
    with st.form("followup_link", border=False):
        st.text_input(
            _("Your follow-up code"),
            key="followup_code",
            max_chars=100,
            placeholder=_("for example maple-otter-comet-42"),
            autocomplete="off",
        )
        st.form_submit_button(_("Link my answers"), on_click=_link, args=(participant_id,))
    with st.expander(_("I lost my code but made my own at the workshop")):
        _self_code_form("followup_self_link", participant_id, register=False)


def _letters(label: str, key: str, count: int) -> None:
    """A field for a few letters of the self-made code (never suggested by the browser)."""
    st.text_input(label, max_chars=count, key=key, autocomplete="off")


def _self_code_form(key: str, participant_id: str, *, register: bool) -> None:
    with st.form(key, border=False):
        _letters(
            _("First letter of a first name you will remember (for example your mother's)"),
            f"{key}_letter",
            1,
        )
        st.number_input(
            _("The day of the month you were born (1-31)"),
            min_value=1,
            max_value=31,
            value=None,
            step=1,
            key=f"{key}_day",
        )
        _letters(_("First two letters of the street you grew up on"), f"{key}_letters", 2)
        st.form_submit_button(
            _("Save this code") if register else _("Link with this code"),
            on_click=_self_code,
            args=(key, participant_id, register),
        )


def _saved() -> None:
    st.session_state.pop(SHOWN, None)


def _opt_in(participant_id: str) -> None:
    try:
        st.session_state[SHOWN] = followup.opt_in(engine(), participant_id)
    except BUSY_ERRORS:
        st.session_state[MESSAGE] = (False, _(BUSY))
    except WorkshopError as exc:
        st.session_state[MESSAGE] = (False, str(exc))


def _link(participant_id: str) -> None:
    typed = st.session_state.get("followup_code")
    try:
        result = followup.link(engine(), participant_id, followup.normalize_code(typed))
    except BUSY_ERRORS:
        st.session_state[MESSAGE] = (False, _(BUSY))
        return
    except WorkshopError as exc:
        st.session_state[MESSAGE] = (False, str(exc))
        return
    st.session_state[MESSAGE] = (result.linked, result.message)
    if result.linked:
        st.session_state["followup_code"] = ""


def _self_code(key: str, participant_id: str, register: bool) -> None:
    state = st.session_state
    try:
        canonical = followup.self_code(
            state.get(f"{key}_letter"), state.get(f"{key}_day"), state.get(f"{key}_letters")
        )
        if register:
            followup.register_self_code(engine(), participant_id, canonical)
            state[MESSAGE] = (True, _("Saved. Enter the same three answers in the follow-up."))
        else:
            result = followup.link(engine(), participant_id, canonical)
            state[MESSAGE] = (result.linked, result.message)
    except BUSY_ERRORS:
        state[MESSAGE] = (False, _(BUSY))
    except WorkshopError as exc:
        state[MESSAGE] = (False, str(exc))
