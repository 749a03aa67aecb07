"""Follow-up without identity: codes that link a workshop's answers to a later follow-up.

At the end of a workshop a participant may opt in and is shown a random code
once (three words and two digits, e.g. "maple-otter-comet-42": 3 x 8 + 6.6 =
about 31 bits). Entering it in the follow-up session links the two sets of
answers. Only HMAC-SHA256(server key, code) is stored: the plain code is in
no table, export or log, and without the key (kept apart from the database and
its data folder, see `load_key`) the stored hash cannot be tested against
guesses offline.

A self-generated code, built from three things the participant can reproduce
(a letter, a day of the month and two letters), helps those who lose theirs.
Its weakness: there are only about 26 x 31 x 676 = 545,000 of them, far fewer
in practice (common initials, birthdays), so in a small group two people can
share one and a person who knows someone's answers could recompute it. It is
hashed with the same key and never exported.

Because of that weakness a self-made code is never tested against others: it
is stored even when someone in the session already has it (the app never
says a code is taken, so it cannot be used to find out who chose what), and
such a shared code links nobody. A participant may change their self-made
code only a few times.

Codes are scoped to one workshop session: a follow-up session looks only at
the codes of the session it follows up. Withdrawing deletes the link, and the
other part's answers only when the link proves one person gave both: a random
code, which only its holder saw (workshop.participants.withdraw). A link made
with a self-made code, which someone else could reproduce, never lets one
part's withdrawal delete the other's answers.
"""

from __future__ import annotations

import hmac
import math
import os
import re
import secrets
import threading
import unicodedata
from dataclasses import dataclass
from hashlib import sha256
from pathlib import Path

from sqlalchemy import Engine, delete, func, select, update

from workshop import db, sessions
from workshop.config import settings
from workshop.errors import WorkshopError
from workshop.followup_words import WORDS
from workshop.i18n import N_, _
from workshop.participants import check_participant_id, get_participant
from workshop.schema import FOLLOWUP_RANDOM, FOLLOWUP_SELF, followup_links, participants

RANDOM = FOLLOWUP_RANDOM
SELF = FOLLOWUP_SELF
WORDS_PER_CODE = 3
DIGITS = 2
KEY_FILE = "followup.key"
MIN_KEY_LENGTH = 32

# Letters and digits; anything else (spaces, dashes, dots) only separates them.
_TOKENS = re.compile(r"[a-z]+|[0-9]+")


# Wrong codes one follow-up participant may try (in this process) before linking
# is refused: guessing a self-made code, then withdrawing, would delete someone
# else's workshop answers. New participants are limited by joining's own rate limit.
MAX_FAILED_LINKS = 5
_failed_links: dict[str, int] = {}
_failed_lock = threading.Lock()

# How often one workshop participant may save a self-made code (a typo can be
# corrected; a script cannot try codes). Kept in the database: every replica
# and a restart see the same count.
MAX_SELF_CODE_SAVES = 3


class FollowUpError(WorkshopError):
    """A follow-up code could not be made, stored or matched; the message says why."""


def entropy_bits() -> float:
    """How many bits of chance a random code carries."""
    return WORDS_PER_CODE * math.log2(len(WORDS)) + DIGITS * math.log2(10)


def generate_code() -> str:
    """A random, memorable code: three words and two digits, joined by dashes."""
    words = [secrets.choice(WORDS) for _ in range(WORDS_PER_CODE)]
    digits = "".join(secrets.choice("0123456789") for _ in range(DIGITS))
    return "-".join([*words, digits])


def normalize_code(text: object) -> str:
    """The canonical form of a typed random code (case, spaces and dashes ignored)."""
    if not isinstance(text, str) or not text.strip():
        raise FollowUpError(_("Enter the follow-up code you saved at the end of the workshop."))
    if len(text) > 100:
        raise FollowUpError(
            _("That is too long for a follow-up code (three words and two digits).")
        )
    parts = _TOKENS.findall(unicodedata.normalize("NFKC", text).lower())
    words = [p for p in parts if p.isalpha()]
    digits = "".join(p for p in parts if p.isdigit())
    if len(words) != WORDS_PER_CODE or len(digits) != DIGITS:
        raise FollowUpError(
            _(
                "A follow-up code is three words and two digits, like maple-otter-comet-42. "
                "Check it and try again."
            )
        )
    unknown = [w for w in words if w not in WORDS]
    if unknown:
        raise FollowUpError(
            _("'{word}' is not one of the code words; check the spelling and try again.").format(
                word=unknown[0]
            )
        )
    return "-".join([*words, digits])


def self_code(letter: object, day: object, letters: object) -> str:
    """The canonical self-generated code from its three parts.

    letter: first letter of a first name you will remember (for example your
    mother's or a close friend's); day: the day of the month you were born
    (1-31); letters: the first two letters of the street you grew up on.
    """
    first = _letters(letter, 1, N_("Enter the first letter of the name (letters only)."))
    second = _letters(letters, 2, N_("Enter the first two letters of the street (letters only)."))
    try:
        number = int(str(day).strip())
    except ValueError:
        raise FollowUpError(_(_DAY)) from None
    if not 1 <= number <= 31:
        raise FollowUpError(_(_DAY))
    return f"self:{first}-{number:02d}-{second}"


_DAY = N_("The day you were born must be a number from 1 to 31.")


def _letters(value: object, count: int, refusal: str) -> str:
    text = unicodedata.normalize("NFKC", str(value or "")).strip().lower()
    if len(text) < count or not text[:count].isalpha():
        raise FollowUpError(_(refusal))
    return text[:count]


def load_key(
    data_dir: Path | None = None,
    configured: str | None = None,
    key_file: Path | None = None,
) -> bytes:
    """The server's key for code hashes: WORKSHOP_FOLLOWUP_KEY, or a generated key file.

    The generated file lives apart from the data folder by default
    (WORKSHOP_FOLLOWUP_KEY_FILE, else the user's configuration folder), readable
    by this user only: a copy of the data folder, the database or an export
    cannot test codes without it. A key an older version generated inside the
    data folder is moved there once, so codes already given keep working.
    Several app replicas must share one key: configure it for them.
    """
    current = settings()
    configured = configured if configured is not None else current.followup_key
    if configured:
        if len(configured) < MIN_KEY_LENGTH:
            raise FollowUpError(
                f"WORKSHOP_FOLLOWUP_KEY must be at least {MIN_KEY_LENGTH} characters long; "
                "generate one with: python -c 'import secrets; print(secrets.token_hex(32))'"
            )
        return configured.encode()
    path = key_file if key_file is not None else current.followup_key_file
    legacy = (data_dir if data_dir is not None else current.data_dir) / KEY_FILE
    if legacy.exists() and legacy.resolve() != path.resolve() and not path.exists():
        path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
        legacy.replace(path)  # keep the key the stored codes were hashed with
    try:
        return bytes.fromhex(path.read_text().strip())
    except FileNotFoundError:
        pass
    path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
    try:
        descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    except FileExistsError:  # another process made it first: use theirs
        return bytes.fromhex(path.read_text().strip())
    with os.fdopen(descriptor, "w") as handle:
        handle.write(secrets.token_hex(32) + "\n")
    return bytes.fromhex(path.read_text().strip())


def code_hash(key: bytes, canonical: str) -> str:
    return hmac.new(key, canonical.encode(), sha256).hexdigest()


def _finished_workshop_participant(engine: Engine, participant_id: object) -> tuple[str, int]:
    pid = check_participant_id(participant_id)
    person = get_participant(engine, pid)
    session = sessions.get_session(engine, person.session_id)
    if session.follow_up_of is not None:
        raise FollowUpError(
            _("Follow-up codes are given at the end of a workshop, not a follow-up.")
        )
    if not person.finished:
        raise FollowUpError(_("A follow-up code is offered once you have finished the workshop."))
    return pid, session.id


class _Taken(Exception):
    """A random code drawn twice in one session (never shown to anyone: draw again)."""


def _store(engine: Engine, pid: str, session_id: int, kind: str, digest: str) -> None:
    with db.write(engine) as connection:
        if kind == RANDOM:
            taken = connection.execute(
                select(func.count())
                .select_from(followup_links)
                .where(
                    followup_links.c.session_id == session_id,
                    followup_links.c.code_hash == digest,
                    followup_links.c.participant_id != pid,
                )
            ).scalar_one()
            if taken:
                raise _Taken
        else:
            saves = connection.execute(
                select(participants.c.self_code_saves)
                .where(participants.c.id == pid)
                .with_for_update()
            ).scalar_one()
            if saves >= MAX_SELF_CODE_SAVES:
                raise FollowUpError(
                    _(
                        "Your own code has been saved several times already, so it cannot be "
                        "changed again. The code you saved last is kept."
                    )
                )
            connection.execute(
                update(participants)
                .where(participants.c.id == pid)
                .values(self_code_saves=participants.c.self_code_saves + 1)
            )
        connection.execute(
            delete(followup_links).where(
                followup_links.c.participant_id == pid, followup_links.c.kind == kind
            )
        )
        connection.execute(
            followup_links.insert().values(
                participant_id=pid, kind=kind, session_id=session_id, code_hash=digest
            )
        )


def opt_in(engine: Engine, participant_id: object, *, key: bytes | None = None) -> str:
    """Give a finished workshop participant a new random code; returns it (show it once).

    Asking again replaces the earlier code, so a lost code can be swapped while
    the participant is still on the end screen.
    """
    pid, session_id = _finished_workshop_participant(engine, participant_id)
    key = key or load_key()
    for _attempt in range(10):
        code = generate_code()
        try:
            _store(engine, pid, session_id, RANDOM, code_hash(key, code))
        except _Taken:
            continue  # the same code drawn twice in one session: draw another
        return code
    raise FollowUpError(_("Could not make a follow-up code; try again."))


def register_self_code(
    engine: Engine, participant_id: object, canonical: str, *, key: bytes | None = None
) -> None:
    """Store a self-generated code (from `self_code`) as a keyed hash.

    Stored whether or not another participant of the session has the same code:
    saying "taken" would tell a guesser whose code it is. A shared code links
    nobody (see `link`).
    """
    pid, session_id = _finished_workshop_participant(engine, participant_id)
    _store(engine, pid, session_id, SELF, code_hash(key or load_key(), canonical))


def opted_in(engine: Engine, participant_id: str) -> bool:
    with db.read(engine) as connection:
        return (
            connection.execute(
                select(func.count())
                .select_from(followup_links)
                .where(followup_links.c.participant_id == participant_id)
            ).scalar_one()
            > 0
        )


@dataclass(frozen=True)
class LinkResult:
    linked: bool
    message: str


def link(
    engine: Engine, followup_participant_id: object, canonical: str, *, key: bytes | None = None
) -> LinkResult:
    """Link a follow-up participant to the workshop participant whose code they entered.

    `canonical` comes from normalize_code or self_code. A code links one
    follow-up participant only; entering another code moves this participant's link.
    """
    pid = check_participant_id(followup_participant_id)
    person = get_participant(engine, pid)
    session = sessions.get_session(engine, person.session_id)
    if session.follow_up_of is None:
        raise FollowUpError(_("This session is not a follow-up; there is nothing to link to."))
    if _failed_links.get(pid, 0) >= MAX_FAILED_LINKS:
        return LinkResult(
            False,
            _(
                "Too many codes were tried from this page, so linking is switched off here. "
                "Your answers are kept without a link."
            ),
        )
    result = _link(engine, pid, session.follow_up_of, code_hash(key or load_key(), canonical))
    if not result.linked:
        with _failed_lock:
            _failed_links[pid] = _failed_links.get(pid, 0) + 1
    return result


def _link(engine: Engine, pid: str, origin: int, digest: str) -> LinkResult:
    with db.write(engine) as connection:
        rows = connection.execute(
            select(followup_links.c.participant_id, followup_links.c.followup_participant_id)
            .where(
                followup_links.c.session_id == origin,
                followup_links.c.code_hash == digest,
            )
            .with_for_update()
        ).all()
        if not rows:
            return LinkResult(
                False,
                _(
                    "We could not find that code for the workshop this follow-up belongs to. "
                    "Check it and try again; your answers here are kept either way."
                ),
            )
        origins = {r.participant_id for r in rows}
        if len(origins) > 1:  # a self-made code two people share: linking would guess
            return LinkResult(
                False,
                _(
                    "That code matches more than one person from the workshop, so it cannot "
                    "link your answers. Your answers here are kept without a link."
                ),
            )
        others = {r.followup_participant_id for r in rows} - {None, pid}
        if others:
            return LinkResult(False, _("That code was already used in this follow-up."))
        connection.execute(
            update(followup_links)
            .where(followup_links.c.followup_participant_id == pid)
            .values(followup_participant_id=None)
        )
        # Only the row whose code was entered: its kind says what the link proves.
        connection.execute(
            update(followup_links)
            .where(
                followup_links.c.participant_id.in_(origins),
                followup_links.c.session_id == origin,
                followup_links.c.code_hash == digest,
            )
            .values(followup_participant_id=pid)
        )
    return LinkResult(True, _("Thank you: your answers are now linked to your workshop answers."))
