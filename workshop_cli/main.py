"""The `workshop` command (also `python -m workshop`): builds the parser and runs one command.

Every command is listed here with its one-line help, in the order `--help` shows them;
its group module (workshop_cli/commands/) is imported only when that command runs, so
`workshop --help` and `workshop validate` never load pandas, SciPy or Altair.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence
from importlib import import_module

from workshop.errors import WorkshopError
from workshop_cli.commands import AddParser, Handler

PROG = "python -m workshop"
DESCRIPTION = "Aftercare workshop toolkit: content, database and sessions."

# command -> (group module in workshop_cli/commands/, help line)
COMMANDS: dict[str, tuple[str, str]] = {
    "validate": ("content", "check surveys, modules and resources"),
    "schema": ("content", "print the JSON Schema for survey files"),
    "db": ("db", "database maintenance"),
    "session": ("session", "create, list, open and close sessions"),
    "survey": ("survey", "list, export and import surveys authored in the database"),
    "passphrase": ("staff", "facilitator passphrase"),
    "login-link": ("staff", "print a one-time staff login link (when locked out)"),
    "demo": ("demo", "create a demo session full of synthetic answers"),
    "report": (
        "report",
        "write a session report (HTML, optionally PDF) for one or more sessions",
    ),
    "purge": (
        "retention",
        "delete raw answers past their retention period (keeps published counts)",
    ),
    "export": ("export", "write an anonymized research export with its codebook"),
    "serve": ("serve", "run app replicas on one database behind HAProxy (cookie-sticky)"),
    "haproxy-config": ("serve", "print the HAProxy configuration for given replicas"),
}


def add_parser(command: str) -> AddParser:
    """The function that adds `command`'s arguments and handler (imports its group)."""
    group, _help = COMMANDS[command]
    parsers: dict[str, AddParser] = import_module(f"workshop_cli.commands.{group}").PARSERS
    return parsers[command]


def _command_in(argv: Sequence[str]) -> str | None:
    # The top level has no option that takes a value, so the first word is the command.
    return next((word for word in argv if not word.startswith("-")), None)


def build_parser(command: str | None = None) -> argparse.ArgumentParser:
    """Every command by name and help; the arguments of `command` only (all when None)."""
    parser = argparse.ArgumentParser(prog=PROG, description=DESCRIPTION)
    commands = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")
    for name, (_group, help_line) in COMMANDS.items():
        sub = commands.add_parser(name, help=help_line)
        if command is None or name == command:
            add_parser(name)(sub)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    words = list(sys.argv[1:] if argv is None else argv)
    args = build_parser(_command_in(words) or "").parse_args(words)
    try:
        handler: Handler = args.handler
        return handler(args)
    except WorkshopError as exc:
        print(f"Error: {exc}", file=sys.stderr)
        return 1
