"""How fast participants may be created: per connection and per session, in memory.

Anyone in the room has the join code, so one phone (or a script) could create
participants as fast as the server accepts them and outvote the k threshold.
Two token buckets (workshop/rate_limits.py) slow that down: one per browser
connection (a real person joins once or twice) and one per session (a room
arriving at once still gets in). Nothing about the connection is stored but an
opaque key the caller chooses (the app uses a random per-tab key, never an
address), and buckets are forgotten once full again. Each app process counts
on its own; with several replicas the limits apply per replica. The one
limiter the app uses is JOINS, plain module state (not a Streamlit cache a
client could clear).
"""

from __future__ import annotations

import time

from workshop.i18n import N_
from workshop.rate_limits import Clock, Limiter, Rule, TokenBucket

# One connection: 3 joins at once, then one more a minute (withdraw and rejoin works).
CONNECTION_BURST = 3
CONNECTION_PER_SECOND = 1 / 60
# One session: a room of up to 100 (or twice the expected size) at once, then 10 a
# second. Measured: at 1 a second a 1,500-person room arriving over a minute had
# 1,381 refused; a lecture hall arrives at about 5-10 a second. The joined count on the
# presenter's screen and Lock joining are the defence against many scripted tabs.
SESSION_BURST = 100
SESSION_PER_SECOND = 10.0

TOO_FAST = N_("Many people are joining right now. Please wait a few seconds, then tap Start again.")

_CONNECTION = TokenBucket(CONNECTION_BURST, CONNECTION_PER_SECOND)


class JoinLimiter:
    """The join rules, keyed by connection and by session id; thread-safe."""

    def __init__(self, clock: Clock = time.monotonic) -> None:
        self._limiter = Limiter(clock)

    def allow(self, connection: str, session_id: int, expected_size: int | None = None) -> bool:
        """Take one join from both buckets, or neither when either is empty."""
        room = TokenBucket(max(SESSION_BURST, 2 * (expected_size or 0)), SESSION_PER_SECOND)
        refused = self._limiter.take(
            Rule(f"join-connection:{connection}", _CONNECTION),
            Rule(f"join-session:{session_id}", room),
        )
        return refused is None


# The app's limiter, one per process and shared by every tab.
JOINS = JoinLimiter()
