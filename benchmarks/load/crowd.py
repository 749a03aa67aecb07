"""The simulated people: participants (answering, polling the question box, or pressing the
bare page's button) and a facilitator's dashboard, each one real server session."""

from __future__ import annotations

import asyncio
import random
import time
from collections import defaultdict
from dataclasses import dataclass, field

from loadtest import walker
from loadtest.client import ProtocolError, StreamlitClient
from loadtest.facilitator import facilitator_view

MAX_STEPS = 80  # screens one participant may see before we call it stuck
MAX_STALLS = 3  # the same screen after pressing forward, in a row
OPEN_QUESTIONS = "qbox_open"  # ui/shared/question_wall.py
REFRESH_QUESTIONS = "qbox_refresh"


@dataclass
class Config:
    url: str
    participants: int
    session: str = ""
    think: tuple[float, float] = (5.0, 15.0)
    ramp: float = 10.0  # seconds over which participants arrive
    max_seconds: float = 900.0  # the whole run, hard limit
    step_timeout: float = 60.0
    database_url: str = ""
    kind: str = "participant"  # or "bare"
    bare_steps: int = 10
    dashboard: bool = False
    dashboard_page: str = "present"
    passphrase: str = ""
    dashboard_interval: float = 3.0
    seed: int = 7
    replica_urls: list[str] = field(default_factory=list)  # behind --balancer: sampled too
    question_pollers: int = 0  # participants who poll the question box instead of answering
    poll_interval: float = 5.0
    poll_seconds: float = 60.0
    by_link: bool = False  # open the session's join link (page, static files, then the socket)

    @property
    def urls(self) -> list[str]:
        """Participant i goes to urls[i % n]: several replicas share the room."""
        return [u.strip() for u in self.url.split(",") if u.strip()]


@dataclass
class Stats:
    latency: dict[str, list[float]] = field(default_factory=lambda: defaultdict(list))
    errors: list[str] = field(default_factory=list)
    completed: int = 0
    sent: set[tuple[str, str]] = field(default_factory=set)
    participant_ids: list[str] = field(default_factory=list)
    connected: int = 0
    peak_connected: int = 0
    steps_done: int = 0

    def error(self, who: int, message: str) -> None:
        self.errors.append(f"participant {who}: {message}"[:300])


@dataclass
class Person:
    """One simulated person: its own server session, and the run it reports to."""

    index: int
    client: StreamlitClient
    config: Config
    stats: Stats
    rng: random.Random
    deadline: float

    def error(self, message: str) -> None:
        self.stats.error(self.index, message)

    def think(self) -> float:
        """Seconds spent reading a screen before the next tap."""
        low, high = self.config.think
        return self.rng.uniform(low, high) if high > 0 else 0.0


async def participant(index: int, config: Config, stats: Stats, deadline: float) -> None:
    rng = random.Random(config.seed * 100_003 + index)
    await asyncio.sleep(config.ramp * index / max(1, config.participants))
    urls = config.urls
    query = {"code": config.session} if config.by_link else None
    client = StreamlitClient(urls[index % len(urls)], query=query, timeout=config.step_timeout)
    try:
        started = time.perf_counter()
        if config.by_link:  # a phone that scanned the QR code: the page, then the app
            await client.fetch_page()
        await client.connect()
        stats.connected += 1
        stats.peak_connected = max(stats.peak_connected, stats.connected)
        await client.load()
        stats.latency["page load"].append(time.perf_counter() - started)
        person = Person(index, client, config, stats, rng, deadline)
        if config.kind == "bare":
            await _bare_flow(person)
        elif index < config.question_pollers:
            await _question_poller(person)
        else:
            await participant_flow(person)
    except (ProtocolError, OSError, KeyError, ValueError) as exc:
        stats.error(index, f"{type(exc).__name__}: {exc}")
    finally:
        if client.query.get("p"):
            stats.participant_ids.append(client.query["p"])
        if client.connected:
            stats.connected -= 1
        await client.close()


async def _bare_flow(person: Person) -> None:
    """The baseline: one button press (one rerun, one SQLite insert) per step."""
    for _step in range(person.config.bare_steps):
        await asyncio.sleep(person.think())
        if time.monotonic() > person.deadline:
            person.error("run time limit reached")
            return
        result = await person.client.click("save")
        person.stats.latency["save"].append(result.seconds)
        person.stats.steps_done += 1
        if problems := walker.problems(result.page):
            person.error(problems[0])
    person.stats.completed += 1


async def _question_poller(person: Person) -> None:
    """Join and consent, then refresh the question box's approved list; upvote one question."""
    client = person.client
    for _screen in range(4):
        if client.page.has(OPEN_QUESTIONS):
            break
        await walker.advance(client, person.config.session, person.rng)
    if client.page.has(OPEN_QUESTIONS):
        await client.click(OPEN_QUESTIONS)
    if not client.page.has(REFRESH_QUESTIONS):
        person.error(f"no question box on a page showing {client.page.texts()[:3]}")
        return
    voted = False
    stop = min(person.deadline, time.monotonic() + person.config.poll_seconds)
    while time.monotonic() + person.config.poll_interval < stop:
        await asyncio.sleep(person.config.poll_interval * person.rng.uniform(0.8, 1.2))
        result = await client.click(REFRESH_QUESTIONS)
        person.stats.latency["question list"].append(result.seconds)
        person.stats.steps_done += 1
        if problems := walker.problems(result.page):
            person.error(problems[0])
            return
        votes = [k for k in result.page.widget_keys() if k.startswith("qbox_vote_")]
        if votes and not voted:
            vote = await client.click(person.rng.choice(votes))
            person.stats.latency["question vote"].append(vote.seconds)
            voted = True
    person.stats.completed += 1


async def participant_flow(person: Person) -> None:
    client = person.client
    stalls, previous = 0, None
    for _screen in range(MAX_STEPS):
        if time.monotonic() > person.deadline:
            person.error("run time limit reached")
            return
        if problems := walker.problems(client.page):
            person.error(problems[0])
            return
        if any(walker.item_of(key) for key in client.page.widget_keys()):
            await asyncio.sleep(person.think())  # reading and answering a question
        outcome = await walker.advance(client, person.config.session, person.rng)
        if outcome.done:
            if client.query.get("p"):
                person.stats.completed += 1
            else:
                person.error(f"no way forward on a page showing {client.page.texts()[:3]}")
            return
        person.stats.latency["tap"].extend(outcome.taps)
        person.stats.steps_done += 1
        person.stats.latency["save" if outcome.items else "step"].append(outcome.press)
        pid = client.query.get("p", "")
        if outcome.items and not client.page.alerts("error") and pid:
            person.stats.sent.update((pid, item) for item in outcome.items)
        signature = (tuple(client.page.widget_keys()), tuple(client.page.texts()))
        stalls = stalls + 1 if signature == previous else 0
        previous = signature
        if stalls >= MAX_STALLS:
            person.error(f"stuck on a screen showing {client.page.texts()[:3]}")
            return
    person.error(f"still not finished after {MAX_STEPS} screens")


async def dashboard(
    config: Config, stats: Stats, stop: asyncio.Event, ready: asyncio.Event
) -> None:
    """A facilitator's live results: sign in, then refresh every interval until the run ends."""
    client: StreamlitClient | None = None
    try:
        client = await facilitator_view(
            config.urls[-1], config.passphrase, config.dashboard_page, config.session
        )
        ready.set()
        for _refresh in range(100_000):
            try:
                await asyncio.wait_for(stop.wait(), config.dashboard_interval)
                return
            except TimeoutError:
                pass
            result = await (client.fragment_rerun() if client.auto_rerun else client.rerun())
            stats.latency["dashboard refresh"].append(result.seconds)
            if problems := walker.problems(result.page):
                stats.errors.append(f"dashboard: {problems[0]}"[:300])
    except (ProtocolError, OSError, KeyError, ValueError, StopIteration) as exc:
        stats.errors.append(f"dashboard: {type(exc).__name__}: {exc}"[:300])
    finally:
        ready.set()
        if client is not None:
            await client.close()
