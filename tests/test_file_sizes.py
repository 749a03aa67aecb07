"""Files of one job: no Python file outside tests/ and migrations/ grows past 420 lines.

The re-cut split every long module by its jobs; this keeps a new feature from
quietly growing one back (tests and Alembic migrations are exempt: a long test
file is a list of cases, a migration is history).
"""

from __future__ import annotations

from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
LIMIT = 420
SKIPPED = {"tests", "migrations", ".venv", "node_modules", "site", ".git", "build", "dist"}


def _sources() -> list[Path]:
    return [
        path
        for path in ROOT.rglob("*.py")
        if not SKIPPED.intersection(path.relative_to(ROOT).parts)
    ]


def test_the_walk_sees_the_source_tree() -> None:
    names = {path.relative_to(ROOT).as_posix() for path in _sources()}
    assert {"app.py", "workshop/schema.py", "loadtest/client.py"} <= names


def test_no_source_file_is_longer_than_the_limit() -> None:
    long = {
        path.relative_to(ROOT).as_posix(): count
        for path in _sources()
        if (count := len(path.read_text(encoding="utf-8").splitlines())) > LIMIT
    }
    assert not long, f"split these by their jobs (at most {LIMIT} lines each): {long}"
