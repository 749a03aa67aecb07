"""Two app processes on one database: everything one writes, the other sees at once.

Runs on a shared SQLite file (several processes on one machine) and, when
WORKSHOP_TEST_POSTGRES_URL is set, on PostgreSQL (several machines).
"""

from __future__ import annotations

import asyncio
import random
from pathlib import Path

import pytest

from benchmarks import replicas
from loadtest import walker
from loadtest.client import StreamlitClient, run_sync
from loadtest.facilitator import facilitator_view
from workshop import aggregates, db, responses, sessions

pytestmark = pytest.mark.slow


@pytest.fixture(params=["sqlite", pytest.param("postgresql", marks=pytest.mark.postgres)])
def database_url(request: pytest.FixtureRequest, tmp_path: Path) -> str:
    if request.param == "sqlite":
        return f"sqlite:///{tmp_path / 'shared.db'}"
    url = request.getfixturevalue("postgres_database")
    engine = db.get_engine(url)
    with db.write(engine) as connection:
        connection.exec_driver_sql(
            "TRUNCATE answer_codes, answers, participants, workshop_sessions RESTART IDENTITY CASCADE"
        )
    return url


async def _stay(url: str, code: str, seed: int) -> tuple[str, set[str]]:
    """A participant who stays on one replica from start to finish."""
    client = StreamlitClient(url)
    await client.connect()
    await client.load()
    items = await walker.complete(client, code, random.Random(seed))
    await client.close()
    return client.query["p"], items


async def _hop(urls: list[str], code: str, seed: int) -> tuple[str, set[str]]:
    """A participant whose phone lands on the other replica after every screen."""
    rng = random.Random(seed)
    query: dict[str, str] = {}
    items: set[str] = set()
    for screen in range(60):
        client = StreamlitClient(urls[screen % len(urls)], query=query)
        await client.connect()
        loaded = await client.load()
        assert not loaded.page.exceptions() and not loaded.page.alerts("error")
        outcome = await walker.advance(client, code, rng)
        query = client.query
        await client.close()
        if outcome.done:
            return query["p"], items
        items |= outcome.items
    raise AssertionError("not finished after 60 screens")


PASSPHRASE = "replica test passphrase"


def _answered_line(page) -> str:
    line = next((t for t in page.texts() if " answered" in t), "")
    return line.lstrip("# ")


def test_two_replicas_share_every_answer(tmp_path: Path, library, database_url: str) -> None:
    env = {"WORKSHOP_FACILITATOR_PASSPHRASE": PASSPHRASE}
    with replicas.replicas(2, database_url, tmp_path, env=env) as (first, second):
        engine = db.get_engine(database_url)
        session = sessions.create_session(engine, library.snapshot("first-look"), open_now=True)

        async def room() -> tuple[list[tuple[str, set[str]]], str, str, float]:
            # The facilitator presents on the second replica; the room uses the first
            # (and two phones hop between both).
            facilitator = await facilitator_view(second.url, PASSPHRASE, "present", session.code)
            before = _answered_line(facilitator.page)
            people = await asyncio.gather(
                *[_stay(first.url, session.code, seed) for seed in range(4)],
                *[_hop([first.url, second.url], session.code, 10 + seed) for seed in range(2)],
            )
            # One refresh interval after the last answer, the next refresh shows them all.
            interval = next(iter(facilitator.auto_rerun.values()))
            await asyncio.sleep(interval)
            refreshed = await facilitator.fragment_rerun()
            await facilitator.close()
            assert not refreshed.page.exceptions()
            return people, before, _answered_line(refreshed.page), interval

        people, before, after, _interval = run_sync(room())
        gave_first = sum("importance_pre" in items for _, items in people)
        assert before.startswith("0 of 0"), before
        assert after.startswith(f"{gave_first} of {len(people)} "), after

        # Every answer is in the shared database, whichever replica took it.
        for participant, items in people:
            assert set(responses.answers_for(engine, participant)) == items
            assert responses.get_participant(engine, participant).finished
        counts = aggregates.item_counts(engine, session.id)
        for item in {i for _, items in people for i in items}:
            given = sum(item in items for _, items in people)
            assert counts[item].answered == given

        # A participant reloading on the other replica sees their finished screen.
        async def reload_elsewhere(participant: str) -> None:
            client = StreamlitClient(second.url, query={"code": session.code, "p": participant})
            await client.connect()
            page = (await client.load()).page
            await client.close()
            assert not page.exceptions() and not page.alerts("error")
            assert not any(walker.item_of(key) for key in page.widget_keys())

        run_sync(reload_elsewhere(people[0][0]))
        for server in (first, second):
            assert "Traceback" not in server.log.read_text()
