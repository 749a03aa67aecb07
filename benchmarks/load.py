"""Load simulator: many phones doing the real participant flow over Streamlit's own protocol.

    python -m benchmarks.load --url http://127.0.0.1:8501 --participants 300 --session ABC234
    python -m benchmarks.load --start-app --participants 300 --think 0 --baseline

Each simulated participant is a real server session (loadtest.client):
it joins by code, consents, answers every question with a think time, and
finishes. A facilitator dashboard session refreshes during the run when
--dashboard is given. With --question-pollers N, the first N participants
instead open the anonymous question box and poll its approved list (and
upvote once) while the others answer; started apps get --seed-questions
approved questions to list. The report (table and JSON) gives completions, answers
sent and answers stored (read back from the database), errors, latency
percentiles, server CPU and memory, and, with --baseline, the same figures
for a bare Streamlit page (benchmarks/bare_app.py) on the same machine so
results can be read as ratios.

Traffic goes only to loopback; every loop is bounded in count and time.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import json
import os
import random
import secrets
import sys
import tempfile
import time
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import psutil

from loadtest import launch, walker
from loadtest.client import ProtocolError, StreamlitClient, percentile
from loadtest.facilitator import facilitator_view

MAX_STEPS = 80  # screens one participant may see before we call it stuck
MAX_STALLS = 3  # the same screen after pressing forward, in a row
OPEN_QUESTIONS = "qbox_open"  # ui/question_wall.py
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


def _think(config: Config, rng: random.Random) -> float:
    low, high = config.think
    return rng.uniform(low, high) if high > 0 else 0.0


async def participant(index: int, config: Config, stats: Stats, deadline: float) -> None:
    rng = random.Random(config.seed * 100_003 + index)
    await asyncio.sleep(config.ramp * index / max(1, config.participants))
    urls = config.urls
    client = StreamlitClient(urls[index % len(urls)], timeout=config.step_timeout)
    try:
        await client.connect()
        stats.connected += 1
        stats.peak_connected = max(stats.peak_connected, stats.connected)
        result = await client.load()
        stats.latency["page load"].append(result.seconds)
        if config.kind == "bare":
            await _bare_flow(index, client, config, stats, rng, deadline)
        elif index < config.question_pollers:
            await _question_poller(index, client, config, stats, rng, deadline)
        else:
            await _participant_flow(index, client, config, stats, rng, deadline)
    except (ProtocolError, OSError, KeyError, ValueError) as exc:
        stats.error(index, f"{type(exc).__name__}: {exc}")
    finally:
        if client.query.get("p"):
            stats.participant_ids.append(client.query["p"])
        if client.connected:
            stats.connected -= 1
        await client.close()


async def _bare_flow(
    index: int,
    client: StreamlitClient,
    config: Config,
    stats: Stats,
    rng: random.Random,
    deadline: float,
) -> None:
    """The baseline: one button press (one rerun, one SQLite insert) per step."""
    for _step in range(config.bare_steps):
        await asyncio.sleep(_think(config, rng))
        if time.monotonic() > deadline:
            stats.error(index, "run time limit reached")
            return
        result = await client.click("save")
        stats.latency["save"].append(result.seconds)
        stats.steps_done += 1
        if problems := walker.problems(result.page):
            stats.error(index, problems[0])
    stats.completed += 1


async def _question_poller(
    index: int,
    client: StreamlitClient,
    config: Config,
    stats: Stats,
    rng: random.Random,
    deadline: float,
) -> None:
    """Join and consent, then refresh the question box's approved list; upvote one question."""
    for _screen in range(4):
        if client.page.has(OPEN_QUESTIONS):
            break
        await walker.advance(client, config.session, rng)
    if client.page.has(OPEN_QUESTIONS):
        await client.click(OPEN_QUESTIONS)
    if not client.page.has(REFRESH_QUESTIONS):
        stats.error(index, f"no question box on a page showing {client.page.texts()[:3]}")
        return
    voted = False
    stop = min(deadline, time.monotonic() + config.poll_seconds)
    while time.monotonic() + config.poll_interval < stop:
        await asyncio.sleep(config.poll_interval * rng.uniform(0.8, 1.2))
        result = await client.click(REFRESH_QUESTIONS)
        stats.latency["question list"].append(result.seconds)
        stats.steps_done += 1
        if problems := walker.problems(result.page):
            stats.error(index, problems[0])
            return
        votes = [k for k in result.page.widget_keys() if k.startswith("qbox_vote_")]
        if votes and not voted:
            vote = await client.click(rng.choice(votes))
            stats.latency["question vote"].append(vote.seconds)
            voted = True
    stats.completed += 1


async def _participant_flow(
    index: int,
    client: StreamlitClient,
    config: Config,
    stats: Stats,
    rng: random.Random,
    deadline: float,
) -> None:
    stalls, previous = 0, None
    for _screen in range(MAX_STEPS):
        if time.monotonic() > deadline:
            stats.error(index, "run time limit reached")
            return
        if problems := walker.problems(client.page):
            stats.error(index, problems[0])
            return
        if any(walker.item_of(key) for key in client.page.widget_keys()):
            await asyncio.sleep(_think(config, rng))  # reading and answering a question
        outcome = await walker.advance(client, config.session, rng)
        if outcome.done:
            if client.query.get("p"):
                stats.completed += 1
            else:
                stats.error(index, f"no way forward on a page showing {client.page.texts()[:3]}")
            return
        stats.latency["tap"].extend(outcome.taps)
        stats.steps_done += 1
        stats.latency["save" if outcome.items else "step"].append(outcome.press)
        pid = client.query.get("p", "")
        if outcome.items and not client.page.alerts("error") and pid:
            stats.sent.update((pid, item) for item in outcome.items)
        signature = (tuple(client.page.widget_keys()), tuple(client.page.texts()))
        stalls = stalls + 1 if signature == previous else 0
        previous = signature
        if stalls >= MAX_STALLS:
            stats.error(index, f"stuck on a screen showing {client.page.texts()[:3]}")
            return
    stats.error(index, f"still not finished after {MAX_STEPS} screens")


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


def server_process(url: str) -> psutil.Process | None:
    """The process listening on the URL's port (None if it cannot be seen)."""
    port = int(url.rsplit(":", 1)[1].split("/")[0])
    try:
        for connection in psutil.net_connections(kind="tcp"):
            if connection.laddr and connection.laddr.port == port and connection.status == "LISTEN":
                return psutil.Process(connection.pid) if connection.pid else None
    except psutil.Error:
        return None
    return None


class Sampler:
    """Servers' CPU time and resident memory over the run (plus our own CPU, for honesty)."""

    def __init__(self, processes: list[psutil.Process]) -> None:
        self.processes = processes
        self.rss: list[int] = []  # summed over the servers, once a second
        self.me = psutil.Process()

    def _rss(self) -> int:
        return sum(p.memory_info().rss for p in self.processes)

    def _cpu(self) -> float:
        return sum(sum(p.cpu_times()[:2]) for p in self.processes)

    def begin(self) -> None:
        self.started = time.perf_counter()
        self.me_cpu = sum(self.me.cpu_times()[:2])
        if self.processes:
            self.cpu = self._cpu()
            self.rss_before = self._rss()

    async def run(self, stop: asyncio.Event) -> None:
        while not stop.is_set() and self.processes:
            try:
                self.rss.append(self._rss())
            except psutil.Error:
                return
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(stop.wait(), 1.0)

    def report(self, peak_sessions: int) -> dict[str, Any]:
        wall = time.perf_counter() - self.started
        figures: dict[str, Any] = {
            "wall_s": round(wall, 1),
            "simulator_cpu_cores": round((sum(self.me.cpu_times()[:2]) - self.me_cpu) / wall, 2),
        }
        if self.processes:
            try:
                cpu = self._cpu() - self.cpu
                self.rss.append(self._rss())
            except psutil.Error:
                return figures
            peak = max(self.rss)
            figures |= {
                "server_pids": [p.pid for p in self.processes],
                "server_cpu_s": round(cpu, 1),
                "server_cpu_cores": round(cpu / wall, 2),
                "server_rss_before_mib": round(self.rss_before / 2**20, 1),
                "server_rss_peak_mib": round(peak / 2**20, 1),
                "rss_per_session_kib": (
                    round((peak - self.rss_before) / peak_sessions / 1024, 1)
                    if peak_sessions
                    else None
                ),
            }
        return figures


def stored_answers(
    database_url: str, pairs: set[tuple[str, str]], pids: list[str]
) -> dict[str, int]:
    """Read back from the database which sent answers are stored."""
    from sqlalchemy import select

    from workshop import db
    from workshop.schema import answers, participants

    engine = db.get_engine(database_url)
    stored: set[tuple[str, str]] = set()
    finished = 0
    with db.read(engine) as connection:
        for first in range(0, len(pids), 500):
            chunk = pids[first : first + 500]
            stored.update(
                (row.participant_id, row.item_id)
                for row in connection.execute(
                    select(answers.c.participant_id, answers.c.item_id).where(
                        answers.c.participant_id.in_(chunk), answers.c.declined.is_(False)
                    )
                )
            )
            finished += len(
                connection.execute(
                    select(participants.c.id).where(
                        participants.c.id.in_(chunk), participants.c.finished.is_(True)
                    )
                ).all()
            )
    return {
        "answers_stored": len(pairs & stored),
        "answers_lost": len(pairs - stored),
        "finished_in_database": finished,
    }


def _latency_summary(values: list[float]) -> dict[str, Any]:
    def ms(fraction: float) -> float | None:
        value = percentile(values, fraction)
        return None if value is None else round(value * 1000, 1)

    return {"count": len(values), "p50_ms": ms(0.5), "p95_ms": ms(0.95), "p99_ms": ms(0.99)}


async def run(config: Config) -> dict[str, Any]:
    """One bounded load run; returns the report as a dict."""
    stats = Stats()
    # One page load first, so imports and caches the first run pays are not
    # counted as memory per session.
    for url in config.urls:
        async with StreamlitClient(url, timeout=config.step_timeout) as warm:
            await warm.load()
    sampled = [*config.urls, *config.replica_urls]
    processes = [p for p in map(server_process, sampled) if p is not None]
    sampler = Sampler(processes)
    stop, ready = asyncio.Event(), asyncio.Event()
    background = []
    if config.dashboard:  # signed in and showing charts before the room arrives
        background.append(asyncio.create_task(dashboard(config, stats, stop, ready)))
        await asyncio.wait_for(ready.wait(), 120)
    deadline = time.monotonic() + config.max_seconds
    sampler.begin()
    background.append(asyncio.create_task(sampler.run(stop)))
    tasks = [
        asyncio.create_task(participant(i, config, stats, deadline))
        for i in range(config.participants)
    ]
    done, pending = await asyncio.wait(tasks, timeout=config.max_seconds + 30)
    for task in pending:
        task.cancel()
        stats.errors.append("participant cancelled at the run time limit")
    await asyncio.gather(*pending, return_exceptions=True)
    for task in done:
        if task.exception() is not None:
            stats.errors.append(f"crashed: {task.exception()!r}"[:300])
    stop.set()
    await asyncio.gather(*background, return_exceptions=True)
    figures = sampler.report(stats.peak_connected)
    report: dict[str, Any] = {
        "kind": config.kind,
        "url": config.url,
        "replicas": len(config.replica_urls) or len(config.urls),
        "balancer": bool(config.replica_urls),
        "participants": config.participants,
        "question_pollers": config.question_pollers,
        "think_s": list(config.think),
        "completed": stats.completed,
        "answers_sent": len(stats.sent),
        "steps": stats.steps_done,
        "steps_per_s": round(stats.steps_done / figures["wall_s"], 1),
        "errors": len(stats.errors),
        "error_examples": sorted(set(stats.errors))[:10],
        "peak_sessions": stats.peak_connected,
        "latency": {name: _latency_summary(v) for name, v in sorted(stats.latency.items())},
        **figures,
    }
    if config.database_url and config.kind == "participant":
        report |= stored_answers(config.database_url, stats.sent, stats.participant_ids)
    return report


def table(report: dict[str, Any]) -> str:
    lines = [f"== {report['kind']} page at {report['url']} =="]
    keys = [
        "participants", "completed", "answers_sent", "answers_stored", "answers_lost",
        "finished_in_database", "errors", "steps", "steps_per_s", "wall_s",
        "server_cpu_cores", "server_rss_before_mib", "server_rss_peak_mib",
        "rss_per_session_kib", "simulator_cpu_cores",
    ]  # fmt: skip
    for key in keys:
        if key in report:
            lines.append(f"  {key:<24} {report[key]}")
    lines.append(f"  {'latency':<24} {'count':>6} {'p50 ms':>9} {'p95 ms':>9} {'p99 ms':>9}")
    for name, row in report["latency"].items():
        lines.append(
            f"  {name:<24} {row['count']:>6} {row['p50_ms']!s:>9} {row['p95_ms']!s:>9} {row['p99_ms']!s:>9}"
        )
    for example in report["error_examples"]:
        lines.append(f"  error: {example}")
    return "\n".join(lines)


def ratios(ours: dict[str, Any], bare: dict[str, Any]) -> dict[str, Any]:
    """Our page as a fraction of the bare page, measured in the same way on the same machine."""

    def safe(a: float | None, b: float | None) -> float | None:
        return round(a / b, 2) if a and b else None

    return {
        "steps_per_s_vs_bare": safe(ours["steps_per_s"], bare["steps_per_s"]),
        "save_p95_vs_bare": safe(
            ours["latency"].get("save", {}).get("p95_ms"),
            bare["latency"].get("save", {}).get("p95_ms"),
        ),
        "server_cpu_per_step_vs_bare": safe(
            ours.get("server_cpu_s", 0) / max(1, ours["steps"]),
            bare.get("server_cpu_s", 0) / max(1, bare["steps"]),
        ),
    }


async def memory_per_session(config: Config, sessions: int) -> dict[str, Any]:
    """Resident memory the server holds per connected session, everyone mid-survey.

    Each session joins, consents and reaches its first question, then stays
    connected; the server's RSS is read before and after (and once more after
    everyone left, to show what is given back).
    """
    url = config.urls[0]
    process = server_process(url)
    if process is None:
        return {"error": "cannot see the server process"}
    async with StreamlitClient(url, timeout=config.step_timeout) as warm:
        await warm.load()
    await asyncio.sleep(1)
    before = process.memory_info().rss
    clients = [StreamlitClient(url, timeout=config.step_timeout) for _ in range(sessions)]
    gate = asyncio.Semaphore(50)

    async def arrive(index: int, client: StreamlitClient) -> None:
        async with gate:
            await client.connect()
            await client.load()
            if config.kind == "participant":
                rng = random.Random(index)
                for _screen in range(4):  # join, consent, to the first question
                    if any(walker.item_of(k) for k in client.page.widget_keys()):
                        break
                    await walker.advance(client, config.session, rng)

    await asyncio.gather(*(arrive(i, c) for i, c in enumerate(clients)))
    await asyncio.sleep(2)
    held = process.memory_info().rss
    await asyncio.gather(*(c.close() for c in clients))
    await asyncio.sleep(3)
    after = process.memory_info().rss
    return {
        "kind": config.kind,
        "sessions": sessions,
        "rss_before_mib": round(before / 2**20, 1),
        "rss_connected_mib": round(held / 2**20, 1),
        "rss_after_leaving_mib": round(after / 2**20, 1),
        "kib_per_session": round((held - before) / sessions / 1024, 1),
    }


def _parse_think(text: str) -> tuple[float, float]:
    low, _, high = text.partition("-")
    return float(low), float(high or low)


def create_open_session(
    database_url: str,
    root: Path = launch.ROOT,
    expected_size: int | None = None,
    survey: str = "first-look",
) -> str:
    """An open session of `survey`; `expected_size` as a facilitator would set it (join limits)."""
    from workshop import db, migrate, sessions
    from workshop.loading import load_content

    migrate.upgrade(database_url)
    library = load_content(root / "content")
    library.raise_for_problems()
    session = sessions.create_session(
        db.get_engine(database_url),
        library.snapshot(survey),
        title="Load test",
        settings=sessions.SessionSettings(expected_size=expected_size),
        open_now=True,
    )
    return session.code


def seed_questions(database_url: str, code: str, count: int) -> None:
    """`count` approved questions in the session, from participants made for the purpose."""
    from workshop import db, participants, question_box
    from workshop.question_box import Limits, Status
    from workshop.rate_limits import Limiter

    engine = db.get_engine(database_url)
    roomy = Limits(per_participant=count, waiting=count, per_session=count)
    session, asker = participants.join(engine, code, consented=True)
    for n in range(count):
        question_id = question_box.ask(
            engine, asker.id, f"Load test question {n + 1}?", limits=roomy, limiter=Limiter()
        )
        question_box.set_status(engine, session.id, question_id, Status.approved)


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(description="Simulate participants against a running app.")
    parser.add_argument(
        "--url", help="the running app, e.g. http://127.0.0.1:8501; comma-separate replicas"
    )
    parser.add_argument("--start-app", action="store_true", help="start app.py on a free port")
    parser.add_argument("--replicas", type=int, default=1, help="processes for --start-app")
    parser.add_argument(
        "--balancer",
        action="store_true",
        help="with --start-app: participants go through HAProxy (as make replicas)",
    )
    parser.add_argument("--participants", type=int, default=20)
    parser.add_argument("--session", default="", help="join code (created when --start-app)")
    parser.add_argument(
        "--survey",
        default="first-look",
        help="survey of the session made by --start-app (aftercare-workshop: 30 questions)",
    )
    parser.add_argument("--think", default="5-15", help="seconds between answers: 5-15, or 0")
    parser.add_argument("--ramp", type=float, default=10.0, help="seconds over which people join")
    parser.add_argument("--max-seconds", type=float, default=900.0)
    parser.add_argument(
        "--database-url",
        default=os.environ.get("WORKSHOP_DATABASE_URL", ""),
        help="read answers back from here (default WORKSHOP_DATABASE_URL)",
    )
    parser.add_argument(
        "--dashboard", action="store_true", help="a facilitator dashboard refreshes"
    )
    parser.add_argument("--dashboard-page", default="present", help="facilitator page to refresh")
    parser.add_argument(
        "--passphrase", default=os.environ.get("WORKSHOP_FACILITATOR_PASSPHRASE", "")
    )
    parser.add_argument(
        "--question-pollers",
        type=int,
        default=0,
        help="this many participants poll the question box's approved list instead of answering",
    )
    parser.add_argument("--poll-interval", type=float, default=5.0, help="seconds between polls")
    parser.add_argument("--poll-seconds", type=float, default=60.0, help="how long pollers poll")
    parser.add_argument(
        "--seed-questions",
        type=int,
        default=10,
        help="approved questions put in a session made by --start-app (with --question-pollers)",
    )
    parser.add_argument("--baseline", action="store_true", help="also measure the bare page")
    parser.add_argument("--bare-url", help="a running bare page (default: start one)")
    parser.add_argument("--bare-steps", type=int, default=10)
    parser.add_argument(
        "--bare-script",
        default="benchmarks/bare_app.py",
        help="baseline page to start (benchmarks/bare_question_app.py: our screen's elements)",
    )
    parser.add_argument(
        "--memory-sessions", type=int, default=0, help="also measure RSS per connected session"
    )
    parser.add_argument(
        "--app-root", type=Path, default=launch.ROOT, help="checkout to --start-app from"
    )
    parser.add_argument(
        "--streamlit-defaults",
        action="store_true",
        help="started servers use Streamlit's defaults (postScriptGC on, file watcher on)",
    )
    parser.add_argument("--log-dir", type=Path, help="keep the started servers' logs here")
    parser.add_argument("--json", type=Path, help="also write the report here")
    return parser


def _app_config(args: argparse.Namespace) -> Config:
    return Config(
        url=args.url or "",
        participants=args.participants,
        session=args.session,
        think=_parse_think(args.think),
        ramp=args.ramp,
        max_seconds=args.max_seconds,
        database_url=args.database_url,
        bare_steps=args.bare_steps,
        dashboard=args.dashboard,
        dashboard_page=args.dashboard_page,
        passphrase=args.passphrase,
        question_pollers=args.question_pollers,
        poll_interval=args.poll_interval,
        poll_seconds=args.poll_seconds,
    )


def _server_args(args: argparse.Namespace) -> list[str]:
    """Command-line settings for started servers: ours by default, Streamlit's on request."""
    if args.streamlit_defaults:
        return ["--runner.postScriptGC", "true", "--server.fileWatcherType", "auto"]
    return []


def _start_app(
    args: argparse.Namespace, config: Config, work: Path, logs: Path
) -> list[launch.Server]:
    """Start app.py replicas on a fresh database with an open session; point `config` at them."""
    if not config.database_url:
        config.database_url = f"sqlite:///{work / 'workshop.db'}"
    if not config.session:
        config.session = create_open_session(
            config.database_url,
            args.app_root,
            expected_size=config.participants,
            survey=args.survey,
        )
        if config.question_pollers and args.seed_questions:
            seed_questions(config.database_url, config.session, args.seed_questions)
    env = {"WORKSHOP_DATABASE_URL": config.database_url}
    if config.dashboard and not config.passphrase:
        config.passphrase = f"load test {secrets.token_hex(8)}"
    if config.passphrase:
        env["WORKSHOP_FACILITATOR_PASSPHRASE"] = config.passphrase
    servers = [
        launch.start("app.py", log_dir=logs, env=env, root=args.app_root, args=_server_args(args))
        for _replica in range(args.replicas)
    ]
    config.url = ",".join(s.url for s in servers)
    return servers


def _start_bare(args: argparse.Namespace, work: Path, logs: Path) -> list[launch.Server]:
    """As many bare-page processes as app replicas, on their own SQLite file."""
    return [
        launch.start(
            args.bare_script,
            log_dir=logs,
            env={"BARE_APP_DB": str(work / "bare.db")},
            args=_server_args(args),
        )
        for _replica in range(args.replicas)
    ]


def _bare_config(args: argparse.Namespace, config: Config, url: str) -> Config:
    """The baseline run: the app run's crowd and pacing, against the bare page."""
    return Config(
        url=url,
        participants=config.participants,
        think=config.think,
        ramp=config.ramp,
        max_seconds=config.max_seconds,
        kind="bare",
        bare_steps=args.bare_steps,
    )


def _measure(config: Config, memory_sessions: int, name: str, reports: dict[str, Any]) -> None:
    """Memory per session (when asked), then one load run; printed as they finish."""
    if memory_sessions:  # on the fresh server, before the load run
        reports[f"{name}_memory"] = asyncio.run(memory_per_session(config, memory_sessions))
        print(json.dumps(reports[f"{name}_memory"]), flush=True)
    reports[name] = asyncio.run(run(config))
    print(table(reports[name]), flush=True)


def _machine() -> dict[str, Any]:
    return {
        "cpus": psutil.cpu_count(),
        "memory_gib": round(psutil.virtual_memory().total / 2**30, 1),
        "python": sys.version.split()[0],
        "load_average_at_end": [round(x, 2) for x in os.getloadavg()],
    }


def main(argv: list[str] | None = None) -> int:
    parser = _parser()
    args = parser.parse_args(argv)
    if not args.url and not args.start_app:
        parser.error("give --url of a running app, or --start-app")
    config = _app_config(args)
    reports: dict[str, Any] = {}
    with (
        tempfile.TemporaryDirectory(prefix="workshop-load-") as scratch,
        contextlib.ExitStack() as stack,
    ):
        work = Path(scratch)
        logs = args.log_dir or work
        servers: list[launch.Server] = []
        try:
            if args.start_app:
                servers += _start_app(args, config, work, logs)
                if args.balancer:  # one address for the room, cookie-sticky, as deployed
                    from benchmarks import replicas

                    front = stack.enter_context(replicas.balancer(servers, work))
                    config.replica_urls = [s.url for s in servers]
                    config.url = front.url
            if not config.session:
                parser.error("--session CODE is needed with --url")
            _measure(config, args.memory_sessions, "app", reports)
            if args.baseline:
                bare_url = args.bare_url
                if not bare_url:
                    bare_servers = _start_bare(args, work, logs)
                    servers += bare_servers
                    bare_url = ",".join(s.url for s in bare_servers)
                _measure(
                    _bare_config(args, config, bare_url), args.memory_sessions, "bare", reports
                )
                reports["ratios"] = ratios(reports["app"], reports["bare"])
        finally:
            for server in servers:
                server.stop()
    reports["machine"] = _machine()
    payload = json.dumps(reports, indent=2)
    print(payload)
    if args.json:
        args.json.write_text(payload + "\n")
    app = reports["app"]
    return 0 if app["errors"] == 0 and app.get("answers_lost", 0) == 0 else 1


if __name__ == "__main__":
    raise SystemExit(main())
