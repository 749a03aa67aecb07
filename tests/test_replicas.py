"""Two app processes on one database: everything one writes, the other sees at once.

Runs on a shared SQLite file (several processes on one machine) and, when
WORKSHOP_TEST_POSTGRES_URL is set, on PostgreSQL (several machines). The last
test puts the real HAProxy in front (the `make replicas` setup) and kills a
replica in the middle of a load run.
"""

from __future__ import annotations

import asyncio
import random
import re
import time
import urllib.request
from dataclasses import dataclass
from pathlib import Path

import pytest
import websockets

from benchmarks import load
from loadtest import walker
from loadtest.client import ProtocolError, StreamlitClient, run_sync
from loadtest.facilitator import facilitator_view
from workshop import aggregates, db, participant_view, participants, sessions
from workshop_cli import haproxy, replicas

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
            assert set(participant_view.answers_for(engine, participant)) == items
            assert participants.get_participant(engine, participant).finished
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


def _connects(server) -> int:  # type: ignore[no-untyped-def]
    """Websocket sessions a replica has accepted (its own metrics, read on the inside)."""
    with urllib.request.urlopen(f"{server.url}/_stcore/metrics", timeout=5) as response:
        text = response.read().decode()
    match = re.search(r'^session_events_total\{type="connect"\} (\d+)', text, re.M)
    assert match, text
    return int(match.group(1))


@dataclass
class Walker:
    """One simulated phone going through HAProxy, and what happened to it."""

    index: int
    pinned: str = ""  # the replica its stickiness cookie named after the first load
    ended_on: str = ""  # ... and at the end
    participant: str = ""
    cut_off: str = ""  # the error that interrupted it, if its replica died


@pytest.mark.postgres
def test_load_through_haproxy_survives_a_dead_replica(tmp_path: Path, library, request) -> None:
    """Two replicas on PostgreSQL behind the real HAProxy; one is killed mid-run."""
    url = request.getfixturevalue("postgres_database")
    engine = db.get_engine(url)
    with db.write(engine) as connection:
        connection.exec_driver_sql(
            "TRUNCATE answer_codes, answers, participants, workshop_sessions RESTART IDENTITY CASCADE"
        )
    with (
        replicas.replicas(2, url, tmp_path) as servers,
        haproxy.balancer(servers, tmp_path) as front,
    ):
        session = sessions.create_session(engine, library.snapshot("first-look"), open_now=True)
        config = load.Config(
            url=front.url, participants=20, session=session.code, think=(1.0, 2.5),
            ramp=3.0, step_timeout=30.0, database_url=url,
        )  # fmt: skip
        stats = load.Stats()
        walkers = [Walker(i) for i in range(config.participants)]
        names = {haproxy.server_name(i): server for i, server in enumerate(servers)}

        async def walk(phone: Walker, deadline: float) -> None:
            await asyncio.sleep(config.ramp * phone.index / config.participants)
            client = StreamlitClient(front.url, timeout=config.step_timeout)
            await client.connect()
            await client.load()
            phone.pinned = client.cookies.get(haproxy.COOKIE, "")
            rng = random.Random(phone.index)
            try:
                await load.participant_flow(
                    load.Person(phone.index, client, config, stats, rng, deadline)
                )
            except (ProtocolError, OSError, websockets.ConnectionClosed) as exc:
                phone.cut_off = str(exc)
            phone.participant = client.query.get("p", "")
            phone.ended_on = client.cookies.get(haproxy.COOKIE, "")
            await client.close()

        async def resume(phone: Walker, deadline: float) -> tuple[int, int]:
            """The phone reconnects with its address and cookie; returns (saved, shown) step."""
            saved = participants.get_participant(engine, phone.participant).step
            client = StreamlitClient(
                front.url, query={"code": session.code, "p": phone.participant}, timeout=30
            )
            client.cookies[haproxy.COOKIE] = phone.pinned  # the dead replica's name
            await client.connect()
            page = (await client.load()).page
            shown = next(
                (int(k.split("_")[1]) for k in page.widget_keys() if k.startswith("next_")), -1
            )
            phone.ended_on = client.cookies.get(haproxy.COOKIE, "")
            await load.participant_flow(
                load.Person(phone.index, client, config, stats, random.Random(), deadline)
            )
            await client.close()
            return saved, shown

        async def run() -> list[tuple[int, int]]:
            deadline = time.monotonic() + 240
            tasks = [asyncio.create_task(walk(w, deadline)) for w in walkers]
            while stats.steps_done < 50 and not all(t.done() for t in tasks):
                await asyncio.sleep(0.2)
            # Every phone is connected: each replica holds exactly the sessions
            # whose cookie names it (the page, then the websocket, went where pinned).
            pinned = {name: sum(w.pinned == name for w in walkers) for name in names}
            assert all(pinned.values()), pinned  # both replicas took part of the room
            assert {name: _connects(s) for name, s in names.items()} == pinned
            names["app1"].process.kill()  # the replica dies mid-run
            await asyncio.gather(*tasks)
            cut = [w for w in walkers if w.cut_off]
            assert cut and all(w.pinned == "app1" for w in cut), [
                (w.pinned, w.cut_off) for w in cut
            ]
            return await asyncio.gather(*(resume(w, deadline) for w in cut))

        resumed = run_sync(run())
        assert not stats.errors, stats.errors[:5]
        # Each interrupted phone came back at its saved step, now pinned to app2.
        for saved, shown in resumed:
            assert shown == saved, resumed
        assert all(w.ended_on == "app2" for w in walkers if w.cut_off)
        # Phones on the replica that lived were never moved.
        assert all(w.ended_on == w.pinned for w in walkers if not w.cut_off)
        # Nothing lost: every answer any replica acknowledged is stored, everyone finished.
        assert stats.sent and stats.sent <= {
            (w.participant, item)
            for w in walkers
            for item in participant_view.answers_for(engine, w.participant)
        }
        assert all(participants.get_participant(engine, w.participant).finished for w in walkers)
        assert "Traceback" not in names["app2"].log.read_text()
