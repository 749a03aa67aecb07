"""A staff login attempt: the passphrase checked against the credential in force, guesses slowed.

Wrong guesses are slowed per connection (a browser tab), in memory
(workshop/rate_limits.py): 1 s, then doubling up to 60 s. There is no wait
for everyone: a budget shared by all tabs let a stranger with fresh tabs use
it up and keep staff out (issue 23). We store no IP addresses, so a client is
a tab; what that leaves possible is said plainly in docs/privacy.md: fresh
tabs can each make a few guesses, about as fast as the server can run scrypt
(about 50 ms a check). A generated passphrase (about 63 bits) stays far out of
reach; a configured one must be long (workshop.passphrases.check_configured).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from sqlalchemy import Engine

from workshop.passphrases import verify_passphrase
from workshop.rate_limits import Limiter, whole_seconds
from workshop.staff_credentials import Credential, stored_hash, tag_of

# Per connection (one browser tab): the wait after the n-th wrong guess in a row.
FREE_ATTEMPTS = 3  # wrong guesses that only cost the base wait
BASE_WAIT = timedelta(seconds=1)
MAX_WAIT = timedelta(seconds=60)


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

    Refused unheard while this connection's wait runs; other tabs never wait
    for it. A generated passphrase is checked against the hash stored now (a
    reset takes effect at once).
    """
    now = now or datetime.now(UTC)
    backoff = backoff if backoff is not None else BACKOFF
    wait = backoff.remaining(connection_key, now)
    if wait:
        return LoginResult(
            False, wait, f"Too many wrong passphrases from this tab. Try again in {wait} seconds."
        )
    digest = credential.passphrase_hash if credential.configured else stored_hash(engine)
    if digest and verify_passphrase(passphrase.strip(), digest):
        backoff.succeeded(connection_key)
        return LoginResult(True, fingerprint=tag_of(digest))
    wait = backoff.failed(connection_key, now)
    return LoginResult(
        False, wait, f"That passphrase is not right. You can try again in {wait} seconds."
    )
