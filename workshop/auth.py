"""Staff (facilitator and researcher) access: one passphrase, stored only as a salted hash.

The passphrase comes from configuration (environment or Streamlit secrets) or,
on a first start with none configured, is generated once and printed to the
server console. Only its scrypt hash is kept, in the database, so several app
processes sharing one database agree on it and a restart keeps it.

Wrong guesses are limited in the database, not in the browser: a new tab or a
new browser does not reset the wait. There is one counter for everyone (we
store no IP addresses), so the wait is capped to keep the facilitator able to
log in while someone is guessing; a generated passphrase has about 60 bits, far
beyond what a guess every few seconds can reach.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import secrets
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from sqlalchemy import Column, DateTime, Engine, Integer, MetaData, String, Table, Text, select
from sqlalchemy.exc import IntegrityError

from workshop import db

# scrypt cost: about 50 ms and 16 MiB per check on a laptop.
_N, _R, _P = 2**14, 8, 1
_SALT_BYTES = 16
_KEY_BYTES = 32
_CREDENTIAL = "staff"

FREE_ATTEMPTS = 3  # wrong guesses that only cost the base wait
BASE_WAIT = timedelta(seconds=1)
MAX_WAIT = timedelta(seconds=60)

# Words for generated passphrases: short, common, unambiguous when read aloud.
_WORDS_TEXT = (
    "amber apple arrow aspen autumn badge basil beach berry birch blossom breeze brook "
    "cabin candle canyon cedar cherry cinder clover cobalt comet coral cotton crane "
    "crystal daisy delta dune eagle ember fable falcon feather fern fjord flint forest "
    "fossil garden garnet ginger glacier granite harbor hazel heron hollow honey indigo "
    "island ivory jasmine juniper kettle lagoon lantern lemon lilac linen lotus maple "
    "meadow melon meteor mint mosaic moss nectar nutmeg oasis ocean olive onyx orchid "
    "otter pebble pepper pine planet plum pollen poppy prairie quartz quill rain raven "
    "reef ripple river robin saffron sage sapphire shadow shell sierra silver sparrow "
    "spruce stone summit sunset thistle thunder tulip tundra valley velvet violet walnut "
    "willow winter wren zephyr"
)
_WORDS = tuple(_WORDS_TEXT.split())

# Created by migration 0003; defined here so this module owns its one table.
_metadata = MetaData()
staff_credentials = Table(
    "staff_credentials",
    _metadata,
    Column("name", String(20), primary_key=True),
    Column("passphrase_hash", Text, nullable=True),  # scrypt$...; NULL when configured
    Column("failures", Integer, nullable=False, default=0),
    Column("locked_until", DateTime(timezone=True), nullable=True),
)


class PassphraseError(ValueError):
    """A configured passphrase is unusable; the message says what to change."""


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


def generate_passphrase(words: int = 5) -> str:
    """Five random words plus two digits (about 60 bits): easy to read off a console."""
    chosen = [secrets.choice(_WORDS) for _ in range(words)]
    return "-".join(chosen) + f"-{secrets.randbelow(100):02d}"


def check_configured(passphrase: str) -> str:
    """Reject configured passphrases too weak for a room of strangers."""
    passphrase = passphrase.strip()
    if len(passphrase) < 10:
        raise PassphraseError(
            "WORKSHOP_FACILITATOR_PASSPHRASE must be at least 10 characters long; "
            "choose a longer one or unset it to have one generated."
        )
    return passphrase


@dataclass(frozen=True)
class Credential:
    """How staff log in for this process: a configured hash or the stored generated one."""

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
    """Replace the stored passphrase with a new one and return it (command line only)."""
    passphrase = generate_passphrase()
    digest = hash_passphrase(passphrase)
    _ensure_row(engine)
    with db.write(engine) as connection:
        connection.execute(
            staff_credentials.update()
            .where(staff_credentials.c.name == _CREDENTIAL)
            .values(passphrase_hash=digest, failures=0, locked_until=None)
        )
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


def wait_after(failures: int) -> timedelta:
    """How long everyone waits after the n-th wrong guess in a row."""
    if failures <= FREE_ATTEMPTS:
        return BASE_WAIT
    doublings = min(failures - FREE_ATTEMPTS, 16)  # 2**16 s is already far past the cap
    return min(MAX_WAIT, BASE_WAIT * int(2**doublings))


@dataclass(frozen=True)
class LoginResult:
    ok: bool
    wait_seconds: int = 0  # how long before the next try is accepted
    message: str = ""


def _aware(moment: datetime | None) -> datetime | None:
    if moment is not None and moment.tzinfo is None:
        return moment.replace(tzinfo=UTC)
    return moment


def attempt_login(
    engine: Engine, credential: Credential, passphrase: str, now: datetime | None = None
) -> LoginResult:
    """Check a passphrase, refusing it unheard while the shared wait is running.

    The attempt is counted (and the next one locked out for the base wait)
    BEFORE the hash is checked, so parallel guesses from many tabs are refused
    rather than all checked at once.
    """
    now = now or datetime.now(UTC)
    _ensure_row(engine)
    with db.write(engine) as connection:
        # FOR UPDATE serializes guesses on PostgreSQL; SQLite's BEGIN IMMEDIATE already does.
        row = connection.execute(
            select(staff_credentials.c.failures, staff_credentials.c.locked_until)
            .where(staff_credentials.c.name == _CREDENTIAL)
            .with_for_update()
        ).one()
        locked_until = _aware(row.locked_until)
        if locked_until is not None and locked_until > now:
            wait = max(1, int((locked_until - now).total_seconds() + 0.999))
            return LoginResult(
                False, wait, f"Too many wrong passphrases. Try again in {wait} seconds."
            )
        failures = row.failures + 1
        connection.execute(
            staff_credentials.update()
            .where(staff_credentials.c.name == _CREDENTIAL)
            .values(failures=failures, locked_until=now + wait_after(failures))
        )
    if verify_passphrase(passphrase.strip(), credential.passphrase_hash):
        with db.write(engine) as connection:
            connection.execute(
                staff_credentials.update()
                .where(staff_credentials.c.name == _CREDENTIAL)
                .values(failures=0, locked_until=None)
            )
        return LoginResult(True)
    wait = int(wait_after(failures).total_seconds())
    return LoginResult(
        False, wait, f"That passphrase is not right. You can try again in {wait} seconds."
    )


def banner(facilitator_url: str, passphrase: str | None) -> str:
    """The console message for staff, in the spirit of Jupyter's token line."""
    rule = "=" * 72
    if passphrase:
        body = (
            f"  Facilitator page:  {facilitator_url}\n"
            f"  Passphrase:        {passphrase}\n\n"
            "  It is shown only this once and stored only as a hash. Write it down.\n"
            "  To set your own, set WORKSHOP_FACILITATOR_PASSPHRASE; to get a new one,\n"
            "  run `python -m workshop passphrase reset`."
        )
    else:
        body = (
            f"  Facilitator page:  {facilitator_url}\n"
            "  Log in with the passphrase printed when it was first generated (or the\n"
            "  configured one). Lost it? `python -m workshop passphrase reset`."
        )
    return f"{rule}\n{body}\n{rule}"
