"""The presenter's state and plan: which step the room sees, discussion, join screen, the clock.

The state lives in the session row (its current step and settings), not in a
browser tab, so an audience screen in another tab or app process follows the
presenter. Facilitator-paced rooms move with the step (participants' phones
follow it); in a self-paced room the presenter's step moves only the projector.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import Engine

from workshop import i18n, session_settings, translation
from workshop.content import ModuleStep, SurveySnapshot
from workshop.sessions import Pacing, SessionSettings, WorkshopSession

# A question step without a planned share of the survey's minutes gets this.
DEFAULT_QUESTION_MINUTES = 1.0


@dataclass(frozen=True)
class Stage:
    """What the projector shows now."""

    step: int
    join_screen: bool  # the join code and QR while people arrive
    discussion: bool  # the step's discussion prompt instead of its chart


def current_step(session: WorkshopSession, total: int) -> int:
    step = (
        session.current_step
        if session.settings.pacing is Pacing.facilitator
        else session.settings.shown_step
    )
    return max(0, min(step, total - 1))


def stage(session: WorkshopSession, total: int) -> Stage:
    step = current_step(session, total)
    return Stage(
        step=step,
        join_screen=session.settings.join_screen,
        discussion=session.settings.discussion_step == step,
    )


def in_room_language(session: WorkshopSession, snapshot: SurveySnapshot) -> SurveySnapshot:
    """The snapshot in the session's presentation language (English where untranslated): the
    speaker notes and discussion prompts then match what the audience screen shows."""
    return translation.localized(snapshot, session.settings.presentation_language or i18n.SOURCE)


def move(engine: Engine, session: WorkshopSession, step: int, total: int) -> WorkshopSession:
    """Show `step` (clamped); a facilitator-paced room moves with it. Starts the clocks."""
    target = max(0, min(step, total - 1))
    now = datetime.now(UTC)

    def change(current: SessionSettings) -> dict[str, Any]:
        return {
            "shown_step": target,
            "discussion_step": None,
            "join_screen": False,
            "step_started_at": now,
            "started_at": current.started_at or now,
        }

    columns: dict[str, object] = {}
    if session.settings.pacing is Pacing.facilitator:
        columns["current_step"] = target
    return session_settings.change_settings(engine, session.id, change, **columns)


def set_discussion(engine: Engine, session: WorkshopSession, step: int | None) -> WorkshopSession:
    """Put a step's discussion prompt on the projector (None: back to the step)."""
    update: dict[str, Any] = {"discussion_step": step}
    if step is not None:
        update["join_screen"] = False
    return session_settings.change_settings(engine, session.id, lambda _: update)


def set_join_screen(engine: Engine, session: WorkshopSession, shown: bool) -> WorkshopSession:
    return session_settings.change_settings(engine, session.id, lambda _: {"join_screen": shown})


def set_join_strip(engine: Engine, session: WorkshopSession, shown: bool) -> WorkshopSession:
    """Show or hide the join line at the foot of the audience screen."""
    return session_settings.change_settings(engine, session.id, lambda _: {"join_strip": shown})


def start_clock(engine: Engine, session: WorkshopSession) -> WorkshopSession:
    """Start (or restart) the session's and the step's clocks now."""
    now = datetime.now(UTC)
    return session_settings.change_settings(
        engine, session.id, lambda _: {"started_at": now, "step_started_at": now}
    )


# --- the plan ------------------------------------------------------------------


def step_minutes(snapshot: SurveySnapshot) -> tuple[float, ...]:
    """Planned minutes per step.

    A module step gets its facilitator minutes (reading and discussion), else
    its reading minutes. The questions share what the survey's `minutes` leave
    after the modules, at least half a minute each (a minute each when the
    survey gives no total).
    """
    survey = snapshot.survey
    module_minutes: dict[int, float] = {}
    for index, step in enumerate(survey.steps):
        if isinstance(step, ModuleStep):
            module = snapshot.modules.get(step.module)
            if module is None:
                module_minutes[index] = 0.0
            else:
                planned = module.facilitator.minutes if module.facilitator else module.minutes
                module_minutes[index] = float(planned)
    questions = len(survey.steps) - len(module_minutes)
    per_question = DEFAULT_QUESTION_MINUTES
    if survey.minutes and questions:
        left = survey.minutes - sum(module_minutes.values())
        per_question = max(0.5, left / questions)
    return tuple(module_minutes.get(i, per_question) for i in range(len(survey.steps)))


@dataclass(frozen=True)
class Clock:
    session_seconds: int | None  # None: not started
    step_seconds: int | None
    step_plan_minutes: float
    plan_to_here_minutes: float  # the plan up to the end of the current step
    plan_total_minutes: float

    @property
    def behind_minutes(self) -> int:
        """Whole minutes the session runs over the plan to the end of this step (0 if not)."""
        if self.session_seconds is None:
            return 0
        over = self.session_seconds / 60 - self.plan_to_here_minutes
        return int(over) if over >= 1 else 0


def clock(
    session: WorkshopSession, plan: tuple[float, ...], step: int, now: datetime | None = None
) -> Clock:
    now = now or datetime.now(UTC)
    settings = session.settings

    def seconds(since: datetime | None) -> int | None:
        if since is None:
            return None
        if since.tzinfo is None:
            since = since.replace(tzinfo=UTC)
        return max(0, int((now - since).total_seconds()))

    return Clock(
        session_seconds=seconds(settings.started_at),
        step_seconds=seconds(settings.step_started_at),
        step_plan_minutes=plan[step],
        plan_to_here_minutes=sum(plan[: step + 1]),
        plan_total_minutes=sum(plan),
    )


def planned(minutes: float) -> str:
    """Planned minutes as a clock reading (0:45, 6:00): a question's share of the plan is
    often under a minute, which whole minutes would round to "0 min"."""
    return mm_ss(round(minutes * 60))


def mm_ss(seconds: int | None) -> str:
    if seconds is None:
        return "not started"
    hours, rest = divmod(seconds, 3600)
    minutes, secs = divmod(rest, 60)
    return f"{hours}:{minutes:02d}:{secs:02d}" if hours else f"{minutes}:{secs:02d}"
