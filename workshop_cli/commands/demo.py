"""`demo`: a session full of synthetic answers, optionally with a linked follow-up."""

from __future__ import annotations

import argparse
import sys

from workshop import demo, demo_followup
from workshop.i18n import _
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
        _(
            "Demo session {code} ('{title}'): {participants} synthetic participants, "
            "{answers} answers."
        ).format(
            code=result.session.code,
            title=result.session.title,
            participants=result.participants,
            answers=result.answers,
        )
    )
    for line in where_to_go(result.session.code):
        print(line)
    # The last line, the code its last word: scripts read it there, in any language.
    print(_("Join code: {code}").format(code=result.session.code))
    if args.follow_up:
        if demo_followup.FOLLOWUP_SURVEY not in library.surveys:
            print(
                _("No '{survey}' survey in the content.").format(
                    survey=demo_followup.FOLLOWUP_SURVEY
                ),
                file=sys.stderr,
            )
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
        _("Staff passphrase: the one in {source}.").format(source=configured.source)
        if configured is not None
        else _(
            "Staff passphrase: none is configured, so the app prints a generated one in "
            "its console the first time it starts (lost it? `workshop passphrase reset`)."
        )
    )
    return [
        _("Participants: {url}").format(url=links.join_url(base, code)),
        _("Facilitator: {url} (then Present)").format(url=links.facilitator_url(base)),
        source,
    ]


def _add_demo(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--participants", type=int, default=24, help=_("synthetic participants (default 24)")
    )
    parser.add_argument("--survey", help=_("survey id (default: the full workshop survey)"))
    parser.add_argument("--content", help=_("content folder (default: content/)"))
    parser.add_argument(
        "--seed", type=int, default=7, help=_("random seed (vary it for differing demo rooms)")
    )
    parser.add_argument(
        "--follow-up",
        action="store_true",
        help=_("also run a follow-up session linked by code and report its match rate"),
    )
    parser.set_defaults(handler=run)


PARSERS: dict[str, AddParser] = {"demo": _add_demo}
