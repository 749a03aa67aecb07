"""Staff (facilitator and researcher) access: one passphrase, stored only as a salted hash.

The passphrase comes from configuration (the environment, then Streamlit's
secrets.toml: `configured_passphrase`, the one place that decides) or, with
none configured, is generated once and printed to the server console. Only
its scrypt hash is kept, in the database, so several app processes sharing
one database agree on it. Every login reads the stored hash afresh, and a
logged-in tab re-checks it every few seconds, so `passphrase reset` revokes
the old passphrase in every running process at once.

Wrong guesses are slowed twice, and nothing an attacker does can lock staff
out for good (we store no IP addresses, so we cannot tell people apart):
  * per connection (a browser tab), in memory: 1 s, then doubling up to 60 s;
  * for everyone, in the database: at most GLOBAL_LIMIT checks per
    GLOBAL_WINDOW, a window that simply ends (a restart cannot extend it).
Someone who keeps the shared budget used up can delay a passphrase login,
never a one-time login link (`workshop login-link`), which needs the server's
command line and is not rate limited.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import math
import os
import re
import secrets
import threading
import time
import tomllib
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

from sqlalchemy import Engine, case, delete, select
from sqlalchemy.exc import IntegrityError

from workshop import db
from workshop.schema import staff_credentials, staff_login_links

ENV_NAME = "WORKSHOP_FACILITATOR_PASSPHRASE"

# scrypt cost: about 50 ms and 16 MiB per check on a laptop.
_N, _R, _P = 2**14, 8, 1
_SALT_BYTES = 16
_KEY_BYTES = 32
_CREDENTIAL = "staff"

# Per connection (one browser tab): the wait after the n-th wrong guess in a row.
FREE_ATTEMPTS = 3  # wrong guesses that only cost the base wait
BASE_WAIT = timedelta(seconds=1)
MAX_WAIT = timedelta(seconds=60)
# For everyone together: high enough that staff mistyping never meet it, low
# enough that guessing a generated passphrase stays hopeless (2**63 / 30 a minute).
GLOBAL_LIMIT = 30
GLOBAL_WINDOW = timedelta(seconds=60)
# One-time login links printed by `workshop login-link`.
LINK_LIFETIME = timedelta(minutes=10)
# A tab token lets a reload keep the role; each reload trades it for a new one.
# Long enough for a workshop day, short enough that a forgotten tab lapses.
TAB_TOKEN_LIFETIME = timedelta(hours=12)
# How long a logged-in tab trusts the stored credential before reading it again.
RECHECK_SECONDS = 5.0

# Words for generated passphrases: short, common, unambiguous when read aloud.
_WORDS_TEXT = (
    "acorn alder almond amber anchor anvil apple apricot arbor arrow aspen atlas aurora "
    "autumn avocado badge bamboo banjo banner barley basil basin beach beacon beaver "
    "berry birch biscuit bison blossom bluebell bramble breeze bronze brook buckle butter "
    "cabin cactus camel candle canoe canyon caramel carrot castle cedar cello chalk "
    "cherry chestnut cider cinder citrus cliff cloud clover cobalt cobble cocoa comet "
    "compass copper coral cotton crane cricket crystal cypress dahlia daisy delta dolphin "
    "dragon drum dune eagle elder elm ember fable falcon falls feather fern ferry fig "
    "finch fjord flame flint flute forest fossil fox galaxy garden garnet gazelle geyser "
    "ginger glacier granite grass gull harbor harp hawk hazel heather hedge heron hill "
    "hollow honey indigo iris island ivory jade jasmine jelly juniper kayak kettle kiwi "
    "koala ladder lagoon lake lantern lark lava leaf lemon lichen lilac lime linen lotus "
    "lynx magnet mango maple marble marsh meadow melon meteor mint mirror mist moon "
    "mosaic moss moth mountain nectar nest noodle nutmeg oak oar oasis ocean olive onyx "
    "orange orchid osprey otter owl paddle panda papaya parrot peach pear pebble pelican "
    "penguin pepper piano pilot pine pixel planet plover plum pollen pond poppy prairie "
    "puffin pumpkin quail quartz quill quince rabbit radish rain raven reed reef ripple "
    "river robin rocket rose rowan ruby saffron sage salmon sand sapphire seal sequoia "
    "shadow shell sierra silver sky sled snow sorrel sparrow spinach spring spruce "
    "squirrel star stone stream sugar summit sunset swan tangerine thistle thunder tiger "
    "timber toffee topaz torch trout tulip tundra turnip umbrella valley vanilla velvet "
    "vine violet violin walnut walrus wave whale wheat willow winter wren yarrow yew "
    "zebra zephyr"
)
_WORDS = tuple(_WORDS_TEXT.split())
PASSPHRASE_WORDS = 7
PASSPHRASE_DIGITS = 2
# The real strength of a generated passphrase: 7 words of 270 and two digits, about 63 bits.
ENTROPY_BITS = PASSPHRASE_WORDS * math.log2(len(_WORDS)) + PASSPHRASE_DIGITS * math.log2(10)


class PassphraseError(ValueError):
    """A configured passphrase is unusable; the message says what to change."""


# --- where the passphrase comes from ------------------------------------------


def secrets_files(cwd: Path | None = None) -> list[Path]:
    """Streamlit's default secrets files, the one that wins last (as Streamlit reads them)."""
    return [
        Path.home() / ".streamlit" / "secrets.toml",
        (cwd or Path.cwd()) / ".streamlit" / "secrets.toml",
    ]


@dataclass(frozen=True)
class Configured:
    """A passphrase set by whoever runs the app, and where it was found."""

    passphrase: str
    source: str


def configured_passphrase(
    environ: Mapping[str, str] | None = None,
    secrets_mapping: Mapping[str, Any] | None = None,
    files: list[Path] | None = None,
) -> Configured | None:
    """The configured staff passphrase: the environment wins over secrets.toml.

    The app passes Streamlit's own view of its secrets (`st.secrets`); the
    command line reads the same files Streamlit would. Neither is required.
    """
    environ = os.environ if environ is None else environ
    value = environ.get(ENV_NAME)
    if value:
        return Configured(value, f"the environment variable {ENV_NAME}")
    if secrets_mapping is not None:
        secret = secrets_mapping.get(ENV_NAME)
        return Configured(str(secret), f"{ENV_NAME} in .streamlit/secrets.toml") if secret else None
    for path in reversed(files if files is not None else secrets_files()):
        try:
            secret = tomllib.loads(path.read_text(encoding="utf-8")).get(ENV_NAME)
        except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError):
            continue
        if secret:
            return Configured(str(secret), f"{ENV_NAME} in {path}")
    return None


# --- hashing and generating ---------------------------------------------------


def hash_passphrase(passphrase: str) -> str:
    """A salted scrypt hash in a self-describing text form."""
    salt = secrets.token_bytes(_SALT_BYTES)
    key = hashlib.scrypt(
        passphrase.encode(), salt=salt, n=_N, r=_R, p=_P, dklen=_KEY_BYTES, maxmem=64 * 2**20
    )
    encode = base64.b64encode
    return f"scrypt${_N}${_R}${_P}${encode(salt).decode()}${encode(key).decode()}"


def verify_passphrase(passphrase: str, stored: str) -> bool:
    """True when `passphrase` matches the `stored` hash (constant-time comparison)."""
    try:
        scheme, n, r, p, salt, key = stored.split("$")
        if scheme != "scrypt":
            return False
        expected = base64.b64decode(key)
        actual = hashlib.scrypt(
            passphrase.encode(),
            salt=base64.b64decode(salt),
            n=int(n),
            r=int(r),
            p=int(p),
            dklen=len(expected),
            maxmem=64 * 2**20,
        )
    except (ValueError, TypeError):
        return False
    return hmac.compare_digest(actual, expected)


def generate_passphrase(words: int = PASSPHRASE_WORDS) -> str:
    """Seven random words plus two digits (ENTROPY_BITS, about 63): easy to read off a console."""
    chosen = [secrets.choice(_WORDS) for _ in range(words)]
    return "-".join(chosen) + f"-{secrets.randbelow(10**PASSPHRASE_DIGITS):0{PASSPHRASE_DIGITS}d}"


def check_configured(passphrase: str) -> str:
    """Reject configured passphrases too weak for a room of strangers."""
    passphrase = passphrase.strip()
    if len(passphrase) < 10:
        raise PassphraseError(
            f"{ENV_NAME} must be at least 10 characters long; "
            "choose a longer one or unset it to have one generated."
        )
    return passphrase


@dataclass(frozen=True)
class Credential:
    """How staff log in for this process: a configured hash or the stored generated one.

    For a stored (generated) passphrase `passphrase_hash` is only what was read
    at start; logins and `fingerprint` always read the database again.
    """

    passphrase_hash: str
    configured: bool
    generated_now: str | None = None  # the plaintext, only in the process that generated it


def ensure_credential(engine: Engine, configured: str | None) -> Credential:
    """Set up the staff passphrase for this process.

    Configured: hashed in memory (every replica has the same configuration).
    Not configured: the stored hash is used; if there is none, a passphrase is
    generated and stored. Of several processes starting at once, exactly one
    wins the insert and gets the plaintext back to print; the others read its hash.
    """
    if configured:
        return Credential(hash_passphrase(check_configured(configured)), configured=True)
    stored = _stored_hash(engine)
    if stored:
        return Credential(stored, configured=False)
    passphrase = generate_passphrase()
    digest = hash_passphrase(passphrase)
    try:
        with db.write(engine) as connection:
            row = connection.execute(
                select(staff_credentials.c.passphrase_hash).where(
                    staff_credentials.c.name == _CREDENTIAL
                )
            ).first()
            if row is None:
                connection.execute(
                    staff_credentials.insert().values(
                        name=_CREDENTIAL, passphrase_hash=digest, failures=0
                    )
                )
            elif row.passphrase_hash is None:
                connection.execute(
                    staff_credentials.update()
                    .where(staff_credentials.c.name == _CREDENTIAL)
                    .values(passphrase_hash=digest)
                )
            else:
                return Credential(row.passphrase_hash, configured=False)
    except IntegrityError:  # another process inserted first
        stored = _stored_hash(engine)
        if stored:
            return Credential(stored, configured=False)
        raise
    return Credential(digest, configured=False, generated_now=passphrase)


def reset_generated(engine: Engine) -> str:
    """Replace the stored passphrase with a new one and return it (command line only).

    Running processes read the stored hash at every login, and logged-in tabs
    lose the role within RECHECK_SECONDS.
    """
    passphrase = generate_passphrase()
    digest = hash_passphrase(passphrase)
    _ensure_row(engine)
    with db.write(engine) as connection:
        connection.execute(
            staff_credentials.update()
            .where(staff_credentials.c.name == _CREDENTIAL)
            .values(passphrase_hash=digest, failures=0, locked_until=None)
        )
        connection.execute(delete(staff_login_links))  # pending links and tab tokens
    return passphrase


def _stored_hash(engine: Engine) -> str | None:
    with db.read(engine) as connection:
        return connection.execute(
            select(staff_credentials.c.passphrase_hash).where(
                staff_credentials.c.name == _CREDENTIAL
            )
        ).scalar_one_or_none()


def _ensure_row(engine: Engine) -> None:
    """Create the counter row once; a concurrent creator winning is fine."""
    with db.read(engine) as connection:
        exists = connection.execute(
            select(staff_credentials.c.name).where(staff_credentials.c.name == _CREDENTIAL)
        ).first()
    if exists is not None:
        return
    try:
        with db.write(engine) as connection:
            connection.execute(staff_credentials.insert().values(name=_CREDENTIAL, failures=0))
    except IntegrityError:
        pass


# --- is a logged-in tab still logged in? -------------------------------------

_fingerprints: dict[tuple[str, str], tuple[float, str | None]] = {}
_fingerprint_lock = threading.Lock()


def fingerprint(
    engine: Engine, credential: Credential, clock: Callable[[], float] = time.monotonic
) -> str | None:
    """A short tag of the credential in force, read from the database at most every few seconds.

    A tab keeps the tag it logged in under; when `passphrase reset` changes the
    stored hash, the tag changes and the tab's role ends. None: no stored passphrase.
    """
    if credential.configured:
        return _tag(credential.passphrase_hash)
    key = (str(engine.url), credential.passphrase_hash)
    now = clock()
    with _fingerprint_lock:
        cached = _fingerprints.get(key)
    if cached is not None and now - cached[0] < RECHECK_SECONDS:
        return cached[1]
    stored = _stored_hash(engine)
    tag = _tag(stored) if stored else None
    with _fingerprint_lock:
        _fingerprints[key] = (now, tag)
    return tag


def _tag(stored_hash: str) -> str:
    return hashlib.sha256(stored_hash.encode()).hexdigest()[:16]


# --- wrong guesses -----------------------------------------------------------


def wait_after(failures: int) -> timedelta:
    """How long one connection waits after its n-th wrong guess in a row."""
    if failures <= FREE_ATTEMPTS:
        return BASE_WAIT
    doublings = min(failures - FREE_ATTEMPTS, 16)  # 2**16 s is already far past the cap
    return min(MAX_WAIT, BASE_WAIT * int(2**doublings))


class Backoff:
    """Per-connection waits, in memory only (a restart forgets them).

    Keyed by an opaque per-tab key (never an address). Bounded: entries whose
    wait is over are dropped, and past `max_entries` the oldest go first.
    """

    def __init__(self, max_entries: int = 10_000) -> None:
        self._entries: dict[str, tuple[int, datetime]] = {}
        self._lock = threading.Lock()
        self._max = max_entries

    def remaining(self, key: str, now: datetime) -> int:
        """Whole seconds before `key` may try again (0: now)."""
        with self._lock:
            entry = self._entries.get(key)
        if entry is None or entry[1] <= now:
            return 0
        return max(1, math.ceil((entry[1] - now).total_seconds()))

    def failed(self, key: str, now: datetime) -> int:
        """Record a wrong guess; returns the wait in seconds."""
        with self._lock:
            failures = self._entries.get(key, (0, now))[0] + 1
            wait = wait_after(failures)
            self._entries.pop(key, None)
            self._entries[key] = (failures, now + wait)
            if len(self._entries) > self._max:
                for stale in [k for k, (_, until) in self._entries.items() if until <= now]:
                    del self._entries[stale]
                while len(self._entries) > self._max:
                    del self._entries[next(iter(self._entries))]
        return int(wait.total_seconds())

    def succeeded(self, key: str) -> None:
        with self._lock:
            self._entries.pop(key, None)


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
    _ensure_row(engine)
    with db.write(engine) as connection:
        # FOR UPDATE serializes checks on PostgreSQL; SQLite's BEGIN IMMEDIATE already does.
        row = connection.execute(
            select(
                staff_credentials.c.failures,
                staff_credentials.c.locked_until,
                staff_credentials.c.passphrase_hash,
            )
            .where(staff_credentials.c.name == _CREDENTIAL)
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
            .where(staff_credentials.c.name == _CREDENTIAL)
            .values(failures=used + 1, locked_until=window_end)
        )
    return 0, row.passphrase_hash


def _refund(engine: Engine) -> None:
    """A right passphrase does not use up the shared budget (many staff may log in at once)."""
    failures = staff_credentials.c.failures
    with db.write(engine) as connection:
        connection.execute(
            staff_credentials.update()
            .where(staff_credentials.c.name == _CREDENTIAL)
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
    backoff = backoff if backoff is not None else _backoff
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
        return LoginResult(True, fingerprint=_tag(digest))
    wait = backoff.failed(connection_key, now)
    return LoginResult(
        False, wait, f"That passphrase is not right. You can try again in {wait} seconds."
    )


_backoff = Backoff()


# --- one-time login links ----------------------------------------------------

_TOKEN = re.compile(r"[A-Za-z0-9_-]{32,64}")


def _token_hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def _store_token(engine: Engine, digest: str, lifetime: timedelta, now: datetime) -> None:
    with db.write(engine) as connection:
        connection.execute(delete(staff_login_links).where(staff_login_links.c.expires_at <= now))
        connection.execute(
            staff_login_links.insert().values(token_hash=digest, expires_at=now + lifetime)
        )


def _use_token(engine: Engine, digest: str, now: datetime) -> bool:
    """Delete one unexpired token by its hash: True when it was there (so only once)."""
    with db.write(engine) as connection:
        used = connection.execute(
            delete(staff_login_links).where(
                staff_login_links.c.token_hash == digest,
                staff_login_links.c.expires_at > now,
            )
        )
        connection.execute(delete(staff_login_links).where(staff_login_links.c.expires_at <= now))
    return used.rowcount == 1


def create_login_link(engine: Engine, now: datetime | None = None) -> str:
    """A new one-time login token (returned once; only its hash is stored)."""
    token = secrets.token_urlsafe(32)
    _store_token(engine, _token_hash(token), LINK_LIFETIME, now or datetime.now(UTC))
    return token


def redeem_login_link(engine: Engine, token: object, now: datetime | None = None) -> bool:
    """Use up a login token: True once for a valid, unexpired token, then never again."""
    if not isinstance(token, str) or not _TOKEN.fullmatch(token):
        return False
    return _use_token(engine, _token_hash(token), now or datetime.now(UTC))


# --- keeping the role across a reload of the same tab -------------------------
# The browser keeps a tab token in sessionStorage (one tab, gone when the tab
# closes); a reload sends it back once and gets a fresh one. Its stored hash
# includes the credential's tag, so a passphrase reset or change voids every
# tab token at once, and it can never be used as a `?login=` link.


def _tab_token_hash(tag: str, token: str) -> str:
    return hashlib.sha256(f"tab:{tag}:{token}".encode()).hexdigest()


def issue_tab_token(engine: Engine, tag: str, now: datetime | None = None) -> str:
    """A new single-use tab token for a tab holding the role under credential `tag`."""
    token = secrets.token_urlsafe(32)
    _store_token(engine, _tab_token_hash(tag, token), TAB_TOKEN_LIFETIME, now or datetime.now(UTC))
    return token


def redeem_tab_token(engine: Engine, tag: str, token: object, now: datetime | None = None) -> bool:
    """Use up a tab token issued under `tag`: True once, before it expires, then never again."""
    if not isinstance(token, str) or not _TOKEN.fullmatch(token):
        return False
    return _use_token(engine, _tab_token_hash(tag, token), now or datetime.now(UTC))


def revoke_tab_token(engine: Engine, tag: str, token: str) -> None:
    """Void a tab token now (logging out)."""
    with db.write(engine) as connection:
        connection.execute(
            delete(staff_login_links).where(
                staff_login_links.c.token_hash == _tab_token_hash(tag, token)
            )
        )


def login_link_url(facilitator_url: str, token: str) -> str:
    return f"{facilitator_url}?login={token}"


def banner(facilitator_url: str, passphrase: str | None) -> str:
    """The console message for staff, in the spirit of Jupyter's token line."""
    rule = "=" * 72
    if passphrase:
        body = (
            f"  Facilitator page:  {facilitator_url}\n"
            f"  Passphrase:        {passphrase}\n\n"
            "  It is shown only this once and stored only as a hash. Write it down.\n"
            f"  To set your own, set {ENV_NAME}; to get a new one,\n"
            "  run `python -m workshop passphrase reset`."
        )
    else:
        body = (
            f"  Facilitator page:  {facilitator_url}\n"
            "  Log in with the passphrase printed when it was first generated (or the\n"
            "  configured one). Lost it? `python -m workshop passphrase reset`.\n"
            "  Locked out? `python -m workshop login-link` prints a one-time link."
        )
    return f"{rule}\n{body}\n{rule}"
