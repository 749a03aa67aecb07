"""`survey list|export|import`: surveys authored in the database, as YAML files.

A survey's texts in another language travel as the content folder keeps
them: `export --lang es` writes the Spanish translation file, and `import
FILE` reads, for each language the survey declares, `es/<FILE's name>` in
FILE's folder (content/surveys/quick-poll.yaml: content/surveys/es/quick-poll.yaml).
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from workshop import authored, authored_texts
from workshop.content import Survey, SurveyTexts
from workshop.i18n import _
from workshop.loading import ContentError, ContentProblem
from workshop.survey_yaml import MAX_UPLOAD_BYTES, dump_survey, read_survey
from workshop_cli import context
from workshop_cli.commands import AddParser


def list_all(args: argparse.Namespace) -> int:
    library = context.content(args.content)
    for row in authored.list_surveys(context.engine(), library):
        used = sum(row.sessions_by_version.values())
        where = "shipped " if row.shipped else "authored"
        print(f"{row.survey_id}  v{row.version}  {where}  sessions={used}  {row.title}")
    return 0


def export(args: argparse.Namespace) -> int:
    library = context.content(args.content)
    engine = context.engine()
    survey = (
        authored.get(engine, args.survey_id, args.version)
        if args.version is not None
        else authored.find(engine, library, args.survey_id)
    )
    if args.lang is not None and args.lang != survey.language:
        if args.lang not in survey.translated_into:
            print(
                _(
                    "'{survey}' v{version} is not in '{language}'; its languages: {languages}"
                ).format(
                    survey=args.survey_id,
                    version=survey.version,
                    language=args.lang,
                    languages=", ".join(survey.languages or (survey.language,)),
                ),
                file=sys.stderr,
            )
            return 1
        if args.survey_id in library.surveys:
            texts = library.translations[args.lang].surveys.get(args.survey_id, SurveyTexts())
        else:
            stored = authored.translations(engine, args.survey_id, survey.version)
            texts = stored.get(args.lang, SurveyTexts())
        text = authored_texts.dump_texts(texts, args.survey_id, args.lang)
    else:
        text = dump_survey(survey)
    if args.out == "-":
        sys.stdout.write(text)
    else:
        Path(args.out).write_text(text, encoding="utf-8")
        print(
            _("Wrote {survey} v{version} to {path}").format(
                survey=args.survey_id, version=survey.version, path=args.out
            )
        )
    return 0


def import_file(args: argparse.Namespace) -> int:
    library = context.content(args.content)
    path = Path(args.file)
    try:
        with path.open("rb") as handle:
            data = handle.read(MAX_UPLOAD_BYTES + 1)
    except OSError as exc:
        print(
            f"{path}:1: " + _("cannot read the file: {reason}").format(reason=exc.strerror),
            file=sys.stderr,
        )
        return 1
    try:
        survey = read_survey(data, str(path), library.modules)
        texts = _translations(path, survey)
        stored = authored.import_survey(context.engine(), survey, library, texts)
    except ContentError as exc:  # the survey's file or a translation beside it
        for problem in exc.problems:
            print(problem, file=sys.stderr)
        print(
            "\n" + _("{n} problem(s) found; nothing was stored.").format(n=len(exc.problems)),
            file=sys.stderr,
        )
        return 1
    except authored.InvalidSurvey as exc:
        for message in exc.problems:
            print(f"{path}:1: {message}", file=sys.stderr)
        return 1
    print(f"{stored.id} v{stored.version}")
    return 0


def _translations(path: Path, survey: Survey) -> dict[str, SurveyTexts]:
    """The texts of each language the survey declares, from <lang>/<name> beside the file."""
    found = {}
    for language in survey.translated_into:
        sibling = path.parent / language / path.name
        try:
            with sibling.open("rb") as handle:
                data = handle.read(MAX_UPLOAD_BYTES + 1)
        except FileNotFoundError:
            continue  # the save says what is missing
        except OSError as exc:
            raise ContentError([ContentProblem(str(sibling), 1, str(exc.strerror))]) from None
        found[language] = authored_texts.read_texts(data, str(sibling))
    return found


def _add_survey(parser: argparse.ArgumentParser) -> None:
    actions = parser.add_subparsers(dest="survey_command", required=True, metavar="ACTION")
    listing = actions.add_parser("list", help=_("list shipped and authored surveys"))
    listing.set_defaults(handler=list_all)
    out = actions.add_parser("export", help=_("write a survey as YAML"))
    out.add_argument("survey_id", help=_("the survey's id"))
    out.add_argument("--out", required=True, metavar="FILE", help=_("file to write ('-': stdout)"))
    out.add_argument("--version", type=int, help=_("an authored version (default: the newest)"))
    out.add_argument(
        "--lang",
        metavar="LANG",
        help=_("write the survey's texts in this language it declares (the translation file)"),
    )
    out.set_defaults(handler=export)
    into = actions.add_parser(
        "import",
        help=_(
            "store a YAML file as a new survey version, with its translations from "
            "LANG/FILE beside it for each language it declares"
        ),
    )
    into.add_argument("file", help=_("the survey's YAML file"))
    into.set_defaults(handler=import_file)
    for sub in (listing, out, into):
        sub.add_argument("--content", help=_("content folder (default: content/)"))


PARSERS: dict[str, AddParser] = {"survey": _add_survey}
