"""`workshop survey list|export|import`, and `session create` from an authored survey."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.support.cli import Cli


def _export_as(cli: Cli, tmp_path: Path, survey_id: str, new_id: str) -> Path:
    out = tmp_path / "shipped.yaml"
    assert cli("survey", "export", survey_id, "--out", str(out)).returncode == 0
    mine = tmp_path / f"{new_id}.yaml"
    mine.write_text(out.read_text().replace(f"id: {survey_id}\n", f"id: {new_id}\n", 1))
    return mine


def _without_version(text: str) -> list[str]:
    return [line for line in text.splitlines() if not line.startswith("version:")]


@pytest.mark.slow
def test_import_stores_a_version_and_the_export_is_the_file(cli: Cli, tmp_path: Path) -> None:
    mine = _export_as(cli, tmp_path, "quick-poll", "our-poll")
    imported = cli("survey", "import", str(mine))
    assert imported.returncode == 0, imported.stderr
    assert imported.stdout.strip() == "our-poll v1"
    again = tmp_path / "again.yaml"
    assert cli("survey", "export", "our-poll", "--out", str(again)).returncode == 0
    # Version aside, the export of an import is the file.
    assert _without_version(again.read_text()) == _without_version(mine.read_text())
    assert "\nversion: 1\n" in again.read_text()
    assert cli("survey", "import", str(again)).stdout.strip() == "our-poll v2"
    listed = cli("survey", "list").stdout
    assert "our-poll  v2  authored  sessions=0" in listed
    assert "quick-poll  v" in listed and "shipped" in listed


@pytest.mark.slow
def test_a_broken_file_is_refused_with_file_and_line(cli: Cli, tmp_path: Path) -> None:
    mine = _export_as(cli, tmp_path, "quick-poll", "our-poll")
    lines = mine.read_text().splitlines()
    at = next(i for i, line in enumerate(lines) if line.startswith("- id:"))
    lines.insert(at + 1, "  kind2: nonsense")
    mine.write_text("\n".join(lines) + "\n")
    refused = cli("survey", "import", str(mine))
    assert refused.returncode == 1
    assert f"{mine}:{at + 2}:" in refused.stderr and "nothing was stored" in refused.stderr
    assert "our-poll" not in cli("survey", "list").stdout


@pytest.mark.slow
def test_a_shipped_id_is_refused(cli: Cli, tmp_path: Path) -> None:
    out = tmp_path / "poll.yaml"
    cli("survey", "export", "quick-poll", "--out", str(out))
    refused = cli("survey", "import", str(out))
    assert refused.returncode == 1 and "shipped survey" in refused.stderr


@pytest.mark.slow
def test_session_create_takes_an_authored_id(cli: Cli, tmp_path: Path) -> None:
    mine = _export_as(cli, tmp_path, "first-look", "our-look")
    assert cli("survey", "import", str(mine)).returncode == 0
    created = cli("session", "create", "our-look", "--example-resources")
    assert created.returncode == 0, created.stderr
    assert "sessions=1" in next(
        line for line in cli("survey", "list").stdout.splitlines() if line.startswith("our-look")
    )
    unknown = cli("session", "create", "no-such", "--example-resources")
    assert unknown.returncode == 2 and "our-look" in unknown.stderr
