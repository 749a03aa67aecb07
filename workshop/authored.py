"""Surveys staff author in the app: stored in the database as versions, never changed.

Every save inserts a new version; a version a session was created from keeps
its text for good. A save names the version it was edited from, and is
refused (EditConflict) when someone else saved a newer one in between: the
unique (survey_id, version) key makes that hold across replicas, on SQLite
and PostgreSQL alike, without locks held while a person types.

A version also keeps the survey's texts in each other language it declares
(workshop/authored_texts.py); a save is refused while one lacks a text the
English has or names what the English no longer has.

Authored ids may not reuse a shipped survey's id (content/surveys/), so a
session's survey_id and version always name one text.
"""

from __future__ import annotations

from collections.abc import Collection, Mapping
from dataclasses import dataclass
from datetime import UTC, datetime
from functools import lru_cache

from sqlalchemy import Engine, func, select
from sqlalchemy.exc import IntegrityError

from workshop import authored_texts, db, resource_texts
from workshop.content import Resources, Survey, SurveySnapshot, SurveyTexts
from workshop.errors import WorkshopError
from workshop.i18n import _, ngettext
from workshop.loading import ContentLibrary, parse_survey
from workshop.schema import authored_surveys, sessions
from workshop.survey_yaml import dump_survey, markup_problems, module_problems
from workshop.translation_files import snapshot_translations


class EditConflict(WorkshopError):
    """Someone saved a newer version since this edit began; nothing was stored."""


class NotAuthored(WorkshopError):
    """No authored or shipped survey has that id (or version)."""


class InvalidSurvey(WorkshopError):
    """The survey breaks an authoring rule; `problems` says where."""

    def __init__(self, problems: list[str]) -> None:
        self.problems = problems
        super().__init__("; ".join(problems))


@dataclass(frozen=True)
class SurveyVersion:
    survey_id: str
    version: int
    title: str
    based_on: str | None
    created_at: datetime


@dataclass(frozen=True)
class Listed:
    """One row of the Surveys page: a survey, where it lives, and what used it."""

    survey_id: str
    title: str
    version: int  # the newest
    shipped: bool
    sessions_by_version: dict[int, int]  # version -> sessions created from it


@lru_cache(maxsize=256)
def _parse(body: str) -> Survey:
    # Stored bodies were checked when saved and never change: parse each once per process.
    return parse_survey(body, "<stored survey>")[0]


def check(survey: Survey, modules: Collection[str], shipped: Collection[str]) -> list[str]:
    """What keeps an otherwise valid survey from being stored (messages for the author)."""
    problems = [message for _path, message in markup_problems(survey)]
    problems += [message for _path, message in module_problems(survey, modules)]
    if survey.id in shipped:
        problems.append(
            _(
                "'{id}' is the id of a shipped survey (content/surveys/); give your survey an id "
                "of its own"
            ).format(id=survey.id)
        )
    return problems


def latest_version(engine: Engine, survey_id: str) -> int | None:
    with db.read(engine) as connection:
        value: int | None = connection.execute(
            select(func.max(authored_surveys.c.version)).where(
                authored_surveys.c.survey_id == survey_id
            )
        ).scalar_one()
    return value


def save(
    engine: Engine,
    survey: Survey,
    library: ContentLibrary,
    *,
    edited_from: int | None,
    based_on: str | None = None,
    translations: Mapping[str, SurveyTexts] | None = None,
) -> Survey:
    """Store `survey` as the version after `edited_from` (None: a new survey); return it.

    `translations`: its texts by language; those of a language it does not
    declare are left out. Raises InvalidSurvey for an authoring problem (a
    declared language's texts missing or stale included) and EditConflict
    when the newest stored version is not `edited_from`.
    """
    texts = {
        language: words
        for language, words in (translations or {}).items()
        if language in survey.translated_into
    }
    problems = check(survey, library.modules, library.surveys)
    problems += authored_texts.problems(survey, texts, library)
    if problems:
        raise InvalidSurvey(problems)
    version = (edited_from or 0) + 1
    stored = survey.model_copy(update={"version": version})
    body = dump_survey(stored)
    newest = latest_version(engine, survey.id)
    if newest != edited_from:
        raise _conflict(survey.id, newest, edited_from)
    try:
        with db.write(engine) as connection:
            connection.execute(
                authored_surveys.insert().values(
                    survey_id=survey.id,
                    version=version,
                    title=survey.title,
                    body=body,
                    translations=authored_texts.to_json(texts),
                    based_on=based_on,
                    created_at=datetime.now(UTC),
                )
            )
    except IntegrityError:  # another save of the same version won the race
        raise _conflict(survey.id, latest_version(engine, survey.id), edited_from) from None
    return stored


def _conflict(survey_id: str, newest: int | None, edited_from: int | None) -> EditConflict:
    if edited_from is None:
        return EditConflict(
            _(
                "A survey with the id '{id}' already exists (version {newest}). Choose another "
                "id, or open that survey to edit it. Nothing was saved."
            ).format(id=survey_id, newest=newest)
        )
    return EditConflict(
        _(
            "Someone else saved version {newest} of '{id}' while you edited version "
            "{edited_from}. Nothing was saved and your changes are still here: download them "
            "as YAML, open the newest version, and make your changes there."
        ).format(newest=newest, id=survey_id, edited_from=edited_from)
    )


def import_survey(
    engine: Engine,
    survey: Survey,
    library: ContentLibrary,
    translations: Mapping[str, SurveyTexts] | None = None,
) -> Survey:
    """Store a read file as the next version of its id (the file's own version is not used)."""
    return save(
        engine,
        survey,
        library,
        edited_from=latest_version(engine, survey.id),
        translations=translations,
    )


def translations(engine: Engine, survey_id: str, version: int) -> dict[str, SurveyTexts]:
    """An authored version's texts in its other languages, by language (none: {})."""
    with db.read(engine) as connection:
        stored = connection.execute(
            select(authored_surveys.c.translations).where(
                authored_surveys.c.survey_id == survey_id,
                authored_surveys.c.version == version,
            )
        ).scalar_one_or_none()
    return authored_texts.from_json(stored)


def get(engine: Engine, survey_id: str, version: int | None = None) -> Survey:
    """An authored survey: the newest version, or the one asked for."""
    query = select(authored_surveys.c.body).where(authored_surveys.c.survey_id == survey_id)
    if version is not None:
        query = query.where(authored_surveys.c.version == version)
    query = query.order_by(authored_surveys.c.version.desc()).limit(1)
    with db.read(engine) as connection:
        body = connection.execute(query).scalar_one_or_none()
    if body is None:
        raise NotAuthored(
            _("There is no authored survey '{id}'.").format(id=survey_id)
            if version is None
            else _("There is no version {version} of authored survey '{id}'.").format(
                version=version, id=survey_id
            )
        )
    return _parse(body)


def versions(engine: Engine, survey_id: str) -> list[SurveyVersion]:
    with db.read(engine) as connection:
        rows = connection.execute(
            select(
                authored_surveys.c.survey_id,
                authored_surveys.c.version,
                authored_surveys.c.title,
                authored_surveys.c.based_on,
                authored_surveys.c.created_at,
            )
            .where(authored_surveys.c.survey_id == survey_id)
            .order_by(authored_surveys.c.version.desc())
        ).all()
    return [SurveyVersion(*row) for row in rows]


def _sessions_per_version(engine: Engine) -> dict[tuple[str, int], int]:
    with db.read(engine) as connection:
        rows = connection.execute(
            select(sessions.c.survey_id, sessions.c.survey_version, func.count()).group_by(
                sessions.c.survey_id, sessions.c.survey_version
            )
        ).all()
    return {(survey_id, version): count for survey_id, version, count in rows}


def list_surveys(engine: Engine, library: ContentLibrary) -> list[Listed]:
    """Shipped surveys first (by id), then authored ones, each with the sessions that used it."""
    used = _sessions_per_version(engine)

    def by_version(survey_id: str) -> dict[int, int]:
        return {v: n for (sid, v), n in sorted(used.items()) if sid == survey_id}

    listed = [
        Listed(survey_id, survey.title, survey.version, True, by_version(survey_id))
        for survey_id, survey in sorted(library.surveys.items())
    ]
    with db.read(engine) as connection:
        newest = select(
            authored_surveys.c.survey_id, func.max(authored_surveys.c.version).label("version")
        ).group_by(authored_surveys.c.survey_id)
        rows = connection.execute(newest.order_by(authored_surveys.c.survey_id)).all()
        titles = {
            (row.survey_id, row.version): row.title
            for row in connection.execute(
                select(
                    authored_surveys.c.survey_id,
                    authored_surveys.c.version,
                    authored_surveys.c.title,
                )
            )
        }
    listed += [
        Listed(
            row.survey_id,
            titles[(row.survey_id, row.version)],
            row.version,
            False,
            by_version(row.survey_id),
        )
        for row in rows
    ]
    return listed


def find(engine: Engine, library: ContentLibrary, survey_id: str) -> Survey:
    """A survey by id: shipped from content/, else the newest authored version."""
    if survey_id in library.surveys:
        return library.surveys[survey_id]
    return get(engine, survey_id)


def snapshot(
    engine: Engine,
    library: ContentLibrary,
    survey_id: str,
    resources: Resources | None = None,
) -> SurveySnapshot:
    """What a session stores: the survey (shipped or newest authored), its modules, resources.

    `resources` replaces the content folder's (the authored default, or one session's own).
    """
    survey = find(engine, library, survey_id)
    missing = [m for m in survey.module_ids if m not in library.modules]
    if missing:
        raise NotAuthored(
            ngettext(
                "Survey '{id}' uses module {modules}, which the content folder no longer has.",
                "Survey '{id}' uses modules {modules}, which the content folder no longer has.",
                len(missing),
            ).format(id=survey_id, modules=", ".join(missing))
        )
    modules = {mid: library.modules[mid] for mid in survey.module_ids}
    keys = {key for module in modules.values() for key in module.sources}
    cited = {key: library.references[key] for key in sorted(keys) if key in library.references}
    own = None if survey_id in library.surveys else translations(engine, survey_id, survey.version)
    texts = snapshot_translations(library, survey, own)
    if resources is not None:
        # The session's own list: the words saved for it in the app, else the content
        # folder's translation when it is the content folder's list; never another list's.
        same = resources == library.resources
        texts = {
            language: words.model_copy(
                update={
                    "resources": resource_texts.find(engine, resources, language)
                    or (words.resources if same else None)
                }
            )
            for language, words in texts.items()
        }
    return SurveySnapshot(
        survey=survey,
        modules=modules,
        resources=resources if resources is not None else library.resources,
        references=cited,
        translations=texts,
    )
