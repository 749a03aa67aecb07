"""Facilitator notes never travel to a participant's browser: checked on the websocket itself.

A protocol client (loadtest/) walks a participant through a survey whose
steps and modules carry notes, against a real `streamlit run app.py`, and
every message the server sends is searched for every note.
"""

from __future__ import annotations

import random
from pathlib import Path

import pytest

from loadtest import walker
from loadtest.client import StreamlitClient, run_sync
from tests.support import server as app_server
from workshop import db, migrate, sessions
from workshop.content import Question

pytestmark = pytest.mark.slow


class RecordingClient(StreamlitClient):
    """A participant's tab that keeps every frame the server sent (already decompressed)."""

    def __init__(self, *args: object, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        self.frames: list[bytes] = []

    def _handle(self, frame: bytes) -> int | None:
        self.frames.append(bytes(frame))
        return super()._handle(frame)


def test_no_note_in_any_message_to_a_participant(tmp_path: Path, sqlite_url, library) -> None:
    migrate.upgrade(sqlite_url)
    snapshot = library.snapshot("first-look")
    notes = [step.notes for step in snapshot.survey.steps if step.notes]
    for module in snapshot.modules.values():
        assert module.facilitator is not None
        guide = module.facilitator
        notes += [*guide.objectives, *guide.talking_points, *guide.discussion]
    assert len(notes) > 10
    session = sessions.create_session(db.get_engine(sqlite_url), snapshot, open_now=True)

    async def walk(url: str) -> RecordingClient:
        async with RecordingClient(url, query={"code": session.code}) as client:
            await client.load()
            await walker.complete(client, session.code, random.Random(7))
            return client

    with app_server.running(sqlite_url, tmp_path) as server:
        client = run_sync(walk(server.url))
    wire = b"\n".join(client.frames)
    first = snapshot.survey.steps[0]
    assert isinstance(first, Question)
    # The recording saw the survey (so a leaked note would have been seen too).
    assert first.text.encode() in wire
    assert b"Thank you" in wire
    for note in notes:
        assert note.encode() not in wire, note
