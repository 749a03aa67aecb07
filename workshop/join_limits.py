"""How fast participants may be created: per connection and per session, in memory.

Anyone in the room has the join code, so one phone (or a script) could create
participants as fast as the server accepts them and outvote the k threshold.
Two token buckets slow that down: one per browser connection (a real person
joins once or twice) and one per session (a room arriving at once still gets
in). Nothing about the connection is stored but an opaque key the caller
chooses (the app uses Streamlit's random per-tab session id, never an address),
and buckets are forgotten once full again. Each app process counts on its own;
with several replicas the limits apply per replica.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

# One connection: 3 joins at once, then one more a minute (withdraw and rejoin works).
CONNECTION_BURST = 3
CONNECTION_PER_SECOND = 1 / 60
# One session: a room of up to 100 (or twice the expected size) at once, then 10 a
# second. Measured: at 1 a second a 1,500-person room arriving over a minute had
# 1,381 refused; a lecture hall arrives at about 5-10 a second. The joined count on the
# presenter's screen and Lock joining are the defence against many scripted tabs.
SESSION_BURST = 100
SESSION_PER_SECOND = 10.0

TOO_FAST = "Many people are joining right now. Please wait a few seconds, then tap Start again."


@dataclass
class _Bucket:
    tokens: float
    at: float


class JoinLimiter:
    """Token buckets keyed by connection and by session id; thread-safe."""

    def __init__(self, clock: Callable[[], float] = time.monotonic) -> None:
        self._clock = clock
        self._lock = threading.Lock()
        self._connections: dict[str, _Bucket] = {}
        self._sessions: dict[int, _Bucket] = {}

    def allow(self, connection: str, session_id: int, expected_size: int | None = None) -> bool:
        """Take one join from both buckets, or neither when either is empty."""
        now = self._clock()
        session_burst = max(SESSION_BURST, 2 * (expected_size or 0))
        with self._lock:
            mine = self._refill(
                self._connections, connection, now, CONNECTION_BURST, CONNECTION_PER_SECOND
            )
            room = self._refill(self._sessions, session_id, now, session_burst, SESSION_PER_SECOND)
            if mine.tokens < 1 or room.tokens < 1:
                return False
            mine.tokens -= 1
            room.tokens -= 1
            self._forget_full(now)
            return True

    @staticmethod
    def _refill(
        buckets: dict[Any, _Bucket], key: object, now: float, burst: float, rate: float
    ) -> _Bucket:
        bucket = buckets.get(key)
        if bucket is None:
            bucket = buckets[key] = _Bucket(burst, now)
        else:
            bucket.tokens = min(burst, bucket.tokens + (now - bucket.at) * rate)
            bucket.at = now
        return bucket

    def _forget_full(self, now: float) -> None:
        """Drop connection buckets that have refilled: memory stays bounded by recent joiners."""
        if len(self._connections) < 1024:
            return
        full = CONNECTION_BURST / CONNECTION_PER_SECOND
        for key in [k for k, b in self._connections.items() if now - b.at >= full]:
            del self._connections[key]
