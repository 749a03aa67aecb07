"""A small load run in `make test`: the simulator works and nothing is lost.

No timing assertions: figures are printed by `python -m benchmarks.load`.
"""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest

from benchmarks import load
from loadtest import launch
from loadtest.client import FINISHED_FRAGMENT, FINISHED_OK, StreamlitClient, run_sync
from workshop import db, migrate, sessions

pytestmark = pytest.mark.slow


def test_protocol_client_drives_the_bare_page(tmp_path: Path) -> None:
    """Widgets by key, a button's single trigger, query parameters, one insert per click."""
    store = tmp_path / "bare.db"

    async def scenario(url: str) -> None:
        async with StreamlitClient(url, query={"who": "p1"}) as client:
            first = await client.load()
            assert first.status == 0 and client.page.widget_keys() == ["choice", "note", "save"]
            await client.set("choice", "c")
            await client.set("note", "hello")
            saved = await client.click("save")
            assert saved.page.alerts("success") == ["Saved"]
            again = await client.rerun()  # the trigger is sent once, as a browser does
            assert again.page.alerts("success") == []
            assert "Choice: c" in again.page.texts()

    with launch.running(
        "benchmarks/bare_app.py", log_dir=tmp_path, env={"BARE_APP_DB": str(store)}
    ) as server:
        run_sync(scenario(server.url))
        report = run_sync(
            load.run(
                load.Config(
                    url=server.url,
                    participants=5,
                    think=(0, 0),
                    ramp=0.5,
                    kind="bare",
                    bare_steps=4,
                )
            )
        )
    assert report["errors"] == 0, report["error_examples"]
    assert report["completed"] == 5 and report["steps"] == 20
    with sqlite3.connect(store) as connection:
        rows = connection.execute("SELECT who, value FROM clicks").fetchall()
    assert len(rows) == 21 and ("p1", "c:hello") in rows


def test_twenty_participants_finish_and_every_answer_is_stored(tmp_path: Path, library) -> None:
    """Through serve.py (what make run starts), opening the join link as a phone does."""
    url = f"sqlite:///{tmp_path / 'workshop.db'}"
    migrate.upgrade(url)
    session = sessions.create_session(
        db.get_engine(url), library.snapshot("first-look"), open_now=True
    )
    questions = len(library.snapshot("first-look").survey.questions)
    env = {"WORKSHOP_DATABASE_URL": url}
    with launch.running("serve.py", log_dir=tmp_path, env=env) as server:
        report = run_sync(
            load.run(
                load.Config(
                    url=server.url,
                    by_link=True,
                    participants=20,
                    session=session.code,
                    think=(0.0, 0.3),
                    ramp=2.0,
                    max_seconds=300,
                    database_url=url,
                )
            )
        )
        log = server.log.read_text()
    print(load.table(report))
    assert report["errors"] == 0, report["error_examples"]
    assert report["completed"] == 20
    assert report["finished_in_database"] == 20
    # Most questions get an answer (a multiple-choice item may be left empty by chance).
    assert report["answers_sent"] >= 20 * (questions - 2)
    assert report["answers_stored"] == report["answers_sent"] and report["answers_lost"] == 0
    assert "Traceback" not in log


def test_a_tap_reruns_only_the_participant_screen(tmp_path: Path, library) -> None:
    """Buttons live in the screen fragment: a tap is a fragment run, the quick-exit bar stays."""
    url = f"sqlite:///{tmp_path / 'workshop.db'}"
    migrate.upgrade(url)
    session = sessions.create_session(
        db.get_engine(url), library.snapshot("first-look"), open_now=True
    )

    async def scenario(server_url: str) -> None:
        async with StreamlitClient(server_url, query={"code": session.code}) as client:
            loaded = await client.load()
            assert loaded.status == FINISHED_OK
            assert client.page.widget("consent_submit").fragment_id
            await client.set("consent_adult", True)
            await client.set("consent_agree", True)
            started = await client.click("consent_submit")
            assert started.status == FINISHED_FRAGMENT
            assert client.query.get("p")  # set from inside the fragment run
            assert any(e.kind == "html" for e in client.page.elements.values())  # not redrawn
            assert client.page.has("next_0") and not client.page.has("consent_submit")

    with launch.running("app.py", log_dir=tmp_path, env={"WORKSHOP_DATABASE_URL": url}) as server:
        run_sync(scenario(server.url))
