"""The staff credential in force: one passphrase, stored only as a salted hash, and its tag.

A configured passphrase is hashed in memory; a generated one's hash is kept in
the database, so several app processes sharing one database agree on it.
Every login reads the stored hash afresh (workshop/staff_login.py), and a
logged-in tab re-checks its tag every few seconds (`fingerprint`), so
`passphrase reset` revokes the old passphrase in every running process at once.
"""

from __future__ import annotations

import hashlib
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass

from sqlalchemy import Engine, delete, select
from sqlalchemy.exc import IntegrityError

from workshop import db
from workshop.passphrases import ENV_NAME, check_configured, generate_passphrase, hash_passphrase
from workshop.schema import staff_credentials, staff_login_links

CREDENTIAL_NAME = "staff"
# How long a logged-in tab trusts the stored credential before reading it again.
RECHECK_SECONDS = 5.0


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
    stored = stored_hash(engine)
    if stored:
        return Credential(stored, configured=False)
    passphrase = generate_passphrase()
    digest = hash_passphrase(passphrase)
    try:
        with db.write(engine) as connection:
            row = connection.execute(
                select(staff_credentials.c.passphrase_hash).where(
                    staff_credentials.c.name == CREDENTIAL_NAME
                )
            ).first()
            if row is None:
                connection.execute(
                    staff_credentials.insert().values(name=CREDENTIAL_NAME, passphrase_hash=digest)
                )
            elif row.passphrase_hash is None:
                connection.execute(
                    staff_credentials.update()
                    .where(staff_credentials.c.name == CREDENTIAL_NAME)
                    .values(passphrase_hash=digest)
                )
            else:
                return Credential(row.passphrase_hash, configured=False)
    except IntegrityError:  # another process inserted first
        stored = stored_hash(engine)
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
    ensure_row(engine)
    with db.write(engine) as connection:
        connection.execute(
            staff_credentials.update()
            .where(staff_credentials.c.name == CREDENTIAL_NAME)
            .values(passphrase_hash=digest)
        )
        connection.execute(delete(staff_login_links))  # pending links and tab tokens
    return passphrase


def stored_hash(engine: Engine) -> str | None:
    with db.read(engine) as connection:
        return connection.execute(
            select(staff_credentials.c.passphrase_hash).where(
                staff_credentials.c.name == CREDENTIAL_NAME
            )
        ).scalar_one_or_none()


def ensure_row(engine: Engine) -> None:
    """Create the credential row once; a concurrent creator winning is fine."""
    with db.read(engine) as connection:
        exists = connection.execute(
            select(staff_credentials.c.name).where(staff_credentials.c.name == CREDENTIAL_NAME)
        ).first()
    if exists is not None:
        return
    try:
        with db.write(engine) as connection:
            connection.execute(staff_credentials.insert().values(name=CREDENTIAL_NAME))
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
        return tag_of(credential.passphrase_hash)
    key = (str(engine.url), credential.passphrase_hash)
    now = clock()
    with _fingerprint_lock:
        cached = _fingerprints.get(key)
    if cached is not None and now - cached[0] < RECHECK_SECONDS:
        return cached[1]
    stored = stored_hash(engine)
    tag = tag_of(stored) if stored else None
    with _fingerprint_lock:
        _fingerprints[key] = (now, tag)
    return tag


def tag_of(stored_hash: str) -> str:
    """A short, stable tag of a stored hash: what a logged-in tab keeps instead of the hash."""
    return hashlib.sha256(stored_hash.encode()).hexdigest()[:16]


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
