"""The `workshop` command line (also `python -m workshop`): a thin layer over the library.

It lives outside `workshop/` because `export` needs `analysis/`, which sits above the library.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from workshop.config import settings
from workshop.errors import WorkshopError

if TYPE_CHECKING:  # imported lazily at run time, so `--help` stays quick
    from pydantic import BaseModel
    from sqlalchemy import Engine

    from workshop.loading import ContentLibrary
    from workshop.sessions import WorkshopSession

Handler = Callable[[argparse.Namespace], int]


def _engine() -> Engine:
    from workshop import db, migrate

    url = settings().database_url
    migrate.upgrade(url)
    return db.get_engine(url)


def _content(path: str | None) -> ContentLibrary:
    from workshop.loading import load_content

    library = load_content(Path(path) if path else settings().content_dir)
    library.raise_for_problems()
    return library


def cmd_validate(args: argparse.Namespace) -> int:
    from workshop.loading import load_content

    path = args.path or str(settings().content_dir)
    library = load_content(Path(path))
    for problem in library.problems:
        print(problem, file=sys.stderr)
    if library.problems:
        print(f"\n{len(library.problems)} problem(s) found; nothing was changed.", file=sys.stderr)
        return 1
    print(
        f"OK: {len(library.surveys)} survey(s), {len(library.modules)} module(s)"
        f"{', resources' if library.resources else ''} in {path}"
    )
    for survey_id, survey in sorted(library.surveys.items()):
        print(
            f"  {survey_id} v{survey.version}: {len(survey.questions)} questions, "
            f"{len(survey.module_ids)} modules"
        )
    return 0


def cmd_schema(args: argparse.Namespace) -> int:
    from workshop.content import Module, Survey

    models: dict[str, type[BaseModel]] = {"survey": Survey, "module": Module}
    model = models[args.what]
    schema = model.model_json_schema(by_alias=True)
    schema["$schema"] = "https://json-schema.org/draft/2020-12/schema"
    print(json.dumps(schema, indent=2))
    return 0


def cmd_db_upgrade(args: argparse.Namespace) -> int:
    from workshop import migrate

    url = settings().database_url
    migrate.upgrade(url)
    print(f"Database is at revision {migrate.current_revision(url)} ({_safe_url(url)}).")
    return 0


def _safe_url(url: str) -> str:
    from sqlalchemy.engine import make_url

    return make_url(url).render_as_string(hide_password=True)


def _print_session(session: WorkshopSession) -> None:
    from workshop import retention

    print(
        f"{session.code}  id={session.id}  {session.state.value:<6}  "
        f"pacing={session.settings.pacing.value}  k={session.settings.k}  {session.title}"
        f"  [{retention.status(session)}]"
    )


def cmd_session_create(args: argparse.Namespace) -> int:
    from workshop import example_resources, sessions

    library = _content(args.content)
    if args.survey not in library.surveys:
        known = ", ".join(sorted(library.surveys))
        print(f"Unknown survey '{args.survey}'. Known surveys: {known}", file=sys.stderr)
        return 2
    if example_resources.are_examples(library.resources) and not args.example_resources:
        print(
            "The support resources (content/resources.yaml) are still the shipped examples, "
            "and participants would see them. Replace them with services near your "
            "participants, or add --example-resources to create the session anyway "
            "(for a rehearsal).",
            file=sys.stderr,
        )
        return 2
    engine = _engine()
    origin = sessions.resolve(engine, args.follow_up_of).id if args.follow_up_of else None
    session = sessions.create_session(
        engine,
        library.snapshot(args.survey),
        title=args.title,
        settings=sessions.SessionSettings(
            pacing=sessions.Pacing(args.pacing),
            k=args.k,
            show_results_to_participants=args.show_results,
            mask_all=args.mask_all,
        ),
        open_now=args.open,
        retention_days=getattr(args, "retention_days", settings().retention_days),
        follow_up_of=origin,
    )
    _print_session(session)
    if origin is not None:
        print(f"Follows up session {args.follow_up_of}: participants link by their follow-up code.")
    return 0


def cmd_session_list(args: argparse.Namespace) -> int:
    from workshop import sessions

    engine = _engine()
    found = sessions.list_sessions(engine)
    if not found:
        print("No sessions yet. Create one with: python -m workshop session create SURVEY_ID")
    for session in found:
        _print_session(session)
    return 0


def _state_change(change: str) -> Handler:
    def handler(args: argparse.Namespace) -> int:
        from workshop import sessions

        engine = _engine()
        session = sessions.resolve(engine, args.session)
        action = sessions.open_session if change == "open" else sessions.close_session
        _print_session(action(engine, session.id))
        return 0

    return handler


def cmd_demo(args: argparse.Namespace) -> int:
    from workshop import demo

    library = _content(args.content)
    survey_id = args.survey or demo.choose_survey(list(library.surveys))
    engine = _engine()
    result = demo.fill(
        engine, library.snapshot(survey_id), participants=args.participants, seed=args.seed
    )
    print(
        f"Demo session {result.session.code} ('{result.session.title}'): "
        f"{result.participants} synthetic participants, {result.answers} answers."
    )
    print(f"Join code: {result.session.code}")
    if args.follow_up:
        from workshop import demo_followup

        if demo_followup.FOLLOWUP_SURVEY not in library.surveys:
            print(f"No '{demo_followup.FOLLOWUP_SURVEY}' survey in the content.", file=sys.stderr)
            return 1
        done = demo_followup.run(
            engine, result.session, library.snapshot(demo_followup.FOLLOWUP_SURVEY)
        )
        print(demo_followup.describe(done))
    return 0


def cmd_purge(args: argparse.Namespace) -> int:
    """Delete raw answers past their sessions' retention period, keeping the published counts."""
    from analysis.retained import published
    from workshop import retention

    engine = _engine()
    found = retention.purge(engine, published, dry_run=args.dry_run)
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


def cmd_export(args: argparse.Namespace) -> int:
    from analysis.export import ExportOptions, write_export
    from workshop import sessions

    engine = _engine()
    chosen = [sessions.resolve(engine, code).id for code in args.session]
    out = Path(args.out)
    try:
        export = write_export(
            engine,
            chosen,
            out,
            ExportOptions(
                include_text=args.include_text,
                include_questions=args.include_questions,
                k=args.k,
                format=args.format,
            ),
        )
    except OSError as exc:
        print(f"Could not write the export to {out}: {exc.strerror or exc}", file=sys.stderr)
        return 1
    print(
        f"Exported {export.participants} participant(s) from {len(chosen)} session(s) "
        f"with k = {export.k} to {out}/:"
    )
    for name in export.files:
        print(f"  {name}")
    for match in export.waves:
        rate = match.rate_of_followup
        print(
            f"Follow-up linked {match.linked} of {match.followup_participants} participant(s)"
            + (f" (match rate {rate:.0%})" if rate is not None else "")
            + "; see waves.csv and waves_match.csv."
        )
    print("Read ANONYMIZATION.md for what was removed or changed.")
    return 0


def cmd_report(args: argparse.Namespace) -> int:
    from datetime import UTC, datetime

    from analysis import report
    from workshop import sessions

    engine = _engine()
    chosen = [sessions.resolve(engine, code).id for code in args.session]
    content = report.build(
        engine, chosen, include_text=args.include_text, created=datetime.now(UTC).date()
    )
    page = report.render(content)
    out = Path(args.out)
    try:
        out.write_text(page, encoding="utf-8")
    except OSError as exc:
        print(f"Could not write the report to {out}: {exc.strerror or exc}", file=sys.stderr)
        return 1
    what = "1 session" if len(chosen) == 1 else f"{len(chosen)} sessions pooled"
    if args.include_text and len(chosen) > 1:
        print("A pooled report never includes free text; make one report per session.")
    print(f"Wrote the report for {what} to {out}.")
    if args.pdf:
        report.html_to_pdf(page, Path(args.pdf))
        print(f"Wrote the PDF to {args.pdf}.")
    return 0


def cmd_passphrase(args: argparse.Namespace) -> int:
    """Staff passphrase: `ensure` generates one on a first start, `reset` replaces it."""
    from workshop import links, passphrases, staff_credentials

    engine = _engine()
    configured = passphrases.configured_passphrase()
    if args.action == "reset":
        if configured:
            print(
                f"A passphrase is configured in {configured.source}, and it wins over the "
                "stored one: a reset here would not change how staff log in. Change or "
                "remove it there instead (then restart the app).",
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
        print("The old passphrase no longer works; logged-in staff tabs must log in again.")
    return 0


def cmd_login_link(args: argparse.Namespace) -> int:
    """Print a one-time staff login link: works once, for a few minutes, whatever the guessing."""
    from workshop import links, staff_tokens

    engine = _engine()
    token = staff_tokens.create_login_link(engine)
    url = links.facilitator_url(links.base_url(settings().public_url, args.port))
    minutes = int(staff_tokens.LINK_LIFETIME.total_seconds() // 60)
    print(staff_tokens.login_link_url(url, token))
    print(
        f"Open it within {minutes} minutes in the browser tab that should have the staff role. "
        "It works once; only its hash is stored. Do not share it.",
        file=sys.stderr,
    )
    return 0


def _k_value(text: str) -> int:
    from workshop.sessions import MAX_K, MIN_K

    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"k must be a whole number, not '{text}'") from None
    if not MIN_K <= value <= MAX_K:
        raise argparse.ArgumentTypeError(
            f"k must be between {MIN_K} and {MAX_K} (smaller groups could identify people)"
        )
    return value


def _retention_value(text: str) -> int | None:
    from workshop.config import retention_days_from
    from workshop.sessions import MAX_RETENTION_DAYS

    try:
        if not text.strip():
            raise ValueError(text)
        value = retention_days_from(text)
    except ValueError:
        raise argparse.ArgumentTypeError(
            f"--retention-days must be a whole number of days or 'none', not '{text}'"
        ) from None
    if value is not None and value > MAX_RETENTION_DAYS:
        raise argparse.ArgumentTypeError(f"--retention-days must be at most {MAX_RETENTION_DAYS}")
    return value


def build_parser() -> argparse.ArgumentParser:
    from workshop.sessions import DEFAULT_K, MIN_K

    parser = argparse.ArgumentParser(
        prog="python -m workshop",
        description="Aftercare workshop toolkit: content, database and sessions.",
    )
    commands = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")

    validate = commands.add_parser("validate", help="check surveys, modules and resources")
    # Default read when the command runs, so a bad setting is reported like any other error.
    validate.add_argument("path", nargs="?", help="folder to check (default: WORKSHOP_CONTENT_DIR)")
    validate.set_defaults(handler=cmd_validate)

    schema = commands.add_parser("schema", help="print the JSON Schema for survey files")
    schema.add_argument("what", nargs="?", choices=["survey", "module"], default="survey")
    schema.set_defaults(handler=cmd_schema)

    database = commands.add_parser("db", help="database maintenance")
    db_commands = database.add_subparsers(dest="db_command", required=True, metavar="ACTION")
    db_commands.add_parser("upgrade", help="apply migrations").set_defaults(handler=cmd_db_upgrade)

    session = commands.add_parser("session", help="create, list, open and close sessions")
    session_commands = session.add_subparsers(
        dest="session_command", required=True, metavar="ACTION"
    )
    create = session_commands.add_parser("create", help="create a session from a survey")
    create.add_argument("survey", help="survey id, e.g. first-look")
    create.add_argument("--title")
    create.add_argument("--pacing", choices=["self", "facilitator"], default="self")
    create.add_argument(
        "--k", type=_k_value, default=DEFAULT_K, help=f"minimum group size shown (at least {MIN_K})"
    )
    create.add_argument("--show-results", action="store_true", help="participants see results")
    create.add_argument(
        "--no-mask-all",
        dest="mask_all",
        action="store_false",
        help="mask small groups only on sensitive and demographic questions (default: all)",
    )
    create.add_argument("--open", action="store_true", help="open it at once")
    create.add_argument(
        "--example-resources",
        action="store_true",
        help="create it even though content/resources.yaml still holds the shipped examples",
    )
    create.add_argument(
        "--follow-up-of",
        metavar="CODE",
        help="make this a follow-up of a finished session (join code or id)",
    )
    create.add_argument(
        "--retention-days",
        type=_retention_value,
        default=argparse.SUPPRESS,
        metavar="DAYS",
        help="delete raw answers this many days after the session closes; 'none' keeps them "
        "(default: WORKSHOP_RETENTION_DAYS, else 90)",
    )
    create.add_argument("--content", help="content folder (default: content/)")
    create.set_defaults(handler=cmd_session_create)
    session_commands.add_parser("list", help="list sessions").set_defaults(handler=cmd_session_list)
    for change in ("open", "close"):
        sub = session_commands.add_parser(change, help=f"{change} a session (join code or id)")
        sub.add_argument("session")
        sub.set_defaults(handler=_state_change(change))

    passphrase = commands.add_parser("passphrase", help="facilitator passphrase")
    passphrase.add_argument("action", choices=["ensure", "reset"])
    passphrase.add_argument("--port", type=int, default=8501, help="port shown in the URL")
    passphrase.set_defaults(handler=cmd_passphrase)

    login_link = commands.add_parser(
        "login-link", help="print a one-time staff login link (when locked out)"
    )
    login_link.add_argument("--port", type=int, default=8501, help="port shown in the URL")
    login_link.set_defaults(handler=cmd_login_link)

    demo = commands.add_parser("demo", help="create a demo session full of synthetic answers")
    demo.add_argument("--participants", type=int, default=24)
    demo.add_argument("--survey", help="survey id (default: the full workshop survey)")
    demo.add_argument("--content", help="content folder (default: content/)")
    demo.add_argument(
        "--seed", type=int, default=7, help="random seed (vary it for differing demo rooms)"
    )
    demo.add_argument(
        "--follow-up",
        action="store_true",
        help="also run a follow-up session linked by code and report its match rate",
    )
    demo.set_defaults(handler=cmd_demo)

    report = commands.add_parser(
        "report", help="write a session report (HTML, optionally PDF) for one or more sessions"
    )
    report.add_argument(
        "--session", action="append", required=True, help="join code or id (repeat to pool)"
    )
    report.add_argument("--out", required=True, help="the HTML file to write, e.g. report.html")
    report.add_argument(
        "--include-text", action="store_true", help="include free text the facilitator approved"
    )
    report.add_argument("--pdf", help="also print it to this PDF file with headless Chromium")
    report.set_defaults(handler=cmd_report)

    purge = commands.add_parser(
        "purge", help="delete raw answers past their retention period (keeps published counts)"
    )
    purge.add_argument("--dry-run", action="store_true", help="list what would be deleted")
    purge.set_defaults(handler=cmd_purge)

    export = commands.add_parser(
        "export", help="write an anonymized research export with its codebook"
    )
    export.add_argument(
        "--session", action="append", required=True, help="join code or id (repeat for more)"
    )
    export.add_argument("--out", required=True, help="folder to write the files into")
    export.add_argument(
        "--include-text", action="store_true", help="include scrubbed free-text answers"
    )
    export.add_argument(
        "--include-questions",
        action="store_true",
        help="include the anonymous question box's questions (scrubbed, not linked to anyone)",
    )
    export.add_argument(
        "--k", type=_k_value, help="raise the minimum group size (never below the session's)"
    )
    export.add_argument(
        "--format",
        choices=["csv", "sav", "dta"],
        default="csv",
        help="sav also writes responses.sav for SPSS; dta writes responses.dta for Stata",
    )
    export.set_defaults(handler=cmd_export)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    try:
        handler: Handler = args.handler
        return handler(args)
    except WorkshopError as exc:
        print(f"Error: {exc}", file=sys.stderr)
        return 1
