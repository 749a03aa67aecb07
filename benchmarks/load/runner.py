"""One bounded load run and its report: the crowd against the servers, answers read back."""

from __future__ import annotations

import asyncio
import time
from typing import Any

from benchmarks.load.crowd import Config, Stats, dashboard, participant
from benchmarks.load.sampling import Sampler, server_process
from loadtest.client import StreamlitClient, percentile


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
    background.append(asyncio.create_task(sampler.watch_loop(stop)))
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
        "rss_per_session_kib", "simulator_cpu_cores", "postgres_cpu_cores",
        "haproxy_cpu_cores", "machine_busy_cores", "simulator_loop_lag_p99_ms",
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
