"""A database created by the first migration upgrades with its data intact."""

from __future__ import annotations

import json

import pytest
from sqlalchemy import text

from workshop import aggregates, db, migrate, participant_view, participants, sessions


def test_upgrade_from_first_migration_keeps_data(sqlite_url, library) -> None:
    migrate.upgrade(sqlite_url, "0001")
    assert migrate.current_revision(sqlite_url) == "0001"
    engine = db.get_engine(sqlite_url)
    snapshot = library.snapshot("first-look").model_dump_json()
    with db.write(engine) as connection:
        connection.execute(
            text(
                "INSERT INTO workshop_sessions (id, code, title, survey_id, survey_version, snapshot,"
                " settings, state, current_step, created_at) VALUES (1, 'ABCDEF', 'Old', 'first-look',"
                " 1, :snapshot, '{}', 'open', 2, '2026-01-01 10:00:00')"
            ),
            {"snapshot": snapshot},
        )
        connection.execute(
            text(
                "INSERT INTO participants (id, session_id, consented, step, finished) VALUES (:p, 1, 1, 3, 0)"
            ),
            {"p": "a" * 32},
        )
        for item, value, number in [
            ("importance_pre", json.dumps("4"), None),
            ("practices", json.dumps(["touch", "quiet"]), None),
            ("practice_ranking", json.dumps(["quiet", "talk", "touch", "comfort"]), None),
            ("minutes_affection", json.dumps(20), 20.0),
        ]:
            connection.execute(
                text(
                    "INSERT INTO answers (participant_id, item_id, session_id, value, number, declined)"
                    " VALUES (:p, :item, 1, :value, :number, 0)"
                ),
                {"p": "a" * 32, "item": item, "value": value, "number": number},
            )

    migrate.upgrade(sqlite_url)
    assert migrate.is_current(sqlite_url)
    stored = participant_view.answers_for(engine, "a" * 32)
    assert stored["practices"].value == ["touch", "quiet"]
    assert stored["minutes_affection"].value == 20
    participant = participants.get_participant(engine, "a" * 32)
    assert participant.step == 3 and participant.consented
    counts = aggregates.item_counts(engine, 1)
    assert counts["practices"].options == {"touch": 1, "quiet": 1}
    assert counts["importance_pre"].options == {"4": 1}
    assert counts["practice_ranking"].mean_rank == {"quiet": 1, "talk": 2, "touch": 3, "comfort": 4}
    old = sessions.get_session(engine, 1)  # 0007: no retention period, so nothing expires
    assert (old.retention_days, old.purged_at, old.follow_up_of) == (None, None, None)
    migrate.upgrade(sqlite_url)  # running again on start is harmless
    assert migrate.is_current(sqlite_url)


def test_fresh_database_reaches_head(engine) -> None:
    assert migrate.is_current(str(engine.url.render_as_string(hide_password=False)))


@pytest.fixture(params=["sqlite", pytest.param("postgresql", marks=pytest.mark.postgres)])
def fresh_url(request: pytest.FixtureRequest, tmp_path):
    """An empty database of each engine, not yet migrated."""
    if request.param == "sqlite":
        yield f"sqlite:///{tmp_path / 'fresh.db'}"
        return
    import secrets

    from sqlalchemy import create_engine
    from sqlalchemy.engine import make_url

    from tests.conftest import NO_POSTGRES, POSTGRES_URL

    if not POSTGRES_URL:
        pytest.skip(NO_POSTGRES)
    admin = create_engine(POSTGRES_URL, isolation_level="AUTOCOMMIT")
    name = f"workshop_mig_{secrets.token_hex(4)}"
    with admin.connect() as connection:
        connection.execute(text(f'CREATE DATABASE "{name}"'))
    url = make_url(POSTGRES_URL).set(database=name).render_as_string(hide_password=False)
    try:
        yield url
    finally:
        db.dispose(db.get_engine(url))
        with admin.connect() as connection:
            connection.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        admin.dispose()


def test_login_links_migration_keeps_the_staff_credential(fresh_url) -> None:
    from workshop import staff_credentials, staff_tokens

    migrate.upgrade(fresh_url, "0003")
    engine = db.get_engine(fresh_url)
    stored = staff_credentials.ensure_credential(engine, None)
    migrate.upgrade(fresh_url)
    assert migrate.is_current(fresh_url)
    assert (
        staff_credentials.ensure_credential(engine, None).passphrase_hash == stored.passphrase_hash
    )
    token = staff_tokens.create_login_link(engine)
    assert staff_tokens.redeem_login_link(engine, token)


def test_stored_batches_lose_their_texts_and_rare_words_on_upgrade(sqlite_url, library) -> None:
    """Migration 0010: rows stored before issue 23 kept texts and words one person gave."""
    migrate.upgrade(sqlite_url, "0008")
    engine = db.get_engine(sqlite_url)
    snapshot = library.snapshot("first-look").model_dump_json()
    old_basis = json.dumps(
        {
            "counts": {"answered": 5, "declined": 0, "options": {}, "mean_rank": {}},
            "numbers": None,
            "texts": ["a blanket for rarewordmarker"],
            "words": {"blanket": 5, "rarewordmarker": 1},
        }
    )
    with db.write(engine) as connection:
        for sid, code, purged in ((1, "ABCDEF", None), (2, "GHJKLM", "2026-02-01 10:00:00")):
            connection.execute(
                text(
                    "INSERT INTO workshop_sessions (id, code, title, survey_id, survey_version,"
                    " snapshot, settings, state, current_step, created_at, purged_at) VALUES"
                    " (:id, :code, 'Old', 'first-look', 1, :snapshot, '{\"k\": 5}', 'closed', 0,"
                    " '2026-01-01 10:00:00', :purged)"
                ),
                {"id": sid, "code": code, "snapshot": snapshot, "purged": purged},
            )
            for scope in ("live", "released"):
                connection.execute(
                    text(
                        "INSERT INTO published_results (session_id, scope, item_id, responded,"
                        " basis) VALUES (:sid, :scope, 'one_word', 5, :basis)"
                    ),
                    {"sid": sid, "scope": scope, "basis": old_basis},
                )
    migrate.upgrade(sqlite_url)
    with db.read(engine) as connection:
        rows = connection.execute(
            text("SELECT session_id, basis FROM published_results ORDER BY scope")
        ).all()
    assert [sid for sid, _ in rows] == [1, 1]  # the purged session's batches are gone
    for _, basis in rows:
        payload = json.loads(basis)
        assert "texts" not in payload and "rarewordmarker" not in basis
        assert payload["words"] == {"blanket": 5} and payload["words_held_back"] == 1
    db.dispose(engine)


def test_authored_versions_stored_before_0011_read_without_translations(
    sqlite_url, library
) -> None:
    """Migration 0011: a version saved before it has no texts in other languages, and downgrades."""
    from alembic import command

    from workshop import authored
    from workshop.survey_yaml import dump_survey

    migrate.upgrade(sqlite_url, "0010")
    engine = db.get_engine(sqlite_url)
    survey = library.surveys["quick-poll"].model_copy(update={"id": "old-poll", "languages": ()})
    with db.write(engine) as connection:
        connection.execute(
            text(
                "INSERT INTO authored_surveys (survey_id, version, title, body, created_at)"
                " VALUES ('old-poll', 1, 'Old', :body, '2026-01-01 10:00:00')"
            ),
            {"body": dump_survey(survey)},
        )
    migrate.upgrade(sqlite_url)
    assert authored.translations(engine, "old-poll", 1) == {}
    assert authored.snapshot(engine, library, "old-poll").translations == {}
    db.dispose(engine)
    command.downgrade(migrate._config(sqlite_url), "0010")
    assert migrate.current_revision(sqlite_url) == "0010"
