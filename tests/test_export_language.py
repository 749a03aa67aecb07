"""The codebook and SPSS/Stata value labels in another of the sessions' languages (issue 28)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from sqlalchemy import Engine

from analysis.export import ExportError, ExportOptions, write_export
from workshop import demo, sessions
from workshop.loading import ContentLibrary


def _fields(folder: Path) -> dict[str, dict]:  # type: ignore[type-arg]
    package = json.loads((folder / "datapackage.json").read_text())
    wide = next(r for r in package["resources"] if r["name"] == "responses_wide")
    return {f["name"]: f for f in wide["schema"]["fields"]}


def test_the_codebook_and_value_labels_in_spanish(
    engine: Engine, library: ContentLibrary, tmp_path: Path
) -> None:
    pyreadstat = pytest.importorskip("pyreadstat")
    filled = demo.fill(engine, library.snapshot("first-look"), participants=12)
    write_export(engine, [filled.session.id], tmp_path / "en", ExportOptions(format="sav"))
    write_export(
        engine, [filled.session.id], tmp_path / "es", ExportOptions(format="sav", language="es")
    )
    english, spanish = _fields(tmp_path / "en"), _fields(tmp_path / "es")
    assert spanish["importance_pre"]["title"].startswith("¿Qué importancia tiene para ti")
    assert {"value": 5, "label": "Importantísimo"} in spanish["importance_pre"]["categories"]
    # Only words change: the same columns, codes and constraints.
    assert list(spanish) == list(english)
    for name, field in english.items():
        assert spanish[name].get("constraints") == field.get("constraints"), name

    # The data is the same, whatever the labels' language (rows are shuffled per export).
    def rows(folder: str) -> list[str]:
        lines = (tmp_path / folder / "responses_wide.csv").read_text().splitlines()
        return [lines[0], *sorted(line.split(",", 1)[1] for line in lines[1:])]

    assert rows("es") == rows("en")
    _, meta = pyreadstat.read_sav(str(tmp_path / "es" / "responses.sav"))
    assert meta.variable_value_labels["importance_pre"][5.0] == "Importantísimo"
    assert meta.variable_value_labels["low_mood_ever"][1.0] == "Sí [yes]"
    # The missing-value labels too: they are value labels in SPSS (-91 and on).
    assert meta.variable_value_labels["importance_pre"][-91.0].startswith("Prefiero no responder")
    package = json.loads((tmp_path / "es" / "datapackage.json").read_text())
    wide = next(r for r in package["resources"] if r["name"] == "responses_wide")
    labels = {m["value"]: m["label"] for m in wide["schema"]["missingValues"]}
    assert labels["NOT_REACHED"].startswith("No alcanzada")
    english = json.loads((tmp_path / "en" / "datapackage.json").read_text())
    wide = next(r for r in english["resources"] if r["name"] == "responses_wide")
    assert wide["schema"]["missingValues"][0]["label"].startswith("Prefer not")


def test_a_language_a_survey_lacks_is_refused_with_what_it_has(
    engine: Engine, library: ContentLibrary, tmp_path: Path
) -> None:
    snapshot = library.snapshot("first-look")
    english_only = snapshot.model_copy(
        update={
            "translations": {},
            "survey": snapshot.survey.model_copy(update={"languages": ()}),
        }
    )
    session = sessions.create_session(engine, english_only, open_now=True)
    with pytest.raises(ExportError, match=r"no texts in 'es' \(it has: en\)"):
        write_export(engine, [session.id], tmp_path, ExportOptions(language="es"))
    assert not (tmp_path / "datapackage.json").exists()


def test_the_command_line_takes_lang(cli, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    assert cli("demo", "--participants", "10", "--survey", "first-look").returncode == 0
    listed = cli("session", "list").stdout
    code = next(w for w in listed.split() if len(w) == 6 and w.isupper())
    out = tmp_path / "export"
    result = cli("export", "--session", code, "--out", str(out), "--lang", "es")
    assert result.returncode == 0, result.stderr
    assert _fields(out)["importance_pre"]["title"].startswith("¿Qué importancia")
    refused = cli("export", "--session", code, "--out", str(tmp_path / "x"), "--lang", "fr")
    assert refused.returncode != 0 and "no texts in 'fr'" in refused.stderr


@pytest.mark.slow
def test_the_research_page_exports_labels_in_spanish(
    app_engine: Engine, library: ContentLibrary
) -> None:
    import io
    import zipfile

    from tests.test_export_page import staff_page

    filled = demo.fill(app_engine, library.snapshot("first-look"), participants=12)
    at = staff_page().run()
    at.multiselect[0].select(filled.session.id)
    at.selectbox(key="export_lang").set_value("es")
    next(b for b in at.button if b.label == "Prepare export").click().run()
    assert not at.exception, at.exception
    with zipfile.ZipFile(io.BytesIO(at.session_state["export_zip"])) as archive:
        [name] = [n for n in archive.namelist() if n.endswith("datapackage.json")]
        package = json.loads(archive.read(name))
    wide = next(r for r in package["resources"] if r["name"] == "responses_wide")
    titles = {f["name"]: f.get("title", "") for f in wide["schema"]["fields"]}
    assert titles["importance_pre"].startswith("¿Qué importancia")
