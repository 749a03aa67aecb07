"""The command line, run as a newcomer would run it."""

from __future__ import annotations

from pathlib import Path

from tests.support.cli import Cli


def test_help_lists_every_command(cli: Cli) -> None:
    result = cli("--help")
    assert result.returncode == 0
    for command in ("validate", "schema", "db", "session", "demo"):
        assert command in result.stdout
    session_help = cli("session", "--help").stdout
    for action in ("create", "list", "open", "close"):
        assert action in session_help


def test_session_lifecycle_and_demo(tmp_path: Path, cli: Cli) -> None:
    assert cli("db", "upgrade").returncode == 0
    assert (tmp_path / "data" / "workshop.db").exists()
    created = cli("session", "create", "first-look", "--title", "Evening group")
    assert created.returncode == 0, created.stderr
    code = created.stdout.split()[0]
    assert "draft" in created.stdout
    assert "open" in cli("session", "open", code.lower()).stdout
    assert "closed" in cli("session", "close", code).stdout
    listed = cli("session", "list").stdout
    assert code in listed and "Evening group" in listed

    demo = cli("demo", "--participants", "12")
    assert demo.returncode == 0, demo.stderr
    assert "12 synthetic participants" in demo.stdout
    demo_code = demo.stdout.strip().splitlines()[-1].split()[-1]
    assert demo_code in cli("session", "list").stdout


def test_errors_are_clear_and_nonzero(tmp_path: Path, cli: Cli) -> None:
    unknown = cli("session", "create", "no-such-survey")
    assert unknown.returncode == 2 and "Known surveys" in unknown.stderr
    small_k = cli("session", "create", "first-look", "--k", "2")
    assert small_k.returncode == 2 and "between 3 and 100" in small_k.stderr
    missing = cli("session", "open", "ZZZZZZ")
    assert missing.returncode == 1 and "No session uses the code" in missing.stderr
