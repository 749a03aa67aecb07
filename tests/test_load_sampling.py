"""The load simulator's account of where a run's CPU went (benchmarks/load/sampling.py)."""

from __future__ import annotations

import asyncio
import subprocess
import sys
import time

import psutil

from benchmarks.load import sampling
from loadtest.client import run_sync


def test_cpu_is_split_by_process_and_the_simulators_own_loop_is_watched(monkeypatch) -> None:  # type: ignore[no-untyped-def]
    # A stand-in for PostgreSQL: a process whose name starts with one of HELPERS.
    monkeypatch.setattr(sampling, "HELPERS", ("python",))
    sampler = sampling.Sampler([])
    sampler.begin()
    busy = subprocess.Popen(
        [sys.executable, "-c", "import time\nend = time.time() + 30\nwhile time.time() < end: pass"]
    )

    async def watch() -> None:
        stop = asyncio.Event()
        watcher = asyncio.create_task(sampler.watch_loop(stop))
        await asyncio.sleep(0.3)
        time.sleep(0.2)  # the simulator's loop held up: the lag figure must show it
        await asyncio.sleep(0.05)
        stop.set()
        await watcher

    run_sync(watch())  # a thread of its own: a browser test may hold this thread's loop
    try:
        spent = psutil.Process(busy.pid).cpu_times()
        report = sampler.report(peak_sessions=0)
    finally:
        busy.kill()
        busy.wait()
    wall = report["wall_s"]
    assert spent.user + spent.system > 0.3
    assert report["python_cpu_cores"] * wall >= 0.3  # the helper's CPU, counted apart
    assert report["machine_busy_cores"] >= report["python_cpu_cores"] - 0.05
    assert report["simulator_loop_lag_p99_ms"] >= 150
