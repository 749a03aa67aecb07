"""Facilitator: present one step at a time on the projector, with live, disclosure-controlled results."""

from __future__ import annotations

import html

import streamlit as st

from analysis.charts import Style
from analysis.words import CLOUD_KINDS
from ui import word_moderation
from ui.auth import require_staff
from ui.facilitator_common import choose_session, projector_styles
from ui.facilitator_live import (
    REFRESH_SECONDS,
    is_revealed,
    published,
    render_results,
    set_revealed,
)
from ui.question_wall import answering_now_live
from ui.runtime import engine
from workshop import sessions
from workshop.content import ModuleStep
from workshop.sessions import Pacing, WorkshopSession

require_staff()

st.set_page_config(layout="wide")
projector_styles()
OWN_STEP = "fac_present_step"  # a self-paced room: the facilitator browses on their own

with st.sidebar:
    session = choose_session()
if session is None:
    st.stop()
snapshot = sessions.get_snapshot(engine(), session.id)
steps = snapshot.survey.steps
paced = session.settings.pacing is Pacing.facilitator
if paced:
    index = session.current_step
else:
    own = st.session_state.setdefault(OWN_STEP, {})
    index = own.get(session.id, 0)
index = max(0, min(index, len(steps) - 1))


def go_to(target: int) -> None:
    target = max(0, min(target, len(steps) - 1))
    if paced:
        sessions.set_current_step(engine(), session.id, target)  # moves the room too
    else:
        st.session_state[OWN_STEP][session.id] = target


step = steps[index]
with st.container(key="present_controls"):
    meta, back, forward, reveal = st.columns([3.2, 1, 1, 1.4], vertical_alignment="center")
with meta, st.container(key="present_meta"):
    where = f"Step {index + 1} of {len(steps)}"
    if paced:
        where += " · the room follows this screen"
    st.markdown(where)
if back.button("Previous", icon=":material/arrow_back:", disabled=index == 0, width="stretch"):
    go_to(index - 1)
    st.rerun()
if forward.button(
    "Next",
    icon=":material/arrow_forward:",
    disabled=index >= len(steps) - 1,
    type="primary",
    width="stretch",
):
    go_to(index + 1)
    st.rerun()
if not isinstance(step, ModuleStep):
    shown = is_revealed(session, step.id)
    label = "Hide results" if shown else "Reveal results"
    icon = ":material/visibility_off:" if shown else ":material/visibility:"
    if reveal.button(label, icon=icon, key="fac_reveal", width="stretch"):
        set_revealed(session, step.id, not shown)
        st.rerun()


@st.fragment(run_every=REFRESH_SECONDS)
def live_results(current: WorkshopSession, step_index: int) -> None:
    fresh = sessions.get_session(engine(), current.id)
    if fresh.settings.pacing is Pacing.facilitator and fresh.current_step != step_index:
        st.rerun()  # another facilitator screen moved the room: follow it
    question = snapshot.survey.steps[step_index]
    result = published(fresh, question)
    with st.container(key="present_meta_live"):
        st.markdown(f"### {result.answered_line}")
    render_results(
        result,
        revealed=is_revealed(fresh, question.id),
        style=Style.projector(),
        key=f"fac_chart_{question.id}",
        as_bars=word_moderation.as_bars(),
    )


if isinstance(step, ModuleStep):
    module = snapshot.modules.get(step.module)
    title = module.title if module else step.module
    with st.container(key="present_question"):
        st.markdown(f"Reading: {html.escape(title)}")
    st.markdown(
        f"Participants read this short module on their phones ({module.minutes if module else '?'} min)."
    )
else:
    with st.container(key="present_question"):
        st.markdown(html.escape(step.text))
    live_results(session, index)
    if step.kind in CLOUD_KINDS:
        word_moderation.controls(session, step)

# The question box's "answering now" question, large (until the audience screen exists).
answering_now_live(session)
