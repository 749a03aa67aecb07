"""One-time login links (`workshop login-link`) and the tab tokens that keep the role on reload.

Both are random tokens handed out once; only their SHA-256 hashes are stored
(staff_login_links), and using one deletes it, so each works once and only
until it expires.
"""

from __future__ import annotations

import hashlib
import re
import secrets
from datetime import UTC, datetime, timedelta

from sqlalchemy import Engine, delete

from workshop import db
from workshop.schema import staff_login_links

# One-time login links printed by `workshop login-link`.
LINK_LIFETIME = timedelta(minutes=10)
# A tab token lets a reload keep the role; each reload trades it for a new one.
# Long enough for a workshop day, short enough that a forgotten tab lapses.
TAB_TOKEN_LIFETIME = timedelta(hours=12)


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


# --- the audience screen's own role ---------------------------------------------
# The Present page hands the projector's window a link that opens one session's
# audience screen and nothing else (never a staff login): its hash names the
# credential's tag and the session's code, so it cannot be used for another
# session, as a login link, or after a passphrase reset. It works once and only
# briefly, since it is shown on the presenter's screen. A reload of that window
# keeps the role through an audience tab token, like a staff tab's.
AUDIENCE_LINK_LIFETIME = timedelta(minutes=2)


def _audience_hash(kind: str, tag: str, code: str, token: str) -> str:
    return hashlib.sha256(f"{kind}:{tag}:{code}:{token}".encode()).hexdigest()


def _issue(
    kind: str, tag: str, code: str, lifetime: timedelta, engine: Engine, now: datetime | None
) -> str:
    token = secrets.token_urlsafe(32)
    _store_token(engine, _audience_hash(kind, tag, code, token), lifetime, now or datetime.now(UTC))
    return token


def _redeem(
    kind: str, tag: str, code: str, token: object, engine: Engine, now: datetime | None
) -> bool:
    if not isinstance(token, str) or not _TOKEN.fullmatch(token):
        return False
    return _use_token(engine, _audience_hash(kind, tag, code, token), now or datetime.now(UTC))


def create_audience_link(engine: Engine, tag: str, code: str, now: datetime | None = None) -> str:
    """A one-time token that opens session `code`'s audience screen (only its hash is stored)."""
    return _issue("audience", tag, code, AUDIENCE_LINK_LIFETIME, engine, now)


def redeem_audience_link(
    engine: Engine, tag: str, code: str, token: object, now: datetime | None = None
) -> bool:
    """Use up an audience link for session `code`: True once, then never again."""
    return _redeem("audience", tag, code, token, engine, now)


def issue_audience_tab_token(
    engine: Engine, tag: str, code: str, now: datetime | None = None
) -> str:
    """A single-use token that lets a reload of the audience window keep its role."""
    return _issue("audience-tab", tag, code, TAB_TOKEN_LIFETIME, engine, now)


def redeem_audience_tab_token(
    engine: Engine, tag: str, code: str, token: object, now: datetime | None = None
) -> bool:
    return _redeem("audience-tab", tag, code, token, engine, now)
