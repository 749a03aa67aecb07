"""Withdrawn answers leave no copy in the SQLite files (issue 16 finding 10)."""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlalchemy import text

from tests.support.sqlite_files import sqlite_files
from workshop import db, migrate, participant_view, participants, sessions
from workshop.answers import save_answer

MARKER = "withdrawn-marker-7f3a9c"


@pytest.mark.slow
def test_a_withdrawn_text_is_in_none_of_the_sqlite_files(tmp_path: Path, library) -> None:
    database = tmp_path / "workshop.db"
    url = f"sqlite:///{database}"
    migrate.upgrade(url)
    engine = db.get_engine(url)
    session = sessions.create_session(engine, library.snapshot("first-look"), open_now=True)
    _, bystander = participants.join(engine, session.code)
    save_answer(engine, bystander.id, "one_word", "kept words")
    _, person = participants.join(engine, session.code)
    save_answer(engine, person.id, "one_word", MARKER + " first")
    save_answer(engine, person.id, "one_word", MARKER)  # an edit: two versions
    assert any(MARKER.encode() in data for data in sqlite_files(database).values())

    participants.withdraw(engine, person.id)
    with db.read(engine) as connection:  # a reader afterwards must not bring it back
        connection.execute(text("SELECT count(*) FROM answers")).scalar_one()
    for name, data in sqlite_files(database).items():
        assert MARKER.encode() not in data, f"the withdrawn text is still in {name}"
    assert participant_view.answers_for(engine, bystander.id)["one_word"].value == "kept words"
    # Set on every connection, not left to how SQLite was built (Debian's is on already).
    for which in (engine, db.writer(engine)):
        with which.connect() as connection:
            assert connection.exec_driver_sql("PRAGMA secure_delete").scalar_one() == 1
    db.dispose(engine)
    for name, data in sqlite_files(database).items():  # nor after the last connection closes
        assert MARKER.encode() not in data, f"the withdrawn text is still in {name}"
