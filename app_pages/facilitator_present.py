"""Facilitator: the presenter view (the laptop). A live preview of the projector, notes, next
step, the clock and the controls.

The room sees the audience screen (app_pages/facilitator_audience.py), which
follows the state this page writes to the session row; the preview is that
screen itself in a frame (ui/staff/preview.py), so Present draws no chart of its own. Shortcuts: Left/Right
arrows move, V reveals or hides results (R is Streamlit's own rerun key and
cannot be bound), D toggles the discussion prompt, J the join screen.
"""

from __future__ import annotations

import html
from collections.abc import Callable

import streamlit as st
from streamlit.delta_generator import DeltaGenerator

from analysis.charts import Style
from analysis.words import CLOUD_KINDS
from ui.shared.live_results import (
    REFRESH_SECONDS,
    is_revealed,
    knowledge_line,
    published,
    render_results,
    set_revealed,
)
from ui.shared.question_wall import answering_now_live
from ui.shared.runtime import engine
from ui.staff import audience, preview, word_moderation
from ui.staff.auth import require_staff
from ui.staff.common import projector_styles, session_or_stop
from ui.staff.resource_warning import example_resources_warning
from ui.staff.room_control import room_control
from workshop import i18n, presenter, sessions
from workshop.content import ModuleStep, Question, SurveySnapshot
from workshop.i18n import _
from workshop.sessions import Pacing, WorkshopSession

require_staff()

st.set_page_config(layout="wide")
projector_styles()
audience.presenter_styles()
LINK = "fac_audience_link"  # the one-time audience link made for this tab

session = session_or_stop()
snapshot = sessions.get_snapshot(engine(), session.id)
example_resources_warning(snapshot)
steps = snapshot.survey.steps
total = len(steps)
paced = session.settings.pacing is Pacing.facilitator
stage = presenter.stage(session, total)
index = stage.step
step = steps[index]


def go_to(target: int) -> None:
    assert session is not None  # the page stopped above otherwise (mypy cannot see it here)
    presenter.move(engine(), session, target, total)


def step_title(snap: SurveySnapshot, item: ModuleStep | Question) -> str:
    if isinstance(item, ModuleStep):
        module = snap.modules.get(item.module)
        return _("Reading: {title}").format(title=module.title if module else item.module)
    return item.text


with st.container(key="present_controls"):
    back, forward, reveal, talk, join = st.columns(5, vertical_alignment="center")
if back.button(
    _("Previous"),
    icon=":material/arrow_back:",
    disabled=index == 0,
    width="stretch",
    shortcut="Left",
    key="fac_prev",
):
    go_to(index - 1)
    st.rerun()
if forward.button(
    _("Next"),
    icon=":material/arrow_forward:",
    disabled=index >= total - 1,
    type="primary",
    width="stretch",
    shortcut="Right",
    key="fac_next",
):
    go_to(index + 1)
    st.rerun()
# The toggles: (column, label, icon, key, shortcut, what a press does).
toggles: list[tuple[DeltaGenerator, str, str, str, str, Callable[[], object]]] = []
current: WorkshopSession = session  # typed: the lambdas below cannot see the stop above
if isinstance(step, Question):
    question_id, shown = step.id, is_revealed(current, step.id)
    toggles.append(
        (
            reveal,
            _("Hide results") if shown else _("Reveal results"),
            ":material/visibility_off:" if shown else ":material/visibility:",
            "fac_reveal",
            "V",
            lambda: set_revealed(current, question_id, not shown),
        )
    )
toggles.append(
    (
        talk,
        _("End discussion") if stage.discussion else _("Discussion"),
        ":material/forum:",
        "fac_discussion",
        "D",
        lambda: presenter.set_discussion(engine(), current, None if stage.discussion else index),
    )
)
toggles.append(
    (
        join,
        _("Hide code") if stage.join_screen else _("Show code"),
        ":material/qr_code_2:",
        "fac_join_screen",
        "J",
        lambda: presenter.set_join_screen(engine(), current, not stage.join_screen),
    )
)
for column, label, icon, key, shortcut, press in toggles:
    if column.button(label, icon=icon, key=key, width="stretch", shortcut=shortcut):
        press()
        st.rerun()


@st.fragment(run_every=REFRESH_SECONDS)
def live_line(current: WorkshopSession, step_index: int) -> None:
    """The answered count (the room sees it too) and, for a cloud, its exact counts as bars."""
    fresh = sessions.get_session(engine(), current.id)
    question = snapshot.survey.steps[step_index]
    assert isinstance(question, Question)
    result = published(fresh, question)
    revealed = is_revealed(fresh, question.id)
    with st.container(key="present_meta_live"):
        line = result.answered_line
        if not revealed:
            line += " · " + _("results hidden: **Reveal results** (V) shows them")
        st.markdown(line)
        reveal = knowledge_line(fresh, snapshot.survey, question, result)
        if reveal is not None:
            st.markdown(f"**{reveal}**")
    if revealed and question.kind in CLOUD_KINDS and word_moderation.as_bars():
        render_results(result, style=Style(), key=f"fac_chart_{question.id}", as_bars=True)


@st.fragment(run_every=REFRESH_SECONDS)
def timing(session_id: int, step_index: int) -> None:
    fresh = sessions.get_session(engine(), session_id)
    if presenter.current_step(fresh, total) != step_index:
        st.rerun()  # another presenter window moved: follow it
    plan = presenter.step_minutes(snapshot)
    now = presenter.clock(fresh, plan, step_index)
    with st.container(key="present_clock"):
        if now.session_seconds is None:
            st.markdown(
                _("Clock not started · plan {minutes} min").format(
                    minutes=i18n.number(now.plan_total_minutes)
                )
            )
        else:
            st.markdown(
                _(
                    "**This step** {step} of {step_plan} planned  \n**Session** {session} · "
                    "plan to the end of this step {plan_here} of {plan_total}"
                ).format(
                    step=presenter.mm_ss(now.step_seconds),
                    step_plan=presenter.planned(now.step_plan_minutes),
                    session=presenter.mm_ss(now.session_seconds),
                    plan_here=presenter.planned(now.plan_to_here_minutes),
                    plan_total=presenter.planned(now.plan_total_minutes),
                )
            )
        if now.behind_minutes:
            behind = _("{minutes} min behind the plan").format(minutes=now.behind_minutes)
            st.markdown(f":orange[{behind}]")
    if now.session_seconds is None and st.button(
        _("Start the clock"), icon=":material/timer:", key="fac_clock"
    ):
        presenter.start_clock(engine(), fresh)
        st.rerun()


main, side = st.columns([3, 2], gap="large")
with side:
    with st.container(key="present_meta"):
        where = _("Step {number} of {total}").format(number=index + 1, total=total)
        if paced:
            where += " · " + _("phones follow")
        st.markdown(where)
    if stage.join_screen:
        st.info(
            _(
                "The audience screen shows the join code. **Hide code** (J) shows this "
                "step; Next and Previous hide it too."
            )
        )
    elif stage.discussion:
        st.info(_("The audience screen shows the discussion prompt."))

    clock = st.container()  # filled below, after the live results

    spoken = presenter.in_room_language(session, snapshot)  # notes in the room's language
    with st.container(key="present_speaker_notes"):
        if spoken.survey.steps[index].notes:
            st.markdown(_("**Notes**"))
            st.markdown(spoken.survey.steps[index].notes)
        if isinstance(step, ModuleStep):
            module = spoken.modules.get(step.module)
            guide = module.facilitator if module else None
            if guide is not None:
                st.markdown(
                    _("**Objectives** ({minutes} min with discussion)").format(
                        minutes=guide.minutes
                    )
                )
                st.markdown("\n".join(f"- {line}" for line in guide.objectives))
                st.markdown(_("**Talking points**"))
                st.markdown("\n".join(f"- {line}" for line in guide.talking_points))
        st.markdown(_("**Discussion prompt**"))
        st.markdown("\n".join(f"- {p}" for p in audience.discussion_prompts(spoken, step)))
    if index + 1 < total:
        with st.container(key="present_next"):
            following = html.escape(step_title(snapshot, steps[index + 1]))
            st.markdown(_("**Next:** {step}").format(step=following))

    strip = st.toggle(
        _("Join line on the audience screen"),
        value=session.settings.join_strip,
        key="fac_join_strip",
        help=_("The join address and code in small type under every step, for latecomers."),
    )
    if strip != session.settings.join_strip:
        presenter.set_join_strip(engine(), session, strip)
        st.rerun()

    with st.expander(_("Audience screen (projector)"), icon=":material/cast:"):
        st.markdown(
            _(
                "Open it in a new window, drag it to the projector and press F11. "
                "The link opens this session's audience screen in that window and nothing "
                "else (no staff page); it works once, within 2 minutes."
            )
        )
        audience.audience_link_maker(
            session.code, LINK, "fac_audience_make", _("Open the audience screen")
        )
        st.caption(
            _("On another computer: log in, then open /{path}").format(
                path=audience.audience_path(session.code)
            )
        )

# The live line is drawn before the clock: it stays the page's first fragment.
with main:
    with st.container(key="present_question"):
        st.markdown(html.escape(step_title(snapshot, step)))
    # What the room sees, drawn by the audience screen itself (ui/staff/preview.py).
    with st.container(key="present_preview"):
        preview.stage_preview(session.code)
    if isinstance(step, ModuleStep):
        module = snapshot.modules.get(step.module)
        if module is not None:
            st.markdown(
                _("Participants read this module on their phones ({minutes} min).").format(
                    minutes=module.minutes
                )
            )
    else:
        live_line(session, index)
        if step.kind in CLOUD_KINDS:
            word_moderation.controls(session, step)

with clock:
    timing(session.id, index)

with st.sidebar:
    room_control(session)  # joined count, expected size, join lock, release (issue 16)

# The question box's "answering now" question, for the presenter too (the audience
# screen shows it large).
answering_now_live(session)
