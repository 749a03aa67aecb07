"""The participant's screens: join, consent, one step, waiting, end, closed; withdrawal.py withdraws.

Each function only draws; what a button does lives in ui/participant/actions.py.
Authored content (survey, modules, resources) is rendered as Markdown; the
session title, typed by a facilitator, is escaped; nothing a participant
typed is ever rendered here.
"""

from __future__ import annotations

import streamlit as st
from sqlalchemy import Engine

from ui.participant import actions, kinds
from ui.participant.chrome import flash_then_act, plain, resources
from ui.shared import language
from ui.shared.runtime import app_settings
from workshop import flow, participant_view, references, sessions
from workshop.content import (
    PREFER_NOT_TO_ANSWER,
    Module,
    ModuleStep,
    Question,
    SurveySnapshot,
)
from workshop.i18n import N_, _, ngettext
from workshop.sessions import WorkshopSession

WAIT_SECONDS = 3  # waiting screens ask the database once per interval

PRIVACY = N_(
    "**Anonymous by design.** We store your answers and a random number that "
    "keeps them together, nothing else: never your name, e-mail, IP address or "
    "when you answered. The room sees totals, and written answers only once the "
    "facilitator has approved them; nothing is shown until enough people have "
    "answered that nobody can be picked out."
)
LINK_NOTE = N_(
    "**This page's address is your key.** It reopens your answers on this device, "
    "so anyone who uses this browser after you could find it in the history. "
    "When you are done, tap “Forget this device”, or use a private window."
)
RIGHTS = N_(
    "Taking part is voluntary. You can skip any question with “Prefer not to "
    "answer”, and you can withdraw at any time, which deletes all your answers "
    "at once."
)


_JOIN_CSS = """<style>
.st-key-join_code [data-testid="stTextInputRootElement"] {height: 3rem;}
.st-key-join_code input {font-size: 1.25rem; letter-spacing: .08em;}
.st-key-join_code [data-testid="InputInstructions"] {display: none;}
</style>"""


def join(prefill: str, error: str | None) -> None:
    st.title(_("Join the workshop"), anchor=False)
    language.switch(app_settings().languages)
    if st.session_state.pop(actions.FORGOTTEN, False):
        st.success(
            _("This tab has forgotten your link. Your answers stay saved for the workshop."),
            icon=":material/check_circle:",
        )
    st.write(_("Type the code shown on the screen. You do not need a name, e-mail or account."))
    if error:
        st.error(error, icon=":material/error:")
    # A code field a thumb can hit (48 px), and no "Press Enter to submit form 0/64":
    # the Join button says what to do, and a count of 64 characters means nothing here.
    st.markdown(_JOIN_CSS, unsafe_allow_html=True)
    # Styled through the field's own key (_JOIN_CSS); no wrapper around the form.
    with st.form("join", border=False, enter_to_submit=True):
        st.text_input(
            _("Session code"),
            value=prefill[:64],
            max_chars=64,
            placeholder=_("e.g. ABC234"),
            key="join_code",
        )
        st.form_submit_button(
            _("Join"), type="primary", key="join_submit", on_click=actions.join, width="stretch"
        )


def _session_heading(session: WorkshopSession, snapshot: SurveySnapshot) -> None:
    st.title(snapshot.survey.title, anchor=False)
    if session.title.strip() and session.title.strip() != snapshot.survey.title:
        st.caption(plain(session.title))


def consent(session: WorkshopSession, snapshot: SurveySnapshot, participant_id: str | None) -> None:
    survey = snapshot.survey
    _session_heading(session, snapshot)
    language.switch(language.for_session(app_settings().languages, session.settings.languages))
    if survey.description:
        st.write(survey.description)
    facts = []
    if survey.minutes:
        facts.append(_("About {minutes} minutes.").format(minutes=survey.minutes))
    facts.append(_("For adults (18 and over)."))
    st.write(" ".join(facts))
    if survey.content_note:
        st.info(
            _("**Content note.** {note}").format(note=survey.content_note), icon=":material/info:"
        )
    st.markdown(_(PRIVACY))
    st.markdown(_(RIGHTS))
    st.markdown(_(LINK_NOTE))
    if snapshot.resources is not None:
        with st.expander(snapshot.resources.heading, icon=":material/support:"):
            resources(snapshot.resources)
    message = actions.take_flash("consent")
    with st.form("consent", border=True, enter_to_submit=False):
        st.checkbox(_("I am 18 or older."), key="consent_adult")
        st.checkbox(_("I have read this and agree to take part."), key="consent_agree")
        flash_then_act(
            message,
            st.form_submit_button,
            _("Start"),
            "consent_submit",
            actions.consent,
            (session.code, participant_id),
        )


def _progress(step: int, total: int) -> None:
    where = flow.progress(step, total)
    st.progress(where.fraction, text=where.label)


def step(
    snapshot: SurveySnapshot,
    participant_id: str,
    index: int,
    total: int,
    saved: participant_view.Answer | None,
) -> None:
    """The participant's step `index`; `saved` is their answer to it, if any."""
    _progress(index, total)
    current = snapshot.survey.steps[index]
    if isinstance(current, Question):
        _question(participant_id, current, index, total, saved)
    else:
        _module(snapshot, current, participant_id, index, total)


def _question(
    participant_id: str,
    question: Question,
    index: int,
    total: int,
    saved: participant_view.Answer | None,
) -> None:
    if saved is not None and not actions.answer_shown(participant_id, index):
        _answered(participant_id, question, index, total)
        return
    had_answer = saved is not None and not saved.declined
    message = actions.take_flash(actions.step_place(index))
    in_form = kinds.widget(question).in_form
    if not in_form:
        kinds.render(question, saved)  # taps rerun: outside the form
    with st.form(f"step_{index}", border=False, enter_to_submit=False):
        if in_form:
            kinds.render(question, saved)
        if message:
            st.error(message, icon=":material/error:")
        st.form_submit_button(
            _(PREFER_NOT_TO_ANSWER),
            key=f"decline_{index}",
            on_click=actions.decline,
            args=(participant_id, index, total, question),
            width="stretch",
        )
        _back_next(participant_id, index, total, question, had_answer, in_form=True)


def _answered(participant_id: str, question: Question, index: int, total: int) -> None:
    """A saved answer stays hidden until the participant asks: a link found in a
    browser history does not show it to whoever opens it next."""
    # A heading like the unanswered step's: the step change scrolls to it and focuses it.
    st.subheader(question.text, anchor=False)  # authored content
    st.info(
        _("You answered this question. Your answer is saved and hidden on this screen."),
        icon=":material/check_circle:",
    )
    message = actions.take_flash(actions.step_place(index))
    if message:
        st.error(message, icon=":material/error:")
    st.button(
        _("Show my answer"),
        key=f"show_answer_{index}",
        on_click=actions.show_answer,
        args=(participant_id, index),
        icon=":material/visibility:",
    )
    _back_next(participant_id, index, total, None, False, in_form=False)  # moves, keeps it


def _module(
    snapshot: SurveySnapshot, current: ModuleStep, participant_id: str, index: int, total: int
) -> None:
    module: Module | None = snapshot.modules.get(current.module)
    if module is None:  # snapshots are validated; this only guards hand-edited data
        st.warning(_("This reading is missing from the session. You can go on."))
    else:
        st.subheader(module.title, anchor=False)
        about = ngettext(
            "About {n} minute to read", "About {n} minutes to read", module.minutes
        ).format(n=module.minutes)
        if module.content_note:
            about += "  \n" + _("Content note: {note}").format(note=module.content_note)
        st.caption(about)
        body, sources = references.module_text(module.body, module.sources, snapshot.references)
        st.markdown(body)
        with st.expander(_("Sources")):  # one element: every element costs each rerun
            st.markdown("\n".join(f"- {source}" for source in sources))
    message = actions.take_flash(actions.step_place(index))
    if message:
        st.error(message, icon=":material/error:")
    _back_next(participant_id, index, total, None, False, in_form=False)


def back_key(index: int) -> str:
    """Widget key of step `index`'s Back button (tests and the load simulator press it)."""
    return f"back_{index}"


def next_key(index: int) -> str:
    """Widget key of step `index`'s Next (Finish on the last step) button."""
    return f"next_{index}"


def _back_next(
    participant_id: str,
    index: int,
    total: int,
    question: Question | None,
    had_answer: bool,
    *,
    in_form: bool,
) -> None:
    """The Back and Next (or Finish) pair of a step: keys back_<index> and next_<index>.

    A question's pair submits its form (in_form=True), so the answer is saved
    with the move; a reading's pair are plain buttons.
    """
    button = st.form_submit_button if in_form else st.button
    with st.container(horizontal=True, horizontal_alignment="distribute"):
        button(
            _("Back"),
            key=back_key(index),
            on_click=actions.previous_step,
            args=(participant_id, index, total, question),
            disabled=index == 0,
            icon=":material/arrow_back:",
        )
        button(
            _("Finish") if flow.is_last(index, total) else _("Next"),
            type="primary",
            key=next_key(index),
            on_click=actions.next_step,
            args=(participant_id, index, total, question, had_answer),
            icon=":material/arrow_forward:",
            icon_position="right",
        )


@st.fragment(run_every=WAIT_SECONDS)
def _watch(
    engine: Engine, session_id: int, consented: bool, saved_step: int, total: int, screen: str
) -> None:
    """One small query per interval; a full rerun only when the screen must change."""
    fresh = sessions.get_session(engine, session_id)
    if flow.place_for(fresh, consented, saved_step, total).screen != screen:
        st.rerun(scope="app")


def waiting(
    engine: Engine,
    session: WorkshopSession,
    participant_id: str,
    saved_step: int,
    total: int,
) -> None:
    _progress(saved_step, total)
    st.subheader(_("Saved. Take a breath."), anchor=False)
    st.write(
        _(
            "The facilitator will move the room on together. This screen changes by "
            "itself when they do; there is nothing you need to do."
        )
    )
    st.caption(":material/hourglass_top: " + _("Waiting for the facilitator…"))
    _watch(engine, session.id, True, saved_step, total, flow.Screen.waiting.value)
    st.button(
        _("Back"),
        key=back_key(saved_step),
        on_click=actions.previous_step,
        args=(participant_id, saved_step, total, None),
        icon=":material/arrow_back:",
    )


def not_started(engine: Engine, session: WorkshopSession, snapshot: SurveySnapshot) -> None:
    _session_heading(session, snapshot)
    st.info(
        _(
            "This session has not started yet. This page opens by itself when the "
            "facilitator starts it."
        ),
        icon=":material/schedule:",
    )
    _watch(
        engine,
        session.id,
        False,
        0,
        flow.step_count(snapshot.survey),
        flow.Screen.not_started.value,
    )


def finished(
    session: WorkshopSession, snapshot: SurveySnapshot, participant_id: str, total: int
) -> None:
    closed = not session.is_open
    st.title(_("Thank you"), anchor=False)
    st.write(_("Your answers are saved. You can close this page now, or press Quick exit."))
    if closed:
        st.write(_("This session has now closed, so answers can no longer be changed."))
    resources(snapshot.resources)
    if session.settings.show_results_to_participants:
        from ui.participant.results import group_results  # altair only on this screen

        st.divider()
        group_results(session, snapshot)
    if not closed:
        message = actions.take_flash(actions.REVIEW)
        if message:
            st.error(message, icon=":material/error:")
        st.button(
            _("Change an answer"),
            key="review",
            on_click=actions.review,
            args=(participant_id, total - 1, total),
            icon=":material/edit:",
        )
    from ui.participant.followup import section  # only on the end screen

    section(session, participant_id)
    forget_device()


def forget_device() -> None:
    """Issue 17 point 6: say the address is a key, and offer to forget it."""
    st.markdown(_(LINK_NOTE))
    st.button(
        _("Forget this device"),
        key="forget_device",
        on_click=actions.forget_device,
        icon=":material/phonelink_erase:",
        help=_(
            "Leaves this page for one without your link and clears this tab. "
            "Your answers stay saved for the workshop."
        ),
    )


def closed(snapshot: SurveySnapshot, participant_id: str | None) -> None:
    st.title(_("This session has closed"), anchor=False)
    if participant_id is None:
        st.write(_("It no longer takes answers. If you have another code, enter it below."))
        join("", actions.take_join_error())
        return
    st.write(
        _(
            "Your saved answers are kept, and no more answers can be added. "
            "Thank you for taking part."
        )
    )
    resources(snapshot.resources)


def unknown_participant(message: str) -> None:
    st.title(_("We could not find your place"), anchor=False)
    st.warning(message, icon=":material/link_off:")
    st.button(_("Join again"), type="primary", key="join_again", on_click=actions.join_again)
