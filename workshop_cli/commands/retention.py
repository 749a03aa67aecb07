"""`purge`: raw answers past their sessions' retention period go; published counts stay."""

from __future__ import annotations

import argparse

from analysis.retained import published
from workshop import retention
from workshop.i18n import _
from workshop_cli import context
from workshop_cli.commands import AddParser


def purge(args: argparse.Namespace) -> int:
    """Delete raw answers past their sessions' retention period, keeping the published counts."""
    found = retention.purge(context.engine(), published, dry_run=args.dry_run)
    if not found:
        print(_("Nothing to delete: no closed session is past its retention period."))
        return 0
    line = (
        _(
            "Would delete the raw data of {code} ({title}): {participants} participant(s), "
            "{answers} answer(s); retention ended {ended}."
        )
        if args.dry_run
        else _(
            "Deleted the raw data of {code} ({title}): {participants} participant(s), "
            "{answers} answer(s); retention ended {ended}."
        )
    )
    for item in found:
        print(
            line.format(
                code=item.session.code,
                title=item.session.title,
                participants=item.participants,
                answers=item.answers,
                ended=f"{item.expires_at:%Y-%m-%d}",
            )
        )
    if args.dry_run:
        print(_("Dry run: nothing was deleted. Run without --dry-run to delete."))
    else:
        codes = " ".join(f"--session {item.session.code}" for item in found)
        print(
            _("The published results are kept: `{command}`.").format(
                command=f"workshop report {codes} --out report.html"
            )
        )
    return 0


def _add_purge(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--dry-run", action="store_true", help=_("list what would be deleted"))
    parser.set_defaults(handler=purge)


PARSERS: dict[str, AddParser] = {"purge": _add_purge}
