"""A staff login attempt: the passphrase checked against the credential in force, guesses slowed.

Wrong guesses are slowed twice, and nothing an attacker does can lock staff
out for good (we store no IP addresses, so we cannot tell people apart):
  * per connection (a browser tab), in memory (workshop/rate_limits.py):
    1 s, then doubling up to 60 s;
  * for everyone, in the database: at most GLOBAL_LIMIT checks per
    GLOBAL_WINDOW, a window that simply ends (a restart cannot extend it).
Someone who keeps the shared budget used up can delay a passphrase login,
never a one-time login link (`workshop login-link`), which needs the server's
command line and is not rate limited.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from sqlalchemy import Engine, case, select

from workshop import db
from workshop.passphrases import verify_passphrase
from workshop.rate_limits import Limiter, whole_seconds
from workshop.schema import staff_credentials
from workshop.staff_credentials import CREDENTIAL_NAME, Credential, ensure_row, tag_of

# Per connection (one browser tab): the wait after the n-th wrong guess in a row.
FREE_ATTEMPTS = 3  # wrong guesses that only cost the base wait
BASE_WAIT = timedelta(seconds=1)
MAX_WAIT = timedelta(seconds=60)
# For everyone together: high enough that staff mistyping never meet it, low
# enough that guessing a generated passphrase stays hopeless (2**63 / 30 a minute).
GLOBAL_LIMIT = 30
GLOBAL_WINDOW = timedelta(seconds=60)


def wait_after(failures: int) -> timedelta:
    """How long one connection waits after its n-th wrong guess in a row."""
    if failures <= FREE_ATTEMPTS:
        return BASE_WAIT
    doublings = min(failures - FREE_ATTEMPTS, 16)  # 2**16 s is already far past the cap
    return min(MAX_WAIT, BASE_WAIT * int(2**doublings))


def _seconds_after(failures: int) -> float:
    return wait_after(failures).total_seconds()


class Backoff:
    """Per-connection waits, a penalty in the one rate-limit mechanism; memory only.

    Keyed by an opaque per-tab key (never an address): one tab's wrong guesses
    never make another wait. A restart forgets them; memory is bounded.
    """

    def __init__(self, max_entries: int = 10_000) -> None:
        self._limiter = Limiter(max_keys=max_entries)

    def remaining(self, key: str, now: datetime) -> int:
        """Whole seconds before `key` may try again (0: now)."""
        return whole_seconds(self._limiter.wait(f"login:{key}", now=now.timestamp()))

    def failed(self, key: str, now: datetime) -> int:
        """Record a wrong guess; returns the wait in seconds."""
        return int(self._limiter.failed(f"login:{key}", _seconds_after, now=now.timestamp()))

    def succeeded(self, key: str) -> None:
        self._limiter.forget(f"login:{key}")


# The app's waits: plain module state, one per process (not a clearable Streamlit cache).
BACKOFF = Backoff()


@dataclass(frozen=True)
class LoginResult:
    ok: bool
    wait_seconds: int = 0  # how long before the next try is accepted
    message: str = ""
    fingerprint: str | None = None  # the credential the tab logged in under


def _aware(moment: datetime | None) -> datetime | None:
    if moment is not None and moment.tzinfo is None:
        return moment.replace(tzinfo=UTC)
    return moment


def _take_from_budget(engine: Engine, now: datetime) -> tuple[int, str | None]:
    """Count one check against the shared budget: (seconds to wait or 0, stored hash).

    Counted BEFORE the hash is checked, so parallel guesses from many tabs
    cannot all be checked at once; a right passphrase is refunded afterwards. The window ends on its own: a restart or
    an attacker cannot stretch it.
    """
    ensure_row(engine)
    with db.write(engine) as connection:
        # FOR UPDATE serializes checks on PostgreSQL; SQLite's BEGIN IMMEDIATE already does.
        row = connection.execute(
            select(
                staff_credentials.c.failures,
                staff_credentials.c.locked_until,
                staff_credentials.c.passphrase_hash,
            )
            .where(staff_credentials.c.name == CREDENTIAL_NAME)
            .with_for_update()
        ).one()
        window_end = _aware(row.locked_until)
        used = row.failures
        if window_end is None or window_end <= now or window_end > now + GLOBAL_WINDOW:
            window_end, used = now + GLOBAL_WINDOW, 0
        if used >= GLOBAL_LIMIT:
            return max(1, math.ceil((window_end - now).total_seconds())), row.passphrase_hash
        connection.execute(
            staff_credentials.update()
            .where(staff_credentials.c.name == CREDENTIAL_NAME)
            .values(failures=used + 1, locked_until=window_end)
        )
    return 0, row.passphrase_hash


def _refund(engine: Engine) -> None:
    """A right passphrase does not use up the shared budget (many staff may log in at once)."""
    failures = staff_credentials.c.failures
    with db.write(engine) as connection:
        connection.execute(
            staff_credentials.update()
            .where(staff_credentials.c.name == CREDENTIAL_NAME)
            .values(failures=case((failures > 0, failures - 1), else_=0))
        )


def attempt_login(
    engine: Engine,
    credential: Credential,
    passphrase: str,
    now: datetime | None = None,
    *,
    connection_key: str = "",
    backoff: Backoff | None = None,
) -> LoginResult:
    """Check a passphrase against the credential in force right now.

    Refused unheard while this connection's wait runs, or while the shared
    budget for this minute is used up. A generated passphrase is checked
    against the hash stored now (a reset takes effect at once).
    """
    now = now or datetime.now(UTC)
    backoff = backoff if backoff is not None else BACKOFF
    wait = backoff.remaining(connection_key, now)
    if wait:
        return LoginResult(
            False, wait, f"Too many wrong passphrases from this tab. Try again in {wait} seconds."
        )
    wait, stored = _take_from_budget(engine, now)
    if wait:
        return LoginResult(
            False,
            wait,
            "Too many wrong passphrases were tried on this server in the last minute. "
            f"Try again in {wait} seconds, or ask whoever runs the server for a one-time "
            "login link (`workshop login-link`).",
        )
    digest = credential.passphrase_hash if credential.configured else stored
    if digest and verify_passphrase(passphrase.strip(), digest):
        backoff.succeeded(connection_key)
        _refund(engine)
        return LoginResult(True, fingerprint=tag_of(digest))
    wait = backoff.failed(connection_key, now)
    return LoginResult(
        False, wait, f"That passphrase is not right. You can try again in {wait} seconds."
    )
