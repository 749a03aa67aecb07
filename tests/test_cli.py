"""The command line, run as a newcomer would run it."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def run(tmp_path: Path, *args: str) -> subprocess.CompletedProcess:
    env = {**os.environ, "WORKSHOP_DATA_DIR": str(tmp_path / "data")}
    env.pop("WORKSHOP_DATABASE_URL", None)
    return subprocess.run(
        [sys.executable, "-m", "workshop", *args],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
    )


def test_help_lists_every_command(tmp_path: Path) -> None:
    result = run(tmp_path, "--help")
    assert result.returncode == 0
    for command in ("validate", "schema", "db", "session", "demo"):
        assert command in result.stdout
    session_help = run(tmp_path, "session", "--help").stdout
    for action in ("create", "list", "open", "close"):
        assert action in session_help


def test_session_lifecycle_and_demo(tmp_path: Path) -> None:
    assert run(tmp_path, "db", "upgrade").returncode == 0
    assert (tmp_path / "data" / "workshop.db").exists()
    created = run(tmp_path, "session", "create", "first-look", "--title", "Evening group")
    assert created.returncode == 0, created.stderr
    code = created.stdout.split()[0]
    assert "draft" in created.stdout
    assert "open" in run(tmp_path, "session", "open", code.lower()).stdout
    assert "closed" in run(tmp_path, "session", "close", code).stdout
    listed = run(tmp_path, "session", "list").stdout
    assert code in listed and "Evening group" in listed

    demo = run(tmp_path, "demo", "--participants", "12")
    assert demo.returncode == 0, demo.stderr
    assert "12 synthetic participants" in demo.stdout
    demo_code = demo.stdout.strip().splitlines()[-1].split()[-1]
    assert demo_code in run(tmp_path, "session", "list").stdout


def test_errors_are_clear_and_nonzero(tmp_path: Path) -> None:
    unknown = run(tmp_path, "session", "create", "no-such-survey")
    assert unknown.returncode == 2 and "Known surveys" in unknown.stderr
    small_k = run(tmp_path, "session", "create", "first-look", "--k", "2")
    assert small_k.returncode == 2 and "between 3 and 100" in small_k.stderr
    missing = run(tmp_path, "session", "open", "ZZZZZZ")
    assert missing.returncode == 1 and "No session uses the code" in missing.stderr
