"""What one join and one step cost the server, as functions of how many people are connected.

    python -m benchmarks.load.cost --connected 100,500,1000,2000

For each number N, on a fresh server process (serve.py, as `make run` and each replica
of `make replicas` run) with an open session of the full workshop:

1. join: N people open the join link (the page and every static file it names, then
   the app, which opens on consent) and consent, 50 at a time; the server's CPU over
   this phase, divided by N, is the CPU per join, shown as the page part and the app part;
2. idle: everyone stays connected without tapping for `--idle` seconds: what being
   connected costs by itself, in CPU milliseconds per second;
3. steps: `--active` of them take `--steps-each` steps through the real survey with
   `--think` seconds between taps (the same work at every N), while the rest stay
   connected; the server's CPU over this phase, divided by the steps, is the CPU per step.

CPU is the server process's own (user + system time from the operating system), never
wall time, so the simulator sharing the machine does not count against the server.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import json
import os
import random
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import psutil

from benchmarks.load.room import create_open_session
from benchmarks.load.sampling import server_process
from loadtest import launch, walker
from loadtest.client import StreamlitClient

SURVEY = "aftercare-workshop"  # the full workshop: 30 questions and its modules
GATE = 50  # people arriving at once


@dataclass
class Level:
    connected: int
    page_ms_per_join: float
    app_ms_per_join: float
    idle_ms_per_s: float
    step_ms: float
    steps: int
    errors: int

    @property
    def join_ms(self) -> float:
        return self.page_ms_per_join + self.app_ms_per_join


class ServerCpu:
    """The server process's CPU seconds (user + system), read from the operating system."""

    def __init__(self, process: psutil.Process) -> None:
        self.process = process

    def now(self) -> float:
        times = self.process.cpu_times()
        return float(times.user + times.system)


async def _gated(count: int, work: Any) -> list[Any]:
    gate = asyncio.Semaphore(GATE)

    async def one(index: int) -> Any:
        async with gate:
            return await work(index)

    return await asyncio.gather(*(one(i) for i in range(count)), return_exceptions=True)


async def _consent(client: StreamlitClient, code: str, rng: random.Random) -> None:
    """From the page the link opens (consent) to the first screen after it."""
    for _screen in range(3):
        keys = client.page.widget_keys()
        if not any(key.startswith("consent") for key in keys):
            return
        await walker.advance(client, code, rng)


async def _steps(
    client: StreamlitClient, code: str, rng: random.Random, count: int, think: tuple[float, float]
) -> int:
    done = 0
    for _step in range(count):
        await asyncio.sleep(rng.uniform(*think))
        outcome = await walker.advance(client, code, rng)
        if outcome.done:
            break
        done += 1
    return done


async def measure(
    url: str, code: str, connected: int, active: int, steps_each: int, idle: float,
    think: tuple[float, float],
) -> Level:  # fmt: skip
    process = server_process(url)
    if process is None:
        raise RuntimeError(f"cannot see the server process behind {url}")
    cpu = ServerCpu(process)
    async with StreamlitClient(url, query={"code": code}) as warm:  # first-run imports
        await warm.fetch_page()
        await warm.load()
    await asyncio.sleep(1)
    clients = [StreamlitClient(url, query={"code": code}) for _ in range(connected)]
    rngs = [random.Random(i) for i in range(connected)]
    try:
        start = cpu.now()
        fetched = await _gated(connected, lambda i: clients[i].fetch_page())
        paged = cpu.now()

        async def arrive(i: int) -> None:
            await clients[i].connect()
            await clients[i].load()
            await _consent(clients[i], code, rngs[i])

        arrived = await _gated(connected, arrive)
        joined = cpu.now()
        await asyncio.sleep(idle)
        idled = cpu.now()
        taken = await asyncio.gather(
            *(_steps(clients[i], code, rngs[i], steps_each, think) for i in range(active)),
            return_exceptions=True,
        )
        stepped = cpu.now()
    finally:
        await asyncio.gather(*(c.close() for c in clients), return_exceptions=True)
    failures = [r for r in [*fetched, *arrived, *taken] if isinstance(r, BaseException)]
    steps = sum(r for r in taken if isinstance(r, int))
    return Level(
        connected=connected,
        page_ms_per_join=round((paged - start) * 1000 / connected, 2),
        app_ms_per_join=round((joined - paged) * 1000 / connected, 2),
        idle_ms_per_s=round((idled - joined) * 1000 / idle, 1),
        step_ms=round((stepped - idled) * 1000 / max(1, steps), 2),
        steps=steps,
        errors=len(failures),
    )


def _level(args: argparse.Namespace, connected: int, work: Path) -> Level:
    database = f"sqlite:///{work / f'cost-{connected}.db'}"
    code = create_open_session(database, args.app_root, expected_size=connected, survey=SURVEY)
    env = {"WORKSHOP_DATABASE_URL": database}
    server = launch.start("serve.py", log_dir=work, env=env, root=args.app_root)
    try:
        think = (args.think_low, args.think_high)
        return asyncio.run(
            measure(server.url, code, connected, args.active, args.steps_each, args.idle, think)
        )
    finally:
        server.stop()


def table(levels: list[Level]) -> str:
    first = levels[0]
    lines = [
        "connected  join CPU ms (page + app)  idle CPU ms/s  step CPU ms  step vs first  steps  errors",
    ]
    for level in levels:
        ratio = level.step_ms / first.step_ms if first.step_ms else float("nan")
        lines.append(
            f"{level.connected:>9}  {level.join_ms:>8.1f} ({level.page_ms_per_join:.1f} + "
            f"{level.app_ms_per_join:.1f})  {level.idle_ms_per_s:>13.1f}  {level.step_ms:>11.2f}"
            f"  {ratio:>12.2f}x  {level.steps:>5}  {level.errors:>6}"
        )
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m benchmarks.load.cost",
        description="Server CPU per join and per step against the number of people connected.",
    )
    parser.add_argument("--connected", default="100,500,1000,2000", help="comma-separated")
    parser.add_argument("--active", type=int, default=40, help="people taking steps")
    parser.add_argument("--steps-each", type=int, default=10)
    parser.add_argument("--idle", type=float, default=10.0, help="seconds everyone sits still")
    parser.add_argument("--think-low", type=float, default=0.5)
    parser.add_argument("--think-high", type=float, default=1.0)
    parser.add_argument(
        "--app-root",
        type=Path,
        default=launch.ROOT,
        help="checkout to start the app from (to measure an older commit the same way)",
    )
    parser.add_argument("--json", type=Path, help="also write the figures here")
    args = parser.parse_args(argv)
    numbers = [int(n) for n in args.connected.split(",")]
    if any(n < args.active for n in numbers):
        parser.error("every --connected number must be at least --active")
    levels: list[Level] = []
    with tempfile.TemporaryDirectory(prefix="workshop-cost-") as scratch:
        for connected in numbers:
            levels.append(_level(args, connected, Path(scratch)))
            print(table(levels).splitlines()[-1], flush=True)
    print(table(levels))
    machine = {
        "cpus": psutil.cpu_count(),
        "python": sys.version.split()[0],
        "load_average_at_end": [round(x, 2) for x in os.getloadavg()],
        "when": time.strftime("%Y-%m-%d %H:%M UTC", time.gmtime()),
    }
    print(json.dumps(machine))
    if args.json:
        with contextlib.suppress(OSError):
            args.json.write_text(
                json.dumps({"levels": [vars(x) for x in levels], "machine": machine}, indent=2)
            )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
