"""Join codes: six characters that are easy to read aloud and type on a phone."""

from __future__ import annotations

import secrets
import unicodedata

from workshop.errors import InvalidJoinCode
from workshop.i18n import _

# No 0/O, 1/I/L: nothing that looks like something else on a projector.
ALPHABET = "ABCDEFGHJKMNPQRSTUVWXYZ23456789"
LENGTH = 6
_SEPARATORS = {" ", "-", "\t", "\u00a0", "\u3000"}


def generate() -> str:
    return "".join(secrets.choice(ALPHABET) for _ in range(LENGTH))


def normalize(text: object) -> str:
    """Return the canonical code for what a person typed, or raise InvalidJoinCode.

    Case, spaces and dashes are ignored; full-width characters from phone
    keyboards are folded to their plain forms.
    """
    if not isinstance(text, str) or not text.strip():
        raise InvalidJoinCode(_("Please enter the 6-character code shown on the screen."))
    if len(text) > 64:
        raise InvalidJoinCode(_("That is too long for a join code. Codes have 6 characters."))
    folded = unicodedata.normalize("NFKC", text)
    code = "".join(ch for ch in folded if ch not in _SEPARATORS).upper()
    if len(code) != LENGTH:
        raise InvalidJoinCode(
            _(
                "Join codes have {length} characters; you entered {count}. "
                "Check the code on the screen and try again."
            ).format(length=LENGTH, count=len(code))
        )
    bad = sorted({ch for ch in code if ch not in ALPHABET})
    if bad:
        if all(ch in "0O1IL" for ch in bad):
            raise InvalidJoinCode(
                _("Join codes never contain 0, O, 1, I or L. Check the code on the screen.")
            )
        raise InvalidJoinCode(
            _("A join code has only letters and digits. Check the code on the screen.")
        )
    return code


def is_valid(text: object) -> bool:
    try:
        normalize(text)
    except InvalidJoinCode:
        return False
    return True
