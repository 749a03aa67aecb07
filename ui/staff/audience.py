"""The audience screen (the projector): only what the room should see, following the presenter.

It reads the presenter's state from the session row (workshop/presenter.py)
every AUDIENCE_REFRESH_SECONDS, so it follows a presenter in another tab or
app process without anyone touching it. Charts go through the same
disclosure control as every live display (ui/shared/live_results.published).
Facilitator notes are never drawn here; a module's discussion prompts are
(they are written for the room).
"""

from __future__ import annotations

import html
import io

import segno
import streamlit as st

from analysis.charts import Style
from ui.shared import page_language
from ui.shared.live_results import (
    is_revealed,
    knowledge_line,
    published,
    render_stage_results,
)
from ui.shared.question_wall import answering_now
from ui.shared.runtime import engine
from ui.staff import auth
from workshop import i18n, links, presenter, sessions, translation
from workshop.content import ModuleStep, Question, Survey, SurveySnapshot
from workshop.i18n import N_, _, ngettext
from workshop.question_box import Shown
from workshop.sessions import SessionState, WorkshopSession

AUDIENCE_REFRESH_SECONDS = 1.0
SESSION_PARAM = "session"

# A question step has no authored discussion prompt: this one asks about the
# room's answers, never about anyone's own experience.
QUESTION_PROMPT = N_(
    "What do you notice in the room's answers? What might explain them? "
    "Talk in general terms: nobody needs to say what they answered."
)

# A closed session's screen. The phones show the support resources on their last page.
THANKS = N_(
    "Your answers are saved, and no more can be added. "
    "The support resources are on your phone's last screen."
)

# Static CSS only (never participant text). No sidebar, header or toolbar on
# the projector. The stage is one column exactly the viewport's height (a
# projector cannot scroll): type is sized in vh so it scales with the screen
# (24 px and up at 1080p), and the chart takes whatever height is left.
_CSS = """
<style>
[data-testid="stSidebar"], [data-testid="stSidebarCollapsedControl"],
[data-testid="stHeader"], [data-testid="stToolbar"], [data-testid="stDecoration"],
[data-testid="stSidebarNav"], [data-testid="stElementToolbar"] {display: none !important;}
.block-container, [data-testid="stMainBlockContainer"] {padding: 0 4vw !important;
  max-width: 100%;}
[data-testid="stMain"] {overflow: hidden;}
[data-testid="stMainBlockContainer"] > [data-testid="stVerticalBlock"] {gap: 0;}
/* Calm: the stage redraws every second; Streamlit's fade of a stale element would flicker. */
.st-key-stage [data-stale="true"] {opacity: 1 !important; transition: none !important;}
[data-testid="stLayoutWrapper"]:has(> .st-key-stage) {height: 100vh; overflow: hidden;}
.st-key-stage {padding: 3.5vh 0 2.5vh; overflow: hidden; gap: 2vh;}
[data-testid="stLayoutWrapper"]:has(> .st-key-stage_chart), .st-key-stage,
[data-testid="stLayoutWrapper"]:has(> .st-key-stage_fill),
[data-testid="stLayoutWrapper"]:has(> .st-key-stage_middle), .st-key-stage_middle,
.st-key-stage_chart, .st-key-stage_fill {flex: 1 1 0 !important; min-height: 0 !important;}
.st-key-stage_chart > [data-testid="stElementContainer"]:has([data-testid="stVegaLiteChart"])
  {flex: 1 1 0; min-height: 0;}
.st-key-stage p, .st-key-stage [data-testid="stText"] {margin: 0;}
.st-key-stage_kicker p {font-size: 3vh; color: #3A4A50; font-weight: 600;}
.st-key-stage_question p {font-size: 5.2vh; line-height: 1.15; font-weight: 650;}
.st-key-stage_lead p {font-size: 8vh; line-height: 1.2; font-weight: 650;}
.st-key-stage_summary p {font-size: 4.4vh; max-width: 80vw; line-height: 1.35; color: #1F2A2E;}
.st-key-stage_count p {font-size: 3vh; color: #3A4A50;}
.st-key-stage_reveal p {font-size: 4.4vh; font-weight: 700; color: #1B6B73;}
.st-key-stage_middle {justify-content: center;}
.st-key-stage_fill {justify-content: center; align-items: center; text-align: center;}
.st-key-stage_counter p {font-size: 18vh; line-height: 1; font-weight: 800; color: #1B6B73;}
.st-key-stage_counter_words p {font-size: 4vh; color: #3A4A50;}
.st-key-stage_prompt p {font-size: 5vh; line-height: 1.3; font-weight: 600;}
.st-key-stage_highlight [data-testid="stText"] {font-size: 7vh; line-height: 1.25;
  font-weight: 650; white-space: pre-wrap; font-family: inherit;}
.st-key-stage_code [data-testid="stText"] {font-size: 17vh; font-weight: 800;
  letter-spacing: .08em; line-height: 1.05; font-family: ui-monospace, monospace;}
.st-key-stage_url [data-testid="stText"] {font-size: 3.4vh; overflow-wrap: anywhere;}
.st-key-stage_join p {font-size: 4.2vh;}
.st-key-stage_joined p {font-size: 3.4vh; color: #3A4A50;}
.st-key-stage_qr img {max-height: 70vh; width: auto !important; margin: 0 auto;}
.st-key-stage_notes p {font-size: 2.6vh; color: #3A4A50;}
.st-key-stage_strip {border-top: 2px solid #C9D3CF; padding-top: 1vh;}
.st-key-stage_strip p {font-size: 2.6vh; color: #1F2A2E;}
.st-key-stage_texts p {font-size: 3.2vh;}
.st-key-stage_texts [data-testid="stText"] {font-size: 3.2vh; line-height: 1.35;
  padding: .4rem .9rem; margin: .35rem 0; background: #EEF2EF; border-radius: .6rem;}
/* The word cloud is drawn at a fixed size with a viewBox: it scales to fill its area, centred. */
[data-testid="stLayoutWrapper"]:has(> .st-key-stage_cloud), .st-key-stage_cloud,
.st-key-stage_cloud > [data-testid="stElementContainer"]:has([data-testid="stVegaLiteChart"])
  {flex: 1 1 0 !important; min-height: 0 !important; width: 100% !important;}
.st-key-stage_cloud [data-testid="stElementContainer"]:has([data-testid="stVegaLiteChart"]) div,
.st-key-stage_cloud [data-testid="stVegaLiteChart"] > svg
  {width: 100% !important; height: 100% !important;}
/* Above 1080p a chart keeps its 1080p layout and grows with the screen: it is drawn for a
   box 1/s the size and scaled by s (CSS typed arithmetic; a browser without it draws the
   chart at 1080p sizes). Streamlit sizes the chart from its own box: only the svg scales. */
@media (min-height: 1081px) { @supports (scale: calc(100vh / 1080px)) {
  .st-key-stage_chart > [data-testid="stElementContainer"]:has([data-testid="stVegaLiteChart"])
    {--stage-scale: calc(100vh / 1080px);}
  .st-key-stage_chart > [data-testid="stElementContainer"]:has([data-testid="stVegaLiteChart"])
    > div {width: calc(100% / var(--stage-scale)) !important;
    height: calc(100% / var(--stage-scale)) !important;}
  .st-key-stage_chart > [data-testid="stElementContainer"] [data-testid="stVegaLiteChart"] > svg
    {transform: scale(var(--stage-scale)); transform-origin: 0 0;}
}}
</style>
"""


# The presenter's laptop: the collapsed sidebar's header must not cover the
# controls (it is about 3.75rem tall), and the question needs less than
# projector type at 1366x768.
_PRESENTER_CSS = """
<style>
.block-container, [data-testid="stMainBlockContainer"] {padding-top: 4.25rem !important;}
.st-key-present_question p {font-size: 1.6rem !important; line-height: 1.2;}
.st-key-present_meta p {font-size: 1.6rem;}
.st-key-present_speaker_notes p, .st-key-present_speaker_notes li {font-size: 1.05rem;}
</style>
"""


def styles() -> None:
    st.markdown(_CSS, unsafe_allow_html=True)


def presenter_styles() -> None:
    st.markdown(_PRESENTER_CSS, unsafe_allow_html=True)


@st.cache_data(max_entries=32, show_spinner=False)
def qr_png(url: str) -> bytes:
    buffer = io.BytesIO()
    segno.make(url, error="m").save(buffer, kind="png", scale=12, border=2, dark="#1F2A2E")
    return buffer.getvalue()


def session_from_url(fallback_id: int | None) -> WorkshopSession | None:
    """The session named by `?session=CODE`, else the one chosen on the staff pages."""
    code = st.query_params.get(SESSION_PARAM)
    if code:
        try:
            return sessions.find_by_code(engine(), code)
        except Exception:  # a mistyped code: say so on screen
            st.error(
                _("No session uses the code {code}. Check the address.").format(
                    code=html.escape(code)
                )
            )
            return None
    if fallback_id is not None:
        try:
            return sessions.get_session(engine(), fallback_id)
        except Exception:
            return None
    return None


def audience_path(code: str, token: str | None = None) -> str:
    """A relative address of the audience screen (same host as the presenter's tab)."""
    path = f"audience?{SESSION_PARAM}={code}"
    return f"{path}&{auth.SCREEN_PARAM}={token}" if token else path


def audience_link_maker(
    code: str,
    state_key: str,
    button_key: str,
    link_label: str,
    *,
    primary: bool = False,
) -> None:
    """The "Make an audience link" button and, once made, a one-time link button.

    The link is kept under state_key only until it is drawn once (it works once).
    """
    if st.button(
        _("Make an audience link"), key=button_key, type="primary" if primary else "secondary"
    ):
        token = auth.create_audience_link(code)
        if token is not None:
            st.session_state[state_key] = audience_path(code, token)
    if state_key in st.session_state:
        st.link_button(link_label, st.session_state.pop(state_key), icon=":material/open_in_new:")


def discussion_prompts(snapshot: SurveySnapshot, step: ModuleStep | Question) -> tuple[str, ...]:
    if isinstance(step, ModuleStep):
        module = snapshot.modules.get(step.module)
        if module is not None and module.facilitator is not None:
            return module.facilitator.discussion
    return (_(QUESTION_PROMPT),)


def _join_screen(session: WorkshopSession) -> None:
    join = links.join_url(auth.base_url(), session.code)
    with st.container(key="stage_middle"):
        words, qr = st.columns([3, 2], vertical_alignment="center")
    with words:
        with st.container(key="stage_join"):
            st.markdown(_("**Join on your phone.** Scan the code, or open the address and type:"))
        with st.container(key="stage_code"):
            st.text(session.code)
        with st.container(key="stage_url"):
            st.text(join)
        joined = sessions.participant_count(engine(), session.id)
        with st.container(key="stage_joined"):
            st.markdown(
                ngettext(
                    "{count} person has joined.", "{count} people have joined.", joined
                ).format(count=joined)
            )
    with qr, st.container(key="stage_qr"):
        alt = _("QR code that opens {address}").format(address=join)
        st.image(qr_png(join), alt=alt, width="stretch")


def _join_strip(session: WorkshopSession) -> None:
    with st.container(key="stage_strip"):
        st.markdown(
            _("Join: **{address}** · code **{code}**").format(
                address=html.escape(links.join_url(auth.base_url(), session.code)),
                code=session.code,
            )
        )


def _prompts(prompts: tuple[str, ...]) -> None:
    with st.container(key="stage_kicker"):
        st.markdown(_("Talk about it"))
    with st.container(key="stage_fill"), st.container(key="stage_prompt"):
        for prompt in prompts:
            st.markdown(html.escape(prompt))


def _module(snapshot: SurveySnapshot, step: ModuleStep) -> None:
    module = snapshot.modules.get(step.module)
    with st.container(key="stage_kicker"):
        st.markdown(_("Read on your phone"))
    with st.container(key="stage_fill"):
        with st.container(key="stage_lead"):
            st.markdown(html.escape(module.title if module else step.module))
        if module is not None and module.summary:
            with st.container(key="stage_summary"):
                st.markdown(html.escape(module.summary))


def _question(session: WorkshopSession, survey: Survey, step: Question) -> None:
    with st.container(key="stage_question"):
        st.markdown(html.escape(step.text))
    result = published(session, step)
    if not is_revealed(session, step.id):
        with st.container(key="stage_fill"):
            with st.container(key="stage_kicker"):
                st.markdown(_("Answer on your phone"))
            with st.container(key="stage_counter"):
                st.markdown(
                    _("{answered} of {total}").format(
                        answered=result.responded_now, total=result.participants_now
                    )
                )
            with st.container(key="stage_counter_words"):
                st.markdown(_("have answered"))
        return
    with st.container(key="stage_count"):
        st.markdown(f"{result.answered_line}.")
    reveal = knowledge_line(session, survey, step, result)
    if reveal is not None:
        with st.container(key="stage_reveal"):
            st.markdown(reveal)
    render_stage_results(result, style=Style.projector(), key=f"aud_chart_{step.id}")


def _answering_now(question: Shown) -> None:
    with st.container(key="stage_kicker"):
        st.markdown(_("A question from the room"))
    with st.container(key="stage_fill"), st.container(key="stage_highlight"):
        st.text(question.text)  # plain text: never Markdown or HTML


def _thanks() -> None:
    """The closed session's last screen: thanks, and where the support resources are."""
    with st.container(key="stage_kicker"):
        st.markdown(_("The workshop has ended"))
    with st.container(key="stage_fill"):
        with st.container(key="stage_lead"):
            st.markdown(_("Thank you for taking part"))
        with st.container(key="stage_summary"):
            st.markdown(_(THANKS))


def draw(session_id: int) -> None:
    """One frame of the audience screen for the session's current presenter state, in the
    session's presentation language (the room's charts count every language together)."""
    session = sessions.get_session(engine(), session_id)
    language = session.settings.presentation_language or i18n.SOURCE
    with i18n.using(language):
        st.html(page_language.marker(), unsafe_allow_javascript=True)  # the room's language
        _draw(session, translation.localized(sessions.get_snapshot(engine(), session.id), language))


def _draw(session: WorkshopSession, snapshot: SurveySnapshot) -> None:
    steps = snapshot.survey.steps
    now = presenter.stage(session, len(steps))
    with st.container(key="stage"):
        if session.state is SessionState.closed:
            _thanks()  # no join code, strip or question for a closed session
            return
        if now.join_screen or session.state is SessionState.draft:
            _join_screen(session)
            return
        step = steps[now.step]
        answering = answering_now(session)
        if answering is not None:
            _answering_now(answering)
        elif now.discussion:
            _prompts(discussion_prompts(snapshot, step))
        elif isinstance(step, ModuleStep):
            _module(snapshot, step)
        else:
            _question(session, snapshot.survey, step)
        if session.settings.join_strip and not session.settings.joining_locked:
            _join_strip(session)
