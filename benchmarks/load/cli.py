"""`python -m benchmarks.load`: options, started servers (app, HAProxy, bare page), reports."""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import json
import os
import secrets
import sys
import tempfile
from pathlib import Path
from typing import Any

import psutil

from benchmarks.load.crowd import Config
from benchmarks.load.room import create_open_session, seed_questions
from benchmarks.load.runner import ratios, run, table
from benchmarks.load.sampling import memory_per_session
from loadtest import launch


def _parse_think(text: str) -> tuple[float, float]:
    low, _, high = text.partition("-")
    return float(low), float(high or low)


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="python -m benchmarks.load",
        description="Simulate participants against a running app.",
    )
    parser.add_argument(
        "--url", help="the running app, e.g. http://127.0.0.1:8501; comma-separate replicas"
    )
    parser.add_argument(
        "--start-app", action="store_true", help="start the app (serve.py) on a free port"
    )
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
    parser.add_argument(
        "--by-link",
        action="store_true",
        help="people open the join link (?code=...): the page and its static files, then the "
        "app, which skips the join screen; 'page load' is all of that",
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


# Options that are Config fields of the same name, copied as they are.
_SAME_NAME = (
    "participants", "session", "ramp", "max_seconds", "database_url", "bare_steps",
    "dashboard", "dashboard_page", "passphrase", "question_pollers", "poll_interval",
    "poll_seconds", "by_link",
)  # fmt: skip


def _app_config(args: argparse.Namespace) -> Config:
    copied = {name: getattr(args, name) for name in _SAME_NAME}
    return Config(url=args.url or "", think=_parse_think(args.think), **copied)


def _server_args(args: argparse.Namespace) -> list[str]:
    """Command-line settings for started servers: ours by default, Streamlit's on request."""
    if args.streamlit_defaults:
        return ["--runner.postScriptGC", "true", "--server.fileWatcherType", "auto"]
    return []


def _start_app(
    args: argparse.Namespace, config: Config, work: Path, logs: Path
) -> list[launch.Server]:
    """Start replicas (serve.py, as `make run` and `make replicas` do) on a fresh database with
    an open session; point `config` at them."""
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
        launch.start("serve.py", log_dir=logs, env=env, root=args.app_root, args=_server_args(args))
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
                    from workshop_cli import haproxy

                    front = stack.enter_context(haproxy.balancer(servers, work))
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
