"""`report`: the session report (HTML, optionally PDF) for one session or several pooled."""

from __future__ import annotations

import argparse
import sys
from datetime import UTC, datetime
from pathlib import Path

from analysis import report
from workshop import sessions
from workshop_cli import context
from workshop_cli.arguments import add_session_options
from workshop_cli.commands import AddParser


def run(args: argparse.Namespace) -> int:
    engine = context.engine()
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


def _add_report(parser: argparse.ArgumentParser) -> None:
    add_session_options(
        parser,
        repeat="repeat to pool",
        out="the HTML file to write, e.g. report.html",
        text="include free text the facilitator approved",
    )
    parser.add_argument("--pdf", help="also print it to this PDF file with headless Chromium")
    parser.set_defaults(handler=run)


PARSERS: dict[str, AddParser] = {"report": _add_report}
