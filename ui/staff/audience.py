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
from collections.abc import Callable

import segno
import streamlit as st

from analysis.charts import Style
from ui.shared.live_results import is_revealed, published, render_results
from ui.shared.question_wall import answering_now_panel
from ui.shared.runtime import engine
from ui.staff import auth
from workshop import links, presenter, sessions
from workshop.content import ModuleStep, Question, SurveySnapshot
from workshop.sessions import SessionState, WorkshopSession

AUDIENCE_REFRESH_SECONDS = 1.0
SESSION_PARAM = "session"

# A question step has no authored discussion prompt: this one asks about the
# room's answers, never about anyone's own experience.
QUESTION_PROMPT = (
    "What do you notice in the room's answers? What might explain them? "
    "Talk in general terms: nobody needs to say what they answered."
)

# Optional panels drawn under the step (for example a question box's
# "answering now" list). Each gets the fresh session and draws what it owns.
Panel = Callable[[WorkshopSession], None]
PANELS: list[Panel] = [answering_now_panel]

# Static CSS only (never participant text). No sidebar, header or toolbar on
# the projector; type sized for the back of a room at 1920x1080.
_CSS = """
<style>
[data-testid="stSidebar"], [data-testid="stSidebarCollapsedControl"],
[data-testid="stHeader"], [data-testid="stToolbar"], [data-testid="stDecoration"],
[data-testid="stSidebarNav"], [data-testid="stElementToolbar"] {display: none !important;}
.block-container, [data-testid="stMainBlockContainer"] {padding: 2rem 3rem 1rem; max-width: 100%;}
.st-key-audience_step p {font-size: 3.8rem; line-height: 1.2; font-weight: 650; margin: 0;}
.st-key-audience_kicker p {font-size: 2.1rem; color: #3A4A50; margin: 0;}
.st-key-audience_summary p {font-size: 3rem; line-height: 1.35; color: #1F2A2E;}
.st-key-audience_prompt p {font-size: 3rem; line-height: 1.3; font-weight: 600;}
.st-key-audience_wait p {font-size: 2.3rem; color: #3A4A50;}
.st-key-audience_code [data-testid="stText"] {font-size: 10rem; font-weight: 800;
  letter-spacing: .9rem; line-height: 1.05; font-family: ui-monospace, monospace;}
.st-key-audience_url [data-testid="stText"] {font-size: 2rem;}
.st-key-audience_join p {font-size: 2.6rem;}
.st-key-present_notes p {font-size: 1.6rem; color: #3A4A50;}
.st-key-present_texts [data-testid="stText"] {font-size: 2.1rem; line-height: 1.35;
  padding: .4rem .9rem; margin: .35rem 0; background: #EEF2EF; border-radius: .6rem;}
</style>
"""


# The presenter's laptop: the collapsed sidebar's header must not cover the
# controls (it is about 3.75rem tall), and the question needs less than
# projector type at 1366x768.
_PRESENTER_CSS = """
<style>
.block-container, [data-testid="stMainBlockContainer"] {padding-top: 4.25rem !important;}
.st-key-present_question p {font-size: 2.2rem !important; line-height: 1.2;}
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
            st.error(f"No session uses the code {html.escape(code)}. Check the address.")
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


def discussion_prompts(snapshot: SurveySnapshot, step: ModuleStep | Question) -> tuple[str, ...]:
    if isinstance(step, ModuleStep):
        module = snapshot.modules.get(step.module)
        if module is not None and module.facilitator is not None:
            return module.facilitator.discussion
    return (QUESTION_PROMPT,)


def _join_screen(session: WorkshopSession) -> None:
    join = links.join_url(auth.base_url(), session.code)
    words, qr = st.columns([3, 2], vertical_alignment="center")
    with words:
        with st.container(key="audience_join"):
            st.markdown("**Join on your phone.** Scan the code, or open the address and type:")
        with st.container(key="audience_code"):
            st.text(session.code)
        with st.container(key="audience_url"):
            st.text(join)
        joined = sessions.participant_count(engine(), session.id)
        with st.container(key="audience_wait"):
            people = "person has" if joined == 1 else "people have"
            st.markdown(f"{joined} {people} joined.")
    with qr:
        st.image(qr_png(join), caption="Scan to join", width="stretch")


def _prompts(prompts: tuple[str, ...]) -> None:
    with st.container(key="audience_kicker"):
        st.markdown("Talk about it")
    with st.container(key="audience_prompt"):
        for prompt in prompts:
            st.markdown(html.escape(prompt))


def draw(session_id: int) -> None:
    """One frame of the audience screen for the session's current presenter state."""
    session = sessions.get_session(engine(), session_id)
    snapshot = sessions.get_snapshot(engine(), session.id)
    steps = snapshot.survey.steps
    now = presenter.stage(session, len(steps))
    if now.join_screen or session.state is SessionState.draft:
        _join_screen(session)
        return
    step = steps[now.step]
    if now.discussion:
        _prompts(discussion_prompts(snapshot, step))
    elif isinstance(step, ModuleStep):
        module = snapshot.modules.get(step.module)
        with st.container(key="audience_kicker"):
            st.markdown("Read on your phone")
        with st.container(key="audience_step"):
            st.markdown(html.escape(module.title if module else step.module))
        if module is not None and module.summary:
            with st.container(key="audience_summary"):
                st.markdown(html.escape(module.summary))
    else:
        with st.container(key="audience_step"):
            st.markdown(html.escape(step.text))
        result = published(session, step)
        if is_revealed(session, step.id):
            render_results(
                result, revealed=True, style=Style.projector(), key=f"aud_chart_{step.id}"
            )
        else:
            with st.container(key="audience_wait"):
                st.markdown(f"Answer on your phone. {result.answered_line}.")
    for panel in PANELS:
        panel(session)
