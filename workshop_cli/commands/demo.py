"""`demo`: a session full of synthetic answers, optionally with a linked follow-up."""

from __future__ import annotations

import argparse
import sys

from workshop import demo, demo_followup
from workshop_cli import context
from workshop_cli.commands import AddParser


def run(args: argparse.Namespace) -> int:
    library = context.content(args.content)
    survey_id = args.survey or demo.choose_survey(list(library.surveys))
    engine = context.engine()
    result = demo.fill(
        engine, library.snapshot(survey_id), participants=args.participants, seed=args.seed
    )
    print(
        f"Demo session {result.session.code} ('{result.session.title}'): "
        f"{result.participants} synthetic participants, {result.answers} answers."
    )
    for line in where_to_go(result.session.code):
        print(line)
    print(f"Join code: {result.session.code}")  # the last line: scripts read the code here
    if args.follow_up:
        if demo_followup.FOLLOWUP_SURVEY not in library.surveys:
            print(f"No '{demo_followup.FOLLOWUP_SURVEY}' survey in the content.", file=sys.stderr)
            return 1
        done = demo_followup.run(
            engine, result.session, library.snapshot(demo_followup.FOLLOWUP_SURVEY)
        )
        print(demo_followup.describe(done))
    return 0


def where_to_go(code: str) -> list[str]:
    """The addresses to open and where the staff passphrase comes from (never the passphrase)."""
    from workshop import links, passphrases
    from workshop.config import settings

    base = settings().public_url or "http://localhost:8501"
    configured = passphrases.configured_passphrase()
    source = (
        f"Staff passphrase: the one in {configured.source}."
        if configured is not None
        else "Staff passphrase: none is configured, so the app prints a generated one in "
        "its console the first time it starts (lost it? `workshop passphrase reset`)."
    )
    return [
        f"Participants: {links.join_url(base, code)}",
        f"Facilitator: {links.facilitator_url(base)} (then Present)",
        source,
    ]


def _add_demo(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--participants", type=int, default=24)
    parser.add_argument("--survey", help="survey id (default: the full workshop survey)")
    parser.add_argument("--content", help="content folder (default: content/)")
    parser.add_argument(
        "--seed", type=int, default=7, help="random seed (vary it for differing demo rooms)"
    )
    parser.add_argument(
        "--follow-up",
        action="store_true",
        help="also run a follow-up session linked by code and report its match rate",
    )
    parser.set_defaults(handler=run)


PARSERS: dict[str, AddParser] = {"demo": _add_demo}
