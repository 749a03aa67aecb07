"""Withdrawing: the button under every screen after consent, its confirmation, and after.

Only what is drawn; deleting happens in ui/participant/actions.py.
"""

from __future__ import annotations

import streamlit as st

from ui.participant import actions
from ui.participant.chrome import flash_then_act, resources
from workshop.content import SurveySnapshot
from workshop.i18n import _, ngettext


def withdraw_button() -> None:
    """Last on every screen after consent (app_pages/participant.py), under the question box."""
    # Set apart by a rule drawn in CSS (ui/participant/chrome.py), not st.divider:
    # one element fewer on every screen.
    st.button(
        _("Withdraw and delete my answers"),
        key="withdraw",
        type="tertiary",
        on_click=actions.ask_withdraw,
        icon=":material/delete:",
    )


def confirm_withdraw(participant_id: str) -> None:
    st.title(_("Withdraw from this session?"), anchor=False)
    st.write(
        _(
            "This deletes every answer you gave in this session, straight away. "
            "It cannot be undone. Nobody is told that you withdrew."
        )
    )
    flash_then_act(
        actions.take_flash(actions.WITHDRAW),
        st.button,
        _("Yes, delete my answers"),
        "withdraw_confirm",
        actions.withdraw,
        (participant_id,),
    )
    st.button(
        _("No, keep my answers"),
        key="withdraw_cancel",
        on_click=actions.cancel_withdraw,
        width="stretch",
    )


def withdrawn(deleted: int, snapshot: SurveySnapshot | None) -> None:
    st.title(_("Your answers are deleted"), anchor=False)
    if deleted:
        st.write(
            ngettext(
                "We deleted {n} answer and your random id. Nothing from you is stored "
                "in this session any more.",
                "We deleted {n} answers and your random id. Nothing from you is stored "
                "in this session any more.",
                deleted,
            ).format(n=deleted)
        )
    else:
        st.write(_("You had not saved any answers, and your random id is deleted too."))
    if snapshot is not None:
        resources(snapshot.resources)
    st.button(_("Join again"), key="join_again", on_click=actions.join_again)
