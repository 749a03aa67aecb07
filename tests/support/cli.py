"""Run the command line in this process, as `workshop ARGS` would run it, output captured.

Each call gets what a fresh process would have had: the environment and working directory
it is given (restored afterwards), and database engines of its own, closed when it returns.
tests/test_cli_entry.py still runs the real `python -m workshop` once, in a child process.
"""

from __future__ import annotations

import io
import os
from collections.abc import Callable, Iterator, Mapping
from contextlib import contextmanager, redirect_stderr, redirect_stdout
from dataclasses import dataclass
from pathlib import Path

from workshop import config, db
from workshop_cli.main import main

ROOT = Path(__file__).resolve().parents[2]


@dataclass(frozen=True)
class CliResult:
    """What a test reads from a run: the same attributes as subprocess.CompletedProcess."""

    args: tuple[str, ...]
    returncode: int
    stdout: str
    stderr: str


# The `cli` fixture: run_cli with a data folder of the test's own.
Cli = Callable[..., CliResult]

# The command speaks the language these ask for (workshop_cli/language.py): English unless a
# test's `env` says otherwise, whatever the machine running the tests is set to.
ENGLISH = {"LANGUAGE": None, "LC_ALL": None, "LC_MESSAGES": None, "LANG": "C"}


@contextmanager
def _environment(changes: Mapping[str, str | None]) -> Iterator[None]:
    """Set (or, for None, unset) variables for the block; put every one back after it."""
    saved = {name: os.environ.get(name) for name in changes}
    try:
        for name, value in changes.items():
            if value is None:
                os.environ.pop(name, None)
            else:
                os.environ[name] = value
        yield
    finally:
        for name, value in saved.items():
            if value is None:
                os.environ.pop(name, None)
            else:
                os.environ[name] = value


@contextmanager
def _fresh_settings() -> Iterator[None]:
    """Settings read anew for the command and again after it, as a new process would."""
    config.reset()
    try:
        yield
    finally:
        config.reset()


@contextmanager
def _working_directory(path: Path) -> Iterator[None]:
    before = Path.cwd()
    os.chdir(path)
    try:
        yield
    finally:
        os.chdir(before)


@contextmanager
def _own_engines() -> Iterator[None]:
    """Engines the command opened are closed and forgotten, as at the end of its process.

    Engines the test had opened before (the same URL is shared) stay as they were.
    """
    before = set(db._engines)
    try:
        yield
    finally:
        for url in set(db._engines) - before:
            db.dispose(db._engines.pop(url))


def _exit_code(exit: SystemExit, stderr: io.StringIO) -> int:
    """The status a process would end with (argparse exits 2 on usage errors, 0 on --help)."""
    if exit.code is None:
        return 0
    if isinstance(exit.code, int):
        return exit.code
    print(exit.code, file=stderr)
    return 1


def run_cli(
    *args: str,
    data_dir: Path | None = None,
    cwd: Path = ROOT,
    env: Mapping[str, str | None] | None = None,
) -> CliResult:
    """Run `workshop *args` in process and capture its output and exit status.

    With `data_dir`, the command gets its own data folder and no database URL
    from the caller's environment, so it uses the embedded SQLite file there.
    `env` sets variables for the run (None unsets one). The command speaks English
    (LANG=C) unless `env` sets LANG, LC_MESSAGES or LC_ALL: under LANG=C a LANGUAGE
    alone is ignored, as gettext ignores it.
    """
    changes: dict[str, str | None] = dict(ENGLISH)
    if data_dir is not None:
        changes |= {"WORKSHOP_DATA_DIR": str(data_dir), "WORKSHOP_DATABASE_URL": None}
    changes |= env or {}
    stdout, stderr = io.StringIO(), io.StringIO()
    with (
        _environment(changes),
        _working_directory(cwd),
        _fresh_settings(),
        _own_engines(),
        redirect_stdout(stdout),
        redirect_stderr(stderr),
    ):
        try:
            code = main(list(args))
        except SystemExit as exit:
            code = _exit_code(exit, stderr)
    return CliResult(args, code, stdout.getvalue(), stderr.getvalue())
