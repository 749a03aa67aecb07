"""The command line, run as a newcomer would run it (in process: tests/support/cli.py)."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.support.cli import Cli, CliResult, run_cli


def test_help_lists_every_command(cli: Cli) -> None:
    result = cli("--help")
    assert result.returncode == 0
    for command in ("validate", "schema", "db", "session", "survey", "demo"):
        assert command in result.stdout
    session_help = cli("session", "--help").stdout
    for action in ("create", "list", "open", "close"):
        assert action in session_help


@pytest.mark.slow
def test_session_lifecycle_and_demo(tmp_path: Path, cli: Cli) -> None:
    assert cli("db", "upgrade").returncode == 0
    assert (tmp_path / "data" / "workshop.db").exists()
    refused = cli("session", "create", "first-look")
    assert refused.returncode == 2 and "--example-resources" in refused.stderr
    created = cli(
        "session", "create", "first-look", "--title", "Evening group", "--example-resources"
    )
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
    # Issue 24: where to go next, and where the passphrase comes from (never the passphrase).
    assert "Participants: http" in demo.stdout and "/?code=" in demo.stdout
    assert "Facilitator: http" in demo.stdout and "Staff passphrase:" in demo.stdout
    demo_code = demo.stdout.strip().splitlines()[-1].split()[-1]
    assert demo_code in cli("session", "list").stdout


@pytest.mark.slow
def test_errors_are_clear_and_nonzero(tmp_path: Path, cli: Cli) -> None:
    unknown = cli("session", "create", "no-such-survey")
    assert unknown.returncode == 2 and "Known surveys" in unknown.stderr
    small_k = cli("session", "create", "first-look", "--k", "2", "--example-resources")
    assert small_k.returncode == 2 and "between 3 and 100" in small_k.stderr
    missing = cli("session", "open", "ZZZZZZ")
    assert missing.returncode == 1 and "No session uses the code" in missing.stderr


def run_in(folder: Path, tmp_path: Path, *args: str, **env: str) -> CliResult:
    """Run from `folder` (where a site's .streamlit/secrets.toml would be), HOME kept apart."""
    folder.mkdir(parents=True, exist_ok=True)
    unset: dict[str, str | None] = {"WORKSHOP_FACILITATOR_PASSPHRASE": None}
    return run_cli(
        *args,
        data_dir=tmp_path / "data",
        cwd=folder,
        env={**unset, "HOME": str(tmp_path), **env},
    )


def test_passphrase_reset_says_when_a_configured_passphrase_wins(tmp_path: Path) -> None:
    """Issue 16 finding 3: with secrets.toml set, `reset` printed a passphrase that was refused."""
    site = tmp_path / "site"
    (site / ".streamlit").mkdir(parents=True)
    secrets = site / ".streamlit" / "secrets.toml"
    secrets.write_text('WORKSHOP_FACILITATOR_PASSPHRASE = "configured in secrets"\n')
    refused = run_in(site, tmp_path, "passphrase", "reset")
    assert refused.returncode == 1
    assert "secrets.toml" in refused.stderr and "wins over the stored one" in refused.stderr
    assert "Passphrase:" not in refused.stdout
    from_env = run_in(
        site, tmp_path, "passphrase", "reset", WORKSHOP_FACILITATOR_PASSPHRASE="from the env x"
    )
    assert from_env.returncode == 1 and "environment variable" in from_env.stderr
    secrets.unlink()
    reset = run_in(site, tmp_path, "passphrase", "reset")
    assert reset.returncode == 0, reset.stderr
    assert "Passphrase:" in reset.stdout and "no longer works" in reset.stdout


def test_login_link_prints_a_one_time_link(tmp_path: Path) -> None:
    from urllib.parse import parse_qs, urlparse

    from workshop import db, staff_tokens

    result = run_in(tmp_path / "site", tmp_path, "login-link", "--port", "8599")
    assert result.returncode == 0, result.stderr
    link = result.stdout.strip().splitlines()[-1]
    parsed = urlparse(link)
    assert parsed.path == "/facilitator" and parsed.port == 8599
    token = parse_qs(parsed.query)["login"][0]
    assert "works once" in result.stderr
    engine = db.get_engine(f"sqlite:///{tmp_path / 'data' / 'workshop.db'}")
    try:
        assert staff_tokens.redeem_login_link(engine, token)
        assert not staff_tokens.redeem_login_link(engine, token)
    finally:
        db.dispose(engine)
