"""Staff passphrases: where a configured one comes from, generating one, and its salted hash.

The passphrase comes from configuration (the environment, then Streamlit's
secrets.toml: `configured_passphrase`, the one place that decides) or, with
none configured, is generated once (workshop/staff_credentials.py). Only its
scrypt hash is ever kept.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import math
import secrets
import tomllib
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from workshop.config import settings

ENV_NAME = "WORKSHOP_FACILITATOR_PASSPHRASE"

# scrypt cost: about 50 ms and 16 MiB per check on a laptop.
_N, _R, _P = 2**14, 8, 1
_SALT_BYTES = 16
_KEY_BYTES = 32

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

    The environment is read through the process's settings (workshop/config.py)
    unless `environ` is given. The app passes Streamlit's own view of its secrets
    (`st.secrets`); the command line reads the same files Streamlit would.
    Neither is required.
    """
    if environ is None:
        secret = settings().facilitator_passphrase
        value = secret.get_secret_value() if secret is not None else None
    else:
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
