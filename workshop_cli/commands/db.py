"""`db upgrade`: database maintenance."""

from __future__ import annotations

import argparse

from sqlalchemy.engine import make_url

from workshop import migrate
from workshop.config import settings
from workshop.i18n import _
from workshop_cli.commands import AddParser


def _safe_url(url: str) -> str:
    return make_url(url).render_as_string(hide_password=True)


def upgrade(args: argparse.Namespace) -> int:
    url = settings().database_url
    migrate.upgrade(url)
    print(
        _("Database is at revision {revision} ({url}).").format(
            revision=migrate.current_revision(url), url=_safe_url(url)
        )
    )
    return 0


def _add_db(parser: argparse.ArgumentParser) -> None:
    actions = parser.add_subparsers(dest="db_command", required=True, metavar="ACTION")
    actions.add_parser("upgrade", help=_("apply migrations")).set_defaults(handler=upgrade)


PARSERS: dict[str, AddParser] = {"db": _add_db}
