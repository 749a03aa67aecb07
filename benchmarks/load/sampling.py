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
from loadtest.client import StreamlitClient


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
