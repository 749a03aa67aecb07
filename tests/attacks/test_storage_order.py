"""Issue 23 point 6: SQLite kept arrival order in rowids, though none is to be kept."""

from __future__ import annotations

from sqlalchemy import Engine, text

from workshop import db, lifecycle, participants, sessions
from workshop.answers import save_answer
from workshop.loading import ContentLibrary
from workshop.schema import SQLITE_WITH_ROWID, metadata

# Every table whose rows a withdrawal deletes holds what one participant gave: the
# lifecycle registry says which, so a new such table must be without rowid too.
PARTICIPANT_TABLES = tuple(
    rule.name for rule in lifecycle.RULES if rule.withdrawal is lifecycle.Effect.deleted
)


def test_participant_tables_are_declared_without_arrival_order() -> None:
    assert "answers" in PARTICIPANT_TABLES and "participants" in PARTICIPANT_TABLES
    for name in PARTICIPANT_TABLES:
        options = metadata.tables[name].dialect_options["sqlite"]
        assert options["with_rowid"] is SQLITE_WITH_ROWID is False, name


def test_sqlite_rows_come_back_in_key_order_not_arrival_order(
    sqlite_url: str, library: ContentLibrary
) -> None:
    from workshop import migrate

    migrate.upgrade(sqlite_url)
    engine: Engine = db.get_engine(sqlite_url)
    session = sessions.create_session(engine, library.snapshot("first-look"), open_now=True)
    arrived = []
    for n in range(30):
        _, person = participants.join(engine, session.code, consented=True)
        save_answer(engine, person.id, "importance_pre", str(1 + n % 5))
        arrived.append(person.id)
    with db.read(engine) as connection:
        for name in PARTICIPANT_TABLES:
            sql = connection.execute(
                text("SELECT sql FROM sqlite_master WHERE type = 'table' AND name = :n"),
                {"n": name},
            ).scalar_one()
            assert "WITHOUT ROWID" in sql, name
        stored = connection.execute(text("SELECT id FROM participants")).scalars().all()
        answered = connection.execute(text("SELECT participant_id FROM answers")).scalars().all()
    assert stored == sorted(arrived) != arrived  # random ids: their order says nothing
    assert answered == sorted(arrived)
    db.dispose(engine)
