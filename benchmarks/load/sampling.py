"""What the servers cost: CPU time and resident memory over a run, and memory per session."""

from __future__ import annotations

import asyncio
import contextlib
import random
import time
from typing import Any

import psutil

from benchmarks.load.crowd import Config
from loadtest import walker
from loadtest.client import StreamlitClient, percentile


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


# Other programs a run leans on, by process name: their CPU is counted apart from the replicas'.
HELPERS = ("postgres", "haproxy")


def _busy_seconds() -> float:
    """CPU seconds the whole machine spent on anything (every core, idle and I/O wait excluded)."""
    times = psutil.cpu_times()
    return sum(times) - times.idle - getattr(times, "iowait", 0.0)


def _helper_cpu() -> dict[int, tuple[str, float]]:
    """CPU seconds so far of every process named in HELPERS, by pid."""
    found: dict[int, tuple[str, float]] = {}
    for process in psutil.process_iter(["name", "cpu_times"]):
        name = process.info["name"] or ""
        times = process.info["cpu_times"]
        helper = next((h for h in HELPERS if name.startswith(h)), None)
        if times is not None and helper is not None:
            found[process.pid] = (helper, times.user + times.system)
    return found


LAG_TICK = 0.01


class Sampler:
    """Servers' CPU time and resident memory over the run (plus our own CPU, for honesty)."""

    def __init__(self, processes: list[psutil.Process]) -> None:
        self.processes = processes
        self.rss: list[int] = []  # summed over the servers, once a second
        self.me = psutil.Process()
        # How late the simulator's own loop wakes from a 10 ms sleep: a late loop
        # delays every reply it reads, so a slow run can be told from a slow server.
        self.lag: list[float] = []

    def _rss(self) -> int:
        return sum(p.memory_info().rss for p in self.processes)

    def _cpu(self) -> float:
        return sum(sum(p.cpu_times()[:2]) for p in self.processes)

    def begin(self) -> None:
        self.started = time.perf_counter()
        self.me_cpu = sum(self.me.cpu_times()[:2])
        self.busy = _busy_seconds()
        self.helpers = _helper_cpu()
        if self.processes:
            self.cpu = self._cpu()
            self.rss_before = self._rss()

    async def watch_loop(self, stop: asyncio.Event) -> None:
        while not stop.is_set():
            asleep = time.perf_counter()
            await asyncio.sleep(LAG_TICK)
            self.lag.append(time.perf_counter() - asleep - LAG_TICK)

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
        simulator = sum(self.me.cpu_times()[:2]) - self.me_cpu
        figures: dict[str, Any] = {
            "wall_s": round(wall, 1),
            "simulator_cpu_cores": round(simulator / wall, 2),
            "machine_busy_cores": round((_busy_seconds() - self.busy) / wall, 2),
        }
        lag = percentile(self.lag, 0.99)
        if lag is not None:
            figures["simulator_loop_lag_p99_ms"] = round(lag * 1000, 1)
        # A helper started during the run counts whole; one that exited during it is lost
        # (it shows in machine_busy_cores only).
        spent: dict[str, float] = {}
        for pid, (name, now) in _helper_cpu().items():
            before = self.helpers.get(pid, (name, 0.0))[1]
            spent[name] = spent.get(name, 0.0) + now - before
        for name in HELPERS:
            figures[f"{name}_cpu_cores"] = round(spent.get(name, 0.0) / wall, 2)
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
