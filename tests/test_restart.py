"""Stopping the server mid-session loses no saved answer; a reload resumes where they were."""

from __future__ import annotations

import random
import signal
from pathlib import Path

import pytest

from loadtest import launch, walker
from loadtest.client import StreamlitClient, run_sync
from workshop import db, migrate, participant_view, participants, sessions

pytestmark = pytest.mark.slow


def _screen(client: StreamlitClient) -> tuple[str, ...]:
    return tuple(client.page.widget_keys())


@pytest.mark.parametrize("how", ["terminate", "kill"])
def test_restart_mid_session_keeps_answers_and_resumes(tmp_path: Path, library, how: str) -> None:
    url = f"sqlite:///{tmp_path / 'workshop.db'}"
    migrate.upgrade(url)
    engine = db.get_engine(url)
    session = sessions.create_session(engine, library.snapshot("first-look"), open_now=True)
    env = {"WORKSHOP_DATABASE_URL": url}
    rng = random.Random(3)
    port = launch.free_port()

    async def before_restart(server_url: str) -> tuple[dict[str, str], tuple[str, ...], set[str]]:
        client = StreamlitClient(server_url)
        await client.connect()
        await client.load()
        answered: set[str] = set()
        for _screen_number in range(40):  # join, consent, then three answered questions
            outcome = await walker.advance(client, session.code, rng)
            assert not outcome.done, "finished before three questions were answered"
            answered |= outcome.items
            if len(answered) >= 3 and any(walker.item_of(k) for k in client.page.widget_keys()):
                break
        assert not client.page.exceptions() and not client.page.alerts("error")
        return client.query, _screen(client), answered

    server = launch.start("app.py", log_dir=tmp_path, port=port, env=env)
    try:
        query, screen, answered = run_sync(before_restart(server.url))
    finally:
        if how == "kill":
            server.process.send_signal(signal.SIGKILL)
            server.process.wait(timeout=10)
        server.stop()
    participant = query["p"]
    saved = participant_view.answers_for(engine, participant)
    assert set(saved) == answered  # every answer given before the stop is stored

    async def after_restart(server_url: str) -> set[str]:
        client = StreamlitClient(server_url, query=query)  # the participant reloads their URL
        await client.connect()
        reloaded = await client.load()
        assert not reloaded.page.exceptions() and not reloaded.page.alerts("error")
        assert _screen(client) == screen, "the reload did not resume on the same screen"
        rest = await walker.complete(client, session.code, rng)
        await client.close()
        return rest

    with launch.running("app.py", log_dir=tmp_path / "again", port=port, env=env) as again:
        rest = run_sync(after_restart(again.url))
        assert "Traceback" not in again.log.read_text()
    final = participant_view.answers_for(engine, participant)
    for item, answer in saved.items():
        assert final[item] == answer, f"{item} changed across the restart"
    assert set(final) == answered | rest
    assert participants.get_participant(engine, participant).finished
