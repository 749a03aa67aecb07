"""The command line for follow-ups and retention: session create options, purge, demo --follow-up."""

from __future__ import annotations

import csv
import io
import re
from pathlib import Path

import pytest

from tests.support.cli import Cli


def _code(output: str) -> str:
    return output.strip().splitlines()[0].split()[0]


@pytest.mark.slow
def test_retention_follow_up_and_purge_from_the_command_line(tmp_path: Path, cli: Cli) -> None:
    created = cli(
        "session", "create", "first-look", "--retention-days", "0", "--open", "--example-resources"
    )
    assert created.returncode == 0, created.stderr
    assert "raw data deleted 0 day(s) after closing" in created.stdout
    code = _code(created.stdout)
    default = cli("session", "create", "first-look", "--example-resources")
    assert "raw data deleted 90 day(s) after closing" in default.stdout
    kept = cli("session", "create", "first-look", "--retention-days", "none", "--example-resources")
    assert "raw data kept until deleted by hand" in kept.stdout

    follow = cli(
        "session", "create", "aftercare-followup", "--follow-up-of", code, "--example-resources"
    )
    assert follow.returncode == 0, follow.stderr
    assert f"Follows up session {code}" in follow.stdout

    bad = cli("session", "create", "first-look", "--retention-days", "soon")
    assert bad.returncode == 2 and "whole number of days or 'none'" in bad.stderr
    missing = cli(
        "session", "create", "aftercare-followup", "--follow-up-of", "ZZZZZZ", "--example-resources"
    )
    assert missing.returncode == 1 and "ZZZZZZ" in missing.stderr

    assert "Nothing to delete" in cli("purge", "--dry-run").stdout  # still open
    assert cli("session", "close", code).returncode == 0
    dry = cli("purge", "--dry-run")
    assert f"Would delete the raw data of {code}" in dry.stdout and "Dry run" in dry.stdout
    done = cli("purge")
    assert done.returncode == 0, done.stderr
    assert f"Deleted the raw data of {code}" in done.stdout
    assert f"workshop report --session {code}" in done.stdout
    assert "Nothing to delete" in cli("purge").stdout
    listed = cli("session", "list").stdout
    assert re.search(rf"{code} .*raw data deleted \d{{4}}-\d\d-\d\d; published counts kept", listed)

    refused = cli("export", "--session", code, "--out", str(tmp_path / "out"))
    assert refused.returncode == 1
    assert "were deleted at the end of the retention period" in refused.stderr
    assert f"workshop report --session {code}" in refused.stderr


@pytest.mark.slow  # several seconds of CPU: `make test` runs it, `make test-fast` does not
def test_demo_follow_up_reports_the_measured_match_rate(tmp_path: Path, cli: Cli) -> None:
    demo = cli("demo", "--participants", "16", "--follow-up")
    assert demo.returncode == 0, demo.stderr
    found = re.search(
        r"Demo follow-up (\w{6}): (\d+) participant\(s\), (\d+) linked by code "
        r"\(match rate (\d+)% of the follow-up",
        demo.stdout,
    )
    assert found, demo.stdout
    follow, people, linked, rate = found.groups()
    assert 0 < int(linked) <= int(people)
    assert int(rate) == round(100 * int(linked) / int(people))
    workshop = demo.stdout.split("Join code: ")[1].split()[0]
    out = tmp_path / "out"
    export = cli("export", "--session", workshop, "--session", follow, "--out", str(out))
    assert export.returncode == 0, export.stderr
    assert f"Follow-up linked {linked} of {people}" in export.stdout
    match = list(csv.DictReader(io.StringIO((out / "waves_match.csv").read_text("utf-8-sig"))))
    assert match[0]["linked"] == linked and match[0]["followup_participants"] == people
    waves = list(csv.DictReader(io.StringIO((out / "waves.csv").read_text("utf-8-sig"))))
    assert len({row["wave_id"] for row in waves}) == int(linked)
