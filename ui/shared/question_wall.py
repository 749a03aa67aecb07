"""The anonymous question box on screen: the participant's control and the "answering now" panel.

The approved list is one cached read per session and REFRESH_SECONDS bucket,
shared by every viewer in the process (like the live charts), so a room of
phones polling the list costs one query per interval. A participant's own
votes are read once per browser session and then kept in session state.
Question text is only ever drawn with st.text (plain text, never Markdown or HTML).
"""

from __future__ import annotations

import time

import streamlit as st

from analysis import room_votes
from analysis.disclosure import DisclosurePolicy
from ui.shared.runtime import app_settings, engine
from workshop import question_box
from workshop.db import BUSY_ERRORS
from workshop.errors import WorkshopError
from workshop.i18n import N_, _, ngettext
from workshop.question_box import Shown, Status
from workshop.sessions import WorkshopSession

REFRESH_SECONDS = 5
SHOW_AT_MOST = 20  # approved questions on a phone; the most voted come first

LABEL = N_("Ask a question anonymously")
NOTE = N_(
    "Your question is anonymous: your name is never asked and nobody sees who wrote it. "
    "The facilitator reads every question before anyone else sees it, and may leave "
    "some unshown."
)
TEXT_KEY = "qbox_text"
SEND_KEY = "qbox_send"
REFRESH_KEY = "qbox_refresh"
OPEN_KEY = "qbox_open"
CLOSE_KEY = "qbox_close"
_OPEN = "_qbox_is_open"  # the box is open in this browser session
_FLASH = "_qbox_flash"  # (kind, message) shown once under the box
_VOTED = "_qbox_voted"  # {participant id: set of question ids} for this browser session


@st.cache_data(ttl=REFRESH_SECONDS * 5, max_entries=256, show_spinner=False)
def _shown(database_url: str, session_id: int, bucket: int) -> list[Shown]:
    return question_box.shown(engine(), session_id)


def shown_now(session_id: int) -> list[Shown]:
    """The session's visible questions as of this interval (shared by all viewers)."""
    bucket = int(time.time() // REFRESH_SECONDS)
    return _shown(app_settings().database_url, session_id, bucket)


def vote_key(question_id: str) -> str:
    return f"qbox_vote_{question_id[:12]}"


def _voted(participant_id: str) -> set[str]:
    known: dict[str, set[str]] = st.session_state.setdefault(_VOTED, {})
    if participant_id not in known:
        known[participant_id] = question_box.voted(engine(), participant_id)
    return known[participant_id]


def _send(participant_id: str) -> None:
    try:
        question_box.ask(engine(), participant_id, st.session_state.get(TEXT_KEY, ""))
    except BUSY_ERRORS:
        st.session_state[_FLASH] = (
            "error",
            _("The server is busy. Your question is still here: please send it again."),
        )
        return
    except WorkshopError as exc:
        st.session_state[_FLASH] = ("error", str(exc))
        return
    st.session_state[TEXT_KEY] = ""
    st.session_state[_FLASH] = (
        "success",
        _("Sent. The facilitator will read it before it can appear for the room."),
    )


def _upvote(participant_id: str, question_id: str) -> None:
    try:
        question_box.upvote(engine(), participant_id, question_id)
    except BUSY_ERRORS:
        st.session_state[_FLASH] = ("error", _("The server is busy. Please tap again."))
        return
    except WorkshopError as exc:
        st.session_state[_FLASH] = ("error", str(exc))
        return
    _voted(participant_id).add(question_id)


def _open(is_open: bool) -> None:
    st.session_state[_OPEN] = is_open


def participant_box(session: WorkshopSession, participant_id: str) -> None:
    """The quiet control on every participant screen after consent.

    Drawn inside the participant page's screen fragment, so its buttons rerun
    that fragment, not the whole app (a fragment of its own nested there left
    stale elements in the load simulator's client). Closed, it is one button, so a step's rerun
    pays almost nothing for it (an expander would send its whole content on
    every run, open or not).
    """
    if not st.session_state.get(_OPEN):
        st.button(
            _(LABEL),
            key=OPEN_KEY,
            on_click=_open,
            args=(True,),
            icon=":material/live_help:",
            type="tertiary",
        )
        return
    flash = st.session_state.pop(_FLASH, None)
    with st.container(border=True, key="qbox_panel"):
        st.markdown(f"**{_(LABEL)}**")
        st.caption(_(NOTE))
        with st.form("qbox_form", border=False, enter_to_submit=False):
            st.text_area(
                _("Your question"),
                max_chars=question_box.MAX_CHARS,
                key=TEXT_KEY,
                height=90,
            )
            st.form_submit_button(
                _("Send question"),
                key=SEND_KEY,
                on_click=_send,
                args=(participant_id,),
                icon=":material/send:",
            )
        if flash is not None:
            kind, message = flash
            (st.success if kind == "success" else st.error)(message)
        policy = DisclosurePolicy.for_session(session.settings)
        questions = room_votes.room_questions(shown_now(session.id), policy)
        st.markdown(
            "**" + _("Questions for the room") + "**"
        )  # our own words; questions use st.text
        if not questions:
            st.caption(_("No questions have been approved yet."))
        voted = _voted(participant_id)
        for question in questions[:SHOW_AT_MOST]:
            with st.container(border=True):
                if question.status is Status.answering:
                    st.caption(":material/record_voice_over: " + _("Being answered now"))
                elif question.status is Status.answered:
                    st.caption(":material/check: " + _("Answered"))
                st.text(question.text)  # plain text: never Markdown or HTML
                votes = question.votes_text  # in batches, with noise, none below k
                if question.status in question_box.VOTABLE:
                    mine = question.id in voted
                    st.button(
                        # The own vote is confirmed without a number: the count moves
                        # in batches, with noise (analysis/room_votes.py).
                        _("You voted") if mine else _("Me too"),
                        key=vote_key(question.id),
                        on_click=_upvote,
                        args=(participant_id, question.id),
                        disabled=mine,
                        icon=":material/thumb_up:",
                        help=_("One vote per question; the most voted rise to the top."),
                    )
                st.caption(votes)
        if questions:
            st.caption(room_votes.below_k_note(policy))
        if len(questions) > SHOW_AT_MOST:
            more = len(questions) - SHOW_AT_MOST
            st.caption(
                ngettext(
                    "…and {n} more with fewer votes.", "…and {n} more with fewer votes.", more
                ).format(n=more)
            )
        with st.container(horizontal=True, horizontal_alignment="distribute"):
            st.button(_("Refresh questions"), key=REFRESH_KEY, icon=":material/refresh:")
            st.button(
                _("Close"), key=CLOSE_KEY, on_click=_open, args=(False,), icon=":material/close:"
            )


_BIG = """<style>
.st-key-qbox_answering_now [data-testid="stText"] { font-size: 2.6rem; line-height: 1.3;
  white-space: pre-wrap; font-family: inherit; }
</style>"""


def answering_now(session: WorkshopSession) -> Shown | None:
    """The question from the box being answered now, if any (workshop.question_box decides)."""
    return question_box.answering(shown_now(session.id))


def answering_now_panel(session: WorkshopSession) -> None:
    """The question being answered, large, for a staff screen (nothing if none)."""
    current = answering_now(session)
    if current is None:
        return
    st.html(_BIG)
    with st.container(key="qbox_answering_now", border=True):
        st.caption(":material/live_help: " + _("A question from the room"))
        st.text(current.text)  # plain text: never Markdown or HTML


@st.fragment(run_every=REFRESH_SECONDS)
def answering_now_live(session: WorkshopSession) -> None:
    """answering_now_panel refreshing itself: for a staff screen left running."""
    answering_now_panel(session)
