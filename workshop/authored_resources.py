"""Support resources staff edit in the app: the default for new sessions, as versions.

The newest saved version replaces content/resources.yaml for sessions created
after it; a session keeps the resources in its snapshot. Saving names the
version it was edited from and is refused when another save came first, as
for surveys (workshop/authored.py).
"""

from __future__ import annotations

from datetime import UTC, datetime

from sqlalchemy import Engine, func, select
from sqlalchemy.exc import IntegrityError

from workshop import db
from workshop.authored import EditConflict
from workshop.content import Resources
from workshop.loading import ContentLibrary
from workshop.schema import authored_resources


def current(engine: Engine) -> tuple[int | None, Resources | None]:
    """The newest saved version and its resources; (None, None) before the first save."""
    with db.read(engine) as connection:
        row = connection.execute(
            select(authored_resources.c.version, authored_resources.c.body)
            .order_by(authored_resources.c.version.desc())
            .limit(1)
        ).first()
    if row is None:
        return None, None
    return row.version, Resources.model_validate_json(row.body)


def for_new_sessions(engine: Engine, library: ContentLibrary) -> Resources | None:
    """What a session created now shows: the saved default, else content/resources.yaml."""
    return current(engine)[1] or library.resources


def save(engine: Engine, resources: Resources, *, edited_from: int | None) -> int:
    """Store `resources` as the new default; returns its version. EditConflict if not newest."""
    version = (edited_from or 0) + 1
    with db.read(engine) as connection:
        newest = connection.execute(select(func.max(authored_resources.c.version))).scalar_one()
    if newest != edited_from:
        raise _conflict(newest, edited_from)
    try:
        with db.write(engine) as connection:
            connection.execute(
                authored_resources.insert().values(
                    version=version,
                    body=resources.model_dump_json(),
                    created_at=datetime.now(UTC),
                )
            )
    except IntegrityError:
        raise _conflict(version, edited_from) from None
    return version


def _conflict(newest: int | None, edited_from: int | None) -> EditConflict:
    return EditConflict(
        f"Someone else saved the support resources (version {newest}) while you edited "
        f"version {edited_from or 'none'}. Nothing was saved and your changes are still on "
        "the page: reload to see theirs, then make your changes again."
    )
