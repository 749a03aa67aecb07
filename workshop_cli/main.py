"""The `workshop` command (also `python -m workshop`): builds the parser and runs one command.

Every command is listed here with its one-line help, in the order `--help` shows them;
its group module (workshop_cli/commands/) is imported only when that command runs, so
`workshop --help` and `workshop validate` never load pandas, SciPy or Altair.
Everything it prints for a person, `--help` included, is in the language the user's
environment asks for (workshop_cli/language.py), settled before the parser is built.
"""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Mapping, Sequence
from importlib import import_module

from workshop import i18n
from workshop.errors import WorkshopError
from workshop.i18n import N_, _
from workshop_cli import argparse_words, language
from workshop_cli.arguments import Parser
from workshop_cli.commands import AddParser, Handler

PROG = "python -m workshop"
DESCRIPTION = N_("Aftercare workshop toolkit: content, database and sessions.")

# command -> (group module in workshop_cli/commands/, help line, translated where shown)
COMMANDS: dict[str, tuple[str, str]] = {
    "validate": ("content", N_("check surveys, modules and resources")),
    "schema": ("content", N_("print the JSON Schema for survey files")),
    "db": ("db", N_("database maintenance")),
    "session": ("session", N_("create, list, open and close sessions")),
    "survey": ("survey", N_("list, export and import surveys authored in the database")),
    "passphrase": ("staff", N_("facilitator passphrase")),
    "login-link": ("staff", N_("print a one-time staff login link (when locked out)")),
    "demo": ("demo", N_("create a demo session full of synthetic answers")),
    "report": (
        "report",
        N_("write a session report (HTML, optionally PDF) for one or more sessions"),
    ),
    "purge": (
        "retention",
        N_("delete raw answers past their retention period (keeps published counts)"),
    ),
    "export": ("export", N_("write an anonymized research export with its codebook")),
    "serve": ("serve", N_("run app replicas on one database behind HAProxy (cookie-sticky)")),
    "haproxy-config": ("serve", N_("print the HAProxy configuration for given replicas")),
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
    parser = Parser(prog=PROG, description=_(DESCRIPTION))
    commands = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")
    for name, (_group, help_line) in COMMANDS.items():
        sub = commands.add_parser(name, help=_(help_line))
        if command is None or name == command:
            add_parser(name)(sub)
    return parser


def main(argv: Sequence[str] | None = None, environ: Mapping[str, str] | None = None) -> int:
    """Run `workshop ARGV` in the language `environ` (default: this process's) asks for."""
    words = list(sys.argv[1:] if argv is None else argv)
    spoken = language.from_environment(os.environ if environ is None else environ)
    with i18n.using(spoken), argparse_words.speaking():
        args = build_parser(_command_in(words) or "").parse_args(words)
        try:
            handler: Handler = args.handler
            return handler(args)
        except WorkshopError as exc:
            print(_("Error: {message}").format(message=exc), file=sys.stderr)
            return 1
