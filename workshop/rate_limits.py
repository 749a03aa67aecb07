"""Rate limits in this process's memory: one keyed mechanism for joins, questions and logins.

Every limit in the app is a rule on an opaque key the caller chooses (a
random per-tab key, a participant id, a session id; never an address):
  * TokenBucket: `burst` at once, then `per_second` (joining: a room arrives
    at once, then a steady trickle);
  * MovingWindow: at most `limit` in any `seconds` (the question box);
  * a penalty: after the n-th failure in a row, wait `wait_after(n)` (wrong
    staff passphrases, per tab).
`take` applies several rules at once, all or nothing, so a refusal by the
session's rule does not use up the tab's allowance. Nothing is kept but the
keys, counts and clock readings (the monotonic clock unless a caller passes
`now`), and nothing reaches the database.
Memory stays bounded: past `max_keys`, idle keys are forgotten first (a full
bucket, an empty window, a wait that is over), then the least recently used.
Each app process counts on its own: with several replicas a limit applies
per replica (sticky sessions keep a tab on one replica).

Why not the `limits` package: its strategies are fixed, moving and sliding
windows only. The join limit is a token bucket (burst, then a steady rate;
the tests check that two seconds after a burst exactly twenty more get in,
which no window reproduces), and the staff wait doubles per failure, which is
no window either. Its MemoryStorage reads the wall clock with no way to pass
another (the tests drive time), starts a timer thread to expire entries, and
cannot take from two limits all or nothing. Its shared stores are Redis,
Memcached and MongoDB, none of which a deployment runs; the store replicas
share is the database (see staff_login's budget).
"""

from __future__ import annotations

import math
import threading
import time
from collections import deque
from collections.abc import Callable
from dataclasses import dataclass

Clock = Callable[[], float]


@dataclass(frozen=True)
class TokenBucket:
    """`burst` at once, then `per_second` (refilled continuously, never above `burst`)."""

    burst: float
    per_second: float


@dataclass(frozen=True)
class MovingWindow:
    """At most `limit` in any `seconds` long stretch."""

    limit: int
    seconds: float


Policy = TokenBucket | MovingWindow


@dataclass(frozen=True)
class Rule:
    key: str
    policy: Policy


@dataclass
class _Bucket:
    policy: TokenBucket
    tokens: float
    at: float

    def full_by(self, at: float) -> bool:
        return self.tokens + (at - self.at) * self.policy.per_second >= self.policy.burst


@dataclass
class _Window:
    policy: MovingWindow
    stamps: deque[float]


@dataclass
class _Penalty:
    failures: int
    until: float


_State = _Bucket | _Window | _Penalty


class Limiter:
    """Keyed rules in memory; thread-safe. `now` overrides the clock for one call."""

    def __init__(self, clock: Clock = time.monotonic, max_keys: int = 10_000) -> None:
        self._clock = clock
        self._max = max_keys
        self._state: dict[str, _State] = {}
        self._lock = threading.Lock()

    def take(self, *rules: Rule, now: float | None = None) -> Rule | None:
        """Take one from every rule, or from none: returns the first rule that refused."""
        at = self._clock() if now is None else now
        with self._lock:
            for rule in rules:
                if not self._has_room(rule, at):
                    return rule
            for rule in rules:
                self._use(rule, at)
            self._bound(at)
        return None

    def wait(self, key: str, now: float | None = None) -> float:
        """Seconds before `key`'s penalty is over (0: it may try now)."""
        at = self._clock() if now is None else now
        with self._lock:
            state = self._state.get(key)
        if not isinstance(state, _Penalty):
            return 0.0
        return max(0.0, state.until - at)

    def failed(
        self, key: str, wait_after: Callable[[int], float], now: float | None = None
    ) -> float:
        """Count a failure for `key` and start its wait, `wait_after(failures in a row)` seconds."""
        at = self._clock() if now is None else now
        with self._lock:
            state = self._state.pop(key, None)
            failures = (state.failures if isinstance(state, _Penalty) else 0) + 1
            wait = wait_after(failures)
            self._state[key] = _Penalty(failures, at + wait)
            self._bound(at)
        return wait

    def forget(self, key: str) -> None:
        """Drop whatever `key` has counted (a right passphrase ends the penalty)."""
        with self._lock:
            self._state.pop(key, None)

    def _current(self, rule: Rule, at: float) -> _Bucket | _Window:
        """The rule's state brought up to `at`, moved to the most recently used end."""
        state = self._state.pop(rule.key, None)
        policy = rule.policy
        if isinstance(policy, TokenBucket):
            if not isinstance(state, _Bucket):
                state = _Bucket(policy, policy.burst, at)
            else:  # the policy may change between calls (a room's expected size)
                state.policy = policy
                state.tokens = min(policy.burst, state.tokens + (at - state.at) * policy.per_second)
                state.at = at
        else:
            if not isinstance(state, _Window):
                state = _Window(policy, deque())
            state.policy = policy
            while state.stamps and at - state.stamps[0] >= policy.seconds:
                state.stamps.popleft()
        self._state[rule.key] = state
        return state

    def _has_room(self, rule: Rule, at: float) -> bool:
        state = self._current(rule, at)
        if isinstance(state, _Bucket):
            return state.tokens >= 1
        return len(state.stamps) < state.policy.limit

    def _use(self, rule: Rule, at: float) -> None:
        state = self._state[rule.key]
        if isinstance(state, _Bucket):
            state.tokens -= 1
        elif isinstance(state, _Window):
            state.stamps.append(at)

    def _bound(self, at: float) -> None:
        if len(self._state) <= self._max:
            return
        for key in [k for k, state in self._state.items() if _idle(state, at)]:
            del self._state[key]
        # Still full of active keys: forget the least recently used, with room to spare
        # so that the sweep above does not run on every call.
        while len(self._state) > self._max * 0.9:
            del self._state[next(iter(self._state))]


def _idle(state: _State, at: float) -> bool:
    """True when forgetting the state changes nothing the next call would decide."""
    if isinstance(state, _Penalty):
        return state.until <= at
    if isinstance(state, _Window):
        return not state.stamps or at - state.stamps[-1] >= state.policy.seconds
    return state.full_by(at)


def whole_seconds(seconds: float) -> int:
    """A wait as people read it: whole seconds, at least 1 while any remains."""
    return max(1, math.ceil(seconds)) if seconds > 0 else 0
