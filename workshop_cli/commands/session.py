"""`session create|list|open|close`: the sessions a facilitator runs."""

from __future__ import annotations

import argparse
import sys

from workshop import authored, authored_resources, example_resources, retention, sessions
from workshop.config import settings
from workshop.i18n import _
from workshop.sessions import DEFAULT_K, MIN_K, WorkshopSession
from workshop_cli import context
from workshop_cli.arguments import epsilon_value, k_value, retention_value
from workshop_cli.commands import AddParser, Handler


def print_session(session: WorkshopSession) -> None:
    print(
        f"{session.code}  id={session.id}  {session.state.value:<6}  "
        f"pacing={session.settings.pacing.value}  k={session.settings.k}  {session.title}"
        f"  [{retention.status(session)}]"
    )


def create(args: argparse.Namespace) -> int:
    library = context.content(args.content)
    engine = context.engine()
    known = [row.survey_id for row in authored.list_surveys(engine, library)]
    if args.survey not in known:
        print(
            _("Unknown survey '{survey}'. Known surveys: {known}").format(
                survey=args.survey, known=", ".join(known)
            ),
            file=sys.stderr,
        )
        return 2
    resources = authored_resources.for_new_sessions(engine, library)
    try:
        example_resources.require_confirmation(
            resources, confirmed=args.example_resources, how="add --example-resources"
        )
    except example_resources.ExampleResourcesNotConfirmed as refused:
        print(refused, file=sys.stderr)
        return 2
    origin = sessions.resolve(engine, args.follow_up_of).id if args.follow_up_of else None
    session = sessions.create_session(
        engine,
        authored.snapshot(engine, library, args.survey, resources),
        title=args.title,
        settings=sessions.SessionSettings(
            pacing=sessions.Pacing(args.pacing),
            k=args.k,
            show_results_to_participants=args.show_results,
            mask_all=args.mask_all,
            noise=args.noise,
            epsilon=args.epsilon,
        ),
        open_now=args.open,
        retention_days=getattr(args, "retention_days", settings().retention_days),
        follow_up_of=origin,
    )
    print_session(session)
    if origin is not None:
        print(
            _("Follows up session {code}: participants link by their follow-up code.").format(
                code=args.follow_up_of
            )
        )
    return 0


def list_all(args: argparse.Namespace) -> int:
    found = sessions.list_sessions(context.engine())
    if not found:
        print(
            _("No sessions yet. Create one with: {command}").format(
                command="python -m workshop session create SURVEY_ID"
            )
        )
    for session in found:
        print_session(session)
    return 0


def _state_change(change: str) -> Handler:
    def handler(args: argparse.Namespace) -> int:
        engine = context.engine()
        session = sessions.resolve(engine, args.session)
        action = sessions.open_session if change == "open" else sessions.close_session
        print_session(action(engine, session.id))
        return 0

    return handler


def _add_create(actions: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    create_parser = actions.add_parser("create", help=_("create a session from a survey"))
    add = create_parser.add_argument
    add("survey", help=_("survey id, shipped or authored (workshop survey list), e.g. first-look"))
    add("--title", help=_("the session's title (default: the survey's)"))
    add(
        "--pacing",
        choices=["self", "facilitator"],
        default="self",
        help=_("who moves the steps on: each participant, or the facilitator (default: self)"),
    )
    add(
        "--k",
        type=k_value,
        default=DEFAULT_K,
        help=_("minimum group size shown (at least {k})").format(k=MIN_K),
    )
    add("--show-results", action="store_true", help=_("participants see results"))
    add(
        "--no-mask-all",
        dest="mask_all",
        action="store_false",
        help=_("mask small groups only on sensitive and demographic questions (default: all)"),
    )
    add(
        "--no-noise",
        dest="noise",
        action="store_false",
        help=_(
            "exact counts on screens the room sees (default: noise on sensitive items, "
            "clouds and votes; anyone who joins many times could then work out an answer)"
        ),
    )
    add(
        "--epsilon",
        type=epsilon_value,
        default=sessions.DEFAULT_EPSILON,
        help=_(
            "privacy loss per noisy release, {low} to {high} (default {default}; "
            "smaller: more noise)"
        ).format(
            low=f"{sessions.MIN_EPSILON:g}",
            high=f"{sessions.MAX_EPSILON:g}",
            default=f"{sessions.DEFAULT_EPSILON:g}",
        ),
    )
    add("--open", action="store_true", help=_("open it at once"))
    add(
        "--example-resources",
        action="store_true",
        help=_("create it even though content/resources.yaml still holds the shipped examples"),
    )
    add(
        "--follow-up-of",
        metavar="CODE",
        help=_("make this a follow-up of a finished session (join code or id)"),
    )
    add(
        "--retention-days",
        type=retention_value,
        default=argparse.SUPPRESS,
        metavar="DAYS",
        help=_(
            "delete raw answers this many days after the session closes; 'none' keeps them "
            "(default: WORKSHOP_RETENTION_DAYS, else 90)"
        ),
    )
    add("--content", help=_("content folder (default: content/)"))
    create_parser.set_defaults(handler=create)


def _add_session(parser: argparse.ArgumentParser) -> None:
    actions = parser.add_subparsers(dest="session_command", required=True, metavar="ACTION")
    _add_create(actions)
    actions.add_parser("list", help=_("list sessions")).set_defaults(handler=list_all)
    helps = {
        "open": _("open a session (join code or id)"),
        "close": _("close a session (join code or id)"),
    }
    for change, help_line in helps.items():
        sub = actions.add_parser(change, help=help_line)
        sub.add_argument("session", help=_("join code or id"))
        sub.set_defaults(handler=_state_change(change))


PARSERS: dict[str, AddParser] = {"session": _add_session}
