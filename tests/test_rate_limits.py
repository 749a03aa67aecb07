"""The one rate-limit mechanism (workshop/rate_limits.py): rules, penalties, bounded memory."""

from __future__ import annotations

from workshop.rate_limits import Limiter, MovingWindow, Rule, TokenBucket, whole_seconds


class Clock:
    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


def test_rules_are_taken_all_or_nothing() -> None:
    limiter = Limiter(Clock())
    mine, room = Rule("mine", TokenBucket(5, 0)), Rule("room", TokenBucket(1, 0))
    assert limiter.take(mine, room) is None
    assert limiter.take(mine, room) is room
    # the room's refusal used none of mine: four are left for another room
    other = Rule("other-room", TokenBucket(10, 0))
    assert sum(limiter.take(mine, other) is None for _ in range(10)) == 4


def test_a_moving_window_counts_any_stretch_of_that_length() -> None:
    clock = Clock()
    limiter = Limiter(clock)
    rule = Rule("p", MovingWindow(2, 60))
    assert limiter.take(rule) is None
    clock.now += 30
    assert limiter.take(rule) is None
    assert limiter.take(rule) is rule
    clock.now += 30  # the first has left the window, the second has not
    assert limiter.take(rule) is None
    assert limiter.take(rule) is rule


def test_a_penalty_grows_per_failure_and_ends_when_forgotten() -> None:
    clock = Clock()
    limiter = Limiter(clock)
    assert limiter.wait("tab") == 0
    assert limiter.failed("tab", lambda n: 2.0**n) == 2
    assert limiter.failed("tab", lambda n: 2.0**n) == 4
    clock.now += 3.5
    assert limiter.wait("tab") == 0.5 and whole_seconds(0.5) == 1
    assert limiter.wait("other tab") == 0
    limiter.forget("tab")
    assert limiter.wait("tab") == 0
    assert limiter.failed("tab", lambda n: 2.0**n) == 2  # counting starts again


def test_memory_stays_bounded_and_active_keys_are_kept_longest() -> None:
    clock = Clock()
    limiter = Limiter(clock, max_keys=100)
    busy = Rule("busy room", TokenBucket(2000, 0))
    for n in range(1000):
        limiter.take(Rule(f"tab-{n}", TokenBucket(1, 0)), busy)
    assert len(limiter._state) <= 100
    # the room, used on every call, was never forgotten: its count goes on
    assert limiter.take(Rule("new", TokenBucket(1, 0)), busy) is None
    assert sum(limiter.take(busy) is None for _ in range(2000)) == 2000 - 1001


def test_idle_keys_go_first() -> None:
    clock = Clock()
    limiter = Limiter(clock, max_keys=10)
    for n in range(10):
        limiter.take(Rule(f"done-{n}", MovingWindow(1, 1)))
    clock.now += 2  # every window is empty again
    limiter.take(Rule("active", MovingWindow(5, 60)))
    assert set(limiter._state) == {"active"}
