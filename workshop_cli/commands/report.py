"""`report`: the session report (HTML, optionally PDF) for one session or several pooled."""

from __future__ import annotations

import argparse
import sys
from datetime import UTC, datetime
from pathlib import Path

from analysis import report
from workshop import i18n, sessions
from workshop.i18n import _
from workshop_cli import context
from workshop_cli.arguments import add_session_options
from workshop_cli.commands import AddParser


def run(args: argparse.Namespace) -> int:
    engine = context.engine()
    chosen = [sessions.resolve(engine, code).id for code in args.session]
    # The report in --lang (else the room's language); what this command prints in the
    # language the command speaks.
    with i18n.using(args.lang or report.default_language(engine, chosen)):
        content = report.build(
            engine, chosen, include_text=args.include_text, created=datetime.now(UTC).date()
        )
        page = report.render(content)
    out = Path(args.out)
    try:
        out.write_text(page, encoding="utf-8")
    except OSError as exc:
        print(
            _("Could not write the report to {path}: {reason}").format(
                path=out, reason=exc.strerror or exc
            ),
            file=sys.stderr,
        )
        return 1
    if args.include_text and len(chosen) > 1:
        print(_("A pooled report never includes free text; make one report per session."))
    if len(chosen) == 1:
        print(_("Wrote the report for 1 session to {path}.").format(path=out))
    else:
        print(
            _("Wrote the report for {n} sessions pooled to {path}.").format(
                n=i18n.number(len(chosen)), path=out
            )
        )
    if args.pdf:
        report.html_to_pdf(page, Path(args.pdf))
        print(_("Wrote the PDF to {path}.").format(path=args.pdf))
    return 0


def _add_report(parser: argparse.ArgumentParser) -> None:
    add_session_options(
        parser,
        repeat=_("repeat to pool"),
        out=_("the HTML file to write, e.g. report.html"),
        text=_("include free text the facilitator approved"),
    )
    parser.add_argument("--pdf", help=_("also print it to this PDF file with headless Chromium"))
    parser.add_argument(
        "--lang",
        choices=i18n.catalog_languages(),
        help=_(
            "the language the report is written in (question texts stay as authored); "
            "by default the first session's audience screen language"
        ),
    )
    parser.set_defaults(handler=run)


PARSERS: dict[str, AddParser] = {"report": _add_report}
