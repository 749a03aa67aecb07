"""Run the command line as a user does: `python -m workshop ...` in a child process."""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]

# The `cli` fixture: run_cli with a data folder of the test's own.
Cli = Callable[..., subprocess.CompletedProcess[str]]


def run_cli(
    *args: str, data_dir: Path | None = None, cwd: Path = ROOT, timeout: float = 300
) -> subprocess.CompletedProcess[str]:
    """Run `python -m workshop *args` and capture its output.

    With `data_dir`, the command gets its own data folder and no database URL
    from the caller's environment, so it uses the embedded SQLite file there.
    """
    env = dict(os.environ)
    if data_dir is not None:
        env["WORKSHOP_DATA_DIR"] = str(data_dir)
        env.pop("WORKSHOP_DATABASE_URL", None)
    return subprocess.run(
        [sys.executable, "-m", "workshop", *args],
        cwd=cwd,
        env=env,
        capture_output=True,
        text=True,
        timeout=timeout,
    )
