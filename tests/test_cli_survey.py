"""`workshop survey list|export|import`, and `session create` from an authored survey."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.support.cli import Cli


def _export_as(cli: Cli, tmp_path: Path, survey_id: str, new_id: str, spanish: bool = True) -> Path:
    """The shipped survey as `new_id`, with its Spanish texts in es/ beside it."""
    out = tmp_path / "shipped.yaml"
    assert cli("survey", "export", survey_id, "--out", str(out)).returncode == 0
    mine = tmp_path / f"{new_id}.yaml"
    mine.write_text(out.read_text().replace(f"id: {survey_id}\n", f"id: {new_id}\n", 1))
    if spanish:
        (tmp_path / "es").mkdir(exist_ok=True)
        es = tmp_path / "es" / mine.name
        exported = cli("survey", "export", survey_id, "--lang", "es", "--out", str(es))
        assert exported.returncode == 0, exported.stderr
        # The copy's English title is the shipped one: the hash still matches.
        assert "source_hash:" in es.read_text()
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
    again_es = str(tmp_path / "es" / "again.yaml")
    assert cli("survey", "export", "our-poll", "--lang", "es", "--out", again_es).returncode == 0
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


@pytest.mark.slow
def test_a_declared_language_without_its_file_is_refused(cli: Cli, tmp_path: Path) -> None:
    mine = _export_as(cli, tmp_path, "quick-poll", "our-poll", spanish=False)
    refused = cli("survey", "import", str(mine))
    assert refused.returncode == 1
    assert "missing translation (es): this survey has no text" in refused.stderr
    assert "put es/FILE beside the survey file" in refused.stderr
    assert "remove 'es' from 'languages'" in refused.stderr
    assert "our-poll" not in cli("survey", "list").stdout


@pytest.mark.slow
def test_the_spanish_texts_round_trip_and_reach_the_session(cli: Cli, tmp_path: Path) -> None:
    mine = _export_as(cli, tmp_path, "quick-poll", "our-poll")
    es = tmp_path / "es" / mine.name
    es.write_text(es.read_text().replace("Encuesta rápida", "Nuestra encuesta rápida", 1))
    imported = cli("survey", "import", str(mine))
    assert imported.returncode == 0, imported.stderr
    back = tmp_path / "back"
    back.mkdir()
    out = back / "es.yaml"
    assert cli("survey", "export", "our-poll", "--lang", "es", "--out", str(out)).returncode == 0
    text = out.read_text()
    assert "title: Nuestra encuesta rápida" in text
    assert text.startswith("# Spanish texts of the survey 'our-poll'")

    # Comments aside, the export is the file imported.
    def words(t: str) -> list[str]:
        return [line for line in t.splitlines() if not line.startswith("#")]

    assert words(text) == [line for line in words(es.read_text()) if line]
    unknown = cli("survey", "export", "our-poll", "--lang", "fr", "--out", str(out))
    assert unknown.returncode == 1 and "its languages: en, es" in unknown.stderr
    created = cli("session", "create", "our-poll", "--example-resources")
    assert created.returncode == 0, created.stderr
