"""`validate` and `schema`: the content files, checked and described."""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from pydantic import BaseModel

from workshop.config import settings
from workshop.content import Module, ModuleTexts, Survey, SurveyTexts
from workshop.i18n import _
from workshop.loading import load_content
from workshop_cli.commands import AddParser


def validate(args: argparse.Namespace) -> int:
    path = args.path or str(settings().content_dir)
    library = load_content(Path(path))
    for problem in library.problems:
        print(problem, file=sys.stderr)
    if library.problems:
        print(
            "\n" + _("{n} problem(s) found; nothing was changed.").format(n=len(library.problems)),
            file=sys.stderr,
        )
        return 1
    summary = (
        _("OK: {surveys} survey(s), {modules} module(s), resources in {path}")
        if library.resources
        else _("OK: {surveys} survey(s), {modules} module(s) in {path}")
    )
    print(summary.format(surveys=len(library.surveys), modules=len(library.modules), path=path))
    for survey_id, survey in sorted(library.surveys.items()):
        line = (
            _("{survey} v{version}: {questions} questions, {modules} modules, in {languages}")
            if survey.translated_into
            else _("{survey} v{version}: {questions} questions, {modules} modules")
        )
        shown = line.format(
            survey=survey_id,
            version=survey.version,
            questions=len(survey.questions),
            modules=len(survey.module_ids),
            languages=", ".join(survey.languages),
        )
        print(f"  {shown}")
    return 0


def schema(args: argparse.Namespace) -> int:
    models: dict[str, type[BaseModel]] = {
        "survey": Survey,
        "module": Module,
        "survey-translation": SurveyTexts,  # surveys/<lang>/<file>
        "module-translation": ModuleTexts,  # front matter of modules/<lang>/<module>.md
    }
    model = models[args.what]
    document = model.model_json_schema(by_alias=True)
    document["$schema"] = "https://json-schema.org/draft/2020-12/schema"
    print(json.dumps(document, indent=2))
    return 0


def _add_validate(parser: argparse.ArgumentParser) -> None:
    # Default read when the command runs, so a bad setting is reported like any other error.
    parser.add_argument(
        "path", nargs="?", help=_("folder to check (default: WORKSHOP_CONTENT_DIR)")
    )
    parser.set_defaults(handler=validate)


def _add_schema(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "what",
        nargs="?",
        choices=["survey", "module", "survey-translation", "module-translation"],
        default="survey",
        help=_("which file's schema (default: survey)"),
    )
    parser.set_defaults(handler=schema)


PARSERS: dict[str, AddParser] = {"validate": _add_validate, "schema": _add_schema}
