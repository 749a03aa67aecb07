"""Participant: join, consent, answer step by step, resume, withdraw.

The hot path of the app: every tap is one run of the `screen` fragment (not
of app.py and the whole page). Each step's inputs sit in one form; its
buttons' on_click callbacks save the answer and move the saved step before
the fragment runs, in one transaction that also reads the participant's new view, so
that same run draws the next screen.
No pandas or altair on this path; the survey comes from the cached snapshot.

State lives in the URL and the database, never in cookies or browser storage:
  ?code=ABC234           the session (from the QR code, or set by Join)
  ?code=ABC234&p=<hex>   plus the participant's random 32-hex id (set by Start);
                         a reload or a phone waking up resumes at the saved step

Screens, in order, with widget keys and button labels (for tests and the load
simulator; <n> is the 0-based step index, <item> a question id):

  join       text_input "Session code" key join_code; "Join" key join_submit
             (also shown with an error for a wrong, garbled or unknown code)
  not yet    session still a draft: waits, polling every 3 s (fragment)
  consent    checkboxes consent_adult ("I am 18 or older.") and consent_agree
             ("I have read this and agree to take part."); "Start" key
             consent_submit. Both boxes are required; only then is the
             participant created (p appears in the URL).
  step       progress "Step <n+1> of <total>"; for a question, a form holding
             the answer widget (keys in ui/participant/widgets.py, e.g.
             answer_<item>) and the buttons "Prefer not to answer"
             key decline_<n>, "Back" key back_<n>, "Next" (or "Finish" on the
             last step) key next_<n>. A module step has the same Back/Next
             keys as plain buttons. Next with no answer moves on without
             saving; a refused answer shows an error in place and stays.
  waiting    facilitator-paced and ahead of the room: polls every 3 s and
             moves on by itself; "Back" key back_<n>
  finished   thanks and support; when the facilitator allows it, group results
             (selectbox key results_item, one question at a time, through
             the facilitator view's disclosure control); "Change an answer"
             key review
  closed     the session closed: saved answers kept, nothing more accepted
  withdraw   last on every screen after consent: "Withdraw and delete my answers"
             key withdraw, then "Yes, delete my answers" key withdraw_confirm
             or "No, keep my answers" key withdraw_cancel; afterwards "Join
             again" key join_again
  question box on step, waiting and end screens of an open session, above
             Withdraw: button
             "Ask a question anonymously" key qbox_open opens it: text_area
             key qbox_text, "Send question" key qbox_send, "Me too" keys
             qbox_vote_<id prefix>, "Refresh questions" key qbox_refresh,
             "Close" key qbox_close (ui/shared/question_wall.py). Opened, it
             scrolls into view with its text field focused; closed, focus
             returns to its button (ui/participant/chrome.py)
  language   where WORKSHOP_LANGUAGES offers more than one: segmented control
             "Language" key language_switch on the join and consent screens;
             the choice is kept in the address as ?lang=<code> (ui/shared/language.py)
  quick exit always drawn first: a static HTML button (no Streamlit widget)
             that replaces the page with WORKSHOP_QUICK_EXIT_URL
"""

from __future__ import annotations

import streamlit as st

from ui.participant import actions, screens, withdrawal
from ui.participant.chrome import quick_exit
from ui.shared import language, question_wall
from ui.shared.runtime import app_settings, engine
from workshop import flow, i18n, participant_view, sessions
from workshop.errors import ParticipantNotFound, WorkshopError
from workshop.flow import Screen

# Screens after consent where the anonymous question box is offered (an open session).
ASK_ON = (Screen.step, Screen.waiting, Screen.finished)
# Screens that end with "Withdraw and delete my answers": last, under the question box,
# so that asking comes first and the destructive button stays apart.
WITHDRAW_ON = (*ASK_ON, Screen.closed)


def _query(name: str) -> str | None:
    value = st.query_params.get(name)
    return value if isinstance(value, str) and value else None


def main() -> None:
    language.install()  # the language itself is settled in app.py, before the tab's title
    quick_exit(app_settings().quick_exit_url)
    screen()


# Every participant button is drawn inside this fragment, so a tap reruns
# only the screen: not app.py, its navigation and page config, nor the
# quick-exit bar, which stay as they are. A reload or a page change is a
# full run as before. This is most of a step's cost that is not Streamlit's.
@st.fragment
def screen() -> None:
    eng = engine()
    state = st.session_state
    code = _query("code")
    participant_id = _query("p")
    fresh = actions.take_fresh_place(code or "", participant_id)

    if not code:
        screens.join("", actions.take_join_error())
        return
    try:
        # One transaction per run: a tap's write already read the new view
        # (fresh); otherwise one read of the session, the participant and the
        # one saved answer the step's question shows.
        where = fresh or participant_view.read(eng, code, participant_id)
    except ParticipantNotFound as exc:
        screens.unknown_participant(str(exc))
        return
    except WorkshopError as exc:
        screens.join(code, actions.take_join_error() or str(exc))
        return
    session, participant = where.session, where.participant
    # The session may offer fewer languages than the app: settle among those.
    language.choose(language.for_session(app_settings().languages, session.settings.languages))
    # No facilitator notes; the texts in the participant's language (codes stay shared).
    snapshot = sessions.get_participant_snapshot(eng, session.id, i18n.current())
    total = flow.step_count(snapshot.survey)

    if actions.WITHDRAWN in state and participant_id is None:
        withdrawal.withdrawn(state[actions.WITHDRAWN], snapshot)
        return
    if participant is not None and participant.consented and state.get(actions.CONFIRM_WITHDRAW):
        withdrawal.confirm_withdraw(participant.id)
        return

    consented = participant is not None and participant.consented
    place = flow.place_for(session, consented, participant.step if participant else 0, total)
    if place.screen is Screen.not_started:
        screens.not_started(eng, session, snapshot)
    elif place.screen is Screen.consent:
        screens.consent(session, snapshot, participant.id if participant else None)
    elif participant is None or place.screen is Screen.closed:
        screens.closed(snapshot, participant.id if participant else None)
    elif place.screen is Screen.finished:
        screens.finished(session, snapshot, participant.id, total)
    elif place.screen is Screen.waiting:
        screens.waiting(eng, session, participant.id, place.step, total)
    else:
        screens.step(snapshot, participant.id, place.step, total, where.answer)
    if participant is None:
        return
    if place.screen in ASK_ON and session.is_open:
        question_wall.participant_box(session, participant.id)
    if place.screen in WITHDRAW_ON:
        withdrawal.withdraw_button()


main()
