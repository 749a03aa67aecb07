"""Storage benchmark: answer upserts per second and dashboard aggregation time.

    python -m benchmarks.storage                      # SQLite and PostgreSQL
    python -m benchmarks.storage --skip-postgres --sizes 10000,100000

Upserts go through workshop.answers.save_answer, the app's one save path
(validation, the ownership and session-state checks, the upsert and the read
of the participant's next view, one write transaction each), from 1 and from
8 threads. Aggregation times workshop.aggregates.item_counts for one
session of 100 participants while the database holds 10k, 100k and 1M answers
spread over many sessions: the session_id indexes should keep it flat.

Every database used here is a throwaway: a temporary SQLite file and a
PostgreSQL database created for the run and dropped afterwards.
"""

from __future__ import annotations

import argparse
import json
import os
import secrets
import statistics
import tempfile
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from sqlalchemy import Engine, create_engine, func, select, text
from sqlalchemy.engine import make_url

from workshop import aggregates, db, migrate, participants, sessions
from workshop.answers import save_answer
from workshop.content import SurveySnapshot
from workshop.loading import load_content
from workshop.schema import answers

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_POSTGRES = "postgresql+psycopg://postgres@127.0.0.1:5432/test"
PARTICIPANTS_PER_SESSION = 100
# (item id, raw value) pairs that every writer cycles through.
ANSWERS = [
    ("importance_pre", "4"),
    ("practices", ["touch", "talk"]),
    ("minutes_affection", 15),
    ("comfort_talking", 7),
    ("low_mood_ever", "no"),
]


def _snapshot() -> SurveySnapshot:
    library = load_content(ROOT / "content")
    library.raise_for_problems()
    return library.snapshot("first-look")


@contextmanager
def sqlite_database() -> Iterator[str]:
    with tempfile.TemporaryDirectory(prefix="workshop-bench-") as directory:
        url = f"sqlite:///{Path(directory) / 'bench.db'}"
        migrate.upgrade(url)
        try:
            yield url
        finally:
            db.dispose_all()


@contextmanager
def postgres_database(server_url: str) -> Iterator[str]:
    """A database created for this run on `server_url`'s server, dropped afterwards."""
    admin = create_engine(server_url, isolation_level="AUTOCOMMIT")
    name = f"workshop_bench_{secrets.token_hex(4)}"
    with admin.connect() as connection:
        connection.execute(text(f'CREATE DATABASE "{name}"'))
    url = make_url(server_url).set(database=name).render_as_string(hide_password=False)
    try:
        migrate.upgrade(url)
        yield url
    finally:
        db.dispose_all()
        with admin.connect() as connection:
            connection.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        admin.dispose()


def upserts_per_second(
    engine: Engine, snapshot: SurveySnapshot, writers: int, seconds: float
) -> dict[str, float]:
    """Each writer saves answers for its own participants until time is up."""
    session = sessions.create_session(engine, snapshot, open_now=True)
    people = [
        [participants.join(engine, session.code)[1].id for _ in range(20)] for _ in range(writers)
    ]
    counts = [0] * writers
    errors: list[str] = []
    start = threading.Barrier(writers + 1)
    stop_at: list[float] = []

    def work(index: int) -> None:
        start.wait()
        step = 0
        mine = people[index]
        while time.perf_counter() < stop_at[0] and step < 1_000_000:
            item, raw = ANSWERS[step % len(ANSWERS)]
            try:
                save_answer(engine, mine[step % len(mine)], item, raw)
                counts[index] += 1
            except Exception as exc:  # counted and reported, never hidden
                errors.append(f"{type(exc).__name__}: {exc}")
            step += 1

    threads = [threading.Thread(target=work, args=(i,)) for i in range(writers)]
    for thread in threads:
        thread.start()
    stop_at.append(time.perf_counter() + seconds)
    began = time.perf_counter()
    start.wait()
    for thread in threads:
        thread.join(timeout=seconds + 120)
    elapsed = time.perf_counter() - began
    total = sum(counts)
    return {
        "writers": writers,
        "upserts": total,
        "seconds": round(elapsed, 2),
        "per_second": round(total / elapsed, 1),
        "errors": len(errors),
    }


def _session_row(index: int, snapshot_json: str) -> dict[str, object]:
    return {
        "code": f"x{index:05x}",  # lowercase: outside the join-code alphabet, never collides
        "title": f"synthetic {index}",
        "survey_id": "first-look",
        "survey_version": 1,
        "snapshot": snapshot_json,
        "settings": "{}",
        "state": "closed",
        "current_step": 0,
        "created_at": datetime.now(UTC),
    }


def _synthetic_rows(
    session_ids: list[int], items: list[str], serial: Iterator[int]
) -> tuple[list[tuple[object, ...]], list[tuple[object, ...]], list[tuple[object, ...]]]:
    """Participants, answers and answer codes for full synthetic sessions."""
    people, given, codes = [], [], []
    for session_id in session_ids:
        for _ in range(PARTICIPANTS_PER_SESSION):
            pid = f"{next(serial):032x}"
            people.append((pid, session_id, True, len(items), True))
            for n, item in enumerate(items):
                code = str(1 + (n + int(pid, 16)) % 5)
                given.append((pid, item, session_id, json.dumps(code), None, False, None))
                codes.append((pid, item, code, 0, session_id))
    return people, given, codes


def grow_to(engine: Engine, target: int, snapshot: SurveySnapshot, serial: Iterator[int]) -> int:
    """Bulk-insert closed synthetic sessions until the answers table holds `target` rows."""
    items = [q.id for q in snapshot.survey.questions][:10]
    per_session = PARTICIPANTS_PER_SESSION * len(items)
    snapshot_json = snapshot.model_dump_json()
    with db.read(engine) as connection:
        have = connection.execute(select(func.count()).select_from(answers)).scalar_one()
    missing = -(-max(0, target - have) // per_session)  # whole sessions, rounding up
    batch = 50
    for first in range(0, missing, batch):
        count = min(batch, missing - first)
        with db.write(engine) as connection:
            ids = [
                connection.execute(
                    sessions.sessions.insert()
                    .values(**_session_row(next(serial), snapshot_json))
                    .returning(sessions.sessions.c.id)
                ).scalar_one()
                for _ in range(count)
            ]
            people, given, codes = _synthetic_rows(ids, items, serial)
            raw = connection.connection.driver_connection
            if connection.dialect.name == "postgresql":
                cursor = raw.cursor()
                for table, columns, rows in (
                    ("participants", "id, session_id, consented, step, finished", people),
                    (
                        "answers",
                        "participant_id, item_id, session_id, value, number, declined, moderation",
                        given,
                    ),
                    ("answer_codes", "participant_id, item_id, code, position, session_id", codes),
                ):
                    with cursor.copy(f"COPY {table} ({columns}) FROM STDIN") as copy:
                        for row in rows:
                            copy.write_row(row)
            else:
                cursor = raw.cursor()
                cursor.executemany("INSERT INTO participants VALUES (?, ?, ?, ?, ?)", people)
                cursor.executemany(
                    "INSERT INTO answers (participant_id, item_id, session_id, value, number,"
                    " declined, moderation) VALUES (?, ?, ?, ?, ?, ?, ?)",
                    given,
                )
                cursor.executemany(
                    "INSERT INTO answer_codes (participant_id, item_id, code, position,"
                    " session_id) VALUES (?, ?, ?, ?, ?)",
                    codes,
                )
    with db.write(engine) as connection:
        connection.exec_driver_sql("ANALYZE")  # fresh planner statistics, as autovacuum would
        return connection.execute(select(func.count()).select_from(answers)).scalar_one()


def aggregation_ms(engine: Engine, session_id: int, repeats: int = 20) -> dict[str, float]:
    aggregates.item_counts(engine, session_id)  # warm the connection pool and caches
    timings = []
    for _ in range(repeats):
        began = time.perf_counter()
        result = aggregates.item_counts(engine, session_id)
        timings.append((time.perf_counter() - began) * 1000)
    assert result, "the measured session has answers"
    return {"median_ms": round(statistics.median(timings), 2), "max_ms": round(max(timings), 2)}


def run_backend(
    name: str, url: str, sizes: list[int], seconds: float, snapshot: SurveySnapshot
) -> dict[str, object]:
    engine = db.get_engine(url)
    result: dict[str, object] = {"backend": name}
    result["upserts"] = [upserts_per_second(engine, snapshot, w, seconds) for w in (1, 8)]
    serial = iter(range(1, 10**9))
    # The session the facilitator looks at: 100 participants, ten answers each.
    with db.read(engine) as connection:
        before = connection.execute(select(func.count()).select_from(answers)).scalar_one()
    grow_to(engine, before + PARTICIPANTS_PER_SESSION * 10, snapshot, serial)
    with db.read(engine) as connection:
        watched = connection.execute(select(func.max(sessions.sessions.c.id))).scalar_one()
    rows = []
    for size in sizes:
        began = time.perf_counter()
        total = grow_to(engine, size, snapshot, serial)
        load_seconds = time.perf_counter() - began
        rows.append(
            {"answers": total, "load_s": round(load_seconds, 1)} | aggregation_ms(engine, watched)
        )
        print(f"  {name}: {total:>9,} answers  item_counts {rows[-1]['median_ms']} ms", flush=True)
    result["aggregation"] = rows
    return result


def _table(results: list[dict[str, Any]]) -> str:
    lines = ["backend     writers  upserts/s  errors", "-" * 40]
    for result in results:
        for row in result["upserts"]:
            lines.append(
                f"{result['backend']:<11} {row['writers']:>7}  {row['per_second']:>9}  {row['errors']:>6}"
            )
    lines += ["", "backend     answers in db  item_counts median ms  max ms", "-" * 56]
    for result in results:
        for row in result["aggregation"]:
            lines.append(
                f"{result['backend']:<11} {row['answers']:>13,}  {row['median_ms']:>21}  {row['max_ms']:>6}"
            )
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--sizes", default="10000,100000,1000000", help="answers in the database")
    parser.add_argument("--seconds", type=float, default=5.0, help="duration of each upsert run")
    parser.add_argument(
        "--postgres-url",
        default=os.environ.get("WORKSHOP_TEST_POSTGRES_URL", DEFAULT_POSTGRES),
        help="a server where a throwaway database may be created",
    )
    parser.add_argument("--skip-postgres", action="store_true")
    parser.add_argument("--json", type=Path, help="also write the results here")
    args = parser.parse_args(argv)
    sizes = [int(s) for s in args.sizes.split(",") if s]
    snapshot = _snapshot()
    results = []
    with sqlite_database() as url:
        results.append(run_backend("sqlite", url, sizes, args.seconds, snapshot))
    if not args.skip_postgres:
        with postgres_database(args.postgres_url) as url:
            results.append(run_backend("postgresql", url, sizes, args.seconds, snapshot))
    print(_table(results))
    payload = json.dumps(results, indent=2)
    print(payload)
    if args.json:
        args.json.write_text(payload + "\n")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
