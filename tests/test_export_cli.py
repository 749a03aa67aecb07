"""`python -m workshop demo` then `export`, as a researcher would run them."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import pytest

from tests.support.cli import Cli

FRICTIONLESS = Path(sys.executable).parent / "frictionless"


def _join_code(output: str) -> str:
    found = re.search(r"Join code: (\w+)", output)
    assert found, f"no join code in the demo's output:\n{output}"
    return found.group(1)


@pytest.mark.slow
def test_demo_then_export_validates_with_the_frictionless_cli(tmp_path: Path, cli: Cli) -> None:
    made = cli("demo", "--survey", "first-look")
    assert made.returncode == 0, made.stderr
    code = _join_code(made.stdout)
    out = tmp_path / "out"
    exported = cli("export", "--session", code, "--out", str(out), "--format", "sav")
    assert exported.returncode == 0, exported.stderr
    assert "with k = 5" in exported.stdout
    for name in (
        "responses_wide.csv",
        "responses_long.csv",
        "datapackage.json",
        "summary.csv",
        "ANONYMIZATION.md",
        "prepost.csv",
        "responses.sav",
    ):
        assert (out / name).is_file(), name
    if not FRICTIONLESS.exists():
        pytest.skip("the frictionless command is not installed next to this Python")
    checked = subprocess.run(
        [str(FRICTIONLESS), "validate", str(out / "datapackage.json")],
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert checked.returncode == 0, checked.stdout


@pytest.mark.slow
def test_export_explains_bad_input(tmp_path: Path, cli: Cli) -> None:
    assert cli("db", "upgrade").returncode == 0
    missing = cli("export", "--session", "ZZZZZZ", "--out", str(tmp_path / "o"))
    assert missing.returncode == 1
    assert "No session uses the code ZZZZZZ" in missing.stderr
    low = cli("export", "--session", "1", "--out", str(tmp_path / "o"), "--k", "2")
    assert low.returncode == 2
    assert "k must be between 3 and 100" in low.stderr
    made = cli("demo", "--survey", "first-look", "--participants", "3")
    code = _join_code(made.stdout)
    blocked = tmp_path / "a-file"
    blocked.write_text("not a folder")
    failed = cli("export", "--session", code, "--out", str(blocked))
    assert failed.returncode == 1
    assert "Could not write the export to" in failed.stderr
    assert blocked.read_text() == "not a folder"
