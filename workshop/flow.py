"""Where a participant is in a session, and where they may go next.

Pure functions over a session, its survey and a participant's saved step,
so the rules (pacing, finishing, closed sessions) are testable without
Streamlit. Steps are numbered from 0; a participant whose step equals the
number of steps has finished (moved past the last step).
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

from workshop.content import Survey
from workshop.i18n import _
from workshop.sessions import Pacing, SessionState, WorkshopSession


class Screen(StrEnum):
    """What the participant page shows."""

    not_started = "not_started"  # session still a draft: wait for the facilitator
    consent = "consent"  # joined but has not agreed yet
    step = "step"  # a question or a module
    waiting = "waiting"  # facilitator-paced and ahead of the room
    finished = "finished"  # past the last step
    closed = "closed"  # session closed before they finished


@dataclass(frozen=True)
class Place:
    screen: Screen
    step: int  # the step to show (for `step`), or the saved step otherwise


@dataclass(frozen=True)
class Progress:
    number: int  # 1-based step shown to the participant
    total: int

    @property
    def fraction(self) -> float:
        return self.number / self.total if self.total else 1.0

    @property
    def label(self) -> str:
        return _("Step {number} of {total}").format(number=self.number, total=self.total)


def step_count(survey: Survey) -> int:
    return len(survey.steps)


def furthest_allowed(session: WorkshopSession, total: int) -> int:
    """The highest step a participant may see; `total` means they may finish.

    In a facilitator-paced room nobody goes past the facilitator's current
    step; once the facilitator reaches the last step, everyone may finish.
    """
    if session.settings.pacing is not Pacing.facilitator:
        return total
    current = max(0, min(session.current_step, total - 1))
    return total if current >= total - 1 else current


def clamp_step(step: int, total: int) -> int:
    """A saved step from the database, kept inside 0..total."""
    return max(0, min(step, total))


def place_for(session: WorkshopSession, consented: bool, saved_step: int, total: int) -> Place:
    """Which screen a participant sees, given the session and their saved step."""
    step = clamp_step(saved_step, total)
    if session.state is SessionState.draft:
        return Place(Screen.not_started, step)
    if not consented:
        # A closed session takes no new consent either.
        return Place(
            Screen.closed if session.state is SessionState.closed else Screen.consent, step
        )
    if step >= total:
        return Place(Screen.finished, step)
    if session.state is SessionState.closed:
        return Place(Screen.closed, step)
    if step > furthest_allowed(session, total):
        return Place(Screen.waiting, step)
    return Place(Screen.step, step)


def next_step(step: int, total: int) -> int:
    return min(step + 1, total)


def previous_step(step: int) -> int:
    return max(step - 1, 0)


def is_last(step: int, total: int) -> bool:
    return step >= total - 1


def finishes(target: int, total: int) -> bool:
    """Moving to `target` completes the survey."""
    return target >= total


def progress(step: int, total: int) -> Progress:
    return Progress(number=min(step, total - 1) + 1 if total else 0, total=total)
