"""`export`: the anonymized research export with its codebook."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from analysis.export import ExportOptions, write_export
from workshop import i18n, sessions
from workshop.i18n import _
from workshop_cli import context
from workshop_cli.arguments import add_session_options, k_value
from workshop_cli.commands import AddParser


def run(args: argparse.Namespace) -> int:
    engine = context.engine()
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
                language=args.lang,
            ),
        )
    except OSError as exc:
        print(
            _("Could not write the export to {path}: {reason}").format(
                path=out, reason=exc.strerror or exc
            ),
            file=sys.stderr,
        )
        return 1
    print(
        _(
            "Exported {participants} participant(s) from {sessions} session(s) with k = {k} to {path}/:"
        ).format(participants=export.participants, sessions=len(chosen), k=export.k, path=out)
    )
    for name in export.files:
        print(f"  {name}")
    for match in export.waves:
        rate = match.rate_of_followup
        linked = _("Follow-up linked {linked} of {total} participant(s)").format(
            linked=match.linked, total=match.followup_participants
        )
        if rate is not None:
            linked += " " + _("(match rate {rate})").format(rate=i18n.percent(rate))
        print(linked + _("; see waves.csv and waves_match.csv."))
    print(_("Read ANONYMIZATION.md for what was removed or changed."))
    return 0


def _add_export(parser: argparse.ArgumentParser) -> None:
    add_session_options(
        parser,
        repeat=_("repeat for more"),
        out=_("folder to write the files into"),
        text=_("include scrubbed free-text answers"),
    )
    parser.add_argument(
        "--include-questions",
        action="store_true",
        help=_("include the anonymous question box's questions (scrubbed, not linked to anyone)"),
    )
    parser.add_argument(
        "--k", type=k_value, help=_("raise the minimum group size (never below the session's)")
    )
    parser.add_argument(
        "--format",
        choices=["csv", "sav", "dta"],
        default="csv",
        help=_("sav also writes responses.sav for SPSS; dta writes responses.dta for Stata"),
    )
    parser.add_argument(
        "--lang",
        metavar="LANG",
        help=_(
            "question texts and option labels in the codebook and the SPSS/Stata value "
            "labels in this language (one every session's survey declares, e.g. es); "
            "default: the surveys' own"
        ),
    )
    parser.set_defaults(handler=run)


PARSERS: dict[str, AddParser] = {"export": _add_export}
