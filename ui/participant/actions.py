"""Button callbacks of the participant page.

Each runs before the script (Streamlit calls on_click callbacks first), so a
tap saves and the same script run already draws the next screen: one rerun
per step, no st.rerun. Callback arguments are bound on the server when the
button is drawn, so a participant cannot tamper with which step is saved.
Buttons carry the step in their key (next_<step>, ...): a double tap on a
button that is no longer on screen is dropped by Streamlit instead of
skipping the following step.
"""

from __future__ import annotations

import secrets
from collections.abc import Iterator
from contextlib import contextmanager

import streamlit as st
from sqlalchemy import Engine

from ui.participant import kinds
from ui.shared.runtime import engine
from workshop import answers, flow, join_limits, participants, sessions
from workshop.content import Question
from workshop.db import BUSY_ERRORS
from workshop.errors import ParticipantNotFound, StaleStep, WorkshopError
from workshop.i18n import N_, _
from workshop.participant_view import ParticipantView, move_and_view

# Session-state keys owned by the page (widget keys are in ui/participant/widgets.py).
FLASH = "_participant_flash"  # (where, message): an inline error to show once
JOIN_ERROR = "_participant_join_error"
CONFIRM_WITHDRAW = "_participant_confirm_withdraw"
WITHDRAWN = "_participant_withdrawn"  # answers deleted, once withdrawn
SHOWN = "_participant_answers_shown"  # (participant, step) pairs asked for with "Show my answer"
FORGOTTEN = "_participant_forgotten"  # this tab forgot its link (issue 17 point 6)
JOIN_KEY = "_participant_join_key"  # random, for the per-tab join limit (never an address)
# The ParticipantView a callback's write transaction read back, for this same run to
# draw instead of reading it again (popped at the start of the page's screen fragment).
FRESH_PLACE = "_participant_fresh_place"

# Flash places besides step-<n> and "consent".
REVIEW = "review"
WITHDRAW = "withdraw"

# A busy or locked database (SQLite's busy timeout, a PostgreSQL hiccup) is
# not the participant's fault and nothing is lost: say so calmly.
BUSY = N_(
    "We could not save this just now because many people are answering at once. "
    "Your answer is still here: please tap again."
)
BUSY_START = N_(
    "We could not start just now because many people are joining at once. Please tap Start again."
)
BUSY_REVIEW = N_("We could not go back just now. Please tap again.")
BUSY_WITHDRAW = N_(
    "We could not delete your answers just now because the server is busy. "
    "Nothing has changed yet: please tap again."
)


def flash(where: str, message: str) -> None:
    st.session_state[FLASH] = (where, message)


def take_flash(where: str) -> str | None:
    """The pending message for `where`, removed so it shows only once."""
    pending: tuple[str, str] | None = st.session_state.get(FLASH)
    if pending and pending[0] == where:
        del st.session_state[FLASH]
        return pending[1]
    return None


def take_join_error() -> str | None:
    message: str | None = st.session_state.pop(JOIN_ERROR, None)
    return message


def step_place(step: int) -> str:
    return f"step-{step}"


def join() -> None:
    """Join button: check the typed code; the consent screen comes next."""
    typed = st.session_state.get("join_code", "")
    try:
        session = sessions.find_by_code(engine(), typed)
    except WorkshopError as exc:
        st.session_state[JOIN_ERROR] = str(exc)
        return
    if session.settings.joining_locked:
        st.session_state[JOIN_ERROR] = _(participants.JOINING_LOCKED)
        return
    st.session_state.pop(JOIN_ERROR, None)
    st.session_state.pop(WITHDRAWN, None)
    st.query_params.from_dict({"code": session.code})
    _fresh(ParticipantView(session, None, None))  # the consent screen needs no second read


def consent(code: str, participant_id: str | None) -> None:
    """Start button: needs both boxes; only then is a participant created."""
    state = st.session_state
    if not (state.get("consent_adult") and state.get("consent_agree")):
        flash(
            "consent",
            _(
                "To take part, tick both boxes. If you would rather not take part, "
                "you can simply close this page."
            ),
        )
        return
    eng = engine()
    try:
        if participant_id is None:  # the usual case: joining and agreeing are one write
            session, participant = participants.join(eng, code, consented=True, admit=_admit)
            _forget_rankings()  # a new participant in this tab starts from nothing
            _fresh(ParticipantView(session, participant, None))  # nobody new has answers
            participant_id = participant.id
        else:  # a link to a participant created before consent was recorded
            participants.record_consent(eng, participant_id)
    except BUSY_ERRORS:
        flash("consent", _(BUSY_START))
        return
    except WorkshopError as exc:
        flash("consent", str(exc))
        return
    st.query_params["p"] = participant_id


def _admit(session: sessions.WorkshopSession) -> bool:
    """The join rate limit. The tab's key is random and kept only in its own state."""
    tab = st.session_state.setdefault(JOIN_KEY, secrets.token_hex(8))
    return join_limits.JOINS.allow(tab, session.id, session.settings.expected_size)


def _busy(where: str) -> None:
    flash(where, _(BUSY))


@contextmanager
def _kept_on_step(step: int) -> Iterator[None]:
    """A save-and-move that fails leaves the participant on `step` with a message."""
    try:
        yield
    except BUSY_ERRORS:
        _busy(step_place(step))
    except StaleStep as exc:
        flash(step_place(exc.current_step), str(exc))
    except WorkshopError as exc:
        # Refused answer, closed session or withdrawn elsewhere: the page shows
        # the message, or the right screen.
        flash(step_place(step), str(exc))


def _save_declined(
    eng: Engine, participant_id: str, question: Question, move_to: tuple[int, bool], step: int
) -> None:
    _fresh(
        answers.save_answer(
            eng, participant_id, question.id, None, move_to=move_to, declined=True, from_step=step
        )
    )


def _save_and_move(
    participant_id: str,
    question: Question | None,
    step: int,
    target: int,
    total: int,
    clear_means_decline: bool,
) -> None:
    """Save what the widgets hold and move to `target`: one write transaction.

    A refused answer, a closed session or a busy database leave the participant
    on this step with a message; the widgets keep what they typed.
    """
    move_to = (target, flow.finishes(target, total))
    raw = kinds.read(question, st.session_state) if question is not None else None
    eng = engine()
    with _kept_on_step(step):
        if question is not None and raw is not None:
            _fresh(
                answers.save_answer(
                    eng, participant_id, question.id, raw, move_to=move_to, from_step=step
                )
            )
        elif question is not None and clear_means_decline:
            # They removed an answer they had given: it must not stay stored.
            _save_declined(eng, participant_id, question, move_to, step)
        else:
            _move(participant_id, target, total, from_step=step)


def _fresh(place: ParticipantView) -> None:
    st.session_state[FRESH_PLACE] = place


def take_fresh_place(code: str, participant_id: str | None) -> ParticipantView | None:
    """The ParticipantView a callback of this run read back, if it is for this code and participant."""
    place: ParticipantView | None = st.session_state.pop(FRESH_PLACE, None)
    if place is None or place.session.code != code:
        return None
    if (place.participant.id if place.participant else None) != participant_id:
        return None
    return place


def _move(participant_id: str, target: int, total: int, *, from_step: int) -> None:
    try:
        _fresh(
            move_and_view(
                engine(),
                participant_id,
                target,
                finished=flow.finishes(target, total),
                from_step=from_step,
            )
        )
    except StaleStep as exc:
        flash(step_place(exc.current_step), str(exc))
    except WorkshopError as exc:
        flash(step_place(target), str(exc))


def next_step(
    participant_id: str, step: int, total: int, question: Question | None, had_answer: bool
) -> None:
    _save_and_move(participant_id, question, step, flow.next_step(step, total), total, had_answer)


def previous_step(participant_id: str, step: int, total: int, question: Question | None) -> None:
    _save_and_move(participant_id, question, step, flow.previous_step(step), total, False)


def decline(participant_id: str, step: int, total: int, question: Question) -> None:
    target = flow.next_step(step, total)
    move_to = (target, flow.finishes(target, total))
    with _kept_on_step(step):
        _save_declined(engine(), participant_id, question, move_to, step)


def review(participant_id: str, step: int, total: int) -> None:
    """From the end screen back to the last step, to change an answer."""
    try:
        _move(participant_id, step, total, from_step=total)  # sent from the end screen
    except BUSY_ERRORS:
        flash(REVIEW, _(BUSY_REVIEW))


def ask_withdraw() -> None:
    st.session_state[CONFIRM_WITHDRAW] = True


def cancel_withdraw() -> None:
    st.session_state.pop(CONFIRM_WITHDRAW, None)


def withdraw(participant_id: str) -> None:
    try:
        deleted = participants.withdraw(engine(), participant_id)
    except ParticipantNotFound:
        deleted = 0  # already gone (another tab): the outcome they asked for
    except BUSY_ERRORS:
        flash(WITHDRAW, _(BUSY_WITHDRAW))  # still asking: the confirm screen stays
        return
    st.session_state.pop(CONFIRM_WITHDRAW, None)
    st.session_state[WITHDRAWN] = deleted
    _forget_rankings()
    del st.query_params["p"]


def _forget_rankings() -> None:
    """Drop rankings in progress (session state, not widgets): they belong to one participant."""
    for key in [k for k in st.session_state if str(k).endswith("__order")]:
        del st.session_state[key]


def join_again() -> None:
    """Forget the participant link (unknown, withdrawn) and show the consent screen again."""
    for key in (WITHDRAWN, CONFIRM_WITHDRAW, FLASH):
        st.session_state.pop(key, None)
    if "p" in st.query_params:
        del st.query_params["p"]


def answer_shown(participant_id: str, step: int) -> bool:
    """Whether the participant asked, in this tab, to see their saved answer to `step`."""
    return (participant_id, step) in st.session_state.get(SHOWN, ())


def show_answer(participant_id: str, step: int) -> None:
    st.session_state.setdefault(SHOWN, set()).add((participant_id, step))


def forget_device() -> None:
    """Forget the link in this tab: clear its state and move to an address without `p=`.

    The browser's history may still hold the old address (a page cannot erase
    it); docs/privacy.md says what such a link still shows.
    """
    for key in list(st.session_state.keys()):
        if key != JOIN_KEY:  # forgetting must not reset the join rate limit
            del st.session_state[key]
    st.session_state[FORGOTTEN] = True
    st.query_params.clear()
