"""Which screen a participant sees: pacing, finishing, closed and draft sessions."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, datetime

import pytest

from workshop import flow
from workshop.flow import Screen
from workshop.sessions import Pacing, SessionSettings, SessionState, WorkshopSession

TOTAL = 5


def session(
    state: SessionState = SessionState.open, pacing: Pacing = Pacing.self_paced, current: int = 0
) -> WorkshopSession:
    return WorkshopSession(
        id=1,
        code="ABC234",
        title="t",
        survey_id="s",
        survey_version=1,
        state=state,
        current_step=current,
        settings=SessionSettings(pacing=pacing),
        created_at=datetime(2026, 1, 1, tzinfo=UTC),
    )


def test_self_paced_goes_anywhere_and_finishes_past_the_last_step() -> None:
    open_ = session()
    assert flow.furthest_allowed(open_, TOTAL) == TOTAL
    for step in range(TOTAL):
        assert flow.place_for(open_, True, step, TOTAL) == flow.Place(Screen.step, step)
    assert flow.place_for(open_, True, TOTAL, TOTAL).screen is Screen.finished


def test_consent_comes_first_and_draft_sessions_wait() -> None:
    assert flow.place_for(session(), False, 3, TOTAL).screen is Screen.consent
    assert flow.place_for(session(SessionState.draft), True, 0, TOTAL).screen is Screen.not_started
    # A closed session takes no new consent.
    assert flow.place_for(session(SessionState.closed), False, 0, TOTAL).screen is Screen.closed


def test_closed_session_keeps_finished_participants_on_the_end_screen() -> None:
    closed = session(SessionState.closed)
    assert flow.place_for(closed, True, 2, TOTAL).screen is Screen.closed
    assert flow.place_for(closed, True, TOTAL, TOTAL).screen is Screen.finished


@pytest.mark.parametrize(
    ("current", "step", "screen"),
    [
        (0, 0, Screen.step),
        (0, 1, Screen.waiting),
        (2, 1, Screen.step),  # behind the room: may catch up
        (2, 2, Screen.step),
        (2, 3, Screen.waiting),
        (2, TOTAL, Screen.finished),  # finished earlier; the end stays the end
        (TOTAL - 1, TOTAL - 1, Screen.step),
    ],
)
def test_facilitator_pacing_stops_at_the_current_step(current, step, screen) -> None:
    paced = session(pacing=Pacing.facilitator, current=current)
    assert flow.place_for(paced, True, step, TOTAL).screen is screen


def test_facilitator_at_the_last_step_lets_everyone_finish() -> None:
    paced = session(pacing=Pacing.facilitator, current=TOTAL - 1)
    assert flow.furthest_allowed(paced, TOTAL) == TOTAL
    earlier = session(pacing=Pacing.facilitator, current=TOTAL - 2)
    assert flow.furthest_allowed(earlier, TOTAL) == TOTAL - 2
    # A current step beyond the survey (hand-edited data) is clamped.
    wild = replace(paced, current_step=99)
    assert flow.furthest_allowed(wild, TOTAL) == TOTAL


def test_saved_steps_out_of_range_are_clamped() -> None:
    assert flow.place_for(session(), True, -4, TOTAL) == flow.Place(Screen.step, 0)
    assert flow.place_for(session(), True, 999, TOTAL) == flow.Place(Screen.finished, TOTAL)


def test_moving_and_progress() -> None:
    assert flow.next_step(0, TOTAL) == 1
    assert flow.next_step(TOTAL - 1, TOTAL) == TOTAL
    assert flow.next_step(TOTAL, TOTAL) == TOTAL
    assert flow.previous_step(0) == 0
    assert flow.previous_step(3) == 2
    assert flow.is_last(TOTAL - 1, TOTAL) and not flow.is_last(0, TOTAL)
    assert flow.finishes(TOTAL, TOTAL) and not flow.finishes(TOTAL - 1, TOTAL)
    first = flow.progress(0, TOTAL)
    assert (first.number, first.total, first.label) == (1, TOTAL, "Step 1 of 5")
    assert flow.progress(TOTAL, TOTAL).number == TOTAL
    assert flow.progress(2, TOTAL).fraction == pytest.approx(0.6)
