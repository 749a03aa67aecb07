"""`passphrase` and `login-link`: how staff get in."""

from __future__ import annotations

import argparse
import sys

from workshop import links, passphrases, staff_credentials, staff_tokens
from workshop.config import settings
from workshop.i18n import _
from workshop_cli import context
from workshop_cli.commands import AddParser


def passphrase(args: argparse.Namespace) -> int:
    """Staff passphrase: `ensure` generates one on a first start, `reset` replaces it."""
    engine = context.engine()
    configured = passphrases.configured_passphrase()
    if args.action == "reset":
        if configured:
            print(
                _(
                    "A passphrase is configured in {source}, and it wins over the "
                    "stored one: a reset here would not change how staff log in. Change or "
                    "remove it there instead (then restart the app)."
                ).format(source=configured.source),
                file=sys.stderr,
            )
            return 1
        plain: str | None = staff_credentials.reset_generated(engine)
    else:
        plain = (
            None if configured else staff_credentials.ensure_credential(engine, None).generated_now
        )
    url = links.facilitator_url(links.base_url(settings().public_url, args.port))
    print(staff_credentials.banner(url, plain))
    if plain and args.action == "reset":
        print(_("The old passphrase no longer works; logged-in staff tabs must log in again."))
    return 0


def login_link(args: argparse.Namespace) -> int:
    """Print a one-time staff login link: works once, for a few minutes, whatever the guessing."""
    engine = context.engine()
    token = staff_tokens.create_login_link(engine)
    url = links.facilitator_url(links.base_url(settings().public_url, args.port))
    minutes = int(staff_tokens.LINK_LIFETIME.total_seconds() // 60)
    print(staff_tokens.login_link_url(url, token))
    print(
        _(
            "Open it within {minutes} minutes in the browser tab that should have the staff role. "
            "It works once; only its hash is stored. Do not share it."
        ).format(minutes=minutes),
        file=sys.stderr,
    )
    return 0


def _add_passphrase(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "action",
        choices=["ensure", "reset"],
        help=_("ensure: make one if none exists; reset: replace the stored one"),
    )
    parser.add_argument("--port", type=int, default=8501, help=_("port shown in the URL"))
    parser.set_defaults(handler=passphrase)


def _add_login_link(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--port", type=int, default=8501, help=_("port shown in the URL"))
    parser.set_defaults(handler=login_link)


PARSERS: dict[str, AddParser] = {"passphrase": _add_passphrase, "login-link": _add_login_link}
