"""Support resources staff edit in the app: the default for new sessions, or for one.

The newest version saved as the default replaces content/resources.yaml for
sessions created after it; a version saved for one session is offered when a
session is created, and used only where it is picked. A session keeps the
resources in its snapshot. Every save, of either kind, is the next version;
it names the version it was edited from and is refused when another save came
first, as for surveys (workshop/authored.py).
"""

from __future__ import annotations

from datetime import UTC, datetime

from pydantic import ValidationError
from sqlalchemy import Engine, func, select
from sqlalchemy.exc import IntegrityError

from workshop import db
from workshop.authored import EditConflict
from workshop.content import Resources
from workshop.i18n import N_, _
from workshop.loading import ContentLibrary, _clean
from workshop.schema import authored_resources
from workshop.survey_yaml import MARKUP


def _newest(engine: Engine) -> int | None:
    with db.read(engine) as connection:
        value: int | None = connection.execute(
            select(func.max(authored_resources.c.version))
        ).scalar_one()
    return value


def current(engine: Engine) -> tuple[int | None, Resources | None]:
    """The version to edit from (the newest save) and the saved default, if any."""
    with db.read(engine) as connection:
        body = connection.execute(
            select(authored_resources.c.body)
            .where(authored_resources.c.for_default)
            .order_by(authored_resources.c.version.desc())
            .limit(1)
        ).scalar_one_or_none()
    return _newest(engine), None if body is None else Resources.model_validate_json(body)


def for_one_session(engine: Engine, limit: int = 20) -> dict[int, Resources]:
    """Versions saved for one session, newest first, to pick from when creating one."""
    with db.read(engine) as connection:
        rows = connection.execute(
            select(authored_resources.c.version, authored_resources.c.body)
            .where(~authored_resources.c.for_default)
            .order_by(authored_resources.c.version.desc())
            .limit(limit)
        ).all()
    return {row.version: Resources.model_validate_json(row.body) for row in rows}


def for_new_sessions(engine: Engine, library: ContentLibrary) -> Resources | None:
    """What a session created now shows: the saved default, else content/resources.yaml."""
    return current(engine)[1] or library.resources


def save(
    engine: Engine, resources: Resources, *, edited_from: int | None, for_default: bool = True
) -> int:
    """Store `resources` as the next version (the new default, or for one session).

    Returns the version; EditConflict when `edited_from` is not the newest save.
    """
    version = (edited_from or 0) + 1
    newest = _newest(engine)
    if newest != edited_from:
        raise _conflict(newest, edited_from)
    try:
        with db.write(engine) as connection:
            connection.execute(
                authored_resources.insert().values(
                    version=version,
                    body=resources.model_dump_json(),
                    for_default=for_default,
                    created_at=datetime.now(UTC),
                )
            )
    except IntegrityError:
        raise _conflict(version, edited_from) from None
    return version


def _conflict(newest: int | None, edited_from: int | None) -> EditConflict:
    return EditConflict(
        _(
            "Someone else saved the support resources (version {newest}) while you edited "
            "version {edited_from}. Nothing was saved and your changes are still on the page: "
            "reload to see theirs, then make your changes again."
        ).format(newest=newest, edited_from=edited_from or _("none"))
    )


FIELDS = ("name", "description", "contact", "url", "for_whom", "hours", "text_or_chat", "languages")
LABELS = {
    "name": N_("Name"),
    "description": N_("What they offer"),
    "contact": N_("How to reach them"),
    "url": N_("Link"),
    "for_whom": N_("Who it is for"),
    "hours": N_("Opening hours"),
    "text_or_chat": N_("Text or chat"),
    "languages": N_("Languages and Deaf access"),
}

TOP_LABELS = {"heading": N_("Heading"), "note": N_("Note")}  # the fields above the services


def from_form(
    heading: str, note: str, items: list[dict[str, str]]
) -> tuple[Resources | None, list[str]]:
    """Resources from the page's fields (blank services left out), or messages naming the field."""
    filled = [item for item in items if any(str(v).strip() for v in item.values())]
    marked = [
        _("{place}: contains markup (HTML or Markdown); write plain text").format(
            place=_service(number, key)
        )
        for number, item in enumerate(filled, start=1)
        for key, value in item.items()
        if key != "url" and MARKUP.search(str(value))
    ]
    marked += [_("Note: contains markup; write plain text")] if MARKUP.search(note) else []
    if marked:
        return None, marked
    data = {
        "heading": heading,
        "note": note,
        "items": [
            {key: value for key, value in item.items() if key != "url" or value.strip()}
            for item in filled
        ],
    }
    try:
        return Resources.model_validate(data), []
    except ValidationError as exc:
        problems = []
        errors = exc.errors(include_url=False)
        for error in errors:
            loc = error["loc"]
            if error["type"] == "too_short" and any(
                len(other["loc"]) > len(loc) and other["loc"][: len(loc)] == loc for other in errors
            ):
                continue  # "needs at least 1 item" only echoes a problem inside an item
            if loc[:1] == ("items",) and len(loc) > 2 and isinstance(loc[1], int):
                place = _service(loc[1] + 1, str(loc[2]))
            elif loc == ("items",):
                place = _("Services")
            elif loc and str(loc[0]) in TOP_LABELS:
                place = _(TOP_LABELS[str(loc[0])])
            else:
                place = str(loc[0]).capitalize() if loc else ""
            problems.append(f"{place}: {_clean(error['msg'])}")
        return None, problems


def _service(number: int, field: str) -> str:
    """Where in the form: "Service 2 > Link" (a field without a label by its name)."""
    label = _(LABELS[field]) if field in LABELS else field
    return _("Service {number} > {field}").format(number=number, field=label)


def checklist(guide_markdown: str, heading: str = "## Choosing local support services") -> str:
    """The guide's section on choosing services (docs/facilitator-guide.md), as Markdown."""
    lines = guide_markdown.splitlines()
    if heading not in lines:
        return ""
    start = lines.index(heading) + 1
    end = next((i for i in range(start, len(lines)) if lines[i].startswith("## ")), len(lines))
    return "\n".join(lines[start:end]).strip()
