"""Safeguarding on the staff queues: the marker, the care note, the two-step approve, decisions.

Shared by the free-text moderation page and the question-box queue, so both mark,
advise and confirm the same way (workshop/safeguarding.py holds the rules).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import streamlit as st
from streamlit.delta_generator import DeltaGenerator

from ui.participant import chrome as participant_chrome
from ui.shared.runtime import app_settings
from workshop import safeguarding
from workshop.content import Resources
from workshop.errors import WorkshopError
from workshop.i18n import N_, _
from workshop.loading import ContentError

# Whole sentences per kind of text, so a translation can agree with the noun.
_BROKEN_LIST = {
    "answer": N_(
        'The safeguarding list could not be loaded, so no answer is marked "may need care": '
        "read every answer carefully. Fix this and reload:\n\n{error}"
    ),
    "question": N_(
        'The safeguarding list could not be loaded, so no question is marked "may need care": '
        "read every question carefully. Fix this and reload:\n\n{error}"
    ),
}


@st.cache_resource(show_spinner=False, ttl=60)
def _marker(content_dir: str) -> safeguarding.Marker:
    """Reloaded once a minute, so edits to the list show up without a restart."""
    return safeguarding.load(content_dir)


def marker(what: str) -> safeguarding.Marker | None:
    """The session's marker; None (with a loud error naming `what`, "answer" or "question")
    if the list is broken."""
    try:
        return _marker(str(app_settings().content_dir))
    except ContentError as exc:
        st.error(_(_BROKEN_LIST[what]).format(error=exc))
        return None


def ask_to_confirm(confirm_key: str) -> None:
    st.session_state[confirm_key] = True


def cancel(confirm_key: str) -> None:
    st.session_state.pop(confirm_key, None)


def decide(decision: Callable[[], object], confirm_key: str | None = None) -> None:
    """Run a queue decision, closing its confirmation first; a refusal shows as a toast.

    Refusals (an edit since the text was shown, a withdrawn answer, a closed
    session) leave the item as it was; the queue redraws with its state.
    """
    if confirm_key is not None:
        st.session_state.pop(confirm_key, None)
    try:
        decision()
    except WorkshopError as exc:
        st.toast(str(exc))


def approve_buttons(
    column: DeltaGenerator,
    key: Callable[[str], str],
    *,
    may_need_care: bool,
    ask: str,
    yes_label: str,
    on_approve: Callable[..., None],
    args: tuple[Any, ...],
) -> None:
    """Approve in one click, or, for text that may need care, in two: the first only asks.

    `key(suffix)` names each button; the confirmation calls `on_approve(*args, confirm_key)`.
    """
    if not may_need_care:
        column.button(
            _("Approve"), key=key("approve"), on_click=on_approve, args=args, type="primary"
        )
        return
    confirm_key = key("confirming")
    column.button(
        _("Approve"),
        key=key("approve"),
        on_click=ask_to_confirm,
        args=(confirm_key,),
        disabled=bool(st.session_state.get(confirm_key)),
    )
    if st.session_state.get(confirm_key):
        st.markdown(
            _(
                "**{ask}** It may need care; the guide advises leaving it waiting or hiding it."
            ).format(ask=ask)
        )
        # The safe choice is the filled button: a hurried click keeps the text off the screen.
        no, yes = st.columns(2)
        no.button(
            _("Cancel"), key=key("cancel"), on_click=cancel, args=(confirm_key,), type="primary"
        )
        yes.button(
            yes_label,
            key=key("confirm"),
            on_click=on_approve,
            args=(*args, confirm_key),  # the version shown travels with the confirmation
        )


def note(marks: tuple[safeguarding.Mark, ...], resources: Resources | None) -> None:
    """The guide's short advice and this session's support resources (authored content)."""
    st.warning(
        _("May need care: {reasons}").format(reasons="; ".join(mark.label for mark in marks)),
        icon=":material/health_and_safety:",
    )
    for mark in marks:
        st.caption(mark.advice)
    with st.expander(_("Support resources for this session and what the guide says")):
        participant_chrome.resources(resources)
        st.caption(
            _(
                'Facilitator guide, "Handling distress and disclosures": never read it out, '
                "don't try to find out who wrote it, show the support resources to everyone."
            )
        )
