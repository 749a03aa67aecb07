"""`purge`: raw answers past their sessions' retention period go; published counts stay."""

from __future__ import annotations

import argparse

from analysis.retained import published
from workshop import retention
from workshop_cli import context
from workshop_cli.commands import AddParser


def purge(args: argparse.Namespace) -> int:
    """Delete raw answers past their sessions' retention period, keeping the published counts."""
    found = retention.purge(context.engine(), published, dry_run=args.dry_run)
    if not found:
        print("Nothing to delete: no closed session is past its retention period.")
        return 0
    verb = "Would delete" if args.dry_run else "Deleted"
    for item in found:
        print(
            f"{verb} the raw data of {item.session.code} ({item.session.title}): "
            f"{item.participants} participant(s), {item.answers} answer(s); "
            f"retention ended {item.expires_at:%Y-%m-%d}."
        )
    if args.dry_run:
        print("Dry run: nothing was deleted. Run without --dry-run to delete.")
    else:
        codes = " ".join(f"--session {item.session.code}" for item in found)
        print(f"The published results are kept: `workshop report {codes} --out report.html`.")
    return 0


def _add_purge(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--dry-run", action="store_true", help="list what would be deleted")
    parser.set_defaults(handler=purge)


PARSERS: dict[str, AddParser] = {"purge": _add_purge}
