"""Several processes, each with several threads, saving and changing answers at once."""

from __future__ import annotations

import json
import subprocess
import sys
import threading
from pathlib import Path

import pytest
from sqlalchemy import func, select

from workshop import db, participant_view, participants, sessions
from workshop.schema import answer_codes, answers

WORKER = Path(__file__).with_name("concurrency_worker.py")
ROOT = WORKER.parent.parent


def _url(engine) -> str:
    return engine.url.render_as_string(hide_password=False)


@pytest.mark.slow
def test_processes_and_threads_lose_and_duplicate_nothing(engine, library) -> None:
    session = sessions.create_session(engine, library.snapshot("first-look"), open_now=True)
    shared = [participants.join(engine, session.code)[1].id for _ in range(4)]
    own = {w: [participants.join(engine, session.code)[1].id for _ in range(3)] for w in range(3)}
    workers = [
        subprocess.Popen(
            [sys.executable, str(WORKER), _url(engine), "4", str(w), *shared, *own[w]],
            cwd=ROOT,
            stderr=subprocess.PIPE,
            text=True,
        )
        for w in range(3)
    ]
    # Threads in this process contend on the shared participants too.
    from tests.concurrency_worker import hammer

    local = [
        threading.Thread(target=hammer, args=(_url(engine), shared, 4, 100 + t)) for t in range(2)
    ]
    for thread in local:
        thread.start()
    for thread in local:
        thread.join()
    for worker in workers:
        _, stderr = worker.communicate(timeout=300)
        assert worker.returncode == 0, stderr

    everyone = shared + [pid for pids in own.values() for pid in pids]
    with db.read(engine) as connection:
        rows = connection.execute(
            select(
                answers.c.participant_id, answers.c.item_id, answers.c.value, answers.c.declined
            ).where(answers.c.session_id == session.id)
        ).all()
        codes = connection.execute(
            select(
                answer_codes.c.participant_id, answer_codes.c.item_id, answer_codes.c.code
            ).where(answer_codes.c.session_id == session.id)
        ).all()
        total = connection.execute(
            select(func.count()).select_from(answers).where(answers.c.session_id == session.id)
        ).scalar_one()
    assert total == len(everyone) * 4 == len(rows)  # one row per participant and item
    # the code table always agrees with the stored value (no torn writes)
    by_answer: dict[tuple[str, str], set[str]] = {}
    for pid, item, code in codes:
        by_answer.setdefault((pid, item), set()).add(code)
    for pid, item, value, declined in rows:
        expected = set()
        if not declined and item != "minutes_affection":
            decoded = json.loads(value)
            expected = set(decoded if isinstance(decoded, list) else [decoded])
        assert by_answer.get((pid, item), set()) == expected, (pid, item)
    # each process's final write to its own participants survived
    for w, pids in own.items():
        for pid in pids:
            assert participant_view.answers_for(engine, pid)["minutes_affection"].value == w
