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
    print(
        f"OK: {len(library.surveys)} survey(s), {len(library.modules)} module(s)"
        f"{', resources' if library.resources else ''} in {path}"
    )
    for survey_id, survey in sorted(library.surveys.items()):
        print(
            f"  {survey_id} v{survey.version}: {len(survey.questions)} questions, "
            f"{len(survey.module_ids)} modules"
            + (f", in {', '.join(survey.languages)}" if survey.translated_into else "")
        )
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
    parser.add_argument("path", nargs="?", help="folder to check (default: WORKSHOP_CONTENT_DIR)")
    parser.set_defaults(handler=validate)


def _add_schema(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "what",
        nargs="?",
        choices=["survey", "module", "survey-translation", "module-translation"],
        default="survey",
    )
    parser.set_defaults(handler=schema)


PARSERS: dict[str, AddParser] = {"validate": _add_validate, "schema": _add_schema}
